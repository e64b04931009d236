package bridge

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/rlp"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// CheckpointSignature is one signature of one pending checkpoint, as a
// validator's vote extension carries it.
type CheckpointSignature struct {
	Chain     string
	Number    uint64
	Signature []byte
}

// Extension is the bridge's part of a vote extension: signatures of
// pending checkpoints, and deposits seen on root chains.
type Extension struct {
	Signatures []CheckpointSignature
	Deposits   []Observation
}

// MaxExtensionBytes bounds the bridge's part of one vote extension.
const MaxExtensionBytes = 16 << 10

// DecodeExtension reads the bridge's part of a vote extension, refusing
// more signatures or observations than p allows and anything malformed. An
// empty payload is an empty extension: a validator without a signer key
// still votes.
func DecodeExtension(raw []byte, p Params) (*Extension, error) {
	max := p.MaxSignatures
	var e Extension
	if len(raw) == 0 {
		return &e, nil
	}
	if len(raw) > MaxExtensionBytes {
		return nil, fmt.Errorf("%w: extension of %d bytes, limit %d", ErrBadSignature, len(raw), MaxExtensionBytes)
	}
	if err := rlp.DecodeBytes(raw, &e); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	if uint32(len(e.Signatures)) > max {
		return nil, fmt.Errorf("%w: %d signatures, limit %d", ErrBadSignature, len(e.Signatures), max)
	}
	for i, s := range e.Signatures {
		if len(s.Signature) != 65 || !validName(s.Chain) {
			return nil, fmt.Errorf("%w: signature %d is malformed", ErrBadSignature, i)
		}
		if i > 0 && !sigBefore(e.Signatures[i-1], s) {
			return nil, fmt.Errorf("%w: signatures out of order or repeated at %d", ErrBadSignature, i)
		}
	}
	if uint32(len(e.Deposits)) > p.MaxObservations {
		return nil, fmt.Errorf("%w: %d deposits, limit %d", ErrBadObservation, len(e.Deposits), p.MaxObservations)
	}
	for i := range e.Deposits {
		if err := e.Deposits[i].check(); err != nil {
			return nil, fmt.Errorf("deposit %d: %w", i, err)
		}
		if i > 0 && !obsBefore(&e.Deposits[i-1], &e.Deposits[i]) {
			return nil, fmt.Errorf("%w: deposits out of order or repeated at %d", ErrBadObservation, i)
		}
	}
	return &e, nil
}

// obsBefore orders observations by chain, then nonce.
func obsBefore(a, b *Observation) bool {
	if a.Chain != b.Chain {
		return a.Chain < b.Chain
	}
	return a.Nonce < b.Nonce
}

// sigBefore orders signatures by chain, then number, so that one
// extension names a checkpoint once.
func sigBefore(a, b CheckpointSignature) bool {
	if a.Chain != b.Chain {
		return a.Chain < b.Chain
	}
	return a.Number < b.Number
}

// Encode is the extension's wire form.
func (e *Extension) Encode() ([]byte, error) {
	if len(e.Signatures) == 0 && len(e.Deposits) == 0 {
		return nil, nil
	}
	return rlp.EncodeToBytes(e)
}

// CheckExtension is VerifyVoteExtension's check of one validator's bridge
// payload against committed state: well formed, and every signature of a
// checkpoint that state knows recovers to the signer the validator
// registered. A signature of a checkpoint state does not know (yet, or any
// more) is let through: AddSignatures ignores it.
func (s Store) CheckExtension(bttcChainID string, cons [20]byte, raw []byte) error {
	p, err := s.Params()
	if err != nil {
		return err
	}
	e, err := DecodeExtension(raw, p)
	if err != nil || len(e.Signatures) == 0 {
		return err
	}
	signer, _, ok, err := s.stake.BridgeSignerOf(cons)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: validator %X has no bridge signer", ErrBadSignature, cons)
	}
	for _, sig := range e.Signatures {
		digest, known, err := s.digestOf(bttcChainID, sig.Chain, sig.Number)
		if err != nil {
			return err
		}
		if !known {
			continue
		}
		if got, ok := Recover(digest, sig.Signature); !ok || got != signer {
			return fmt.Errorf("%w: the signature of %s checkpoint %d is not from %s", ErrBadSignature, sig.Chain, sig.Number, signer)
		}
	}
	return nil
}

// digestOf is the digest of a checkpoint; known is false when the chain
// or the checkpoint does not exist.
func (s Store) digestOf(bttcChainID, chain string, n uint64) (Hash, bool, error) {
	c, err := s.Chain(chain)
	if errors.Is(err, ErrUnknownChain) {
		return Hash{}, false, nil
	}
	if err != nil {
		return Hash{}, false, err
	}
	cp, err := s.Checkpoint(chain, n)
	if errors.Is(err, ErrNoCheckpoint) {
		return Hash{}, false, nil
	}
	if err != nil {
		return Hash{}, false, err
	}
	return c.Domain(bttcChainID).CheckpointDigest(cp), true, nil
}

