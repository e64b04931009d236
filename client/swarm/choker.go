package swarm

import (
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/bttc-network/bttc/client/wire"
)

// PeerView is what a Choker sees of a peer.
type PeerView struct {
	ID         uint64 // stable for the connection's life
	Interested bool   // the peer wants something we have
	Choked     bool   // we are choking it now
	// DownRate is what it sends us and UpRate what we send it, in bytes a
	// second over the last seconds.
	DownRate, UpRate float64
}

// A Choker chooses the peers to upload to. The swarm calls Choose every
// ten seconds and when a slot frees; it must return quickly.
type Choker interface {
	Choose(now time.Time, peers []PeerView, seeding bool) (unchoke []uint64)
}

// TitForTat is the choker of the BitTorrent specification: Slots regular
// slots for the interested peers that upload to us fastest (when seeding,
// that we upload to fastest), and one optimistic slot, given at random to
// another interested peer and rotated every 30 seconds.
type TitForTat struct {
	Slots      int
	Optimistic time.Duration

	rng        *mrand.Rand
	optimistic uint64
	rotated    time.Time
}

// NewTitForTat is a TitForTat with slots regular slots.
func NewTitForTat(slots int) *TitForTat {
	return NewTitForTatWith(slots, mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())))
}

// NewTitForTatWith takes its randomness from rng, for tests.
func NewTitForTatWith(slots int, rng *mrand.Rand) *TitForTat {
	return &TitForTat{Slots: slots, Optimistic: 30 * time.Second, rng: rng}
}

// Choose implements Choker.
func (c *TitForTat) Choose(now time.Time, peers []PeerView, seeding bool) []uint64 {
	var cands []PeerView
	for _, p := range peers {
		if p.Interested {
			cands = append(cands, p)
		}
	}
	rate := func(p PeerView) float64 {
		if seeding {
			return p.UpRate
		}
		return p.DownRate
	}
	slices.SortStableFunc(cands, func(a, b PeerView) int {
		switch ra, rb := rate(a), rate(b); {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return int(a.ID) - int(b.ID)
	})
	n := min(c.Slots, len(cands))
	out := make([]uint64, 0, n+1)
	for _, p := range cands[:n] {
		out = append(out, p.ID)
	}
	rest := cands[n:]
	if len(rest) == 0 {
		return out
	}
	keep := false
	for _, p := range rest {
		keep = keep || p.ID == c.optimistic
	}
	if !keep || now.Sub(c.rotated) >= c.Optimistic {
		c.optimistic = rest[c.rng.IntN(len(rest))].ID
		c.rotated = now
	}
	return append(out, c.optimistic)
}

// rechoke asks the choker whom to upload to and tells the peers.
func (t *Torrent) rechoke(now time.Time) {
	t.lastChoke = now
	views := make([]PeerView, 0, len(t.peers))
	byID := make(map[uint64]*peer, len(t.peers))
	for p := range t.peers {
		views = append(views, PeerView{ID: p.id, Interested: p.peerInt, Choked: p.amChoking, DownRate: p.down.rate, UpRate: p.up.rate})
		byID[p.id] = p
	}
	slices.SortFunc(views, func(a, b PeerView) int { return int(a.ID) - int(b.ID) })
	unchoke := map[uint64]bool{}
	if t.meta != nil && t.have.Count() > 0 {
		for _, id := range t.c.cfg.Choker.Choose(now, views, t.state == Seeding) {
			unchoke[id] = true
		}
	}
	for id, p := range byID {
		switch {
		case unchoke[id] && p.amChoking:
			p.amChoking = false
			p.send(wire.Message{Type: wire.Unchoke})
		case !unchoke[id] && !p.amChoking:
			p.amChoking = true
			p.send(wire.Message{Type: wire.Choke})
			p.dropServe()
		}
	}
}

// eagerSlots is how many unchoked peers the torrent may have before a newly
// interested peer waits for the next rechoke: the default choker's four
// regular slots and its optimistic one.
const eagerSlots = 5

// freeSlot says an interested peer could be unchoked at once.
func (t *Torrent) freeSlot() bool {
	n := 0
	for p := range t.peers {
		if !p.amChoking {
			n++
		}
	}
	return n < eagerSlots
}
