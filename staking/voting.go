package staking

import (
	"encoding/binary"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// ShareObserver learns of every change to a delegation's shares. Governance
// implements it to keep the running tally of open proposals current, so that
// ending a proposal never has to walk all delegations.
type ShareObserver interface {
	SharesChanged(del, op address.Address, before, after *uint256.Int) error
}

// WithObserver returns a view that reports share changes to o.
func (s Store) WithObserver(o ShareObserver) Store {
	s.observer = o
	return s
}

// sharesChanged tells the observer, if any; before and after are not kept.
func (s Store) sharesChanged(del, op address.Address, before, after *uint256.Int) error {
	if s.observer == nil || before.Eq(after) {
		return nil
	}
	return s.observer.SharesChanged(del, op, before, after)
}

// ValidatorStake is what a vote by the validator's delegators weighs: its
// tokens and shares. Bonded is false for a validator outside the active set
// and for an operator with no validator (whose shares are zero); only
// bonded stake votes.
func (s Store) ValidatorStake(op address.Address) (bonded bool, tokens, shares *uint256.Int, err error) {
	v, ok, err := s.Validator(op)
	if err != nil || !ok {
		return false, new(uint256.Int), new(uint256.Int), err
	}
	return v.Status == Bonded, v.Tokens, v.Shares, nil
}

// RangeDelegations calls fn with each validator del delegates to and the
// shares it holds there, in operator order. fn may write to the store.
func (s Store) RangeDelegations(del address.Address, fn func(op address.Address, shares *uint256.Int) error) error {
	ops, err := s.delegatedValidators(del)
	if err != nil {
		return err
	}
	for _, op := range ops {
		d, ok, err := s.Delegation(del, op)
		if err != nil {
			return err
		}
		if ok {
			if err := fn(op, d.Shares); err != nil {
				return err
			}
		}
	}
	return nil
}

// BondedTokens is all stake of the active set: the bonded pool.
func (s Store) BondedTokens() (*uint256.Int, error) { return s.bank.Balance(bondedPool) }

// BridgeSigners returns the bridge signer and voting power of every
// validator in the active set, as of the last end of block: the set the
// bridge asks to sign checkpoints.
func (s Store) BridgeSigners() (signers []address.Address, powers []uint64, err error) {
	err = s.rangeKeys(key(prefixLastPower), func(k, v []byte) error {
		val, err := s.mustValidator(addrAt(k, 1))
		if err != nil {
			return err
		}
		signers, powers = append(signers, val.BridgeSigner), append(powers, binary.BigEndian.Uint64(v))
		return nil
	})
	return signers, powers, err
}

// BridgeSignerOf returns the bridge signer of the validator whose
// consensus address is cons, and its power in the active set (0 outside
// it); ok is false when there is no such validator.
func (s Store) BridgeSignerOf(cons [20]byte) (signer address.Address, power uint64, ok bool, err error) {
	v, ok, err := s.ValidatorByConsAddr(cons)
	if err != nil || !ok {
		return address.Address{}, 0, false, err
	}
	raw, err := s.kv.Get(lastPowerKey(v.Operator))
	if err != nil {
		return address.Address{}, 0, false, err
	}
	if len(raw) == 8 {
		power = binary.BigEndian.Uint64(raw)
	}
	return v.BridgeSigner, power, true, nil
}
