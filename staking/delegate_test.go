package staking

import (
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
)

func TestDelegateUnbondComplete(t *testing.T) {
	f := newFixture(t, testParams())
	a, d := addr(1), addr(50)
	f.validator(a, 10)
	f.endBlock(time.Second)
	f.fund(d, btt.FromBTT(100))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(30)})
	ups := f.endBlock(time.Second)
	if len(ups) != 1 || ups[0].Power != 40 {
		t.Fatalf("delegation did not raise power: %+v", ups)
	}
	f.fails(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(31)}, ErrInsufficientStake)
	f.fails(addr(51), &MsgUndelegate{Validator: a, Amount: btt.FromBTT(1)}, ErrNoDelegation)
	f.must(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(10)})
	if !f.balance(d).Eq(btt.FromBTT(70)) {
		t.Fatal("unbonding paid out before the period ended")
	}
	f.endBlock(30 * time.Minute)
	f.endBlock(29 * time.Minute)
	if !f.balance(d).Eq(btt.FromBTT(70)) {
		t.Fatal("unbonding paid out early")
	}
	f.endBlock(2 * time.Minute)
	f.endBlock(time.Second) // due now
	if !f.balance(d).Eq(btt.FromBTT(80)) {
		t.Fatalf("after the period the delegator holds %s", btt.Format(f.balance(d)))
	}
	// Unbonding everything leaves no delegation and no dust.
	f.must(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(20)})
	if _, ok, _ := f.s.Delegation(d, a); ok {
		t.Fatal("a fully unbonded delegation still exists")
	}
	f.endBlock(time.Second)
}

func TestMaxEntriesAndSameBlockMerge(t *testing.T) {
	p := testParams()
	p.MaxEntries = 2
	f := newFixture(t, p)
	a, d := addr(1), addr(50)
	f.validator(a, 10)
	f.endBlock(time.Second)
	f.fund(d, btt.FromBTT(100))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(50)})
	// Three unbondings in one block merge into one entry.
	for i := 0; i < 3; i++ {
		f.must(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(1)})
	}
	f.endBlock(time.Second)
	f.must(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(1)})
	f.endBlock(time.Second)
	f.fails(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(1)}, ErrTooManyEntries)
	u, _ := f.s.Unbonding(d, a)
	if len(u.Entries) != 2 || !u.Entries[0].Balance.Eq(btt.FromBTT(3)) {
		t.Fatalf("entries %+v", u.Entries)
	}
}

func TestCancelUnbond(t *testing.T) {
	f := newFixture(t, testParams())
	a, d := addr(1), addr(50)
	f.validator(a, 10)
	f.fund(d, btt.FromBTT(100))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(50)})
	f.endBlock(time.Second)
	h := uint64(f.height)
	f.must(d, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(20)})
	f.endBlock(time.Second)
	f.fails(d, &MsgCancelUnbond{Validator: a, CreationHeight: h + 1, Amount: btt.FromBTT(1)}, ErrNoUnbondingEntry)
	f.fails(d, &MsgCancelUnbond{Validator: a, CreationHeight: h, Amount: btt.FromBTT(21)}, ErrInsufficientStake)
	f.must(d, &MsgCancelUnbond{Validator: a, CreationHeight: h, Amount: btt.FromBTT(5)})
	if got := f.stake(d, a); !got.Eq(btt.FromBTT(35)) {
		t.Fatalf("stake after cancel %s", btt.Format(got))
	}
	f.endBlock(2 * time.Hour)
	f.endBlock(time.Second)
	if !f.balance(d).Eq(btt.FromBTT(65)) {
		t.Fatalf("delegator holds %s, want 65 BTT (50 kept + 15 unbonded)", btt.Format(f.balance(d)))
	}
}

func TestRedelegate(t *testing.T) {
	f := newFixture(t, testParams())
	a, b, c, d := addr(1), addr(2), addr(3), addr(50)
	f.validator(a, 10)
	f.validator(b, 10)
	f.validator(c, 10)
	f.fund(d, btt.FromBTT(100))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(40)})
	f.endBlock(time.Second)
	f.fails(d, &MsgRedelegate{Src: a, Dst: a, Amount: btt.FromBTT(1)}, ErrSelfRedelegation)
	f.fails(d, &MsgRedelegate{Src: a, Dst: addr(99), Amount: btt.FromBTT(1)}, ErrNoValidator)
	f.must(d, &MsgRedelegate{Src: a, Dst: b, Amount: btt.FromBTT(15)})
	if !f.stake(d, a).Eq(btt.FromBTT(25)) || !f.stake(d, b).Eq(btt.FromBTT(15)) {
		t.Fatal("stake did not move")
	}
	// No hopping on while it matures.
	f.fails(d, &MsgRedelegate{Src: b, Dst: c, Amount: btt.FromBTT(1)}, ErrTransitiveRedelegation)
	f.endBlock(2 * time.Hour)
	f.endBlock(time.Second)
	f.must(d, &MsgRedelegate{Src: b, Dst: c, Amount: btt.FromBTT(15)})
	f.endBlock(time.Second)
	if !f.balance(bondedPool).Eq(btt.FromBTT(70)) {
		t.Fatalf("bonded pool %s", btt.Format(f.balance(bondedPool)))
	}
}

