package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// govChain is a test chain whose voter runs a genesis validator with
// nearly all the stake, and whose governance periods are seconds long.
func govChain(t *testing.T, cfg Config) (*testChain, *user) {
	voter := newUser(t)
	st := appStateWith(map[address.Address]*uint256.Int{voter.addr: btt.FromBTT(1_000_000)}, func(s *genesis.AppState) {
		cons := ed25519.GenPrivKeyFromSecret([]byte("voter")).PubKey().Bytes()
		if err := genesis.AddValidator(s, voter.addr, cons, "voter", btt.FromBTT(100_000)); err != nil {
			t.Fatal(err)
		}
		g := &s.Governance.Params
		g.MinDeposit, g.ExpeditedMinDeposit = btt.NewAmount(btt.FromBTT(10)), btt.NewAmount(btt.FromBTT(50))
		g.MaxDepositPeriod, g.VotingPeriod, g.ExpeditedVotingPeriod = dec.Of(time.Minute), dec.Of(5*time.Second), dec.Of(2*time.Second)
	})
	return newTestChain(t, memStore(t), st, cfg), voter
}

// propose submits contents with the full deposit, votes yes, and runs
// blocks until the vote ends; it returns the proposal's final view.
func (c *testChain) passProposal(voter *user, contents ...tx.Msg) governance.ProposalView {
	c.tb.Helper()
	m := &governance.MsgSubmitProposal{Title: "change", InitialDeposit: btt.FromBTT(10)}
	for _, ct := range contents {
		raw, err := tx.EncodeMsg(ct)
		if err != nil {
			c.tb.Fatal(err)
		}
		m.Contents = append(m.Contents, raw)
	}
	res := c.block(voter.sign(c.tb, testChainID, 500_000, m))
	if r := res.TxResults[0]; r.Code != 0 {
		c.tb.Fatalf("submit: %s", r.Log)
	}
	var props []governance.ProposalView
	c.govQuery("proposals", &props)
	id := props[len(props)-1].ID
	if res := c.block(voter.sign(c.tb, testChainID, 200_000, &governance.MsgVote{ProposalID: id,
		Options: []governance.WeightedOption{{Option: governance.Yes, Weight: dec.One()}}})); res.TxResults[0].Code != 0 {
		c.tb.Fatalf("vote: %s", res.TxResults[0].Log)
	}
	var tally governance.TallyView
	c.govQuery(fmt.Sprintf("tally/%d", id), &tally)
	if tally.Yes == "0btt" {
		c.tb.Fatalf("live tally after the vote: %+v", tally)
	}
	var p governance.ProposalView
	for range 10 {
		c.block()
		c.govQuery(fmt.Sprintf("proposal/%d", id), &p)
		if p.Status != "voting_period" {
			return p
		}
	}
	c.tb.Fatalf("proposal %d still %s", id, p.Status)
	return p
}

func (c *testChain) govQuery(path string, out any) {
	c.tb.Helper()
	res := c.query(api.PathGov+path, nil, 0, false)
	if res.Code != 0 {
		c.tb.Fatalf("query %s: %s", path, res.Log)
	}
	if err := json.Unmarshal(res.Value, out); err != nil {
		c.tb.Fatal(err)
	}
}

func (c *testChain) params() api.ParamsView {
	c.tb.Helper()
	var v api.ParamsView
	if err := json.Unmarshal(c.query(api.PathParams, nil, 0, false).Value, &v); err != nil {
		c.tb.Fatal(err)
	}
	return v
}

func (c *testChain) stakingParams() staking.Params {
	c.tb.Helper()
	var p staking.Params
	if err := json.Unmarshal(c.params().Staking, &p); err != nil {
		c.tb.Fatal(err)
	}
	return p
}

func TestGovernanceParamChange(t *testing.T) {
	c, voter := govChain(t, Config{})
	// A bad value is refused at submission: the transaction fails and no
	// proposal exists.
	bad := &governance.MsgParamChange{Changes: []governance.ParamChange{{Module: "tx", Key: "max_block_gas", Value: json.RawMessage(`5`)}}}
	m := &governance.MsgSubmitProposal{Title: "bad", InitialDeposit: btt.FromBTT(10)}
	raw, _ := tx.EncodeMsg(bad)
	m.Contents = []tx.RawMsg{raw}
	res := c.block(voter.sign(t, testChainID, 500_000, m))
	if r := res.TxResults[0]; r.Codespace != governance.Codespace || r.Code != governance.Codes[governance.ErrBadContent] || !strings.Contains(r.Log, "max_block_gas") {
		t.Fatalf("bad param change: %s/%d %s", r.Codespace, r.Code, r.Log)
	}

	change := &governance.MsgParamChange{Changes: []governance.ParamChange{
		{Module: "tx", Key: "max_block_gas", Value: json.RawMessage(`300000`)},
		{Module: "staking", Key: "max_validators", Value: json.RawMessage(`7`)},
	}}
	if p := c.passProposal(voter, change); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	v, sp := c.params(), c.stakingParams()
	if v.Tx.MaxBlockGas != 300_000 || sp.MaxValidators != 7 {
		t.Fatalf("params after the vote: tx %+v, staking max_validators %d", v.Tx, sp.MaxValidators)
	}
	// The pipeline applies the new block gas limit from the next block.
	if res := c.checkTx(voter.sign(t, testChainID, 400_000, sendMsg(address.Address{1}, btt.FromBTT(1)))); res.Code != codeOf(t, ErrGasLimitTooHigh) {
		t.Fatalf("a transaction over the new block gas limit: code %d %s", res.Code, res.Log)
	}
	// Reopening reads the changed params from state.
	again, err := New(c.app.Store(), Config{})
	if err != nil || again.params().MaxBlockGas != 300_000 {
		t.Fatalf("reopened: %+v %v", *again.params(), err)
	}
}

