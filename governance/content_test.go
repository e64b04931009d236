package governance_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// pass runs a proposal with contents through a unanimous vote and returns
// its final view.
func pass(f *fixture, contents ...tx.Msg) governance.ProposalView {
	f.t.Helper()
	id := f.submit(proposer, 100, false, contents...)
	for _, v := range []address.Address{val1, val2, val3} {
		f.must(v, vote(id, governance.Yes))
	}
	f.endBlock(time.Hour)
	f.endBlock(time.Second)
	return f.proposal(id)
}

func TestParamChangeRefusedAtSubmission(t *testing.T) {
	f := threeValidators(t)
	for name, c := range map[string]*governance.MsgParamChange{
		"value the module refuses": paramChange("staking", "max_validators", 0),
		"wrong JSON type":          paramChange("staking", "max_validators", "many"),
		"unknown key":              paramChange("staking", "max_validatorz", 5),
		"unknown module":           paramChange("dex", "fee", 5),
		"governance's own rules":   paramChange("governance", "expedited_voting_period", "72h"),
		"one bad of two": {Changes: []governance.ParamChange{
			{Module: "bank", Key: "send_enabled", Value: json.RawMessage(`false`)},
			{Module: "governance", Key: "quorum", Value: json.RawMessage(`"1.5"`)}}},
	} {
		supply := f.supply()
		if _, err := f.run(proposer, f.submitMsg(100, false, c)); !errors.Is(err, governance.ErrBadContent) {
			t.Errorf("%s: %v", name, err)
		}
		if !f.supply().Eq(supply) || !f.balance(proposer).Eq(btt.FromBTT(1000)) {
			t.Fatalf("%s: a refused proposal moved funds", name)
		}
	}
	props, err := f.gov(f.kv).QueryProposals(governance.ProposalFilter{})
	if err != nil || len(props) != 0 {
		t.Fatalf("refused proposals were stored: %d %v", len(props), err)
	}
	// The error names the parameter and the module's reason.
	_, err = f.run(proposer, f.submitMsg(100, false, paramChange("staking", "max_validators", 0)))
	if err == nil || !strings.Contains(err.Error(), "max_validators") {
		t.Fatalf("error does not name the parameter: %v", err)
	}
}

func TestParamChangeApplied(t *testing.T) {
	f := threeValidators(t)
	change := &governance.MsgParamChange{Changes: []governance.ParamChange{
		{Module: "staking", Key: "max_validators", Value: json.RawMessage(`50`)},
		{Module: "staking", Key: "unbonding_time", Value: json.RawMessage(`"48h"`)},
		{Module: "governance", Key: "quorum", Value: json.RawMessage(`0.4`)},
	}}
	id := f.submit(proposer, 100, false, change)
	if p, _ := staking.New(f.kv).Params(); p.MaxValidators == 50 {
		t.Fatal("applied before the vote")
	}
	for _, v := range []address.Address{val1, val2, val3} {
		f.must(v, vote(id, governance.Yes))
	}
	f.endBlock(time.Hour)
	f.endBlock(time.Second)
	if p := f.proposal(id); p.Status != "passed" {
		t.Fatalf("status %s (%s)", p.Status, p.Outcome)
	}
	sp, err := staking.New(f.kv).Params()
	if err != nil || sp.MaxValidators != 50 || sp.UnbondingTime.Duration != 48*time.Hour {
		t.Fatalf("staking params %+v %v", sp, err)
	}
	gp, err := f.gov(f.kv).Params()
	if err != nil || gp.Quorum.String() != "0.4" {
		t.Fatalf("governance quorum %s %v", gp.Quorum, err)
	}
}

func TestParamChangesAreAtomic(t *testing.T) {
	f := threeValidators(t)
	// Each is valid when submitted, but the first to end (the lower id)
	// makes the second invalid: the expedited period must stay below the
	// voting period. The second fails as a whole.
	first := f.submit(proposer, 100, false, paramChange("governance", "expedited_voting_period", "50m"))
	second := f.submit(proposer, 100, false, paramChange("bank", "send_enabled", false),
		paramChange("governance", "voting_period", "40m"))
	for _, id := range []uint64{first, second} {
		for _, v := range []address.Address{val1, val2, val3} {
			f.must(v, vote(id, governance.Yes))
		}
	}
	f.endBlock(time.Hour)
	f.endBlock(time.Second)
	if p := f.proposal(first); p.Status != "passed" {
		t.Fatalf("first: %s (%s)", p.Status, p.Outcome)
	}
	p := f.proposal(second)
	if p.Status != "failed" || !strings.Contains(p.Outcome, "expedited_voting_period") {
		t.Fatalf("second: %s (%s)", p.Status, p.Outcome)
	}
	if bp, _ := bank.New(f.kv).Params(); !bp.SendEnabled {
		t.Fatal("a failed proposal's other change was kept")
	}
	if !f.balance(proposer).Eq(btt.FromBTT(1000)) {
		t.Fatalf("a failed proposal's deposit was not refunded: %s", btt.Format(f.balance(proposer)))
	}
}

