package storage_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

var (
	renter   = address.Address{0x01}
	host     = address.Address{0x02}
	stranger = address.Address{0x03}
)

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	if deal.CodeOf(want) == 0 {
		t.Fatalf("%v has no code", want)
	}
}

// setup: a renter (10,000 wei) has proposed a contract for a 2,500-byte
// file (40 leaves of 64) to a host (10,000 wei), starting at height 10;
// the host accepted it.
func setup(t *testing.T) (*fixture, *file, deal.ID) {
	f := newFixture(t, testParams())
	f.fund(renter, uint256.NewInt(10_000))
	f.fund(host, uint256.NewInt(10_000))
	fl := newFile(t, 2500, 64, 1)
	id := deal.NewID(renter, 0)
	f.must(renter, &deal.MsgPropose{Terms: terms(host, fl, 10)})
	f.must(host, &deal.MsgAccept{Contract: id})
	return f, fl, id
}

func TestProposeAcceptCancelExpire(t *testing.T) {
	f := newFixture(t, testParams())
	f.fund(renter, uint256.NewInt(10_000))
	f.fund(host, uint256.NewInt(1500))
	fl := newFile(t, 2500, 64, 1)
	ok := terms(host, fl, 10)
	for name, tc := range map[string]struct {
		from address.Address
		t    func(deal.Terms) deal.Terms
		want error
	}{
		"to oneself":        {renter, func(t deal.Terms) deal.Terms { t.Host = renter; return t }, deal.ErrBadHost},
		"to a module":       {renter, func(t deal.Terms) deal.Terms { t.Host = storage.Escrow; return t }, deal.ErrBadHost},
		"zero periods":      {renter, func(t deal.Terms) deal.Terms { t.Periods = 0; return t }, deal.ErrBadTerms},
		"empty file":        {renter, func(t deal.Terms) deal.Terms { t.Size = 0; return t }, deal.ErrBadTerms},
		"window > period":   {renter, func(t deal.Terms) deal.Terms { t.Window = 11; return t }, deal.ErrBadTerms},
		"slash > coll.":     {renter, func(t deal.Terms) deal.Terms { t.SlashPerMiss = uint256.NewInt(1001); return t }, deal.ErrBadTerms},
		"start too soon":    {renter, func(t deal.Terms) deal.Terms { t.Start = 3; return t }, deal.ErrStartTooSoon},
		"price at 2^256-1":  {renter, func(t deal.Terms) deal.Terms { t.Price = new(uint256.Int).SetAllOne(); return t }, deal.ErrOverflow},
		"window too long":   {renter, func(t deal.Terms) deal.Terms { t.Period, t.Window = 20_000, 20_000; return t }, deal.ErrBadTerms},
		"ends past the end": {renter, func(t deal.Terms) deal.Terms { t.Period, t.Periods = 1<<40, 1<<20; return t }, deal.ErrBadTerms},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.do(tc.from, &deal.MsgPropose{Terms: tc.t(ok)})
			wantErr(t, err, tc.want)
		})
	}
	// A file whose proof would pass the chain's bound.
	small := testParams()
	small.MaxProofBytes = 1000
	fs := newFixture(t, small)
	fs.fund(renter, uint256.NewInt(10_000))
	tooBig := ok
	tooBig.Size = 65 * 64 // 65 leaves: a path of 7 hashes, 4 × (64 + 224) bytes
	if _, err := fs.do(renter, &deal.MsgPropose{Terms: tooBig}); !errors.Is(err, deal.ErrBadTerms) {
		t.Fatalf("a file too large to prove: %v", err)
	}
	// More than the renter holds.
	big := ok
	big.Price = uint256.NewInt(5000)
	if _, err := f.do(renter, &deal.MsgPropose{Terms: big}); !errors.Is(err, bank.ErrInsufficientFunds) {
		t.Fatalf("escrow beyond the balance: %v", err)
	}

	a, b, c := deal.NewID(renter, 0), deal.NewID(renter, 1), deal.NewID(renter, 2)
	for range 3 {
		f.must(renter, &deal.MsgPropose{Terms: ok})
	}
	if got := f.balance(renter); !got.Eq(uint256.NewInt(10_000 - 1200)) {
		t.Fatalf("renter holds %s after escrowing 3 × 400", got.Dec())
	}
	_, err := f.do(stranger, &deal.MsgAccept{Contract: a})
	wantErr(t, err, deal.ErrNotHost)
	_, err = f.do(host, &deal.MsgCancel{Contract: a})
	wantErr(t, err, deal.ErrNotRenter)
	// The host cannot pay a second collateral.
	f.must(host, &deal.MsgAccept{Contract: a})
	if _, err := f.do(host, &deal.MsgAccept{Contract: b}); !errors.Is(err, bank.ErrInsufficientFunds) {
		t.Fatalf("a collateral beyond the host's balance: %v", err)
	}
	_, err = f.do(host, &deal.MsgAccept{Contract: a})
	wantErr(t, err, deal.ErrNotProposed)
	_, err = f.do(renter, &deal.MsgCancel{Contract: a})
	wantErr(t, err, deal.ErrNotProposed)
	f.must(renter, &deal.MsgCancel{Contract: b})
	if f.contract(b).State != deal.Cancelled {
		t.Fatal("cancelled proposal still live")
	}
	// c is never accepted: it expires at the end of the block before its start.
	f.to(9)
	if f.contract(c).State != deal.Proposed {
		t.Fatal("expired early")
	}
	f.endBlock()
	if f.contract(c).State != deal.Expired || attrs(f.events, deal.EventExpired, deal.AttrContract)[0] != c.String() {
		t.Fatalf("c is %s at height 10", f.contract(c).State)
	}
	_, err = f.do(host, &deal.MsgAccept{Contract: c})
	wantErr(t, err, deal.ErrNotProposed)
	if got := f.balance(renter); !got.Eq(uint256.NewInt(10_000 - 400)) {
		t.Fatalf("renter holds %s; only a's 400 should be escrowed", got.Dec())
	}
}

