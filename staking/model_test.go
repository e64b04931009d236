package staking

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
)

// The model test drives the module with random operations (validators,
// delegations, unbondings, redelegations, cancellations, withdrawals,
// missed blocks, double signs, parameter changes and time jumps) and checks
// after every block that the invariants hold, that CometBFT's set built
// from our updates matches stored power, and that the supply moved only by
// what was minted into the test and what slashes burned. The same generator
// serves a property test and a fuzz target.

// opSource yields the generator's choices: from a seeded random source in
// the property test, from the fuzzer's bytes in the fuzz target.
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

func (b *byteSource) done() bool { return b.i >= len(b.data) }

type model struct {
	f       *fixture
	src     opSource
	minted  *uint256.Int
	burned  *uint256.Int
	vals    []address.Address
	heights []int64 // recent heights, for evidence
	// done counts what succeeded, so the test can tell that the generator
	// reached every transition.
	done map[string]int
}

func newModel(t testing.TB, src opSource) *model {
	p := testParams()
	p.BlockReward = btt.NewAmount(btt.FromBTT(1))
	p.MaxValidators = 4
	m := &model{f: newFixture(t, p), src: src, minted: new(uint256.Int), burned: new(uint256.Int), done: map[string]int{}}
	m.mint(rewardPool, btt.FromBTT(10_000))
	for i := 0; i < 3; i++ {
		m.createValidator()
	}
	m.f.endBlock(time.Second)
	return m
}

func (m *model) mint(a address.Address, v *uint256.Int) {
	m.f.fund(a, v)
	m.minted.Add(m.minted, v)
}

func (m *model) amount(maxBTT int) *uint256.Int {
	return new(uint256.Int).Add(btt.FromBTT(uint64(m.src.Intn(maxBTT))), uint256.NewInt(uint64(m.src.Intn(1_000_000))))
}

func (m *model) delegator() address.Address { return address.Address{0xde, byte(m.src.Intn(12))} }

func (m *model) validator() address.Address {
	if len(m.vals) == 0 {
		return addr(0)
	}
	return m.vals[m.src.Intn(len(m.vals))]
}

func (m *model) createValidator() {
	op := addr(byte(len(m.vals) + 1))
	bond := new(uint256.Int).Add(btt.FromBTT(1), m.amount(40))
	m.mint(op, bond)
	m.try(op, createMsg(op, bond))
	m.vals = append(m.vals, op)
}

// try runs a message; failures are fine, but only the module's own rules
// (or a sender short of funds) may refuse it.
func (m *model) try(sender address.Address, msg tx.Msg) {
	ev, err := m.f.run(sender, msg)
	if err == nil {
		m.done[msg.Kind()]++
		m.countBurns(ev)
		return
	}
	for sentinel := range Codes {
		if errors.Is(err, sentinel) {
			return
		}
	}
	if errors.Is(err, bank.ErrInsufficientFunds) {
		return
	}
	m.f.t.Fatalf("height %d: %s failed outside the rules: %v", m.f.height, msg.Kind(), err)
}

func (m *model) countBurns(events []tx.Event) {
	for _, e := range events {
		if e.Type != EventSlash {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == AttrReason {
				m.done["slash/"+a.Value]++
			}
		}
		for _, a := range e.Attributes {
			if a.Key == AttrAmount {
				m.burned.Add(m.burned, uint256.MustFromDecimal(a.Value))
			}
		}
	}
}

