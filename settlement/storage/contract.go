package storage

import (
	"fmt"
	"math/bits"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// Propose is "storage/propose": the renter escrows price × periods for a
// contract the host may accept until its start.
func (s Store) Propose(env tx.Env, m *deal.MsgPropose) ([]tx.Event, error) {
	return s.propose(env, env.Sender, m.Terms, deal.ID{})
}

// Renew is "storage/renew": the renter proposes the same terms for more
// periods, from the end of an active contract. The host accepts it as any
// proposal.
func (s Store) Renew(env tx.Env, m *deal.MsgRenew) ([]tx.Event, error) {
	c, err := s.Contract(m.Contract)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Renter != env.Sender:
		return nil, fmt.Errorf("%w: %s is the renter of %s", deal.ErrNotRenter, c.Renter, m.Contract)
	case c.State != deal.Active:
		return nil, fmt.Errorf("%w: %s is %s", deal.ErrNotActive, m.Contract, c.State)
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	if p.LeafSize != c.LeafSize {
		return nil, fmt.Errorf("%w: the chain's leaf size is now %d, the contract's %d; propose anew with a new root", deal.ErrBadTerms, p.LeafSize, c.LeafSize)
	}
	t := c.Terms
	t.Start, t.Periods = t.End(), m.Periods
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return s.propose(env, env.Sender, t, m.Contract)
}

func (s Store) propose(env tx.Env, renter address.Address, t deal.Terms, renewalOf deal.ID) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	height := uint64(env.Height)
	leaves := merkle.Leaves(t.Size, p.LeafSize)
	switch {
	case t.Host == renter:
		return nil, fmt.Errorf("%w: the renter cannot host its own contract", deal.ErrBadHost)
	case bank.IsModuleAccount(t.Host):
		return nil, fmt.Errorf("%w: %s is a module account", deal.ErrBadHost, t.Host)
	case t.Start < height+p.Lookback+1:
		return nil, fmt.Errorf("%w: start %d; the first challenge's block (start − %d) must come after this block, so start at %d or later",
			deal.ErrStartTooSoon, t.Start, p.Lookback, height+p.Lookback+1)
	case t.Window > p.MaxWindow:
		return nil, fmt.Errorf("%w: a window of %d blocks, at most %d", deal.ErrBadTerms, t.Window, p.MaxWindow)
	}
	if size := proofSize(leaves, p.LeafSize, p.Challenges); size > p.MaxProofBytes {
		return nil, fmt.Errorf("%w: a proof of this file would take %d bytes, above the chain's %d; the file is too large", deal.ErrBadTerms, size, p.MaxProofBytes)
	}
	n, err := s.counter(proposedKey(renter))
	if err != nil {
		return nil, err
	}
	id := deal.NewID(renter, n)
	total := t.Total()
	if err := s.bank.Transfer(renter, Escrow, total); err != nil {
		return nil, err
	}
	c := &Contract{Renter: renter, Terms: t, LeafSize: p.LeafSize, Challenges: p.Challenges, Lookback: p.Lookback, State: deal.Proposed,
		Escrow: total, Collateral: new(uint256.Int), Paid: new(uint256.Int), RenewalOf: renewalOf}
	// Not accepted by the end of the block before its start, it expires.
	if err := s.schedule(id, c, t.Start-1); err != nil {
		return nil, err
	}
	if err := s.setContract(id, c); err != nil {
		return nil, err
	}
	for _, k := range [][]byte{byRenterKey(renter, id), byHostKey(t.Host, id)} {
		if err := s.kv.Set(k, []byte{1}); err != nil {
			return nil, err
		}
	}
	if err := s.kv.Set(proposedKey(renter), be64(n+1)); err != nil {
		return nil, err
	}
	if err := s.addLive(1); err != nil {
		return nil, err
	}
	ev := tx.NewEvent(deal.EventProposed, deal.AttrContract, id.String(), deal.AttrRenter, renter.Hex(), deal.AttrHost, t.Host.Hex(), deal.AttrAmount, total.Dec())
	if renewalOf != (deal.ID{}) {
		ev.Attributes = append(ev.Attributes, tx.Attribute{Key: deal.AttrRenewal, Value: renewalOf.String()})
	}
	return []tx.Event{ev}, nil
}

