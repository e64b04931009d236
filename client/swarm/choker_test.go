package swarm

import (
	mrand "math/rand/v2"
	"slices"
	"testing"
	"time"
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
	got := c.Choose(now, peers, false)
	if len(got) != 3 || got[0] != 2 || got[1] != 4 {
		t.Fatalf("leeching: %v; want the two fastest uploaders to us (2, 4) and one optimistic", got)
	}
	opt := got[2]
	if !slices.Contains([]uint64{1, 5, 6}, opt) {
		t.Fatalf("optimistic slot went to %d", opt)
	}
	// Ten seconds on, the optimistic peer keeps its slot.
	if again := c.Choose(now.Add(10*time.Second), peers, false); again[2] != opt {
		t.Fatalf("optimistic slot moved after 10 s: %v", again)
	}
	// Over many rotations every other interested peer gets a turn.
	seen := map[uint64]bool{}
	for i := range 60 {
		got := c.Choose(now.Add(time.Duration(30*(i+1))*time.Second), peers, false)
		seen[got[2]] = true
		if got[2] == 3 || got[2] == 2 || got[2] == 4 {
			t.Fatalf("optimistic slot to %d", got[2])
		}
	}
	if len(seen) != 3 {
		t.Fatalf("optimistic turns went to %v", seen)
	}
	// Seeding ranks by what we upload to them.
	got = c.Choose(now, peers, true)
	if got[0] != 1 || got[1] != 4 {
		t.Fatalf("seeding: %v; want 1 and 4 first", got)
	}
	// Few peers: all of them, no optimistic slot needed.
	if got := c.Choose(now, peers[:2], false); len(got) != 2 {
		t.Fatalf("two interested peers, two slots: %v", got)
	}
}
