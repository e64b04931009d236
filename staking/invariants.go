package staking

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// Invariants checks the module's bookkeeping against itself and the bank.
// It reads every record, so it is for tests and audits, never for blocks:
//
//   - the bonded pool holds exactly the tokens of bonded validators;
//   - the not-bonded pool holds the tokens of the other validators plus
//     every unbonding entry's balance;
//   - each validator's shares are the sum of its delegations' shares;
//   - the power index lists exactly the unjailed validators with power;
//   - the distribution account covers every pending reward and commission;
//   - the redelegation counters match the entries.
func (s Store) Invariants() error {
	bonded, notBonded, owed := new(uint256.Int), new(uint256.Int), new(uint256.Int)
	list, err := s.allValidators()
	if err != nil {
		return err
	}
	vals := map[address.Address]*Validator{}
	for _, v := range list {
		vals[v.Operator] = v
		if v.Status == Bonded {
			bonded.Add(bonded, v.Tokens)
		} else {
			notBonded.Add(notBonded, v.Tokens)
		}
		owed.Add(owed, v.AccruedCommission)
	}
	shares := map[address.Address]*uint256.Int{}
	err = s.rangeKeys(key(prefixDelegation), func(k, raw []byte) error {
		del, op := addrAt(k, 1), addrAt(k, 1+address.Length)
		var d Delegation
		if err := decode(raw, &d); err != nil {
			return err
		}
		v, ok := vals[op]
		if !ok {
			return fmt.Errorf("delegation of %s to missing validator %s", del, op)
		}
		if shares[op] == nil {
			shares[op] = new(uint256.Int)
		}
		shares[op].Add(shares[op], d.Shares)
		owed.Add(owed, pendingReward(v, &d))
		if idx, _ := s.kv.Get(delByValKey(op, del)); idx == nil {
			return fmt.Errorf("delegation %s→%s missing from the by-validator index", del, op)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, v := range list {
		op := v.Operator
		got := shares[op]
		if got == nil {
			got = new(uint256.Int)
		}
		if !got.Eq(v.Shares) {
			return fmt.Errorf("validator %s has %s shares, its delegations %s", op, v.Shares.Dec(), got.Dec())
		}
		indexed, err := s.kv.Get(powerKey(v.Power(), op))
		if err != nil {
			return err
		}
		if (indexed != nil) != v.indexed() {
			return fmt.Errorf("validator %s: in power index %v, should be %v", op, indexed != nil, v.indexed())
		}
	}
	var indexed int
	if err := s.rangeKeys(key(prefixPowerIndex), func(_, _ []byte) error { indexed++; return nil }); err != nil {
		return err
	}
	want := 0
	for _, v := range vals {
		if v.indexed() {
			want++
		}
	}
	if indexed != want {
		return fmt.Errorf("power index has %d entries, %d validators qualify", indexed, want)
	}
	err = s.rangeKeys(key(prefixUnbonding), func(_, raw []byte) error {
		var u UnbondingDelegation
		if err := decode(raw, &u); err != nil {
			return err
		}
		for _, e := range u.Entries {
			notBonded.Add(notBonded, e.Balance)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.checkRedelegationCounters(); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		acct address.Address
		want *uint256.Int
		min  bool
	}{
		{"bonded pool", bondedPool, bonded, false},
		{"not-bonded pool", notBondedPool, notBonded, false},
		{"distribution", distribution, owed, true},
	} {
		have, err := s.bank.Balance(c.acct)
		if err != nil {
			return err
		}
		if (c.min && have.Lt(c.want)) || (!c.min && !have.Eq(c.want)) {
			return fmt.Errorf("%s holds %s, bookkeeping says %s", c.name, btt.Format(have), btt.Format(c.want))
		}
	}
	return nil
}

// SetInvariant checks, at the end of a block, that the last set sent to
// CometBFT is exactly the bonded validators at their current power.
func (s Store) SetInvariant() error {
	list, err := s.allValidators()
	if err != nil {
		return err
	}
	vals := map[address.Address]*Validator{}
	for _, v := range list {
		vals[v.Operator] = v
	}
	last, order, err := s.lastPowers()
	if err != nil {
		return err
	}
	for _, v := range list {
		op := v.Operator
		p, inSet := last[op]
		if inSet != (v.Status == Bonded) {
			return fmt.Errorf("validator %s is %s but in the last set: %v", op, v.Status, inSet)
		}
		if inSet && p != v.Power() {
			return fmt.Errorf("validator %s was sent with power %d, has %d", op, p, v.Power())
		}
	}
	for _, op := range order {
		if vals[op] == nil {
			return fmt.Errorf("last set names missing validator %s", op)
		}
	}
	return nil
}

func (s Store) checkRedelegationCounters() error {
	counts := map[string]uint64{}
	err := s.rangeKeys(key(prefixRedelegation), func(k, raw []byte) error {
		var r Redelegation
		if err := decode(raw, &r); err != nil {
			return err
		}
		del, dst := addrAt(k, 1), addrAt(k, 1+2*address.Length)
		counts[string(redelIntoKey(del, dst))] += uint64(len(r.Entries))
		return nil
	})
	if err != nil {
		return err
	}
	stored := map[string]uint64{}
	err = s.rangeKeys(key(prefixRedelInto), func(k, v []byte) error {
		stored[string(k)] = binary.BigEndian.Uint64(v)
		return nil
	})
	if err != nil {
		return err
	}
	if fmt.Sprint(counts) != fmt.Sprint(stored) {
		return fmt.Errorf("redelegation counters %v, entries %v", stored, counts)
	}
	return nil
}
