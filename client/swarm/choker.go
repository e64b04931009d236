package swarm

import (
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/holiman/uint256"

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
	// Bid is what the peer offers per MiB for a paid slot (the Speed
	// extension), when it is in good standing; nil otherwise.
	Bid *uint256.Int
}

// Choice is a Choker's answer: whom to unchoke, and of those, who won a
// paid slot and the price per MiB each winner pays.
type Choice struct {
	Unchoke []uint64
	Won     []uint64
	Price   *uint256.Int
}

// A Choker chooses the peers to upload to. The swarm calls Choose every
// ten seconds and when a slot frees; it must return quickly.
type Choker interface {
	Choose(now time.Time, peers []PeerView, seeding bool) Choice
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
func (c *TitForTat) Choose(now time.Time, peers []PeerView, seeding bool) Choice {
	return Choice{Unchoke: c.choose(now, peers, seeding, c.Slots)}
}

// choose gives slots regular slots and the optimistic one among peers.
func (c *TitForTat) choose(now time.Time, peers []PeerView, seeding bool, slots int) []uint64 {
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
	n := min(slots, len(cands))
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
		v := PeerView{ID: p.id, Interested: p.peerInt, Choked: p.amChoking, DownRate: p.down.rate, UpRate: p.up.rate}
		if p.sale != nil && t.meta != nil {
			v.Bid = p.sale.Bid(max(graceBytes(t.meta.PieceLength), int64(2*p.up.rate)))
		}
		views = append(views, v)
		byID[p.id] = p
	}
	slices.SortFunc(views, func(a, b PeerView) int { return int(a.ID) - int(b.ID) })
	unchoke, won := map[uint64]bool{}, map[uint64]bool{}
	var choice Choice
	if t.meta != nil && t.have.Count() > 0 {
		choice = t.c.cfg.Choker.Choose(now, views, t.state == Seeding)
		for _, id := range choice.Unchoke {
			unchoke[id] = true
		}
		for _, id := range choice.Won {
			won[id] = true
		}
	}
	for id, p := range byID {
		if p.sale != nil {
			p.sale.Award(won[id], choice.Price)
		}
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

// graceBytes is how far a paid peer may fall behind in its payments: a
// few pieces, since it pays per verified piece (the swarm also allows two
// seconds of its transfer, which on a fast link is more).
func graceBytes(pieceLength int64) int64 { return 4 * pieceLength }

// Auction sells a seeder's regular upload slots (the Speed extension):
// they go first to the highest bids at or above Floor, each winner paying
// the highest losing bid (or the floor when no bid lost), as a
// uniform-price auction does; slots no bid won, and the optimistic slot,
// which is never sold, go by tit-for-tat among everyone else, losing
// bidders included.
type Auction struct {
	Floor *uint256.Int
	tft   *TitForTat
}

// NewAuction is an Auction of slots regular slots.
func NewAuction(slots int, floor *uint256.Int) *Auction {
	return &Auction{Floor: floor, tft: NewTitForTat(slots)}
}

// NewAuctionWith takes its randomness from rng, for tests.
func NewAuctionWith(slots int, floor *uint256.Int, rng *mrand.Rand) *Auction {
	return &Auction{Floor: floor, tft: NewTitForTatWith(slots, rng)}
}

// Choose implements Choker.
func (a *Auction) Choose(now time.Time, peers []PeerView, seeding bool) Choice {
	var bidders, rest []PeerView
	for _, p := range peers {
		if p.Interested && p.Bid != nil && !p.Bid.Lt(a.Floor) {
			bidders = append(bidders, p)
		} else {
			rest = append(rest, p)
		}
	}
	slices.SortStableFunc(bidders, func(x, y PeerView) int {
		if c := y.Bid.Cmp(x.Bid); c != 0 {
			return c
		}
		return int(x.ID) - int(y.ID)
	})
	k := min(a.tft.Slots, len(bidders))
	c := Choice{Price: new(uint256.Int).Set(a.Floor)}
	if len(bidders) > k {
		c.Price.Set(bidders[k].Bid)
	}
	for _, p := range bidders[:k] {
		c.Won = append(c.Won, p.ID)
	}
	rest = append(rest, bidders[k:]...)
	c.Unchoke = append(slices.Clone(c.Won), a.tft.choose(now, rest, seeding, a.tft.Slots-k)...)
	return c
}