func (m *model) step() {
	f := m.f
	for n := m.src.Intn(6); n > 0; n-- {
		switch m.src.Intn(11) {
		case 0:
			if len(m.vals) < 16 {
				m.createValidator()
			}
		case 1, 2:
			d := m.delegator()
			amt := m.amount(60)
			m.mint(d, amt)
			m.try(d, &MsgDelegate{Validator: m.validator(), Amount: amt})
		case 3:
			m.try(m.delegator(), &MsgUndelegate{Validator: m.validator(), Amount: m.amount(30)})
		case 4:
			m.try(m.validator(), &MsgUndelegate{Validator: m.validator(), Amount: m.amount(5)})
		case 5:
			m.try(m.delegator(), &MsgRedelegate{Src: m.validator(), Dst: m.validator(), Amount: m.amount(30)})
		case 6:
			d, v := m.delegator(), m.validator()
			u, err := f.s.Unbonding(d, v)
			if err != nil {
				f.t.Fatal(err)
			}
			h, amt := uint64(f.height), m.amount(10)
			if len(u.Entries) > 0 { // mostly aim at a real entry
				e := u.Entries[m.src.Intn(len(u.Entries))]
				h = e.CreationHeight
				if m.src.Intn(3) > 0 && !e.Balance.IsZero() {
					amt = new(uint256.Int).Div(e.Balance, uint256.NewInt(uint64(1+m.src.Intn(3))))
				}
			}
			m.try(d, &MsgCancelUnbond{Validator: v, CreationHeight: h, Amount: amt})
		case 7:
			m.try(m.delegator(), &MsgWithdrawRewards{})
			m.try(m.validator(), &MsgWithdrawRewards{Commission: true})
		case 8:
			m.try(m.validator(), &MsgUnjail{})
		case 9:
			if len(m.heights) > 0 && m.src.Intn(40) == 0 {
				op := m.validator()
				h := m.heights[m.src.Intn(len(m.heights))]
				v, ok, _ := f.s.Validator(op)
				if ok {
					ev, err := f.s.HandleDoubleSign(f.env(op), Infraction{ConsAddress: v.ConsAddress(), Height: h, Power: v.Power()}, f.now)
					if err != nil {
						f.t.Fatal(err)
					}
					m.countBurns(ev)
				}
			}
		case 10:
			p, _ := f.s.Params()
			switch m.src.Intn(3) {
			case 0:
				p.MaxValidators = uint32(1 + m.src.Intn(5))
			case 1:
				p.SignedBlocksWindow = uint64(10 + m.src.Intn(20))
			case 2:
				p.MinSignedPerWindow = dec.Percent(uint64(50 + m.src.Intn(45)))
			}
			if err := f.s.SetParams(p); err != nil {
				f.t.Fatal(err)
			}
		}
	}
	m.endBlock()
}

func (m *model) endBlock() {
	f := m.f
	votes := f.votes()
	for i := range votes {
		// Validators whose address starts low miss often; others rarely.
		votes[i].Signed = m.src.Intn(10) >= int(votes[i].ConsAddress[0]%4)
	}
	ev, err := f.s.AllocateRewards(votes)
	if err != nil {
		f.t.Fatal(err)
	}
	m.countBurns(ev)
	ev, err = f.s.HandleLiveness(f.env(address.Address{}), votes)
	if err != nil {
		f.t.Fatal(err)
	}
	m.countBurns(ev)
	m.heights = append(m.heights, f.height)
	if len(m.heights) > 50 {
		m.heights = m.heights[1:]
	}
	step := time.Duration(1+m.src.Intn(30)) * time.Second
	if m.src.Intn(40) == 0 {
		step = time.Duration(1+m.src.Intn(3)) * time.Hour // past the unbonding period
	}
	f.endBlock(step)
	want := new(uint256.Int).Sub(m.minted, m.burned)
	if s := f.supply(); !s.Eq(want) {
		f.t.Fatalf("height %d: supply %s, minted − burned %s", f.height, s.Dec(), want.Dec())
	}
}

func TestModelRandomized(t *testing.T) {
	blocks := 3000
	if testing.Short() {
		blocks = 300
	}
	for seed := int64(1); seed <= 3; seed++ {
		m := newModel(t, rand.New(rand.NewSource(seed)))
		for i := 0; i < blocks; i++ {
			m.step()
		}
		if testing.Short() {
			continue // 300 blocks are too few to reach every kind
		}
		for _, k := range []string{KindCreateValidator, KindDelegate, KindUndelegate, KindRedelegate, KindCancelUnbond,
			KindWithdrawRewards, KindUnjail, "slash/" + ReasonDowntime, "slash/" + ReasonDoubleSign} {
			if m.done[k] == 0 {
				t.Errorf("seed %d: no %s in %d blocks; the generator no longer reaches it (%v)", seed, k, blocks, m.done)
			}
		}
	}
}

func FuzzModel(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 9, 9, 9})
	f.Add([]byte{5, 1, 1, 0, 3, 4, 9, 2, 2, 8, 10, 0, 1, 200, 7, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &byteSource{data: data}
		m := newModel(t, src)
		for i := 0; i < 200 && !src.done(); i++ {
			m.step()
		}
	})
}

// FuzzMsgDecode feeds arbitrary bytes to every staking message kind: the
// decoder and Validate must refuse or accept, never panic.
func FuzzMsgDecode(f *testing.F) {
	c := tx.NewCodec()
	for _, k := range Kinds() {
		c.Register(k)
		raw, err := tx.EncodeMsg(k.New())
		if err == nil {
			f.Add(k.Name, raw.Data)
		}
	}
	good, _ := tx.EncodeMsg(createMsg(addr(1), btt.FromBTT(1)))
	f.Add(good.Kind, good.Data)
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		m, err := c.Decode(tx.RawMsg{Kind: kind, Data: data})
		if err == nil && m.Kind() != kind {
			t.Fatalf("decoded %s as %s", kind, m.Kind())
		}
	})
}