func TestProofs(t *testing.T) {
	f, fl, id := setup(t)
	f.to(10) // period 0's window: heights 10 to 14
	good := f.proof(id, 0, fl)
	other := newFile(t, 2500, 64, 2)
	wrongLeaf := f.proof(id, 0, fl)
	wrongLeaf.Leaves[1] = append([]byte(nil), other.data[:64]...)
	wrongPath := f.proof(id, 0, fl)
	wrongPath.Paths[2][0][5] ^= 1
	// Real leaves with real paths, of the leaves next to those challenged.
	ch, _ := storage.New(f.kv).Challenge(id, 0)
	shifted := make([]uint64, len(ch.Indices))
	for i, idx := range ch.Indices {
		shifted[i] = (idx + 1) % fl.tree.Len()
	}
	swapped, err := deal.Prove(id, 0, shifted, fl.tree, deal.BytesLeaves(fl.data, fl.ls))
	if err != nil {
		t.Fatal(err)
	}
	short := f.proof(id, 0, fl)
	short.Leaves, short.Paths = short.Leaves[:3], short.Paths[:3]
	unpadded := f.proof(id, 0, fl)
	unpadded.Leaves[0] = unpadded.Leaves[0][:10]
	for name, tc := range map[string]struct {
		from address.Address
		m    *deal.MsgProve
		want error
	}{
		"by the renter":     {renter, good, deal.ErrNotHost},
		"a wrong leaf":      {host, wrongLeaf, deal.ErrBadProof},
		"a wrong path":      {host, wrongPath, deal.ErrBadProof},
		"the wrong indices": {host, swapped, deal.ErrBadProof},
		"too few leaves":    {host, short, deal.ErrBadProof},
		"a short leaf":      {host, unpadded, deal.ErrBadProof},
		"a future period":   {host, &deal.MsgProve{Contract: id, Period: 1, Leaves: good.Leaves, Paths: good.Paths}, deal.ErrWrongPeriod},
		"of no contract":    {host, &deal.MsgProve{Contract: deal.ID{9}, Leaves: good.Leaves, Paths: good.Paths}, deal.ErrNoContract},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.do(tc.from, tc.m)
			wantErr(t, err, tc.want)
		})
	}
	ev := f.must(host, good)
	if got := attrs(ev, deal.EventProven, deal.AttrAmount); fmt.Sprint(got) != "[100]" {
		t.Fatalf("proven event %v", got)
	}
	_, err = f.do(host, good)
	wantErr(t, err, deal.ErrAlreadyProven)
	if got := f.balance(host); !got.Eq(uint256.NewInt(10_000 - 1000 + 100)) {
		t.Fatalf("host holds %s", got.Dec())
	}
	// Period 1 opens at 20: before that, and after its window, no proof.
	f.to(17)
	_, err = f.do(host, &deal.MsgProve{Contract: id, Period: 1, Leaves: good.Leaves, Paths: good.Paths})
	wantErr(t, err, deal.ErrOutsideWindow)
	_, err = f.do(host, good) // a past period
	wantErr(t, err, deal.ErrWrongPeriod)
	f.to(25)
	f.endBlock() // 25 is past period 1's window (20-24): swept as a miss at 24
	if c := f.contract(id); c.Missed != 1 || c.Next != 2 {
		t.Fatalf("after a missed window: %+v", c)
	}
}

