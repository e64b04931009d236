package staking

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

func percentOf(n uint64, pct uint64) *uint256.Int {
	return dec.Percent(pct).MulInt(btt.FromBTT(n))
}

func TestDoubleSignSlashesTombstonesAndFollowsStake(t *testing.T) {
	f := newFixture(t, testParams())
	a, b, d1, d2 := addr(1), addr(2), addr(50), addr(51)
	f.validator(a, 100)
	f.validator(b, 100)
	f.fund(d1, btt.FromBTT(100))
	f.fund(d2, btt.FromBTT(100))
	f.must(d1, &MsgDelegate{Validator: a, Amount: btt.FromBTT(100)})
	f.must(d2, &MsgDelegate{Validator: a, Amount: btt.FromBTT(100)})
	f.endBlock(time.Second)
	// Stake that left before the infraction is not slashed.
	f.must(d1, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(20)})
	f.endBlock(time.Second)
	infraction := f.height
	f.endBlock(time.Second)
	// Stake that left after it is.
	f.must(d1, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(40)})
	f.must(d2, &MsgRedelegate{Src: a, Dst: b, Amount: btt.FromBTT(60)})
	f.endBlock(time.Second)
	supplyBefore := f.supply()
	power := int64(280) // 100 self + 200 delegated − 20 that left before
	cons := ConsAddress(consKey(a))
	if _, err := f.s.HandleDoubleSign(f.env(a), Infraction{ConsAddress: cons, Height: infraction, Power: power}, f.now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	// 5% of 280 BTT = 14 BTT: 2 from the unbonding (5% of 40), 3 from the
	// redelegation (5% of 60), 9 from the validator.
	burned := new(uint256.Int).Sub(supplyBefore, f.supply())
	if !burned.Eq(percentOf(280, 5)) {
		t.Fatalf("burned %s, want %s", btt.Format(burned), btt.Format(percentOf(280, 5)))
	}
	u, _ := f.s.Unbonding(d1, a)
	if len(u.Entries) != 2 || !u.Entries[0].Balance.Eq(btt.FromBTT(20)) || !u.Entries[1].Balance.Eq(btt.FromBTT(38)) {
		t.Fatalf("unbonding entries after the slash: %+v", u.Entries)
	}
	if got := f.stake(d2, b); !got.Eq(btt.FromBTT(57)) {
		t.Fatalf("redelegated stake %s, want 57 BTT", btt.Format(got))
	}
	if v := f.val(a); !v.Jailed || !v.Tokens.Eq(btt.FromBTT(171)) {
		t.Fatalf("validator after the slash: jailed %v tokens %s", v.Jailed, btt.Format(v.Tokens))
	}
	si, _, _ := f.s.SigningInfo(cons)
	if !si.Tombstoned {
		t.Fatal("not tombstoned")
	}
	// A second report of the same key is ignored: punished once.
	supplyBefore = f.supply()
	if _, err := f.s.HandleDoubleSign(f.env(a), Infraction{ConsAddress: cons, Height: infraction, Power: power}, f.now); err != nil {
		t.Fatal(err)
	}
	if !f.supply().Eq(supplyBefore) {
		t.Fatal("a tombstoned validator was slashed again")
	}
	f.endBlock(time.Second)
	if _, in := f.cometSet[string(consKey(a))]; in {
		t.Fatal("double signer still in the set")
	}
	f.fails(a, &MsgUnjail{}, ErrTombstoned)
	// Evidence older than the unbonding period is ignored.
	if _, err := f.s.HandleDoubleSign(f.env(b), Infraction{ConsAddress: ConsAddress(consKey(b)), Height: 1, Power: 100}, f.now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if f.val(b).Jailed {
		t.Fatal("stale evidence jailed a validator")
	}
}

// TestRedelegationThenUnbondSlashedOnce is the scenario of
// cosmos-sdk#20688: stake redelegated away from an offender and then
// unbonded at the destination is slashed once, not twice.
func TestRedelegationThenUnbondSlashedOnce(t *testing.T) {
	for _, c := range []struct {
		name   string
		unbond uint64 // BTT unbonded at the destination after the redelegation
	}{{"partial unbond", 50}, {"full unbond", 100}, {"no unbond", 0}} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, testParams())
			a, b, d := addr(1), addr(2), addr(50)
			f.validator(a, 100)
			f.validator(b, 100)
			f.fund(d, btt.FromBTT(100))
			f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(100)})
			f.endBlock(time.Second)
			infraction := f.height
			f.endBlock(time.Second)
			f.must(d, &MsgRedelegate{Src: a, Dst: b, Amount: btt.FromBTT(100)})
			f.endBlock(time.Second)
			if c.unbond > 0 {
				f.must(d, &MsgUndelegate{Validator: b, Amount: btt.FromBTT(c.unbond)})
			}
			f.endBlock(time.Second)
			before := f.supply()
			_, err := f.s.HandleDoubleSign(f.env(a), Infraction{ConsAddress: ConsAddress(consKey(a)), Height: infraction, Power: 200}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			burned := new(uint256.Int).Sub(before, f.supply())
			if !burned.Eq(percentOf(200, 5)) {
				t.Fatalf("burned %s, want exactly 5%% of 200 BTT", btt.Format(burned))
			}
			// The delegator lost 5% of its 100 BTT, wherever it now sits.
			held := f.stake(d, b)
			u, _ := f.s.Unbonding(d, b)
			for _, e := range u.Entries {
				held.Add(held, e.Balance)
			}
			if !held.Eq(btt.FromBTT(95)) {
				t.Fatalf("delegator keeps %s, want 95 BTT", btt.Format(held))
			}
			f.endBlock(time.Second)
		})
	}
}

