package staking

import (
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
)

func TestRewardsSplitByPowerCommissionAndShares(t *testing.T) {
	p := testParams()
	p.BlockReward = btt.NewAmount(btt.FromBTT(100))
	p.CommunityTax = dec.Percent(10)
	f := newFixture(t, p)
	a, b, d := addr(1), addr(2), addr(50)
	f.validator(a, 30) // commission 10%
	f.validator(b, 10)
	f.fund(d, btt.FromBTT(10))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(10)}) // a: 40 power, d holds 1/4
	f.fund(rewardPool, btt.FromBTT(150))
	f.fund(feeCollector, btt.FromBTT(20))
	f.endBlock(time.Second)

	f.beginBlock(f.votes())
	// 120 BTT in all: 12 to the community; 108 split 40:10 → a 86.4, b 21.6.
	if got := f.balance(communityPool); !got.Eq(btt.FromBTT(12)) {
		t.Fatalf("community pool %s", btt.Format(got))
	}
	if got := f.balance(rewardPool); !got.Eq(btt.FromBTT(50)) {
		t.Fatalf("reward pool %s after one block", btt.Format(got))
	}
	aShare := dec.MustParse("86.4").MulInt(btt.OneBTT())
	commission := dec.Percent(10).MulInt(aShare)
	dWant := new(uint256.Int).Div(new(uint256.Int).Sub(aShare, commission), uint256.NewInt(4))
	if got, _ := f.s.PendingRewards(d, a); !near(got, dWant) {
		t.Fatalf("delegator's pending %s, want %s", btt.Format(got), btt.Format(dWant))
	}
	if got := f.val(a).AccruedCommission; !near(got, commission) {
		t.Fatalf("commission %s, want %s", btt.Format(got), btt.Format(commission))
	}
	f.endBlock(time.Second)

	// A validator that did not sign gets nothing; the pool runs dry at 50.
	f.beginBlock(f.votes(b))
	f.endBlock(time.Second)
	if got := f.balance(rewardPool); !got.IsZero() {
		t.Fatalf("reward pool %s, want empty", btt.Format(got))
	}
	bPending, _ := f.s.PendingRewards(b, b)
	if want := dec.MustParse("19.44").MulInt(btt.OneBTT()); !near(bPending, want) { // 90% of 21.6 after commission
		t.Fatalf("b's self-delegation earned %s, want %s (nothing from the block it missed)", btt.Format(bPending), btt.Format(want))
	}

	// Changing stake pays out what was earned; withdrawing twice fails.
	before := f.balance(d)
	pending, _ := f.s.PendingRewards(d, a)
	f.fund(d, btt.FromBTT(1))
	f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(1)})
	if got := new(uint256.Int).Sub(f.balance(d), before); !got.Eq(pending) {
		t.Fatalf("delegating paid out %s, pending was %s", btt.Format(got), btt.Format(pending))
	}
	f.fails(d, &MsgWithdrawRewards{}, ErrNothingToWithdraw)
	comm := f.val(a).AccruedCommission
	before = f.balance(a)
	f.must(a, &MsgWithdrawRewards{Commission: true})
	if got := new(uint256.Int).Sub(f.balance(a), before); got.Lt(comm) {
		t.Fatalf("operator withdrew %s, commission was %s", btt.Format(got), btt.Format(comm))
	}
	f.endBlock(time.Second)
}

// near allows the few wei that rounding down leaves behind.
func near(a, b *uint256.Int) bool {
	d := new(uint256.Int)
	if a.Gt(b) {
		d.Sub(a, b)
	} else {
		d.Sub(b, a)
	}
	return d.Lt(uint256.NewInt(1000))
}

func TestRewardsCostDoesNotGrowWithDelegators(t *testing.T) {
	// Allocation writes the validator, never the delegations: count writes.
	f := newFixture(t, testParams())
	a := addr(1)
	f.validator(a, 10)
	for i := 0; i < 200; i++ {
		d := addr(byte(100 + i%100))
		d[2] = byte(i)
		f.fund(d, btt.FromBTT(1))
		f.must(d, &MsgDelegate{Validator: a, Amount: btt.FromBTT(1)})
	}
	f.fund(feeCollector, btt.FromBTT(5))
	f.endBlock(time.Second)
	branch := state.NewCache(f.kv)
	if _, err := New(branch).AllocateRewards(f.votes()); err != nil {
		t.Fatal(err)
	}
	// The validator, four pool accounts: nothing per delegator.
	if n := branch.Len(); n == 0 || n > 6 {
		t.Fatalf("allocating to one validator with 200 delegators wrote %d keys", n)
	}
}