// ValidatorExtension is one validator's bridge payload in a block's
// injected extended commit.
type ValidatorExtension struct {
	Cons    [20]byte
	Payload []byte
}

// ApplyExtensions takes the validators' vote extensions of a block, which
// consensus has already checked: it records their deposit reports
// (tallied at the end of the block) and stores their checkpoint
// signatures, making a checkpoint final once the stored signatures cover
// more than 2/3 of the power of the set that must sign it. It runs in
// FinalizeBlock on data a proposer injected, so it never fails on that
// data: what does not decode, does not verify, or names an unknown or
// final checkpoint is skipped. Power comes from state, never from the
// injected data. Each checkpoint is read, its digest computed and its
// record written once per block, however many validators sign it.
func (s Store) ApplyExtensions(bttcChainID string, exts []ValidatorExtension) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	type signed struct {
		signer address.Address
		sig    []byte
	}
	type target struct {
		chain  string
		number uint64
	}
	var order []target
	byTarget := map[target][]signed{}
	for _, x := range exts {
		e, err := DecodeExtension(x.Payload, p)
		if err != nil {
			continue
		}
		if err := s.addObservations(x.Cons, e.Deposits); err != nil {
			return nil, err
		}
		if len(e.Signatures) == 0 {
			continue
		}
		signer, _, ok, err := s.stake.BridgeSignerOf(x.Cons)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		for _, sig := range e.Signatures {
			k := target{sig.Chain, sig.Number}
			if _, seen := byTarget[k]; !seen {
				order = append(order, k)
			}
			byTarget[k] = append(byTarget[k], signed{signer, sig.Signature})
		}
	}
	var events []tx.Event
	for _, k := range order {
		ev, err := s.addSignatures(bttcChainID, k.chain, k.number, func(yield func(address.Address, []byte) bool) {
			for _, sg := range byTarget[k] {
				if !yield(sg.signer, sg.sig) {
					return
				}
			}
		})
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	return events, nil
}

// addSignatures stores the valid signatures of one checkpoint until it is
// final.
func (s Store) addSignatures(bttcChainID, chain string, n uint64, sigs func(yield func(address.Address, []byte) bool)) ([]tx.Event, error) {
	c, err := s.Chain(chain)
	if errors.Is(err, ErrUnknownChain) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cp, err := s.Checkpoint(chain, n)
	if errors.Is(err, ErrNoCheckpoint) {
		return nil, nil
	}
	if err != nil || cp.Final {
		return nil, err
	}
	digest := c.Domain(bttcChainID).CheckpointDigest(cp)
	total := cp.Set.Total()
	var events []tx.Event
	var fault error
	changed := false
	for signer, sig := range sigs {
		if got, ok := Recover(digest, sig); !ok || got != signer {
			continue
		}
		power := cp.Set.PowerOf(signer)
		if power == 0 {
			continue
		}
		k := signatureKey(chain, n, signer)
		have, err := s.kv.Get(k)
		if err != nil {
			fault = err
			break
		}
		if have != nil {
			continue
		}
		if err := s.kv.Set(k, bytes.Clone(sig)); err != nil {
			fault = err
			break
		}
		cp.SignedPower += power
		changed = true
		events = append(events, tx.NewEvent(EventCheckpointSigned, AttrChain, chain, AttrNumber, fmt.Sprint(n), AttrSigner, signer.Hex(),
			AttrPower, fmt.Sprint(cp.SignedPower), AttrTotal, fmt.Sprint(total)))
		if enoughPower(cp.SignedPower, total) {
			cp.Final = true
			events = append(events, tx.NewEvent(EventCheckpointFinal, AttrChain, chain, AttrNumber, fmt.Sprint(n)))
			break
		}
	}
	if fault != nil || !changed {
		return nil, fault
	}
	return events, s.set(checkpointKey(chain, n), cp)
}

// Signatures returns a checkpoint's stored signatures in the order the
// root contract wants them: by signer address, ascending.
func (s Store) Signatures(chain string, n uint64) (signers []address.Address, sigs [][]byte, err error) {
	prefix := signatureKey(chain, n, [20]byte{})
	prefix = prefix[:len(prefix)-20]
	err = s.eachPrefix(prefix, func(k, v []byte) error {
		var a address.Address
		copy(a[:], k[len(prefix):])
		signers, sigs = append(signers, a), append(sigs, bytes.Clone(v))
		return nil
	})
	return signers, sigs, err
}
