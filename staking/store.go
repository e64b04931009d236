package staking

import (
	"encoding/binary"
	"fmt"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
)

// Store is the staking module's typed view of a KV: a block cache, a
// transaction's branch or a saved version. The bank view over the same KV
// moves the BTT.
type Store struct {
	kv       state.Prefixed
	bank     bank.Store
	observer ShareObserver
}

// New returns the staking view of kv.
func New(kv state.KV) Store {
	return Store{kv: state.NewPrefixed(kv, state.PrefixStaking), bank: bank.New(kv)}
}

// Module accounts staking moves BTT through.
var (
	bondedPool    = address.Module(bank.BondedPool)
	notBondedPool = address.Module(bank.NotBondedPool)
	distribution  = address.Module(bank.Distribution)
	feeCollector  = address.Module(bank.FeeCollector)
	rewardPool    = address.Module(bank.RewardPool)
	communityPool = address.Module(bank.CommunityPool)
)

func (s Store) get(k []byte, v any) (bool, error) { return state.GetRecord(s.kv, k, v, ErrCorrupt) }

func (s Store) set(k []byte, v any) error { return state.SetRecord(s.kv, k, v) }

// Validator reads a validator; ok is false if there is none.
func (s Store) Validator(op address.Address) (v *Validator, ok bool, err error) {
	v = new(Validator)
	if ok, err = s.get(validatorKey(op), v); !ok || err != nil {
		return nil, false, err
	}
	v.normalize()
	return v, true, nil
}

// mustValidator reads a validator that must exist.
func (s Store) mustValidator(op address.Address) (*Validator, error) {
	v, ok, err := s.Validator(op)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoValidator, op)
	}
	return v, nil
}

// saveValidator writes a validator and keeps the power index in step: an
// unjailed validator with power ≥ 1 is indexed by its current tokens.
func (s Store) saveValidator(v *Validator) error {
	old, existed, err := s.Validator(v.Operator)
	if err != nil {
		return err
	}
	if existed && old.indexed() {
		if err := s.kv.Delete(powerKey(old.Power(), old.Operator)); err != nil {
			return err
		}
	}
	if v.indexed() {
		if err := s.kv.Set(powerKey(v.Power(), v.Operator), present); err != nil {
			return err
		}
	}
	return s.set(validatorKey(v.Operator), v)
}

func (v *Validator) indexed() bool { return !v.Jailed && v.Power() > 0 }

// ValidatorByConsAddr finds the validator of a consensus address.
func (s Store) ValidatorByConsAddr(cons [20]byte) (*Validator, bool, error) {
	b, err := s.kv.Get(consAddrKey(cons))
	if err != nil || b == nil {
		return nil, false, err
	}
	if len(b) != address.Length {
		return nil, false, fmt.Errorf("%w: consensus index of %d bytes", ErrCorrupt, len(b))
	}
	return s.Validator(addrAt(b, 0))
}

// Delegation reads a delegation; ok is false if there is none.
func (s Store) Delegation(del, op address.Address) (d *Delegation, ok bool, err error) {
	d = new(Delegation)
	if ok, err = s.get(delegationKey(del, op), d); !ok || err != nil {
		return nil, false, err
	}
	zeroIfNil(&d.Shares)
	zeroIfNil(&d.RewardBase)
	return d, true, nil
}

func (s Store) setDelegation(del, op address.Address, d *Delegation) error {
	if d.Shares.IsZero() {
		if err := s.kv.Delete(delegationKey(del, op)); err != nil {
			return err
		}
		return s.kv.Delete(delByValKey(op, del))
	}
	if err := s.set(delegationKey(del, op), d); err != nil {
		return err
	}
	return s.kv.Set(delByValKey(op, del), present)
}

// Unbonding reads a pair's unbonding entries (none is an empty list).
func (s Store) Unbonding(del, op address.Address) (*UnbondingDelegation, error) {
	u := new(UnbondingDelegation)
	if _, err := s.get(unbondingKey(del, op), u); err != nil {
		return nil, err
	}
	for i := range u.Entries {
		zeroIfNil(&u.Entries[i].InitialBalance)
		zeroIfNil(&u.Entries[i].Balance)
	}
	return u, nil
}

