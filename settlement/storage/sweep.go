package storage

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// EndBlock records the block's hash, while any contract is live, for the
// challenges that derive from it; then it sweeps the contracts due at
// this height: expired proposals, closed windows, ended contracts. Its
// cost is one write and the contracts due, never all contracts.
func (s Store) EndBlock(env tx.Env, blockHash []byte) ([]tx.Event, error) {
	height := uint64(env.Height)
	live, err := s.counter([]byte{keyLive})
	if err != nil {
		return nil, err
	}
	if live == 0 {
		return nil, nil
	}
	if err := s.kv.Set(hashKey(height), append(be64(height), blockHash...)); err != nil {
		return nil, err
	}
	// Everything due up to this height: an entry is never left behind.
	var due []deal.ID
	err = s.kv.Range([]byte{prefixDue}, key(prefixDue, be64(height+1)), func(k, _ []byte) bool {
		var id deal.ID
		copy(id[:], k[len(k)-len(id):])
		due = append(due, id)
		return true
	})
	if err != nil {
		return nil, err
	}
	var events []tx.Event
	for _, id := range due {
		c, err := s.Contract(id)
		if err != nil {
			return nil, err
		}
		ev, err := s.sweep(height, id, c)
		if err != nil {
			return nil, fmt.Errorf("contract %s: %w", id, err)
		}
		events = append(events, ev...)
	}
	return events, nil
}

// sweep handles one contract whose entry is due.
func (s Store) sweep(height uint64, id deal.ID, c *Contract) ([]tx.Event, error) {
	switch {
	case c.State == deal.Proposed:
		return s.unpropose(id, c, deal.Expired, deal.EventExpired)
	case c.State != deal.Active:
		return nil, fmt.Errorf("%w: a %s contract is in the sweep queue", ErrCorrupt, c.State)
	case c.Next >= c.Terms.Periods:
		return s.end(id, c)
	}
	var events []tx.Event
	if !c.NextProven {
		ev, err := s.miss(id, c)
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	c.Next++
	c.NextProven = false
	switch {
	case c.Missed >= c.Terms.MaxMisses:
		ev, err := s.terminate(id, c)
		return append(events, ev...), err
	case c.Next < c.Terms.Periods:
		return events, s.reschedule(id, c, c.WindowEnd(c.Next))
	case c.Terms.End()-1 > height:
		return events, s.reschedule(id, c, c.Terms.End()-1) // the collateral returns when the last period is over
	}
	ev, err := s.end(id, c)
	return append(events, ev...), err
}

func (s Store) reschedule(id deal.ID, c *Contract, height uint64) error {
	if err := s.schedule(id, c, height); err != nil {
		return err
	}
	return s.setContract(id, c)
}

// miss refunds the renter the period's price and slashes the collateral.
func (s Store) miss(id deal.ID, c *Contract) ([]tx.Event, error) {
	price := c.Terms.Price
	if err := s.pay(c.Renter, price); err != nil {
		return nil, err
	}
	c.Escrow.Sub(c.Escrow, price)
	c.Missed++
	slash := new(uint256.Int).Set(c.Terms.SlashPerMiss)
	if slash.Gt(c.Collateral) {
		slash.Set(c.Collateral)
	}
	community, err := s.slash(c, slash)
	if err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(deal.EventMissed, deal.AttrContract, id.String(), deal.AttrHost, c.Terms.Host.Hex(), deal.AttrPeriod, fmt.Sprint(c.Next),
		deal.AttrAmount, price.Dec(), deal.AttrSlashed, slash.Dec(), deal.AttrCommunity, community.Dec(), deal.AttrMissed, fmt.Sprint(c.Missed))}, nil
}

// slash takes amount of the collateral: the community pool's share, the
// rest to the renter. It returns the community's part.
func (s Store) slash(c *Contract, amount *uint256.Int) (*uint256.Int, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	community := p.CommunityShare.MulInt(amount)
	if community.Gt(amount) {
		community.Set(amount)
	}
	if err := s.pay(s.pool, community); err != nil {
		return nil, err
	}
	if err := s.pay(c.Renter, new(uint256.Int).Sub(amount, community)); err != nil {
		return nil, err
	}
	c.Collateral.Sub(c.Collateral, amount)
	return community, nil
}

// terminate ends a contract at its last allowed miss: the rest of the
// collateral is slashed and the renter gets the rest of its escrow.
func (s Store) terminate(id deal.ID, c *Contract) ([]tx.Event, error) {
	slashed := new(uint256.Int).Set(c.Collateral)
	community, err := s.slash(c, slashed)
	if err != nil {
		return nil, err
	}
	refund := c.Escrow
	if err := s.pay(c.Renter, refund); err != nil {
		return nil, err
	}
	c.Escrow, c.State = new(uint256.Int), deal.Terminated
	if err := s.finish(id, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(deal.EventTerminated, deal.AttrContract, id.String(), deal.AttrHost, c.Terms.Host.Hex(),
		deal.AttrAmount, refund.Dec(), deal.AttrSlashed, slashed.Dec(), deal.AttrCommunity, community.Dec(), deal.AttrMissed, fmt.Sprint(c.Missed))}, nil
}

// end closes a contract whose periods are over: its collateral goes back
// to the host.
func (s Store) end(id deal.ID, c *Contract) ([]tx.Event, error) {
	if !c.Escrow.IsZero() {
		return nil, fmt.Errorf("%w: %s wei of escrow left after the last period", ErrCorrupt, c.Escrow.Dec())
	}
	returned := c.Collateral
	if err := s.pay(c.Terms.Host, returned); err != nil {
		return nil, err
	}
	c.Collateral, c.State = new(uint256.Int), deal.Ended
	if err := s.finish(id, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(deal.EventEnded, deal.AttrContract, id.String(), deal.AttrHost, c.Terms.Host.Hex(), deal.AttrReturned, returned.Dec())}, nil
}