func TestMissesEndAndTerminate(t *testing.T) {
	t.Run("one miss, then the end", func(t *testing.T) {
		f, fl, id := setup(t)
		for p := uint64(0); p < 4; p++ {
			f.to(int64(10 + 10*p))
			if p == 2 {
				continue // the host misses period 2
			}
			f.must(host, f.proof(id, p, fl))
		}
		f.to(49) // the last period runs to 49; the collateral returns at its end
		if c := f.contract(id); c.State != deal.Active || c.Next != 4 {
			t.Fatalf("before the end: %s at period %d", c.State, c.Next)
		}
		f.endBlock()
		c := f.contract(id)
		if c.State != deal.Ended || c.Proven != 3 || c.Missed != 1 {
			t.Fatalf("at the end: %+v", c)
		}
		// Host: 3 × 100 paid, 200 slashed. Renter: 100 refunded, 200 of slash.
		if h, r := f.balance(host), f.balance(renter); !h.Eq(uint256.NewInt(10_000+300-200)) || !r.Eq(uint256.NewInt(10_000-400+100+200)) {
			t.Fatalf("host %s, renter %s", h.Dec(), r.Dec())
		}
		if !f.balance(storage.Escrow).IsZero() {
			t.Fatal("escrow left after the end")
		}
	})
	t.Run("misses up to the limit terminate", func(t *testing.T) {
		p := testParams()
		p.CommunityShare = dec.Percent(25)
		f := newFixture(t, p)
		f.fund(renter, uint256.NewInt(10_000))
		f.fund(host, uint256.NewInt(10_000))
		fl := newFile(t, 2500, 64, 1)
		id := deal.NewID(renter, 0)
		f.must(renter, &deal.MsgPropose{Terms: terms(host, fl, 10)})
		f.must(host, &deal.MsgAccept{Contract: id})
		f.to(20)
		f.to(34) // windows 0 and 1 closed without proofs: two misses, the limit
		f.endBlock()
		c := f.contract(id)
		if c.State != deal.Terminated || c.Missed != 2 {
			t.Fatalf("after two misses: %s, %d missed", c.State, c.Missed)
		}
		// All 1,000 of collateral slashed: 250 to the community, 750 to the renter;
		// the renter's 400 all back.
		pool := f.balance(address.Module(bank.CommunityPool))
		if !pool.Eq(uint256.NewInt(250)) || !f.balance(renter).Eq(uint256.NewInt(10_750)) || !f.balance(host).Eq(uint256.NewInt(9_000)) {
			t.Fatalf("pool %s, renter %s, host %s", pool.Dec(), f.balance(renter).Dec(), f.balance(host).Dec())
		}
		_, err := f.do(host, f.proofFor(id, 2, fl))
		wantErr(t, err, deal.ErrNotActive)
	})
}

// proofFor is a proof built from the challenge's shape even when the
// contract no longer takes one.
func (f *fixture) proofFor(id deal.ID, p uint64, fl *file) *deal.MsgProve {
	m, _ := deal.Prove(id, p, []uint64{0, 1, 2, 3}, fl.tree, deal.BytesLeaves(fl.data, fl.ls))
	return m
}

func TestRenew(t *testing.T) {
	f, fl, id := setup(t)
	_, err := f.do(host, &deal.MsgRenew{Contract: id, Periods: 2})
	wantErr(t, err, deal.ErrNotRenter)
	ev := f.must(renter, &deal.MsgRenew{Contract: id, Periods: 2})
	next := deal.NewID(renter, 1)
	if got := attrs(ev, deal.EventProposed, deal.AttrRenewal); fmt.Sprint(got) != fmt.Sprint([]string{id.String()}) {
		t.Fatalf("renewal event %v", got)
	}
	r := f.contract(next)
	if r.Terms.Start != 50 || r.Terms.Periods != 2 || r.Terms.Root != fl.tree.Root() || r.RenewalOf != id {
		t.Fatalf("renewal %+v", r)
	}
	f.must(host, &deal.MsgAccept{Contract: next})
	_, err = f.do(renter, &deal.MsgRenew{Contract: deal.NewID(renter, 7), Periods: 2})
	wantErr(t, err, deal.ErrNoContract)
}

func attrs(ev []tx.Event, typ, key string) []string {
	var out []string
	for _, e := range ev {
		if e.Type == typ {
			for _, a := range e.Attributes {
				if a.Key == key {
					out = append(out, a.Value)
				}
			}
		}
	}
	return out
}
