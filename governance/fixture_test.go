package governance_test

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// fixture drives governance with the real staking and bank modules over a
// real tree, wired by chain.Wire as production is: messages run in branches that
// are kept only on success, staking reports share changes to governance,
// and each block ends with staking's and governance's end of block.
type fixture struct {
	t      testing.TB
	store  *state.Store
	kv     *state.Cache
	height int64
	now    time.Time
}

func govParams() governance.Params {
	p := governance.DefaultParams()
	p.MinDeposit = btt.NewAmount(btt.FromBTT(100))
	p.ExpeditedMinDeposit = btt.NewAmount(btt.FromBTT(500))
	p.MaxDepositPeriod = dec.Of(time.Hour)
	p.VotingPeriod = dec.Of(time.Hour)
	p.ExpeditedVotingPeriod = dec.Of(10 * time.Minute)
	return p
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := state.OpenMemory(state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: st, kv: state.NewCache(st.Working()), height: 1, now: time.Unix(1_700_000_000, 0).UTC()}
	sp := staking.DefaultParams()
	sp.UnbondingTime = dec.Of(time.Hour)
	if err := staking.New(f.kv).SetParams(sp); err != nil {
		t.Fatal(err)
	}
	if err := f.gov(f.kv).InitGenesis(&governance.Genesis{Params: govParams()}); err != nil {
		t.Fatal(err)
	}
	return f
}

// deps is governance's wiring in production (chain.Wire).
func deps(kv state.KV) governance.Deps { return chain.GovernanceDeps(kv) }

func (f *fixture) gov(kv state.KV) governance.Store { return chain.Wire(kv).Governance }

func (f *fixture) staking(kv state.KV) staking.Store { return chain.Wire(kv).Staking }

func addr(n byte) address.Address { return address.Address{0xb0, n} }

func (f *fixture) fund(a address.Address, n uint64) {
	f.t.Helper()
	if err := bank.New(f.kv).Mint(a, btt.FromBTT(n)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) balance(a address.Address) *uint256.Int {
	f.t.Helper()
	b, err := bank.New(f.kv).Balance(a)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func (f *fixture) supply() *uint256.Int {
	f.t.Helper()
	s, err := bank.New(f.kv).Supply()
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixture) env(sender address.Address) tx.Env {
	return tx.Env{ChainID: "bttc-test", Height: f.height, Time: f.now, Sender: sender}
}

// run applies one message as a transaction would: on failure nothing it
// wrote stays.
func (f *fixture) run(sender address.Address, m tx.Msg) ([]tx.Event, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	branch := state.NewCache(f.kv)
	var ev []tx.Event
	var err error
	if strings.HasPrefix(m.Kind(), "gov/") {
		ev, err = f.gov(branch).Handle(f.env(sender), m)
	} else {
		ev, err = f.staking(branch).Handle(f.env(sender), m)
	}
	if err != nil {
		return nil, err
	}
	if err := branch.Flush(f.kv); err != nil {
		f.t.Fatal(err)
	}
	return ev, nil
}

func (f *fixture) must(sender address.Address, m tx.Msg) []tx.Event {
	f.t.Helper()
	ev, err := f.run(sender, m)
	if err != nil {
		f.t.Fatalf("%s from %s: %v", m.Kind(), sender, err)
	}
	return ev
}

func (f *fixture) fails(sender address.Address, m tx.Msg, want error) {
	f.t.Helper()
	if _, err := f.run(sender, m); !errors.Is(err, want) {
		f.t.Fatalf("%s from %s = %v, want %v", m.Kind(), sender, err, want)
	}
}

// validator creates a funded validator bonding n BTT and bonds it at once.
func (f *fixture) validator(op address.Address, n uint64) {
	f.t.Helper()
	f.fund(op, n)
	cons := sha256.Sum256(append([]byte("cons"), op[:]...))
	f.must(op, &staking.MsgCreateValidator{
		ConsPubKey: cons[:], BridgeSigner: op, Description: staking.Description{Moniker: "v"},
		Rate: dec.Percent(10), MaxRate: dec.Percent(20), MaxChange: dec.Percent(1),
		MinSelfDelegation: btt.FromBTT(1), SelfBond: btt.FromBTT(n),
	})
}

func (f *fixture) delegate(del, op address.Address, n uint64) {
	f.t.Helper()
	f.fund(del, n)
	f.must(del, &staking.MsgDelegate{Validator: op, Amount: btt.FromBTT(n)})
}

// endBlock ends the block (staking, then governance, as chain does),
// commits, and moves step later.
func (f *fixture) endBlock(step time.Duration) []tx.Event {
	f.t.Helper()
	env := f.env(address.Address{})
	if _, _, err := f.staking(f.kv).EndBlock(env); err != nil {
		f.t.Fatal(err)
	}
	ev, err := f.gov(f.kv).EndBlock(env)
	if err != nil {
		f.t.Fatal(err)
	}
	f.checkInvariants()
	if err := f.kv.Flush(f.store.Working()); err != nil {
		f.t.Fatal(err)
	}
	if _, _, err := f.store.Commit(); err != nil {
		f.t.Fatal(err)
	}
	f.kv = state.NewCache(f.store.Working())
	f.height++
	f.now = f.now.Add(step)
	return ev
}

// submit proposes contents with a deposit of n BTT from the proposer and
// returns the new proposal's id.
func (f *fixture) submit(proposer address.Address, n uint64, expedited bool, contents ...tx.Msg) uint64 {
	f.t.Helper()
	m := f.submitMsg(n, expedited, contents...)
	f.must(proposer, m)
	props, err := f.gov(f.kv).QueryProposals(governance.ProposalFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return props[len(props)-1].ID
}

func (f *fixture) submitMsg(n uint64, expedited bool, contents ...tx.Msg) *governance.MsgSubmitProposal {
	f.t.Helper()
	m := &governance.MsgSubmitProposal{Title: "a proposal", Summary: "why", InitialDeposit: btt.FromBTT(n), Expedited: expedited}
	for _, c := range contents {
		raw, err := tx.EncodeMsg(c)
		if err != nil {
			f.t.Fatal(err)
		}
		m.Contents = append(m.Contents, raw)
	}
	return m
}

func vote(id uint64, o governance.Option) *governance.MsgVote {
	return &governance.MsgVote{ProposalID: id, Options: []governance.WeightedOption{{Option: o, Weight: dec.One()}}}
}

func (f *fixture) proposal(id uint64) governance.ProposalView {
	f.t.Helper()
	v, err := f.gov(f.kv).QueryProposal(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func (f *fixture) tally(id uint64) governance.Tally {
	f.t.Helper()
	t, err := f.gov(f.kv).CurrentTally(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

func paramChange(module, key string, value any) *governance.MsgParamChange {
	raw, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	return &governance.MsgParamChange{Changes: []governance.ParamChange{{Module: module, Key: key, Value: raw}}}
}
