package staking

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// ValidatorUpdate is one change to CometBFT's validator set; power 0
// removes the validator.
type ValidatorUpdate struct {
	ConsPubKey []byte
	Power      int64
}

// ValidatorUpdateDelay is how many heights after the block that sends an
// update CometBFT starts using it.
const ValidatorUpdateDelay = 2

// EndBlock runs after a block's transactions: it recomputes the active set
// (returning the changes for CometBFT) and pays out matured unbondings.
func (s Store) EndBlock(env tx.Env) ([]ValidatorUpdate, []tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, nil, err
	}
	updates, err := s.updateValidatorSet(env, p)
	if err != nil {
		return nil, nil, fmt.Errorf("validator set: %w", err)
	}
	events, err := s.completeUnbondings(env)
	if err != nil {
		return nil, nil, fmt.Errorf("unbonding queue: %w", err)
	}
	if err := s.completeRedelegations(env); err != nil {
		return nil, nil, fmt.Errorf("redelegation queue: %w", err)
	}
	if err := s.completeValidatorUnbondings(env); err != nil {
		return nil, nil, fmt.Errorf("validator queue: %w", err)
	}
	return updates, events, nil
}

// updateValidatorSet makes the active set the top MaxValidators of the
// power index and returns the difference from the last set. The new set is
// computed afresh each block and everything in the last set that is not in
// it is removed, so a shrinking MaxValidators removes exactly the
// validators that fell out (cosmos-sdk#19248 sent wrong updates here).
func (s Store) updateValidatorSet(env tx.Env, p Params) ([]ValidatorUpdate, error) {
	var top []address.Address
	err := s.kv.Range(key(prefixPowerIndex), key(prefixPowerIndex+1), func(k, _ []byte) bool {
		top = append(top, addrAt(k, 1+8))
		return uint32(len(top)) < p.MaxValidators
	})
	if err != nil {
		return nil, err
	}
	last, lastOrder, err := s.lastPowers()
	if err != nil {
		return nil, err
	}
	var updates []ValidatorUpdate
	inNew := make(map[address.Address]bool, len(top))
	for _, op := range top {
		inNew[op] = true
		v, err := s.mustValidator(op)
		if err != nil {
			return nil, err
		}
		if v.Status != Bonded {
			if err := s.bond(env, p, v); err != nil {
				return nil, err
			}
		}
		power := v.Power()
		if old, ok := last[op]; ok && old == power {
			continue
		}
		updates = append(updates, ValidatorUpdate{ConsPubKey: v.ConsPubKey, Power: power})
		if err := s.kv.Set(lastPowerKey(op), be64(uint64(power))); err != nil {
			return nil, err
		}
	}
	for _, op := range lastOrder {
		if inNew[op] {
			continue
		}
		v, err := s.mustValidator(op)
		if err != nil {
			return nil, err
		}
		if err := s.beginUnbonding(env, p, v); err != nil {
			return nil, err
		}
		updates = append(updates, ValidatorUpdate{ConsPubKey: v.ConsPubKey, Power: 0})
		if err := s.kv.Delete(lastPowerKey(op)); err != nil {
			return nil, err
		}
	}
	if len(updates) > 0 {
		if err := s.recordValidatorSet(uint64(env.Height) + ValidatorUpdateDelay); err != nil {
			return nil, err
		}
	}
	return updates, nil
}

// lastPowers reads the set last sent to CometBFT, in operator order.
func (s Store) lastPowers() (map[address.Address]int64, []address.Address, error) {
	m := map[address.Address]int64{}
	var order []address.Address
	err := s.rangeKeys(key(prefixLastPower), func(k, v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("%w: last power of %d bytes", ErrCorrupt, len(v))
		}
		op := addrAt(k, 1)
		m[op] = int64(binary.BigEndian.Uint64(v))
		order = append(order, op)
		return nil
	})
	return m, order, err
}

// bond moves a validator into the active set. Its liveness window starts
// afresh, so blocks it was not asked to sign never count against it.
func (s Store) bond(env tx.Env, p Params, v *Validator) error {
	if err := s.moveBetweenPools(notBondedPool, bondedPool, v.Tokens); err != nil {
		return err
	}
	if v.Status == Unbonding {
		if err := s.kv.Delete(valQueueKey(v.UnbondingTime, v.Operator)); err != nil {
			return err
		}
	}
	v.Status, v.UnbondingHeight, v.UnbondingTime = Bonded, 0, 0
	if err := s.saveValidator(v); err != nil {
		return err
	}
	si, _, err := s.SigningInfo(v.ConsAddress())
	if err != nil {
		return err
	}
	_, err = s.resetWindow(v.ConsAddress(), si, uint64(env.Height)+1, p.SignedBlocksWindow)
	return err
}

// beginUnbonding takes a validator out of the active set; it stays
// slashable for the unbonding period.
func (s Store) beginUnbonding(env tx.Env, p Params, v *Validator) error {
	if err := s.moveBetweenPools(bondedPool, notBondedPool, v.Tokens); err != nil {
		return err
	}
	v.Status = Unbonding
	v.UnbondingHeight = uint64(env.Height)
	v.UnbondingTime = unixNano(env.Time.Add(p.UnbondingTime.Duration))
	if err := s.saveValidator(v); err != nil {
		return err
	}
	return s.kv.Set(valQueueKey(v.UnbondingTime, v.Operator), present)
}