func (s Store) setUnbonding(del, op address.Address, u *UnbondingDelegation) error {
	if len(u.Entries) == 0 {
		if err := s.kv.Delete(unbondingKey(del, op)); err != nil {
			return err
		}
		return s.kv.Delete(unbondByValKey(op, del))
	}
	if err := s.set(unbondingKey(del, op), u); err != nil {
		return err
	}
	return s.kv.Set(unbondByValKey(op, del), present)
}

// Redelegation reads a triple's redelegation entries.
func (s Store) Redelegation(del, src, dst address.Address) (*Redelegation, error) {
	r := new(Redelegation)
	if _, err := s.get(redelegationKey(del, src, dst), r); err != nil {
		return nil, err
	}
	for i := range r.Entries {
		zeroIfNil(&r.Entries[i].InitialBalance)
		zeroIfNil(&r.Entries[i].SharesDst)
	}
	return r, nil
}

func (s Store) setRedelegation(del, src, dst address.Address, r *Redelegation) error {
	if len(r.Entries) == 0 {
		if err := s.kv.Delete(redelegationKey(del, src, dst)); err != nil {
			return err
		}
		return s.kv.Delete(redelBySrcKey(src, del, dst))
	}
	if err := s.set(redelegationKey(del, src, dst), r); err != nil {
		return err
	}
	return s.kv.Set(redelBySrcKey(src, del, dst), present)
}

// counter reads an 8-byte counter; absent is 0.
func (s Store) counter(k []byte) (uint64, error) {
	b, err := s.kv.Get(k)
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: counter of %d bytes", ErrCorrupt, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

func (s Store) addCounter(k []byte, delta int64) error {
	n, err := s.counter(k)
	if err != nil {
		return err
	}
	n = uint64(int64(n) + delta)
	if n == 0 {
		return s.kv.Delete(k)
	}
	return s.kv.Set(k, be64(n))
}

// SigningInfo reads a consensus address's liveness record.
func (s Store) SigningInfo(cons [20]byte) (*SigningInfo, bool, error) {
	si := new(SigningInfo)
	ok, err := s.get(signingInfoKey(cons), si)
	if !ok || err != nil {
		return nil, false, err
	}
	return si, true, nil
}

func (s Store) setSigningInfo(cons [20]byte, si *SigningInfo) error {
	return s.set(signingInfoKey(cons), si)
}

// rangeKeys visits the keys under a prefix of the module (without the
// module byte) and stops at the first error fn returns.
func (s Store) rangeKeys(prefix []byte, fn func(k, v []byte) error) error {
	return state.EachPrefix(s.kv, prefix, fn)
}

// allValidators reads every validator in operator order.
func (s Store) allValidators() ([]*Validator, error) {
	var out []*Validator
	err := s.rangeKeys(key(prefixValidator), func(_, raw []byte) error {
		v := new(Validator)
		if err := decode(raw, v); err != nil {
			return err
		}
		v.normalize()
		out = append(out, v)
		return nil
	})
	return out, err
}

// collectPrefix returns copies of the keys under prefix, for loops that
// modify what they visit.
func (s Store) collectPrefix(prefix []byte) ([][]byte, error) {
	return s.collectKeys(prefix, state.PrefixEnd(prefix))
}

// dueKeys returns the keys of a time-ordered queue due at or before now.
func (s Store) dueKeys(queue byte, now uint64) ([][]byte, error) {
	return s.collectKeys(key(queue), queueEnd(queue, now))
}

// collectKeys returns copies of the keys in [start, end).
func (s Store) collectKeys(start, end []byte) ([][]byte, error) {
	var keys [][]byte
	err := s.kv.Range(start, end, func(k, _ []byte) bool {
		keys = append(keys, append([]byte(nil), k...))
		return true
	})
	return keys, err
}
