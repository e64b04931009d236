package storage

import (
	"encoding/hex"
	"fmt"

	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// Prove is "storage/prove": the host answers the current period's
// challenge inside its window; a valid answer pays it the period's price.
func (s Store) Prove(env tx.Env, m *deal.MsgProve) ([]tx.Event, error) {
	c, err := s.Contract(m.Contract)
	if err != nil {
		return nil, err
	}
	height := uint64(env.Height)
	switch {
	case c.Terms.Host != env.Sender:
		return nil, fmt.Errorf("%w: %s is the host of %s", deal.ErrNotHost, c.Terms.Host, m.Contract)
	case c.State != deal.Active:
		return nil, fmt.Errorf("%w: %s is %s", deal.ErrNotActive, m.Contract, c.State)
	case m.Period != c.Next:
		return nil, fmt.Errorf("%w: period %d; the contract is at period %d", deal.ErrWrongPeriod, m.Period, c.Next)
	case c.Next >= c.Terms.Periods:
		return nil, fmt.Errorf("%w: every period is over", deal.ErrWrongPeriod)
	case height < c.PeriodStart(c.Next) || height > c.WindowEnd(c.Next):
		return nil, fmt.Errorf("%w: period %d is proven at heights %d to %d; this is %d", deal.ErrOutsideWindow, c.Next,
			c.PeriodStart(c.Next), c.WindowEnd(c.Next), height)
	case c.NextProven:
		return nil, fmt.Errorf("%w: period %d", deal.ErrAlreadyProven, c.Next)
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	if n := uint64(m.Bytes()); n > p.MaxProofBytes {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", deal.ErrProofTooLarge, n, p.MaxProofBytes)
	}
	indices, err := s.challenge(m.Contract, c, c.Next)
	if err != nil {
		return nil, err
	}
	if err := Check(c, indices, m); err != nil {
		return nil, err
	}
	if err := s.pay(c.Terms.Host, c.Terms.Price); err != nil {
		return nil, err
	}
	c.Escrow.Sub(c.Escrow, c.Terms.Price)
	c.Paid.Add(c.Paid, c.Terms.Price)
	c.NextProven = true
	c.Proven++
	if err := s.setContract(m.Contract, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(deal.EventProven, deal.AttrContract, m.Contract.String(), deal.AttrHost, c.Terms.Host.Hex(),
		deal.AttrPeriod, fmt.Sprint(m.Period), deal.AttrAmount, c.Terms.Price.Dec())}, nil
}

// Check verifies a proof's leaves against the challenged indices and the
// contract's root: the one definition of a valid answer.
func Check(c *Contract, indices []uint64, m *deal.MsgProve) error {
	if len(m.Leaves) != len(indices) {
		return fmt.Errorf("%w: %d leaves, the challenge names %d", deal.ErrBadProof, len(m.Leaves), len(indices))
	}
	n := c.Leaves()
	for j, idx := range indices {
		if uint64(len(m.Leaves[j])) != c.LeafSize {
			return fmt.Errorf("%w: leaf %d is %d bytes, leaves are %d", deal.ErrBadProof, j, len(m.Leaves[j]), c.LeafSize)
		}
		if err := merkle.Verify(c.Terms.Root, n, idx, m.Leaves[j], m.Paths[j]); err != nil {
			return fmt.Errorf("%w: leaf %d (index %d): %v", deal.ErrBadProof, j, idx, err)
		}
	}
	return nil
}

// challenge is period p's leaf indices, once its seed block exists.
func (s Store) challenge(id deal.ID, c *Contract, p uint64) ([]uint64, error) {
	seedHeight := c.PeriodStart(p) - c.Lookback
	hash, ok, err := s.blockHash(seedHeight)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: height %d", deal.ErrNoChallenge, seedHeight)
	}
	return deal.Indices(deal.Seed(hash, id, p), c.Leaves(), int(c.Challenges)), nil
}

// Challenge is period p's challenge as queries answer it.
func (s Store) Challenge(id deal.ID, p uint64) (*deal.ChallengeView, error) {
	c, err := s.Contract(id)
	if err != nil {
		return nil, err
	}
	if p >= c.Terms.Periods {
		return nil, fmt.Errorf("%w: period %d of %d", deal.ErrWrongPeriod, p, c.Terms.Periods)
	}
	v := &deal.ChallengeView{Contract: id, Period: p, SeedHeight: c.PeriodStart(p) - c.Lookback, WindowStart: c.PeriodStart(p),
		WindowEnd: c.WindowEnd(p), Leaves: c.Leaves(), LeafSize: c.LeafSize}
	hash, ok, err := s.blockHash(v.SeedHeight)
	if err != nil || !ok {
		return v, err
	}
	seed := deal.Seed(hash, id, p)
	v.Ready, v.Seed, v.Indices = true, "0x"+hex.EncodeToString(seed[:]), deal.Indices(seed, c.Leaves(), int(c.Challenges))
	return v, nil
}
