package governance_test

import (
	"errors"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/governance"
)

var (
	val1, val2, val3 = addr(1), addr(2), addr(3)
	proposer         = addr(9)
	desk             = address.Module(bank.GovernanceDesk)
)

// threeValidators starts a chain with three bonded validators of 100 BTT
// and a proposer holding 1,000 BTT.
func threeValidators(t *testing.T) *fixture {
	f := newFixture(t)
	for _, v := range []address.Address{val1, val2, val3} {
		f.validator(v, 100)
	}
	f.fund(proposer, 1000)
	f.endBlock(time.Second)
	return f
}

// votingProposal submits a text proposal with the full deposit.
func votingProposal(f *fixture, expedited bool) uint64 {
	n := uint64(100)
	if expedited {
		n = 500
	}
	id := f.submit(proposer, n, expedited)
	if s := f.proposal(id).Status; s != "voting_period" {
		f.t.Fatalf("proposal with the full deposit is %s", s)
	}
	return id
}

func TestLifecycle(t *testing.T) {
	cases := []struct {
		name      string
		expedited bool
		votes     map[address.Address]governance.Option
		status    string
		outcome   string
		burned    bool
	}{
		{"passes", false, map[address.Address]governance.Option{val1: governance.Yes, val2: governance.Yes, val3: governance.No}, "passed", "passed", false},
		{"rejected", false, map[address.Address]governance.Option{val1: governance.Yes, val2: governance.No, val3: governance.No}, "rejected", "threshold not reached", false},
		{"vetoed burns the deposit", false, map[address.Address]governance.Option{val1: governance.Yes, val2: governance.NoWithVeto, val3: governance.NoWithVeto}, "rejected", "vetoed", true},
		// 100 of 300 bonded is 0.333…, below the 0.334 quorum.
		{"no quorum", false, map[address.Address]governance.Option{val1: governance.Yes}, "rejected", "quorum not reached", false},
		{"all abstain", false, map[address.Address]governance.Option{val1: governance.Abstain, val2: governance.Abstain}, "rejected", "every vote abstained", false},
		{"expedited passes early", true, map[address.Address]governance.Option{val1: governance.Yes, val2: governance.Yes, val3: governance.Yes}, "passed", "passed", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := threeValidators(t)
			supply := f.supply()
			id := votingProposal(f, c.expedited)
			for _, v := range []address.Address{val1, val2, val3} {
				if o, ok := c.votes[v]; ok {
					f.must(v, vote(id, o))
				}
			}
			period := time.Hour
			if c.expedited {
				period = 10 * time.Minute
			}
			f.endBlock(period - time.Second)
			f.endBlock(time.Second) // a block one second before the end
			if s := f.proposal(id).Status; s != "voting_period" {
				t.Fatalf("before the end of voting the proposal is %s", s)
			}
			f.endBlock(time.Second) // the block at the end
			p := f.proposal(id)
			if p.Status != c.status || p.Outcome != c.outcome {
				t.Fatalf("status %s (%s), want %s (%s)", p.Status, p.Outcome, c.status, c.outcome)
			}
			deposit := btt.FromBTT(100)
			if c.expedited {
				deposit = btt.FromBTT(500)
			}
			wantSupply, wantBalance := supply, btt.FromBTT(1000)
			if c.burned {
				wantSupply = new(uint256.Int).Sub(supply, deposit)
				wantBalance = new(uint256.Int).Sub(wantBalance, deposit)
			}
			if got := f.supply(); !got.Eq(wantSupply) {
				t.Fatalf("supply %s, want %s", got.Dec(), wantSupply.Dec())
			}
			if got := f.balance(proposer); !got.Eq(wantBalance) {
				t.Fatalf("proposer holds %s, want %s", btt.Format(got), btt.Format(wantBalance))
			}
			if p.FinalTally == nil {
				t.Fatal("no final tally")
			}
		})
	}
}

func TestExpeditedBecomesRegular(t *testing.T) {
	f := threeValidators(t)
	id := votingProposal(f, true)
	// Two of three vote yes: 0.667 is not above the expedited threshold of
	// 0.667, but is above the regular 0.5.
	f.must(val1, vote(id, governance.Yes))
	f.must(val2, vote(id, governance.Yes))
	f.must(val3, vote(id, governance.No))
	f.endBlock(10 * time.Minute)
	f.endBlock(time.Second)
	p := f.proposal(id)
	if p.Status != "voting_period" || p.Expedited {
		t.Fatalf("after the expedited period: %s, expedited %v; want a regular proposal still voting", p.Status, p.Expedited)
	}
	// The votes carry over; the regular period counts from the start.
	f.endBlock(time.Hour - 10*time.Minute - time.Second)
	if p := f.proposal(id); p.Status != "voting_period" {
		t.Fatalf("a second before the regular end: %s", p.Status)
	}
	f.endBlock(time.Second)
	if p := f.proposal(id); p.Status != "passed" {
		t.Fatalf("at the regular end: %s (%s)", p.Status, p.Outcome)
	}
}