func TestSoftwareUpgrade(t *testing.T) {
	f := threeValidators(t)
	plan := func(name string, h int64) *governance.MsgSoftwareUpgrade {
		return &governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: name, Height: uint64(h), Info: "v2"}}
	}
	f.fails(proposer, f.submitMsg(100, false, plan("v2", f.height)), governance.ErrBadContent)
	f.fails(proposer, f.submitMsg(100, false, plan("v 2", f.height+100)), governance.ErrBadContent)
	if p := pass(f, plan("v2", f.height+100)); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	g := f.gov(f.kv)
	got, ok, err := g.UpgradePlan()
	if err != nil || !ok || got.Name != "v2" {
		t.Fatalf("plan %+v %v %v", got, ok, err)
	}
	if p := pass(f, &governance.MsgCancelUpgrade{}); p.Status != "passed" {
		t.Fatalf("cancel: %s (%s)", p.Status, p.Outcome)
	}
	if _, ok, _ := f.gov(f.kv).UpgradePlan(); ok {
		t.Fatal("cancelled plan still there")
	}
	// Cancelling when nothing is scheduled passes the vote but fails to run.
	if p := pass(f, &governance.MsgCancelUpgrade{}); p.Status != "failed" || !strings.Contains(p.Outcome, "no software upgrade") {
		t.Fatalf("cancel of nothing: %s (%s)", p.Status, p.Outcome)
	}
	// Once applied, a name cannot be scheduled again.
	pass(f, plan("v3", f.height+100))
	g = f.gov(f.kv)
	p, _, _ := g.UpgradePlan()
	if _, err := g.MarkUpgradeApplied(p, p.Height); err != nil {
		t.Fatal(err)
	}
	if h, ok, err := g.UpgradeApplied("v3"); err != nil || !ok || h != p.Height {
		t.Fatalf("applied %d %v %v", h, ok, err)
	}
	f.fails(proposer, f.submitMsg(100, false, plan("v3", f.height+500)), governance.ErrBadContent)
}

func TestCommunityPoolSpend(t *testing.T) {
	f := threeValidators(t)
	pool := address.Module(bank.CommunityPool)
	f.fund(pool, 50)
	to := addr(40)
	spend := func(n uint64) *governance.MsgCommunityPoolSpend {
		return &governance.MsgCommunityPoolSpend{Recipient: to, Amount: btt.FromBTT(n)}
	}
	f.fails(proposer, f.submitMsg(100, false, &governance.MsgCommunityPoolSpend{Recipient: pool, Amount: btt.FromBTT(1)}), governance.ErrBadContent)
	if p := pass(f, spend(30)); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	if !f.balance(to).Eq(btt.FromBTT(30)) || !f.balance(pool).Eq(btt.FromBTT(20)) {
		t.Fatalf("recipient %s, pool %s", btt.Format(f.balance(to)), btt.Format(f.balance(pool)))
	}
	if p := pass(f, spend(30)); p.Status != "failed" {
		t.Fatalf("overspend: %s (%s)", p.Status, p.Outcome)
	}
	if !f.balance(pool).Eq(btt.FromBTT(20)) {
		t.Fatal("a failed spend moved funds")
	}
}

func TestUnknownContent(t *testing.T) {
	f := threeValidators(t)
	m := f.submitMsg(100, false)
	m.Contents = []tx.RawMsg{{Kind: "bridge/register", Data: []byte{0xc0}}}
	f.fails(proposer, m, governance.ErrUnknownContent)
	m.Contents = []tx.RawMsg{{Kind: governance.KindParamChange, Data: []byte{0x01, 0x02}}}
	f.fails(proposer, m, governance.ErrBadContent)
}
