package governance_test

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// The model test runs random proposals, deposits, votes (whole and split,
// changed and cancelled) while stake moves under them (delegations,
// unbondings, redelegations, double-sign slashes that drop validators from
// the active set) and time passes. After every block the fixture checks
// staking's invariants and governance's: the desk holds the open deposits
// and every running tally equals the tally computed from scratch from the
// votes and current delegations. The same generator serves the property
// test and the fuzz target.

// opSource yields the generator's choices: a seeded random source in the
// property test, the fuzzer's bytes in the fuzz target.
type opSource interface{ Intn(n int) int }

type byteSource struct {
	data []byte
	i    int
}

func (b *byteSource) Intn(n int) int {
	if b.i >= len(b.data) {
		return 0
	}
	v := int(b.data[b.i])
	b.i++
	return v % n
}

type model struct {
	f    *fixture
	src  opSource
	vals []address.Address
	done map[string]int // what succeeded, to show the generator reaches it
}

func newModel(t testing.TB, src opSource) *model {
	m := &model{f: newFixture(t), src: src, done: map[string]int{}}
	for i := range 5 {
		op := address.Address{0xaa, byte(i)}
		m.f.validator(op, uint64(50+src.Intn(200)))
		m.f.fund(op, 100_000)
		m.vals = append(m.vals, op)
	}
	for i := range 12 {
		m.f.fund(m.account(i), 100_000)
	}
	m.f.endBlock(time.Second)
	return m
}

func (m *model) account(i int) address.Address { return address.Address{0xde, byte(i)} }

// anyone is a delegator, a validator operator or the proposer.
func (m *model) anyone() address.Address {
	if m.src.Intn(3) == 0 {
		return m.vals[m.src.Intn(len(m.vals))]
	}
	return m.account(m.src.Intn(12))
}

func (m *model) amount(maxBTT int) *uint256.Int {
	return new(uint256.Int).Add(btt.FromBTT(uint64(1+m.src.Intn(maxBTT))), uint256.NewInt(uint64(m.src.Intn(1_000_000))))
}

func (m *model) id() uint64 { return uint64(1 + m.src.Intn(8)) }

func (m *model) options() []governance.WeightedOption {
	o := governance.Option(1 + m.src.Intn(4))
	if m.src.Intn(3) > 0 {
		return []governance.WeightedOption{{Option: o, Weight: dec.One()}}
	}
	second := governance.Option(1 + (int(o)+m.src.Intn(3))%4)
	w := dec.Percent(uint64(1 + m.src.Intn(99)))
	rest, _ := dec.One().Sub(w)
	return []governance.WeightedOption{{Option: o, Weight: w}, {Option: second, Weight: rest}}
}

// try runs a message; refusals the rules allow are fine, anything else
// fails the test.
func (m *model) try(name string, sender address.Address, msg tx.Msg, allowed ...error) {
	m.f.t.Helper()
	_, err := m.f.run(sender, msg)
	if err == nil {
		m.done[name]++
		return
	}
	for _, a := range allowed {
		if errors.Is(err, a) {
			return
		}
	}
	m.f.t.Fatalf("height %d: %s from %s: %v", m.f.height, name, sender, err)
}

var stakeRefusals = []error{staking.ErrNoDelegation, staking.ErrInsufficientStake, staking.ErrTooManyEntries,
	staking.ErrTransitiveRedelegation, staking.ErrValidatorWipedOut, staking.ErrSelfRedelegation, staking.ErrNoValidator}

var govRefusals = []error{governance.ErrNoProposal, governance.ErrNotVoting, governance.ErrNotOpen, governance.ErrNotProposer,
	governance.ErrDepositTooSmall, governance.ErrInitialDeposit}

func (m *model) step() {
	f := m.f
	val := func() address.Address { return m.vals[m.src.Intn(len(m.vals))] }
	switch m.src.Intn(10) {
	case 0:
		expedited := m.src.Intn(4) == 0
		f.fund(m.account(0), 1000)
		m.try("submit", m.account(0), f.submitMsg(uint64(25+m.src.Intn(500)), expedited), govRefusals...)
	case 1:
		m.try("deposit", m.anyone(), &governance.MsgDeposit{ProposalID: m.id(), Amount: m.amount(80)}, govRefusals...)
	case 2, 3, 4:
		m.try("vote", m.anyone(), &governance.MsgVote{ProposalID: m.id(), Options: m.options()}, govRefusals...)
	case 5:
		m.try("delegate", m.anyone(), &staking.MsgDelegate{Validator: val(), Amount: m.amount(100)}, stakeRefusals...)
	case 6:
		m.try("undelegate", m.anyone(), &staking.MsgUndelegate{Validator: val(), Amount: m.amount(60)}, stakeRefusals...)
	case 7:
		m.try("redelegate", m.anyone(), &staking.MsgRedelegate{Src: val(), Dst: val(), Amount: m.amount(60)}, stakeRefusals...)
	case 8:
		m.try("cancel", m.account(0), &governance.MsgCancelProposal{ProposalID: m.id()}, govRefusals...)
	case 9:
		if m.src.Intn(8) == 0 {
			m.slash(val())
		}
	}
}

// slash double-signs a validator: 5% of its tokens burned, jailed, out of
// the active set at the end of the block.
func (m *model) slash(op address.Address) {
	sk := m.f.staking(m.f.kv)
	v, ok, err := sk.Validator(op)
	if err != nil || !ok || v.Jailed {
		return
	}
	inf := staking.Infraction{ConsAddress: v.ConsAddress(), Height: m.f.height - 1, Power: v.Power()}
	if _, err := sk.HandleDoubleSign(m.f.env(op), inf, m.f.now); err != nil {
		m.f.t.Fatal(err)
	}
	m.done["slash"]++
}

func (m *model) run(blocks int) {
	for range blocks {
		for range 1 + m.src.Intn(6) {
			m.step()
		}
		steps := []time.Duration{time.Second, time.Minute, 10 * time.Minute, 30 * time.Minute}
		for _, e := range m.f.endBlock(steps[m.src.Intn(len(steps))]) {
			if e.Type == governance.EventProposalEnded {
				m.done["ended"]++
			}
		}
	}
}

func TestModel(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		m := newModel(t, rand.New(rand.NewSource(seed)))
		m.run(300)
		for _, what := range []string{"submit", "deposit", "vote", "delegate", "undelegate", "redelegate", "cancel", "slash", "ended"} {
			if m.done[what] == 0 {
				t.Errorf("seed %d: the generator never reached %s", seed, what)
			}
		}
	}
}

func FuzzModel(f *testing.F) {
	f.Add([]byte{0, 0, 2, 2, 1, 3, 3, 5, 2, 9, 0, 7})
	f.Add([]byte("governance runs while stake moves under it"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &byteSource{data: data}
		m := newModel(t, src)
		for src.i < len(data) {
			m.run(1)
		}
	})
}
