package storage_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// The model test runs many contracts over thousands of blocks: renters
// propose (and sometimes cancel or renew), hosts accept, and each host
// proves every period as its kind allows. Honest hosts prove on time and
// are never slashed; late hosts prove after the window opens, sometimes
// after it closes; lossy hosts lost a fraction of their files' leaves and
// can answer only challenges that avoid them, so they fail at the rate
// 1 − (1 − f)^s predicts. After every message and block the fixture checks
// the escrow invariant; here the BTT of everyone is conserved.

type hostKind int

const (
	honest hostKind = iota
	late
	lossy
)

const lostFraction = 0.3

type modelHost struct {
	addr address.Address
	kind hostKind
}

type modelRun struct {
	f        *fixture
	rnd      *rand.Rand
	files    []*file
	renters  []address.Address
	hosts    []modelHost
	fileOf   map[deal.ID]*file
	hostOf   map[deal.ID]modelHost
	lost     map[*file]map[uint64]bool // the leaves lossy hosts lost, by file
	open     []deal.ID
	attempts int // periods a lossy host tried
	failed   int // of those, challenged on a lost leaf
	total    *uint256.Int
}

func runModel(t *testing.T, seed int64, blocks int) *modelRun {
	m := &modelRun{f: newFixture(t, testParams()), rnd: rand.New(rand.NewSource(seed)), fileOf: map[deal.ID]*file{},
		hostOf: map[deal.ID]modelHost{}, lost: map[*file]map[uint64]bool{}, total: new(uint256.Int)}
	for i, n := range []int{64, 700, 2500, 6400} {
		fl := newFile(t, n, 64, seed*10+int64(i))
		m.files = append(m.files, fl)
		m.lost[fl] = map[uint64]bool{}
		for leaf := uint64(0); leaf < fl.tree.Len(); leaf++ {
			if m.rnd.Float64() < lostFraction {
				m.lost[fl][leaf] = true
			}
		}
	}
	for i := 0; i < 3; i++ {
		m.renters = append(m.renters, address.Address{0x10, byte(i)})
	}
	for i, k := range []hostKind{honest, honest, late, lossy, lossy} {
		m.hosts = append(m.hosts, modelHost{addr: address.Address{0x20, byte(i)}, kind: k})
	}
	fund := uint256.NewInt(1_000_000_000)
	for _, a := range m.renters {
		m.f.fund(a, fund)
		m.total.Add(m.total, fund)
	}
	for _, h := range m.hosts {
		m.f.fund(h.addr, fund)
		m.total.Add(m.total, fund)
	}
	for b := 0; b < blocks; b++ {
		m.block(t)
	}
	return m
}

func (m *modelRun) block(t *testing.T) {
	f := m.f
	if m.rnd.Intn(3) == 0 { // a new proposal
		r, h, fl := m.renters[m.rnd.Intn(len(m.renters))], m.hosts[m.rnd.Intn(len(m.hosts))], m.files[m.rnd.Intn(len(m.files))]
		id, _ := storage.New(f.kv).NextID(r)
		tm := terms(h.addr, fl, uint64(f.height)+3+uint64(m.rnd.Intn(5)))
		tm.Periods, tm.Period, tm.Window = uint64(1+m.rnd.Intn(6)), uint64(4+m.rnd.Intn(8)), 2
		tm.MaxMisses = uint64(1 + m.rnd.Intn(3))
		f.must(r, &deal.MsgPropose{Terms: tm})
		m.fileOf[id], m.hostOf[id] = fl, h
		m.open = append(m.open, id)
	}
	next := make([]deal.ID, 0, len(m.open)+1) // renewals join: never m.open[:0], which they would overwrite
	for _, id := range m.open {
		c := f.contract(id)
		h, fl := m.hostOf[id], m.fileOf[id]
		switch {
		case c.State == deal.Proposed && m.rnd.Intn(6) == 0:
			f.must(c.Renter, &deal.MsgCancel{Contract: id})
		case c.State == deal.Proposed && m.rnd.Intn(2) == 0:
			f.must(h.addr, &deal.MsgAccept{Contract: id})
		case c.State == deal.Active && c.Next < c.Terms.Periods && !c.NextProven:
			m.prove(t, id, c, h, fl)
		case c.State == deal.Active && m.rnd.Intn(40) == 0:
			if rid, _ := storage.New(f.kv).NextID(c.Renter); true {
				if _, err := f.do(c.Renter, &deal.MsgRenew{Contract: id, Periods: 2}); err == nil {
					m.fileOf[rid], m.hostOf[rid] = fl, h
					next = append(next, rid)
				}
			}
		}
		if f.contract(id).State.Live() {
			next = append(next, id)
		}
	}
	m.open = next
	f.endBlock()
	m.conserved(t)
}

