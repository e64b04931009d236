package chain

import (
	"context"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// VoteExtender is the seam through which a module puts data into the
// validators' precommits (vote extensions are on from genesis). The bridge
// is registered by New on every node (bridge.go): validators sign
// checkpoints and report root-chain deposits there.
//
// Extend may be non-deterministic (it runs on one validator, with its own
// keys and observations). Verify must be deterministic and reject only
// clearly malformed data: a rejected extension drops the whole precommit.
type VoteExtender interface {
	Name() string
	Extend(ctx context.Context, height int64) ([]byte, error)
	Verify(height int64, validator []byte, payload []byte) error
}

// extensionEntry is one module's part of a vote extension.
type extensionEntry struct {
	Name    string
	Payload []byte
}

// MaxVoteExtensionBytes keeps extensions small: they travel with every
// precommit.
const MaxVoteExtensionBytes = 64 << 10

// ErrBadExtension is returned for a vote extension that does not match the
// registered extenders.
var ErrBadExtension = errors.New("bad vote extension")

// RegisterVoteExtender adds an extender; extensions list them in
// registration order.
func (a *App) RegisterVoteExtender(e VoteExtender) { a.exts = append(a.exts, e) }

// ExtendVote gathers every extender's payload into one RLP list. An
// extender that fails contributes an empty payload rather than withholding
// the precommit.
func (a *App) ExtendVote(ctx context.Context, req *abci.RequestExtendVote) (*abci.ResponseExtendVote, error) {
	entries := make([]extensionEntry, len(a.exts))
	for i, e := range a.exts {
		payload, err := e.Extend(ctx, req.Height)
		if err != nil {
			a.log.Error("vote extension failed", "module", e.Name(), "height", req.Height, "err", err)
			payload = nil
		}
		entries[i] = extensionEntry{Name: e.Name(), Payload: payload}
	}
	raw, err := rlp.EncodeToBytes(entries)
	if err != nil {
		return nil, err
	}
	return &abci.ResponseExtendVote{VoteExtension: raw}, nil
}

// VerifyVoteExtension accepts an extension that lists exactly the
// registered extenders, in order, each of whose payloads verifies.
func (a *App) VerifyVoteExtension(_ context.Context, req *abci.RequestVerifyVoteExtension) (*abci.ResponseVerifyVoteExtension, error) {
	if err := a.verifyExtension(req.Height, req.ValidatorAddress, req.VoteExtension); err != nil {
		a.log.Warn("rejecting vote extension", "height", req.Height, "validator", fmt.Sprintf("%X", req.ValidatorAddress), "err", err)
		return &abci.ResponseVerifyVoteExtension{Status: abci.ResponseVerifyVoteExtension_REJECT}, nil
	}
	return &abci.ResponseVerifyVoteExtension{Status: abci.ResponseVerifyVoteExtension_ACCEPT}, nil
}

func (a *App) verifyExtension(height int64, validator, raw []byte) error {
	if len(raw) > MaxVoteExtensionBytes {
		return fmt.Errorf("%w: %d bytes", ErrBadExtension, len(raw))
	}
	var entries []extensionEntry
	if err := rlp.DecodeBytes(raw, &entries); err != nil {
		return fmt.Errorf("%w: %v", ErrBadExtension, err)
	}
	if len(entries) != len(a.exts) {
		return fmt.Errorf("%w: %d entries, want %d", ErrBadExtension, len(entries), len(a.exts))
	}
	for i, e := range a.exts {
		if entries[i].Name != e.Name() {
			return fmt.Errorf("%w: entry %d is %q, want %q", ErrBadExtension, i, entries[i].Name, e.Name())
		}
		if len(entries[i].Payload) == 0 {
			continue // the validator's extender failed; tolerated
		}
		if err := e.Verify(height, validator, entries[i].Payload); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrBadExtension, e.Name(), err)
		}
	}
	return nil
}