func TestDowntimeJailAndUnjail(t *testing.T) {
	p := testParams() // window 10, half must be signed
	f := newFixture(t, p)
	a, b := addr(1), addr(2)
	f.validator(a, 100)
	f.validator(b, 100)
	f.endBlock(time.Second)
	// A full window must pass before anyone is judged.
	for i := 0; i < 10; i++ {
		f.beginBlock(f.votes(a))
		if f.val(a).Jailed {
			t.Fatalf("jailed after %d blocks, before a full window", i+1)
		}
		f.endBlock(time.Second)
	}
	f.beginBlock(f.votes(a))
	v := f.val(a)
	if !v.Jailed {
		t.Fatal("missing every block of the window did not jail")
	}
	if want := new(uint256.Int).Sub(btt.FromBTT(100), dec.MustParse("0.0001").MulInt(btt.FromBTT(100))); !v.Tokens.Eq(want) {
		t.Fatalf("tokens %s after the downtime slash", btt.Format(v.Tokens))
	}
	f.endBlock(time.Second)
	if _, in := f.cometSet[string(consKey(a))]; in {
		t.Fatal("jailed validator still in the set")
	}
	f.fails(a, &MsgUnjail{}, ErrStillJailed)
	f.fails(b, &MsgUnjail{}, ErrNotJailed)
	// A moment before the end, the error tells both times exactly: rounded
	// to the second, the end would read as already past.
	si, _, _ := f.s.SigningInfo(ConsAddress(consKey(a)))
	until := time.Unix(0, int64(si.JailedUntil)).UTC()
	f.now = until.Add(-300 * time.Millisecond)
	_, err := f.run(a, &MsgUnjail{})
	if want := fmt.Sprintf("until %s (block time %s)", until.Format(time.RFC3339Nano), f.now.UTC().Format(time.RFC3339Nano)); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("unjail 300 ms early: %v, want %q", err, want)
	}
	f.now = until
	f.must(a, &MsgUnjail{})
	f.endBlock(time.Second)
	if _, in := f.cometSet[string(consKey(a))]; !in {
		t.Fatal("unjailed validator did not return to the set")
	}
	// Back in the set with a fresh window: a few misses do not jail.
	for i := 0; i < 12; i++ {
		if i%3 == 0 {
			f.beginBlock(f.votes(a))
		} else {
			f.beginBlock(f.votes())
		}
		f.endBlock(time.Second)
	}
	if f.val(a).Jailed {
		t.Fatal("a third of the window missed jailed the validator")
	}
}

// TestWindowChangeResetsCounts is cosmos-sdk#12541: after the window
// shrinks, the missed count must describe the new window, not the old.
func TestWindowChangeResetsCounts(t *testing.T) {
	p := testParams()
	p.SignedBlocksWindow = 20
	f := newFixture(t, p)
	a, b := addr(1), addr(2)
	f.validator(a, 100)
	f.validator(b, 100)
	f.endBlock(time.Second)
	for i := 0; i < 9; i++ { // miss 9 of the first 20: allowed
		f.beginBlock(f.votes(a))
		f.endBlock(time.Second)
	}
	si, _, _ := f.s.SigningInfo(ConsAddress(consKey(a)))
	if si.Missed != 9 {
		t.Fatalf("missed %d, want 9", si.Missed)
	}
	p.SignedBlocksWindow = 10
	if err := f.s.SetParams(p); err != nil {
		t.Fatal(err)
	}
	// With the old bitmap read through the new window, 9 stale misses would
	// jail at once; after the reset the validator signs and stays.
	for i := 0; i < 15; i++ {
		f.beginBlock(f.votes())
		f.endBlock(time.Second)
	}
	si, _, _ = f.s.SigningInfo(ConsAddress(consKey(a)))
	if f.val(a).Jailed || si.Missed != 0 || si.Window != 10 {
		t.Fatalf("after the window change: jailed %v, missed %d, window %d", f.val(a).Jailed, si.Missed, si.Window)
	}
	// And the bitmap agrees with the count.
	if n := f.countMissed(ConsAddress(consKey(a))); n != si.Missed {
		t.Fatalf("bitmap has %d bits set, count says %d", n, si.Missed)
	}
}

func (f *fixture) countMissed(cons [20]byte) uint64 {
	var n uint64
	err := f.s.rangeKeys(key(prefixMissed, cons[:]), func(_, v []byte) error {
		for _, c := range v {
			for ; c != 0; c &= c - 1 {
				n++
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}