// proofSize is the most a proof of a file of leaves takes.
func proofSize(leaves, leafSize, challenges uint64) uint64 {
	depth := uint64(bits.Len64(leaves - 1)) // an audit path has at most ceil(log2 leaves) hashes
	return challenges * (leafSize + 32*depth)
}

// Accept is "storage/accept": the host locks its collateral and the
// contract runs from its start.
func (s Store) Accept(env tx.Env, m *deal.MsgAccept) ([]tx.Event, error) {
	c, err := s.Contract(m.Contract)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Terms.Host != env.Sender:
		return nil, fmt.Errorf("%w: %s is the host of %s", deal.ErrNotHost, c.Terms.Host, m.Contract)
	case c.State != deal.Proposed:
		return nil, fmt.Errorf("%w: %s is %s", deal.ErrNotProposed, m.Contract, c.State)
	case uint64(env.Height) >= c.Terms.Start:
		return nil, fmt.Errorf("%w: it started at %d", deal.ErrTooLate, c.Terms.Start)
	}
	if err := s.bank.Transfer(env.Sender, Escrow, c.Terms.Collateral); err != nil {
		return nil, err
	}
	c.Collateral = new(uint256.Int).Set(c.Terms.Collateral)
	c.State = deal.Active
	if err := s.schedule(m.Contract, c, c.WindowEnd(0)); err != nil {
		return nil, err
	}
	if err := s.setContract(m.Contract, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(deal.EventAccepted, deal.AttrContract, m.Contract.String(), deal.AttrRenter, c.Renter.Hex(),
		deal.AttrHost, c.Terms.Host.Hex(), deal.AttrAmount, c.Collateral.Dec())}, nil
}

// Cancel is "storage/cancel": the renter withdraws a proposal nobody
// accepted and gets its escrow back.
func (s Store) Cancel(env tx.Env, m *deal.MsgCancel) ([]tx.Event, error) {
	c, err := s.Contract(m.Contract)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Renter != env.Sender:
		return nil, fmt.Errorf("%w: %s is the renter of %s", deal.ErrNotRenter, c.Renter, m.Contract)
	case c.State != deal.Proposed:
		return nil, fmt.Errorf("%w: %s is %s", deal.ErrNotProposed, m.Contract, c.State)
	}
	return s.unpropose(m.Contract, c, deal.Cancelled, deal.EventCancelled)
}

// unpropose ends a proposal: the escrow goes back to the renter.
func (s Store) unpropose(id deal.ID, c *Contract, to deal.State, event string) ([]tx.Event, error) {
	refund := c.Escrow
	if err := s.pay(c.Renter, refund); err != nil {
		return nil, err
	}
	c.Escrow, c.State = new(uint256.Int), to
	if err := s.finish(id, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(event, deal.AttrContract, id.String(), deal.AttrRenter, c.Renter.Hex(), deal.AttrHost, c.Terms.Host.Hex(),
		deal.AttrAmount, refund.Dec())}, nil
}

// finish writes a contract that is no longer live.
func (s Store) finish(id deal.ID, c *Contract) error {
	if err := s.schedule(id, c, 0); err != nil {
		return err
	}
	if err := s.setContract(id, c); err != nil {
		return err
	}
	return s.addLive(-1)
}

// pay moves amount out of the escrow account.
func (s Store) pay(to address.Address, amount *uint256.Int) error {
	if amount.IsZero() {
		return nil
	}
	if err := s.bank.Transfer(Escrow, to, amount); err != nil {
		return fmt.Errorf("%w: the storage escrow cannot pay %s: %v", ErrCorrupt, to, err)
	}
	return nil
}
