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

// DepositObserver reports the deposits this validator's node has seen on
// root chains, for its vote extensions: the relayer implements it, and
// tests drive the chain with a deterministic one.
type DepositObserver interface {
	// Deposits returns the deposits of the registered root chain c from
	// nonce from on, in nonce order, at most max.
	Deposits(c *bridge.RootChain, from uint64, max int) []bridge.Observation
}

// Extend reports the deposits the observer has seen from each lane's next
// nonce on, and signs every pending checkpoint of committed state. It
// runs on the consensus connection, which is the only writer, so it reads
// without the store's lock.
func (e bridgeExtender) Extend(_ context.Context, _ int64) ([]byte, error) {
	b := bridgeOf(state.ReadOnly{Getter: e.a.lastState()})
	p, err := b.Params()
	if err != nil {
		return nil, err
	}
	var ext bridge.Extension
	if obs := e.a.cfg.Observer; obs != nil {
		chains, err := b.Chains()
		if err != nil {
			return nil, err
		}
		for _, c := range chains {
			next, halted, err := b.Lane(c.Name)
			if err != nil {
				return nil, err
			}
			if room := int(p.MaxObservations) - len(ext.Deposits); !halted && room > 0 {
				ext.Deposits = append(ext.Deposits, obs.Deposits(&c, next, room)...)
			}
		}
	}
	key := e.a.cfg.BridgeKey
	if key == nil {
		return ext.Encode()
	}
	pending, err := b.Pending(e.a.chainID)
	if err != nil {
		return nil, err
	}
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
	var exts []bridge.ValidatorExtension
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
			if en.Name == BridgeExtensionName {
				exts = append(exts, bridge.ValidatorExtension{Cons: cons, Payload: en.Payload})
			}
		}
	}
	return b.ApplyExtensions(a.chainID, exts)
}

// BridgeCheckpoint returns checkpoint n of a root chain from committed
// state, as `query bridge checkpoint` shows it: what the node's submitter
// carries to the root chain.
func (a *App) BridgeCheckpoint(chainName string, n uint64) (*bridge.CheckpointView, error) {
	defer a.store.ReadLock()()
	v, err := bridgeOf(state.ReadOnly{Getter: a.lastState()}).Answer(a.chainID, fmt.Sprintf("checkpoint/%s/%d", chainName, n))
	if err != nil {
		return nil, err
	}
	return v.(*bridge.CheckpointView), nil
}
