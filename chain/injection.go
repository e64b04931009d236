package chain

import (
	"bytes"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/staking"
)

// Vote extensions are not part of a block, so the proposer of height H+1
// puts the extended commit of height H into its proposal as transaction 0,
// marked by a prefix no transaction can start with (transactions are RLP
// lists, which start at 0xc0). Every validator checks it in
// ProcessProposal against what CometBFT itself reports (ProposedLastCommit)
// and against app state, following tech-survey §2.2:
//
//   - the injected transaction is present exactly when extensions were on
//     at H, is first, and the marker appears nowhere else;
//   - the round and each vote's address, power and flag equal
//     ProposedLastCommit, so votes cannot be invented, repeated or
//     re-weighted;
//   - extensions appear only on commit votes, and each one's CometBFT
//     signature verifies against the consensus key app state holds for the
//     validator set of H, and its payload passes the extenders' checks;
//   - the votes with valid extensions hold more than 2/3 of the power of
//     that set, the power taken from app state.
//
// Blocks fetched by block sync skip ProcessProposal; FinalizeBlock treats
// the injected transaction as data, never as a transaction to run, and
// never fails on it.

// injectedMarker starts the injected transaction.
var injectedMarker = []byte("\x00bttc/vote-extensions\x00")

// injectedVote is one validator's precommit of height H.
type injectedVote struct {
	Address   []byte
	Power     uint64
	Flag      uint32
	Extension []byte
	Signature []byte
}

// injectedCommit is the extended commit of height H.
type injectedCommit struct {
	Round uint32
	Votes []injectedVote
}

// ErrBadInjection is returned for injected vote extensions that do not
// match the commit CometBFT reports or app state.
var ErrBadInjection = errors.New("bad injected vote extensions")

// IsInjected reports whether a block entry is the vote extensions a
// proposer carries in its block, not a user's transaction.
func IsInjected(raw []byte) bool { return bytes.HasPrefix(raw, injectedMarker) }

// extensionsAt reports whether the votes of height h carry extensions.
func (a *App) extensionsAt(h int64) bool {
	return a.veHeight > 0 && h >= a.veHeight
}

// buildInjection turns the proposer's LocalLastCommit into the injected
// transaction, keeping only extensions that verify (late precommits reach
// the proposer without CometBFT having checked their extensions).
func (a *App) buildInjection(g state.Getter, height int64, lc abci.ExtendedCommitInfo) ([]byte, error) {
	set, err := a.consensusKeys(g, height-1)
	if err != nil {
		return nil, err
	}
	ic := injectedCommit{Round: uint32(lc.Round)}
	for _, v := range lc.Votes {
		iv := injectedVote{Address: v.Validator.Address, Power: uint64(v.Validator.Power), Flag: uint32(v.BlockIdFlag)}
		if v.BlockIdFlag == cmtproto.BlockIDFlagCommit && len(v.VoteExtension) > 0 {
			iv.Extension, iv.Signature = v.VoteExtension, v.ExtensionSignature
			if a.checkExtension(set, height-1, lc.Round, iv) != nil {
				iv.Extension, iv.Signature = nil, nil
			}
		}
		ic.Votes = append(ic.Votes, iv)
	}
	body, err := rlp.EncodeToBytes(&ic)
	if err != nil {
		return nil, err
	}
	return append(append([]byte(nil), injectedMarker...), body...), nil
}

// consensusKeys maps the consensus addresses of the set CometBFT used at
// height to their keys and power, from app state.
func (a *App) consensusKeys(g state.Getter, height int64) (map[string]staking.ValidatorSetEntry, error) {
	set, err := staking.New(state.ReadOnly{Getter: g}).ValidatorSetAt(uint64(height))
	if err != nil {
		return nil, err
	}
	out := make(map[string]staking.ValidatorSetEntry, len(set))
	for _, e := range set {
		c := staking.ConsAddress(e.ConsPubKey)
		out[string(c[:])] = e
	}
	return out, nil
}

// checkExtension verifies one vote's extension: CometBFT's signature with
// the consensus key from app state, then the extenders' own checks.
func (a *App) checkExtension(set map[string]staking.ValidatorSetEntry, height int64, round int32, v injectedVote) error {
	e, ok := set[string(v.Address)]
	if !ok {
		return fmt.Errorf("%w: %X is not in the validator set of height %d", ErrBadInjection, v.Address, height)
	}
	sb := cmttypes.VoteExtensionSignBytes(a.chainID, &cmtproto.Vote{
		Type: cmtproto.PrecommitType, Height: height, Round: round, Extension: v.Extension,
	})
	if !ed25519.PubKey(e.ConsPubKey).VerifySignature(sb, v.Signature) {
		return fmt.Errorf("%w: extension signature of %X does not verify", ErrBadInjection, v.Address)
	}
	return a.verifyExtension(height, v.Address, v.Extension)
}

// checkInjection is ProcessProposal's check of the injected transaction
// against ProposedLastCommit and app state.
func (a *App) checkInjection(g state.Getter, height int64, txs [][]byte, plc abci.CommitInfo) error {
	for i, raw := range txs {
		if i > 0 && IsInjected(raw) {
			return fmt.Errorf("%w: marker in transaction %d", ErrBadInjection, i)
		}
	}
	want := a.extensionsAt(height - 1)
	has := len(txs) > 0 && IsInjected(txs[0])
	if want != has {
		return fmt.Errorf("%w: injected transaction present %v, extensions on at height %d %v", ErrBadInjection, has, height-1, want)
	}
	if !has {
		return nil
	}
	var ic injectedCommit
	if err := rlp.DecodeBytes(txs[0][len(injectedMarker):], &ic); err != nil {
		return fmt.Errorf("%w: %v", ErrBadInjection, err)
	}
	if int32(ic.Round) != plc.Round || len(ic.Votes) != len(plc.Votes) {
		return fmt.Errorf("%w: round %d with %d votes, CometBFT reports round %d with %d", ErrBadInjection, ic.Round, len(ic.Votes), plc.Round, len(plc.Votes))
	}
	set, err := a.consensusKeys(g, height-1)
	if err != nil {
		return err
	}
	var total, signed uint64
	for _, e := range set {
		total += e.Power
	}
	for i, v := range ic.Votes {
		p := plc.Votes[i]
		if !bytes.Equal(v.Address, p.Validator.Address) || v.Power != uint64(p.Validator.Power) || v.Flag != uint32(p.BlockIdFlag) {
			return fmt.Errorf("%w: vote %d differs from the commit CometBFT reports", ErrBadInjection, i)
		}
		if len(v.Extension) == 0 && len(v.Signature) == 0 {
			continue
		}
		if p.BlockIdFlag != cmtproto.BlockIDFlagCommit {
			return fmt.Errorf("%w: vote %d carries an extension but is not a commit vote", ErrBadInjection, i)
		}
		if err := a.checkExtension(set, height-1, int32(ic.Round), v); err != nil {
			return fmt.Errorf("vote %d: %w", i, err)
		}
		signed += set[string(v.Address)].Power
	}
	if len(plc.Votes) > 0 && 3*signed <= 2*total {
		return fmt.Errorf("%w: extensions from %d of %d power, need more than 2/3", ErrBadInjection, signed, total)
	}
	return nil
}
