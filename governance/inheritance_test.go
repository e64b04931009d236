package governance_test

import (
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

func wantTally(t *testing.T, f *fixture, id uint64, step string, yes, abstain, no, veto uint64) {
	t.Helper()
	got := f.tally(id)
	want := []uint64{yes, abstain, no, veto}
	for o := range 4 {
		if w := btt.FromBTT(want[o]); !option(got, o).Eq(w) {
			t.Fatalf("%s: %s = %s, want %s", step, governance.Option(o+1), btt.Format(option(got, o)), btt.Format(w))
		}
	}
	// The same tally is what the query shows.
	q, err := f.gov(f.kv).QueryTally(id)
	if err != nil || q.Yes != btt.Format(got.Yes) {
		t.Fatalf("%s: query %+v %v", step, q, err)
	}
}

func TestInheritance(t *testing.T) {
	f := threeValidators(t)
	del, other := addr(30), addr(31)
	f.delegate(del, val1, 50)
	f.delegate(other, val2, 50)
	f.endBlock(time.Second)
	id := votingProposal(f, false)

	f.must(val1, vote(id, governance.Yes))
	wantTally(t, f, id, "val1 votes yes for all its 150", 150, 0, 0, 0)

	f.must(del, vote(id, governance.No))
	wantTally(t, f, id, "its delegator overrides with no", 100, 0, 50, 0)

	// val2 does not vote: only its delegator's own vote counts.
	f.must(other, &governance.MsgVote{ProposalID: id, Options: []governance.WeightedOption{
		{Option: governance.Yes, Weight: dec.Percent(60)}, {Option: governance.Abstain, Weight: dec.Percent(40)}}})
	wantTally(t, f, id, "a split vote at a validator that did not vote", 130, 20, 50, 0)

	// Stake moves after the vote and the tally follows it.
	f.delegate(del, val1, 30)
	wantTally(t, f, id, "the delegator adds 30", 130, 20, 80, 0)
	f.must(del, &staking.MsgRedelegate{Src: val1, Dst: val3, Amount: btt.FromBTT(20)})
	wantTally(t, f, id, "it redelegates 20 to a validator that did not vote; its own vote still counts there", 130, 20, 80, 0)
	f.must(del, &staking.MsgUndelegate{Validator: val1, Amount: btt.FromBTT(60)})
	wantTally(t, f, id, "it unbonds the rest at val1", 130, 20, 20, 0)

	// Changing a vote replaces it; the validator's vote changes what its
	// other delegators inherit.
	f.must(del, vote(id, governance.NoWithVeto))
	wantTally(t, f, id, "the delegator changes to veto", 130, 20, 0, 20)
	f.must(val1, vote(id, governance.Abstain))
	wantTally(t, f, id, "val1 changes to abstain", 30, 120, 0, 20)

	// A delegator with no vote of its own stakes with val1: it inherits.
	f.delegate(addr(32), val1, 40)
	wantTally(t, f, id, "a silent delegator joins val1", 30, 160, 0, 20)
	f.endBlock(time.Second)
	f.checkInvariants()
}

func TestTallyFollowsSlashAndActiveSet(t *testing.T) {
	f := threeValidators(t)
	del := addr(30)
	f.delegate(del, val1, 100)
	f.endBlock(time.Second)
	id := votingProposal(f, false)
	f.must(val1, vote(id, governance.Yes))
	f.must(del, vote(id, governance.No))
	wantTally(t, f, id, "before the slash", 100, 0, 100, 0)

	// A double sign burns 5% of val1's tokens: both sides shrink, with no
	// share changing.
	sk := f.staking(f.kv)
	v, _, err := sk.Validator(val1)
	if err != nil {
		t.Fatal(err)
	}
	inf := staking.Infraction{ConsAddress: v.ConsAddress(), Height: f.height - 1, Power: v.Power()}
	if _, err := sk.HandleDoubleSign(f.env(val1), inf, f.now); err != nil {
		t.Fatal(err)
	}
	wantTally(t, f, id, "after the slash, while val1 is still bonded", 95, 0, 95, 0)

	// Jailed, val1 leaves the active set at the end of the block: its
	// stake no longer votes.
	f.endBlock(time.Second)
	wantTally(t, f, id, "val1 left the active set", 0, 0, 0, 0)
	if bonded, err := staking.New(f.kv).BondedTokens(); err != nil || !bonded.Eq(new(uint256.Int).Mul(uint256.NewInt(200), btt.OneBTT())) {
		t.Fatalf("bonded %v %v", bonded, err)
	}
}
