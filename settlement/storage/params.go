package storage

import (
	"fmt"

	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Params are the module's chain-wide settings, changeable by governance.
// A contract keeps the leaf size, challenge count and lookback it was
// proposed under.
type Params struct {
	// LeafSize is the bytes of a Merkle leaf, a power of two.
	LeafSize uint64 `json:"leaf_size"`
	// Challenges is how many leaves a period's proof carries.
	Challenges uint64 `json:"challenges"`
	// Lookback is how many blocks before a period's start its seed block is.
	Lookback uint64 `json:"lookback"`
	// MaxWindow bounds a contract's proof window, in blocks.
	MaxWindow uint64 `json:"max_window"`
	// MaxProofBytes bounds a proof's leaves and paths.
	MaxProofBytes uint64 `json:"max_proof_bytes"`
	// CommunityShare of every slash goes to the community pool; the rest
	// to the renter.
	CommunityShare dec.Dec `json:"community_share"`
}

// DefaultParams: 1 KiB leaves and 8 challenges make a proof of a 1 GiB
// file about 13 KiB; a window of up to a day of 1-second blocks.
func DefaultParams() Params {
	return Params{LeafSize: 1024, Challenges: 8, Lookback: 5, MaxWindow: 14_400, MaxProofBytes: 48 << 10, CommunityShare: dec.Zero()}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{deal.ErrBadParams}, a...)...)
	}
	switch {
	case p.LeafSize < 64 || p.LeafSize > deal.MaxLeafBytes || p.LeafSize&(p.LeafSize-1) != 0:
		return bad("leaf_size %d: want a power of two from 64 to %d", p.LeafSize, deal.MaxLeafBytes)
	case p.Challenges < 4 || p.Challenges > 16:
		return bad("challenges %d: want 4 to 16", p.Challenges)
	case p.Lookback < 1 || p.Lookback > 100:
		return bad("lookback %d: want 1 to 100 blocks", p.Lookback)
	case p.MaxWindow < 1 || p.MaxWindow+p.Lookback >= HashRing:
		return bad("max_window %d: want 1 to %d blocks", p.MaxWindow, HashRing-1-p.Lookback)
	case p.MaxProofBytes < p.LeafSize || p.MaxProofBytes > 60_000:
		return bad("max_proof_bytes %d: want a leaf's size to 60000 (a transaction holds 64 KiB)", p.MaxProofBytes)
	case p.CommunityShare.GT(dec.One()):
		return bad("community_share %s: want 0 to 1", p.CommunityShare)
	}
	return nil
}

// Params reads the parameters; a state from before the module has none
// and the defaults apply.
func (s Store) Params() (Params, error) {
	p := DefaultParams()
	_, err := s.getJSON([]byte{keyParams}, &p)
	return p, err
}

// SetParams validates and writes the parameters.
func (s Store) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.setJSON([]byte{keyParams}, p)
}
