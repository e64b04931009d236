package swarm

import (
	mrand "math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/holiman/uint256"
)

func TestTitForTat(t *testing.T) {
	c := NewTitForTatWith(2, mrand.New(mrand.NewPCG(1, 2)))
	now := time.Unix(1000, 0)
	peers := []PeerView{
		{ID: 1, Interested: true, DownRate: 10, UpRate: 900},
		{ID: 2, Interested: true, DownRate: 50, UpRate: 100},
		{ID: 3, Interested: false, DownRate: 999, UpRate: 999}, // not interested: never unchoked
		{ID: 4, Interested: true, DownRate: 30, UpRate: 500},
		{ID: 5, Interested: true, DownRate: 0, UpRate: 0},
		{ID: 6, Interested: true, DownRate: 1, UpRate: 1},
	}
	got := c.Choose(now, peers, false).Unchoke
	if len(got) != 3 || got[0] != 2 || got[1] != 4 {
		t.Fatalf("leeching: %v; want the two fastest uploaders to us (2, 4) and one optimistic", got)
	}
	opt := got[2]
	if !slices.Contains([]uint64{1, 5, 6}, opt) {
		t.Fatalf("optimistic slot went to %d", opt)
	}
	// Ten seconds on, the optimistic peer keeps its slot.
	if again := c.Choose(now.Add(10*time.Second), peers, false).Unchoke; again[2] != opt {
		t.Fatalf("optimistic slot moved after 10 s: %v", again)
	}
	// Over many rotations every other interested peer gets a turn.
	seen := map[uint64]bool{}
	for i := range 60 {
		got := c.Choose(now.Add(time.Duration(30*(i+1))*time.Second), peers, false).Unchoke
		seen[got[2]] = true
		if got[2] == 3 || got[2] == 2 || got[2] == 4 {
			t.Fatalf("optimistic slot to %d", got[2])
		}
	}
	if len(seen) != 3 {
		t.Fatalf("optimistic turns went to %v", seen)
	}
	// Seeding ranks by what we upload to them.
	got = c.Choose(now, peers, true).Unchoke
	if got[0] != 1 || got[1] != 4 {
		t.Fatalf("seeding: %v; want 1 and 4 first", got)
	}
	// Few peers: all of them, no optimistic slot needed.
	if got := c.Choose(now, peers[:2], false).Unchoke; len(got) != 2 {
		t.Fatalf("two interested peers, two slots: %v", got)
	}
}

func TestAuction(t *testing.T) {
	wei := func(n uint64) *uint256.Int { return uint256.NewInt(n) }
	a := NewAuctionWith(2, wei(10), mrand.New(mrand.NewPCG(1, 2)))
	now := time.Unix(1000, 0)
	peers := []PeerView{
		{ID: 1, Interested: true, Bid: wei(50)},
		{ID: 2, Interested: true, Bid: wei(30), UpRate: 5},
		{ID: 3, Interested: true, Bid: wei(80)},
		{ID: 4, Interested: true, Bid: wei(5), UpRate: 900}, // below the floor: an ordinary peer
		{ID: 5, Interested: false, Bid: wei(999)},           // wants nothing: no slot
		{ID: 6, Interested: true, UpRate: 100},
	}
	c := a.Choose(now, peers, true)
	if !slices.Equal(c.Won, []uint64{3, 1}) || c.Price.Uint64() != 30 {
		t.Fatalf("won %v at %v; want 3 and 1 at the highest losing bid, 30", c.Won, c.Price)
	}
	// Both regular slots are sold; the optimistic slot goes to one of
	// the others, the losing bidder and the peer below the floor included.
	if len(c.Unchoke) != 3 || !slices.Equal(c.Unchoke[:2], []uint64{3, 1}) || !slices.Contains([]uint64{2, 4, 6}, c.Unchoke[2]) {
		t.Fatalf("unchoked %v", c.Unchoke)
	}
	seen := map[uint64]bool{}
	for i := range 40 {
		c := a.Choose(now.Add(time.Duration(30*(i+1))*time.Second), peers, true)
		seen[c.Unchoke[2]] = true
	}
	if len(seen) != 3 {
		t.Fatalf("the optimistic slot went only to %v", seen)
	}

	// One bidder: it wins at the floor, and the free slot goes by rate.
	c = a.Choose(now, []PeerView{peers[1], peers[3], peers[5]}, true)
	if !slices.Equal(c.Won, []uint64{2}) || c.Price.Uint64() != 10 || c.Unchoke[1] != 4 {
		t.Fatalf("one bidder: %+v; want 2 at the floor, then 4 by rate", c)
	}
	// Equal bids: the earlier peer wins, and pays the same.
	c = a.Choose(now, []PeerView{{ID: 7, Interested: true, Bid: wei(40)}, {ID: 8, Interested: true, Bid: wei(40)},
		{ID: 9, Interested: true, Bid: wei(40)}}, true)
	if !slices.Equal(c.Won, []uint64{7, 8}) || c.Price.Uint64() != 40 {
		t.Fatalf("equal bids: %+v", c)
	}
	// No bids: tit-for-tat, nobody won.
	c = a.Choose(now, []PeerView{peers[3], peers[5]}, true)
	if len(c.Won) != 0 || len(c.Unchoke) != 2 {
		t.Fatalf("no bids: %+v", c)
	}
}