// prove acts for the host of an active contract in or before its window.
func (m *modelRun) prove(t *testing.T, id deal.ID, c *storage.Contract, h modelHost, fl *file) {
	f := m.f
	h64 := uint64(f.height)
	if h64 < c.PeriodStart(c.Next) {
		return
	}
	switch h.kind {
	case honest:
		f.must(h.addr, f.proof(id, c.Next, fl))
	case late:
		if m.rnd.Intn(3) != 0 { // waits; a third of the time it never makes it
			return
		}
		if _, err := f.do(h.addr, f.proof(id, c.Next, fl)); err != nil && h64 <= c.WindowEnd(c.Next) {
			t.Fatalf("a proof in the window refused: %v", err)
		}
	case lossy:
		ch, err := storage.New(f.kv).Challenge(id, c.Next)
		if err != nil || !ch.Ready {
			t.Fatalf("challenge: %v", err)
		}
		m.attempts++
		for _, idx := range ch.Indices {
			if m.lost[fl][idx] {
				m.failed++
				return // it cannot answer; the window will close on it
			}
		}
		f.must(h.addr, f.proof(id, c.Next, fl))
	}
}

// conserved checks that everyone's BTT adds up to what was minted.
func (m *modelRun) conserved(t *testing.T) {
	sum := new(uint256.Int)
	for _, a := range m.renters {
		sum.Add(sum, m.f.balance(a))
	}
	for _, h := range m.hosts {
		sum.Add(sum, m.f.balance(h.addr))
	}
	sum.Add(sum, m.f.balance(storage.Escrow))
	sum.Add(sum, m.f.balance(address.Module(bank.CommunityPool)))
	if !sum.Eq(m.total) {
		t.Fatalf("height %d: BTT sums to %s, %s minted", m.f.height, sum.Dec(), m.total.Dec())
	}
}

func TestModel(t *testing.T) {
	attempts, failed := 0, 0
	for seed := int64(1); seed <= 3; seed++ {
		m := runModel(t, seed, 1000)
		attempts += m.attempts
		failed += m.failed
		// Honest hosts are never slashed.
		for id, h := range m.hostOf {
			if c := m.f.contract(id); h.kind == honest && c.Missed != 0 {
				t.Fatalf("seed %d: an honest host missed %d periods of %s", seed, c.Missed, id)
			}
		}
	}
	// A lossy host fails a period when any of its s challenges hits a lost
	// leaf: 1 − (1 − f)^s. Four standard deviations of a binomial allow
	// for chance (f is the expected lost fraction; each file's actual
	// fraction varies, hence the extra margin).
	s := float64(testParams().Challenges)
	want := 1 - math.Pow(1-lostFraction, s)
	got := float64(failed) / float64(attempts)
	sigma := math.Sqrt(want * (1 - want) / float64(attempts))
	if attempts < 200 || math.Abs(got-want) > 4*sigma+0.05 {
		t.Fatalf("lossy hosts failed %d of %d periods (%.3f), 1 − (1 − %.1f)^%d predicts %.3f", failed, attempts, got, lostFraction, int(s), want)
	}
	t.Logf("lossy hosts failed %.3f of %d periods; predicted %.3f", got, attempts, want)
}

func FuzzModel(f *testing.F) {
	f.Add(int64(1), uint16(50))
	f.Fuzz(func(t *testing.T, seed int64, blocks uint16) { runModel(t, seed, int(blocks%300)) })
}
