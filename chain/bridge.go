package chain

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// bridgeExtender puts this validator's signatures of the pending bridge
// checkpoints into its precommits, and checks other validators' ones. Every
// node registers it, so that extensions have the same entries everywhere;
// a node without a bridge signer key (Config.BridgeKey) extends with an
// empty payload, counted as absent.
type bridgeExtender struct{ a *App }

// BridgeExtensionName names the bridge's entry in vote extensions.
const BridgeExtensionName = "bridge"

func (bridgeExtender) Name() string { return BridgeExtensionName }

// Extend signs every pending checkpoint of committed state. It runs on the
// consensus connection, which is the only writer, so it reads without the
// store's lock.
func (e bridgeExtender) Extend(_ context.Context, _ int64) ([]byte, error) {
	key := e.a.cfg.BridgeKey
	if key == nil {
		return nil, nil
	}
	b := bridgeOf(state.ReadOnly{Getter: e.a.lastState()})
	pending, err := b.Pending(e.a.chainID)
	if err != nil {
		return nil, err
	}
	p, err := b.Params()
	if err != nil {
		return nil, err
	}
	var ext bridge.Extension
	for _, pc := range pending {
		if uint32(len(ext.Signatures)) == p.MaxSignatures {
			break
		}
		h := bridge.SigningHash(pc.Digest)
		sig, err := crypto.Sign(h[:], key)
		if err != nil {
			return nil, err
		}
		ext.Signatures = append(ext.Signatures, bridge.CheckpointSignature{Chain: pc.Chain, Number: pc.Number, Signature: sig})
	}
	return ext.Encode()
}

// Verify checks a validator's payload against committed state.
func (e bridgeExtender) Verify(_ int64, validator []byte, payload []byte) error {
	var cons [20]byte
	if len(validator) != len(cons) {
		return fmt.Errorf("%w: validator address of %d bytes", bridge.ErrBadSignature, len(validator))
	}
	copy(cons[:], validator)
	return bridgeOf(state.ReadOnly{Getter: e.a.lastState()}).CheckExtension(e.a.chainID, cons, payload)
}

// applyBridgeSignatures hands each commit vote's bridge payload of the
// injected extended commit to the bridge. The data comes from the
// proposer: ProcessProposal checked it, but a block from block sync was
// not, so nothing here trusts it. What does not decode is skipped; each
// signature is verified against the signer the validator registered, and
// power comes from state. Only a store fault fails.
func (a *App) applyBridgeSignatures(b bridge.Store, injected []byte) ([]tx.Event, error) {
	var ic injectedCommit
	if err := rlp.DecodeBytes(injected[len(injectedMarker):], &ic); err != nil {
		return nil, nil
	}
	var events []tx.Event
	for _, v := range ic.Votes {
		var cons [20]byte
		if len(v.Extension) == 0 || len(v.Address) != len(cons) {
			continue
		}
		copy(cons[:], v.Address)
		var entries []extensionEntry
		if rlp.DecodeBytes(v.Extension, &entries) != nil {
			continue
		}
		for _, en := range entries {
			if en.Name != BridgeExtensionName {
				continue
			}
			ev, err := b.AddSignatures(a.chainID, cons, en.Payload)
			if err != nil {
				return nil, err
			}
			events = append(events, ev...)
		}
	}
	return events, nil
}
