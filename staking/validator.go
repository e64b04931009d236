package staking

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// CommissionChangeInterval is the least block time between two changes of
// a validator's commission rate.
const CommissionChangeInterval = 24 * time.Hour

// CreateValidator is the "staking/create-validator" transition. The new
// validator starts unbonded; the end of the block bonds it if its power
// ranks in the active set.
func (s Store) CreateValidator(env tx.Env, m *MsgCreateValidator) ([]tx.Event, error) {
	op := env.Sender
	if _, exists, err := s.Validator(op); err != nil || exists {
		return nil, orErr(err, fmt.Errorf("%w: %s", ErrValidatorExists, op))
	}
	cons := ConsAddress(m.ConsPubKey)
	if used, err := s.kv.Get(consAddrKey(cons)); err != nil || used != nil {
		return nil, orErr(err, ErrConsKeyInUse)
	}
	// A key with signing history was used before (and may be tombstoned):
	// never let it be reused, so old evidence always finds its validator.
	if _, seen, err := s.SigningInfo(cons); err != nil || seen {
		return nil, orErr(err, ErrConsKeyInUse)
	}
	if used, err := s.kv.Get(signerKey(m.BridgeSigner)); err != nil || used != nil {
		return nil, orErr(err, fmt.Errorf("%w: %s", ErrSignerInUse, m.BridgeSigner))
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	min := m.MinSelfDelegation
	if min == nil {
		min = new(uint256.Int)
	}
	v := &Validator{
		Operator:     op,
		ConsPubKey:   append([]byte(nil), m.ConsPubKey...),
		BridgeSigner: m.BridgeSigner,
		Description:  m.Description,
		Status:       Unbonded,
		Commission: Commission{
			Rate: m.Rate, MaxRate: m.MaxRate, MaxChange: m.MaxChange, UpdatedAt: unixNano(env.Time),
		},
		MinSelfDelegation: new(uint256.Int).Set(min),
	}
	v.normalize()
	if err := s.kv.Set(consAddrKey(cons), op.Bytes()); err != nil {
		return nil, err
	}
	if err := s.kv.Set(signerKey(m.BridgeSigner), op.Bytes()); err != nil {
		return nil, err
	}
	si := &SigningInfo{StartHeight: uint64(env.Height), Window: p.SignedBlocksWindow}
	if err := s.setSigningInfo(cons, si); err != nil {
		return nil, err
	}
	if err := s.bank.Transfer(op, notBondedPool, m.SelfBond); err != nil {
		return nil, err
	}
	shares, err := s.addStake(op, v, m.SelfBond)
	if err != nil {
		return nil, err
	}
	return []tx.Event{
		tx.NewEvent(EventCreateValidator, AttrValidator, op.Hex(), AttrAmount, m.SelfBond.Dec(), AttrSigner, m.BridgeSigner.Hex()),
		tx.NewEvent(EventDelegate, AttrDelegator, op.Hex(), AttrValidator, op.Hex(), AttrAmount, m.SelfBond.Dec(), AttrShares, shares.Dec()),
	}, nil
}

// EditValidator is the "staking/edit-validator" transition.
func (s Store) EditValidator(env tx.Env, m *MsgEditValidator) ([]tx.Event, error) {
	v, err := s.mustValidator(env.Sender)
	if err != nil {
		return nil, err
	}
	if m.SetDescription {
		v.Description = m.Description
	}
	if m.SetRate {
		now := unixNano(env.Time)
		c := &v.Commission
		if now < c.UpdatedAt+uint64(CommissionChangeInterval) {
			next := time.Unix(0, int64(c.UpdatedAt+uint64(CommissionChangeInterval))).UTC()
			return nil, fmt.Errorf("%w: next change allowed at %s", ErrCommissionTooSoon, next.Format(time.RFC3339))
		}
		if m.Rate.GT(c.MaxRate) {
			return nil, fmt.Errorf("%w: rate %s is above the max rate %s", ErrBadCommission, m.Rate, c.MaxRate)
		}
		if m.Rate.AbsDiff(c.Rate).GT(c.MaxChange) {
			return nil, fmt.Errorf("%w: change from %s to %s exceeds the max change %s", ErrBadCommission, c.Rate, m.Rate, c.MaxChange)
		}
		c.Rate, c.UpdatedAt = m.Rate, now
	}
	if m.MinSelfDelegation != nil && !m.MinSelfDelegation.IsZero() {
		self, err := s.selfBond(v)
		if err != nil {
			return nil, err
		}
		if !m.MinSelfDelegation.Gt(v.MinSelfDelegation) || m.MinSelfDelegation.Gt(self) {
			return nil, fmt.Errorf("%w: now %s, self-bond %s, asked %s", ErrMinSelfDelegation,
				btt.Format(v.MinSelfDelegation), btt.Format(self), btt.Format(m.MinSelfDelegation))
		}
		v.MinSelfDelegation = new(uint256.Int).Set(m.MinSelfDelegation)
	}
	if err := s.saveValidator(v); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventEditValidator, AttrValidator, v.Operator.Hex())}, nil
}

// SetBridgeSigner is the "staking/set-bridge-signer" transition.
func (s Store) SetBridgeSigner(env tx.Env, m *MsgSetBridgeSigner) ([]tx.Event, error) {
	v, err := s.mustValidator(env.Sender)
	if err != nil {
		return nil, err
	}
	if used, err := s.kv.Get(signerKey(m.Signer)); err != nil || used != nil {
		return nil, orErr(err, fmt.Errorf("%w: %s", ErrSignerInUse, m.Signer))
	}
	if err := s.kv.Delete(signerKey(v.BridgeSigner)); err != nil {
		return nil, err
	}
	if err := s.kv.Set(signerKey(m.Signer), v.Operator.Bytes()); err != nil {
		return nil, err
	}
	v.BridgeSigner = m.Signer
	if err := s.saveValidator(v); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventSetBridgeSigner, AttrValidator, v.Operator.Hex(), AttrSigner, m.Signer.Hex())}, nil
}

// ValidatorBySigner finds the validator of a bridge signer address.
func (s Store) ValidatorBySigner(signer address.Address) (*Validator, bool, error) {
	b, err := s.kv.Get(signerKey(signer))
	if err != nil || b == nil {
		return nil, false, err
	}
	return s.Validator(addrAt(b, 0))
}

// selfBond is the value of the operator's own delegation.
func (s Store) selfBond(v *Validator) (*uint256.Int, error) {
	d, ok, err := s.Delegation(v.Operator, v.Operator)
	if err != nil || !ok {
		return new(uint256.Int), err
	}
	return v.TokensFor(d.Shares), nil
}

// orErr returns err if set, otherwise the rule's error.
func orErr(err, rule error) error {
	if err != nil {
		return err
	}
	return rule
}
