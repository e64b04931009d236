package governance_test

import (
	"errors"
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
)

func TestQueryFilters(t *testing.T) {
	f := threeValidators(t)
	depositor := addr(20)
	f.fund(depositor, 100)
	voting := votingProposal(f, false)
	waiting := f.submit(proposer, 30, false)
	f.must(depositor, &governance.MsgDeposit{ProposalID: waiting, Amount: btt.FromBTT(5)})
	f.must(val1, vote(voting, governance.No))
	ended := votingProposal(f, false)
	f.must(proposer, &governance.MsgCancelProposal{ProposalID: ended})

	ids := func(flt governance.ProposalFilter) []uint64 {
		t.Helper()
		views, err := f.gov(f.kv).QueryProposals(flt)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, v := range views {
			out = append(out, v.ID)
		}
		return out
	}
	same := func(name string, got []uint64, want ...uint64) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: %v, want %v", name, got, want)
			}
		}
	}
	same("all", ids(governance.ProposalFilter{}), voting, waiting, ended)
	same("voting", ids(governance.ProposalFilter{Status: governance.VotingPeriod}), voting)
	same("canceled", ids(governance.ProposalFilter{Status: governance.Canceled}), ended)
	same("voter", ids(governance.ProposalFilter{Voter: &val1}), voting)
	same("depositor", ids(governance.ProposalFilter{Depositor: &depositor}), waiting)
	same("proposer deposited on both open ones", ids(governance.ProposalFilter{Depositor: &proposer}), voting, waiting)
	same("voting and voter", ids(governance.ProposalFilter{Status: governance.DepositPeriod, Voter: &val1}))

	votes, err := f.gov(f.kv).QueryVotes(voting)
	if err != nil || len(votes) != 1 || votes[0].Voter != val1 || votes[0].Options[0].Option != governance.No {
		t.Fatalf("votes %+v %v", votes, err)
	}
	deps, err := f.gov(f.kv).QueryDeposits(waiting)
	if err != nil || len(deps) != 2 || deps[1].Amount != "5btt" {
		t.Fatalf("deposits %+v %v", deps, err)
	}
	if _, err := f.gov(f.kv).QueryProposal(99); !errors.Is(err, governance.ErrNoProposal) {
		t.Fatalf("missing proposal: %v", err)
	}
}

// mintContent is a content kind another module would own: it mints to an
// address, and refuses the zero address at submission.
type mintContent struct{ To address.Address }

func (*mintContent) Kind() string    { return "test/mint" }
func (*mintContent) Validate() error { return nil }

var errNoZero = errors.New("no minting to the zero address")

func TestExtraContentKind(t *testing.T) {
	f := threeValidators(t)
	kind := governance.ContentKind{
		Name: "test/mint",
		New:  func() tx.Msg { return new(mintContent) },
		Check: func(_ state.KV, _ tx.Env, c tx.Msg) error {
			if c.(*mintContent).To == (address.Address{}) {
				return errNoZero
			}
			return nil
		},
		Execute: func(kv state.KV, _ tx.Env, c tx.Msg) ([]tx.Event, error) {
			return nil, bank.New(kv).Mint(c.(*mintContent).To, btt.FromBTT(7))
		},
	}
	with := func(kv state.KV) governance.Store {
		d := deps(kv)
		d.Contents = []governance.ContentKind{kind}
		return governance.New(kv, d)
	}
	submit := func(c tx.Msg) error {
		branch := state.NewCache(f.kv)
		if _, err := with(branch).Submit(f.env(proposer), f.submitMsg(100, false, c)); err != nil {
			return err
		}
		return branch.Flush(f.kv)
	}
	if err := submit(&mintContent{}); !errors.Is(err, governance.ErrBadContent) || !errors.Is(err, errNoZero) {
		t.Fatalf("refused content: %v", err)
	}
	// Without the kind registered, the chain does not know it.
	f.fails(proposer, f.submitMsg(100, false, &mintContent{To: addr(50)}), governance.ErrUnknownContent)
	if err := submit(&mintContent{To: addr(50)}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []address.Address{val1, val2, val3} {
		f.must(v, vote(1, governance.Yes))
	}
	f.endBlock(time.Hour)
	if _, err := with(f.kv).EndBlock(f.env(address.Address{})); err != nil {
		t.Fatal(err)
	}
	if !f.balance(addr(50)).Eq(btt.FromBTT(7)) {
		t.Fatalf("the content did not run: %s", btt.Format(f.balance(addr(50))))
	}
}