func TestDepositPeriod(t *testing.T) {
	f := threeValidators(t)
	f.fund(addr(20), 1000)
	// The initial deposit must be at least 25% of the minimum.
	f.fails(proposer, f.submitMsg(24, false), governance.ErrInitialDeposit)
	id := f.submit(proposer, 25, false)
	if s := f.proposal(id).Status; s != "deposit_period" {
		t.Fatalf("status %s", s)
	}
	// Votes wait for the voting period; dust deposits are refused.
	f.fails(val1, vote(id, governance.Yes), governance.ErrNotVoting)
	f.fails(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(0).AddUint64(btt.FromBTT(0), 1)}, governance.ErrDepositTooSmall)
	f.fails(addr(20), &governance.MsgDeposit{ProposalID: 77, Amount: btt.FromBTT(10)}, governance.ErrNoProposal)
	f.must(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(74)})
	if s := f.proposal(id).Status; s != "deposit_period" {
		t.Fatalf("99 of 100 BTT: status %s", s)
	}
	if !f.balance(desk).Eq(btt.FromBTT(99)) {
		t.Fatalf("desk holds %s", btt.Format(f.balance(desk)))
	}
	supply := f.supply()
	f.endBlock(time.Hour)
	f.endBlock(time.Second)
	p := f.proposal(id)
	if p.Status != "deposit_lapsed" {
		t.Fatalf("after the deposit period: %s", p.Status)
	}
	if want := new(uint256.Int).Sub(supply, btt.FromBTT(99)); !f.supply().Eq(want) {
		t.Fatalf("lapsed deposits were not burned: supply %s, want %s", f.supply().Dec(), want.Dec())
	}
	f.fails(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(10)}, governance.ErrNotOpen)
}

func TestDepositStartsVoting(t *testing.T) {
	f := threeValidators(t)
	f.fund(addr(20), 1000)
	id := f.submit(proposer, 30, false)
	f.endBlock(time.Minute)
	f.must(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(70)})
	p := f.proposal(id)
	if p.Status != "voting_period" || p.VotingStart == "" {
		t.Fatalf("full deposit: status %s, voting start %q", p.Status, p.VotingStart)
	}
	// Deposits are still taken while voting; all are refunded at the end.
	f.must(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(5)})
	for _, v := range []address.Address{val1, val2} {
		f.must(v, vote(id, governance.Yes))
	}
	f.endBlock(time.Hour)
	f.endBlock(time.Second)
	if p := f.proposal(id); p.Status != "passed" {
		t.Fatalf("status %s", p.Status)
	}
	if !f.balance(addr(20)).Eq(btt.FromBTT(1000)) || !f.balance(proposer).Eq(btt.FromBTT(1000)) {
		t.Fatalf("deposits not refunded: %s, %s", btt.Format(f.balance(addr(20))), btt.Format(f.balance(proposer)))
	}
}

func TestCancel(t *testing.T) {
	f := threeValidators(t)
	f.fund(addr(20), 1000)
	id := votingProposal(f, false)
	f.must(addr(20), &governance.MsgDeposit{ProposalID: id, Amount: btt.FromBTT(10)})
	f.must(val1, vote(id, governance.Yes))
	f.fails(addr(20), &governance.MsgCancelProposal{ProposalID: id}, governance.ErrNotProposer)
	supply := f.supply()
	f.must(proposer, &governance.MsgCancelProposal{ProposalID: id})
	p := f.proposal(id)
	if p.Status != "canceled" {
		t.Fatalf("status %s", p.Status)
	}
	// Half of each deposit is burned, half refunded.
	if want := new(uint256.Int).Sub(supply, btt.FromBTT(55)); !f.supply().Eq(want) {
		t.Fatalf("supply %s, want %s", f.supply().Dec(), want.Dec())
	}
	if !f.balance(proposer).Eq(btt.FromBTT(950)) || !f.balance(addr(20)).Eq(btt.FromBTT(995)) {
		t.Fatalf("refunds: proposer %s, depositor %s", btt.Format(f.balance(proposer)), btt.Format(f.balance(addr(20))))
	}
	f.fails(proposer, &governance.MsgCancelProposal{ProposalID: id}, governance.ErrNotOpen)
	f.fails(val1, vote(id, governance.No), governance.ErrNotVoting)
	f.endBlock(time.Hour) // the cancelled proposal left its queue: nothing to end
	if p := f.proposal(id); p.Status != "canceled" {
		t.Fatalf("after its period: %s", p.Status)
	}
}

func TestVoteValidation(t *testing.T) {
	one, half := dec.One(), dec.Percent(50)
	for name, opts := range map[string][]governance.WeightedOption{
		"none":           nil,
		"unknown option": {{Option: 5, Weight: one}},
		"repeated":       {{Option: governance.Yes, Weight: half}, {Option: governance.Yes, Weight: half}},
		"sum below 1":    {{Option: governance.Yes, Weight: half}},
		"sum above 1":    {{Option: governance.Yes, Weight: one}, {Option: governance.No, Weight: half}},
		"zero weight":    {{Option: governance.Yes, Weight: one}, {Option: governance.No, Weight: dec.Zero()}},
	} {
		if err := (&governance.MsgVote{ProposalID: 1, Options: opts}).Validate(); !errors.Is(err, governance.ErrBadVote) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := governance.ParseOption("maybe"); err == nil {
		t.Fatal("unknown option parsed")
	}
	if o, err := governance.ParseOption("No-With-Veto"); err != nil || o != governance.NoWithVeto {
		t.Fatalf("no-with-veto: %v %v", o, err)
	}
}