// TestSetUpdates checks the active set against max_validators, including
// a shrinking maximum (cosmos-sdk#19248) and jailed validators.
func TestSetUpdates(t *testing.T) {
	p := testParams()
	p.MaxValidators = 3
	f := newFixture(t, p)
	for i := byte(1); i <= 4; i++ {
		f.validator(addr(i), uint64(10*i))
	}
	ups := f.endBlock(time.Second)
	if len(ups) != 3 || f.val(addr(1)).Status != Unbonded {
		t.Fatalf("first set: %d updates, weakest is %s", len(ups), f.val(addr(1)).Status)
	}
	// The weakest outbids the others: it enters, the new weakest leaves.
	f.fund(addr(50), btt.FromBTT(100))
	f.must(addr(50), &MsgDelegate{Validator: addr(1), Amount: btt.FromBTT(25)})
	ups = f.endBlock(time.Second)
	if len(ups) != 2 || f.val(addr(2)).Status != Unbonding || f.val(addr(1)).Status != Bonded {
		t.Fatalf("swap: %+v", ups)
	}
	// Shrink the set to one: exactly the two others leave.
	p.MaxValidators = 1
	if err := f.s.SetParams(p); err != nil {
		t.Fatal(err)
	}
	ups = f.endBlock(time.Second)
	if len(ups) != 2 || len(f.cometSet) != 1 || f.cometSet[string(consKey(addr(4)))] != 40 {
		t.Fatalf("shrink: updates %+v, set %v", ups, f.cometSet)
	}
	// Grow it again and jail the strongest: the others come back.
	p.MaxValidators = 3
	if err := f.s.SetParams(p); err != nil {
		t.Fatal(err)
	}
	v := f.val(addr(4))
	if err := f.s.jail(v); err != nil {
		t.Fatal(err)
	}
	f.endBlock(time.Second)
	if len(f.cometSet) != 3 || f.val(addr(4)).Status != Unbonding {
		t.Fatalf("after jailing: set %v", f.cometSet)
	}
	// An unbonding validator that matures becomes unbonded.
	f.endBlock(2 * time.Hour)
	f.endBlock(time.Second)
	if f.val(addr(4)).Status != Unbonded {
		t.Fatalf("status %s after the period", f.val(addr(4)).Status)
	}
}

func TestEmptyValidatorIsRemoved(t *testing.T) {
	f := newFixture(t, testParams())
	a := addr(1)
	f.validator(a, 10)
	// Unbonded: the self-bond comes back at once and the validator goes.
	f.must(a, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(10)})
	if _, ok, _ := f.s.Validator(a); ok {
		t.Fatal("empty unbonded validator still exists")
	}
	if !f.balance(a).Eq(btt.FromBTT(10)) {
		t.Fatal("self-bond not returned")
	}
	// Its consensus key stays retired.
	f.fund(a, btt.FromBTT(10))
	f.fails(a, createMsg(a, btt.FromBTT(10)), ErrConsKeyInUse)
	f.endBlock(time.Second)
}

func TestSelfBondBelowMinimumJails(t *testing.T) {
	f := newFixture(t, testParams())
	a := addr(1)
	f.validator(a, 10)
	f.endBlock(time.Second)
	f.must(a, &MsgUndelegate{Validator: a, Amount: uint256.NewInt(1)}) // 1 wei
	if f.val(a).Jailed {
		t.Fatal("jailed while the self-bond is still above the minimum")
	}
	f.must(a, &MsgUndelegate{Validator: a, Amount: btt.FromBTT(9)})
	if !f.val(a).Jailed {
		t.Fatal("self-bond below the minimum did not jail")
	}
	f.endBlock(time.Second)
	if len(f.cometSet) != 0 {
		t.Fatal("jailed validator still in the set")
	}
}

// TestValidatorSetHistory checks that the set in force at a height can be
// read back later, from the height CometBFT starts using it.
func TestValidatorSetHistory(t *testing.T) {
	f := newFixture(t, testParams())
	f.validator(addr(1), 10)
	first := f.height
	f.endBlock(time.Second) // set {1} from first+2
	f.endBlock(time.Second)
	f.validator(addr(2), 20)
	second := f.height
	f.endBlock(time.Second) // set {1, 2} from second+2
	for _, c := range []struct {
		height uint64
		want   int
	}{{uint64(first + 1), 0}, {uint64(first + 2), 1}, {uint64(second + 1), 1}, {uint64(second + 2), 2}, {uint64(second + 50), 2}} {
		set, err := f.s.ValidatorSetAt(c.height)
		if err != nil {
			t.Fatal(err)
		}
		if len(set) != c.want {
			t.Errorf("set at height %d has %d validators, want %d", c.height, len(set), c.want)
		}
	}
	set, _ := f.s.ValidatorSetAt(uint64(second + 2))
	if set[0].Power+set[1].Power != 30 {
		t.Fatalf("powers in the recorded set: %+v", set)
	}
}