func codeOf(t *testing.T, err error) uint32 {
	_, c := CodeOf(err)
	return c
}

// e2eUpgrade raises staking's max_entries, so that a test can see it ran.
var e2eUpgrade = Upgrade{Name: "v2", Apply: func(kv state.KV, _ tx.Env) error {
	s := staking.New(kv)
	p, err := s.Params()
	if err != nil {
		return err
	}
	p.MaxEntries = 9
	return s.SetParams(p)
}}

func TestGovernanceUpgrade(t *testing.T) {
	c, voter := govChain(t, Config{})
	at := c.height + 12
	plan := &governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: "v2", Height: uint64(at), Info: "see the release notes"}}
	if p := c.passProposal(voter, plan); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	var view governance.UpgradeView
	c.govQuery("upgrade-plan", &view)
	if view.Plan == nil || view.Plan.Height != uint64(at) {
		t.Fatalf("plan %+v", view.Plan)
	}
	for c.height < at-1 {
		select {
		case err := <-c.app.Halted():
			t.Fatalf("halted early at %d: %v", c.height, err)
		default:
		}
		c.block()
	}
	// Committing the block before the upgrade asks the node to stop.
	var halt error
	select {
	case halt = <-c.app.Halted():
	default:
		t.Fatal("no halt after the block before the upgrade")
	}
	var need *UpgradeNeededError
	if !errors.As(halt, &need) || !strings.Contains(halt.Error(), fmt.Sprintf("UPGRADE v2 NEEDED at height %d", at)) {
		t.Fatalf("halt: %v", halt)
	}
	// The old binary neither votes for nor runs the upgrade block.
	proc, err := c.app.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Height: at, Time: c.time})
	if err != nil || proc.Status != abci.ResponseProcessProposal_REJECT {
		t.Fatalf("ProcessProposal at the upgrade height: %v %v", proc, err)
	}
	if _, err := c.app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{Height: at, Time: c.time.Add(time.Second)}); !errors.As(err, &need) {
		t.Fatalf("FinalizeBlock at the upgrade height: %v", err)
	}
	hash := c.app.Store().LastHash()
	// Restarting the old binary is refused with the same message.
	if _, err := New(c.app.Store(), Config{}); !errors.As(err, &need) {
		t.Fatalf("old binary restarted: %v", err)
	}
	// A binary that knows the upgrade resumes from the same state and
	// applies it at the height.
	app, err := New(c.app.Store(), Config{Upgrades: []Upgrade{e2eUpgrade}})
	if err != nil {
		t.Fatal(err)
	}
	c.app = app
	if got := c.app.Store().LastHash(); string(got) != string(hash) {
		t.Fatal("state moved while halted")
	}
	res := c.block()
	if !hasEvent(res.Events, governance.EventUpgradeApplied) {
		t.Fatalf("no upgrade event in %v", res.Events)
	}
	var applied governance.AppliedView
	c.govQuery("upgrade-applied/v2", &applied)
	if !applied.Applied || applied.Height != uint64(at) || c.stakingParams().MaxEntries != 9 {
		t.Fatalf("applied %+v, max_entries %d", applied, c.stakingParams().MaxEntries)
	}
	c.govQuery("upgrade-plan", &view)
	if view.Plan != nil {
		t.Fatalf("plan still scheduled: %+v", view.Plan)
	}
	c.block()
}

func TestUpgradeBinaryTooEarly(t *testing.T) {
	c, voter := govChain(t, Config{})
	plan := &governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: "v2", Height: uint64(c.height + 100)}}
	if p := c.passProposal(voter, plan); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	if _, err := New(c.app.Store(), Config{Upgrades: []Upgrade{e2eUpgrade}}); !errors.Is(err, ErrUpgradeTooEarly) {
		t.Fatalf("new binary before the height: %v", err)
	}
}

func hasEvent(events []abci.Event, typ string) bool {
	for _, e := range events {
		if e.Type == typ {
			return true
		}
	}
	return false
}

func TestGovernanceQueries(t *testing.T) {
	c, voter := govChain(t, Config{})
	if p := c.passProposal(voter); p.Status != "passed" {
		t.Fatalf("text proposal: %s (%s)", p.Status, p.Outcome)
	}
	var list []governance.ProposalView
	c.govQuery("proposals?status=passed", &list)
	if len(list) != 1 || list[0].Title != "change" {
		t.Fatalf("passed proposals: %+v", list)
	}
	c.govQuery("proposals?status=voting_period&voter="+voter.addr.Hex(), &list)
	if len(list) != 0 {
		t.Fatalf("voting proposals: %+v", list)
	}
	for path, code := range map[string]uint32{
		"proposals?status=sleeping": api.CodeBadRequest,
		"proposals?voter=0x12":      api.CodeBadRequest,
		"proposal/abc":              api.CodeBadRequest,
		"proposal":                  api.CodeBadRequest,
		"proposal/99":               api.CodeNotFound,
		"ballots/1":                 api.CodeUnknownPath,
		"upgrade-applied/":          api.CodeBadRequest,
	} {
		if res := c.query(api.PathGov+path, nil, 0, false); res.Code != code {
			t.Errorf("%s: code %d (%s), want %d", path, res.Code, res.Log, code)
		}
	}
	var gp governance.Params
	if err := json.Unmarshal(c.params().Governance, &gp); err != nil || gp.Quorum.String() != "0.334" {
		t.Fatalf("governance params in /params: %+v (%v)", gp, err)
	}
}