// completeUnbondings pays out every unbonding entry due by now.
func (s Store) completeUnbondings(env tx.Env) ([]tx.Event, error) {
	now := unixNano(env.Time)
	keys, err := s.dueKeys(prefixUnbondQueue, now)
	if err != nil {
		return nil, err
	}
	var events []tx.Event
	for _, k := range keys {
		del, op := addrAt(k, 9), addrAt(k, 9+address.Length)
		u, err := s.Unbonding(del, op)
		if err != nil {
			return nil, err
		}
		kept := u.Entries[:0]
		paid := new(uint256.Int)
		for _, e := range u.Entries {
			if e.CompletionTime > now {
				kept = append(kept, e)
				continue
			}
			paid.Add(paid, e.Balance)
		}
		u.Entries = kept
		if !paid.IsZero() {
			if err := s.bank.Transfer(notBondedPool, del, paid); err != nil {
				return nil, err
			}
			events = append(events, tx.NewEvent(EventCompleteUnbond, AttrDelegator, del.Hex(), AttrValidator, op.Hex(), AttrAmount, paid.Dec()))
		}
		if err := s.setUnbonding(del, op, u); err != nil {
			return nil, err
		}
		if err := s.kv.Delete(k); err != nil {
			return nil, err
		}
	}
	return events, nil
}

// completeRedelegations drops matured redelegation entries: their stake is
// no longer slashable for the source and may be redelegated again.
func (s Store) completeRedelegations(env tx.Env) error {
	now := unixNano(env.Time)
	keys, err := s.dueKeys(prefixRedelQueue, now)
	if err != nil {
		return err
	}
	for _, k := range keys {
		del, src, dst := addrAt(k, 9), addrAt(k, 9+address.Length), addrAt(k, 9+2*address.Length)
		r, err := s.Redelegation(del, src, dst)
		if err != nil {
			return err
		}
		kept := r.Entries[:0]
		for _, e := range r.Entries {
			if e.CompletionTime > now {
				kept = append(kept, e)
				continue
			}
			if err := s.addCounter(redelIntoKey(del, dst), -1); err != nil {
				return err
			}
		}
		r.Entries = kept
		if err := s.setRedelegation(del, src, dst, r); err != nil {
			return err
		}
		if err := s.kv.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// completeValidatorUnbondings marks validators whose unbonding ended as
// unbonded, and removes those nobody delegates to.
func (s Store) completeValidatorUnbondings(env tx.Env) error {
	now := unixNano(env.Time)
	keys, err := s.dueKeys(prefixValQueue, now)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.kv.Delete(k); err != nil {
			return err
		}
		v, ok, err := s.Validator(addrAt(k, 9))
		if err != nil {
			return err
		}
		if !ok || v.Status != Unbonding || v.UnbondingTime > now {
			continue
		}
		v.Status = Unbonded
		if err := s.saveValidator(v); err != nil {
			return err
		}
		if err := s.removeIfEmpty(v); err != nil {
			return err
		}
	}
	return nil
}

// Validator-set history: each time the set changes, the full set is stored
// under the height from which CometBFT uses it, so that data signed by
// validators at an earlier height (vote extensions, bridge checkpoints) can
// be checked against the right keys and powers. Sets older than
// historyKeep heights are pruned.
const historyKeep = 1000

func (s Store) recordValidatorSet(effective uint64) error {
	set, err := s.lastSet()
	if err != nil {
		return err
	}
	if err := s.set(valSetKey(effective), set); err != nil {
		return err
	}
	// Keep the newest set that took effect at or before effective −
	// historyKeep, and everything after it.
	if effective <= historyKeep {
		return nil
	}
	old, err := s.collectKeys(key(prefixValSets), valSetKey(effective-historyKeep+1))
	if err != nil {
		return err
	}
	for i := 0; i+1 < len(old); i++ {
		if err := s.kv.Delete(old[i]); err != nil {
			return err
		}
	}
	return nil
}

// lastSet is the set last sent to CometBFT, in operator order.
func (s Store) lastSet() ([]ValidatorSetEntry, error) {
	var set []ValidatorSetEntry
	err := s.rangeKeys(key(prefixLastPower), func(k, v []byte) error {
		op := addrAt(k, 1)
		val, err := s.mustValidator(op)
		if err != nil {
			return err
		}
		set = append(set, ValidatorSetEntry{Operator: op, ConsPubKey: val.ConsPubKey, Power: binary.BigEndian.Uint64(v)})
		return nil
	})
	return set, err
}

// ValidatorSetAt is the consensus validator set CometBFT used at height,
// from the newest recorded set that took effect at or before it.
func (s Store) ValidatorSetAt(height uint64) ([]ValidatorSetEntry, error) {
	var raw []byte
	err := s.kv.Range(key(prefixValSets), valSetKey(height+1), func(_, v []byte) bool {
		raw = append(raw[:0], v...)
		return true
	})
	if err != nil || raw == nil {
		return nil, err
	}
	var set []ValidatorSetEntry
	return set, decode(raw, &set)
}
