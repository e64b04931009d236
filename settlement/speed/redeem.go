package speed

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Redeem is "speed/redeem": each voucher, in order, pays its channel's
// payee the increase over what was redeemed, if the channel's payer
// signed it for this chain, its nonce is above the last redeemed, its
// amount is within the deposit and it has not expired. A refused voucher
// is reported and skipped; the message fails, and nothing moves, only if
// every voucher is refused.
//
// Each channel is read once and written once, and each payee is credited
// once, however many of the batch's vouchers they share: that is what
// makes a batch cheaper than its vouchers one by one.
func (s Store) Redeem(env tx.Env, m *paych.MsgRedeem) ([]tx.Event, error) {
	var (
		b        batch
		events   []tx.Event
		firstErr error
	)
	for i := range m.Vouchers {
		sv := &m.Vouchers[i]
		id := sv.Voucher.Channel
		c, err := b.channel(s, id)
		if err == nil {
			err = check(env, c, sv)
		}
		if errors.Is(err, state.ErrFault) {
			return nil, err
		}
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("voucher %d (channel %s, nonce %d): %w", i, id, sv.Voucher.Nonce, err)
			}
			events = append(events, tx.NewEvent(paych.EventRefused, paych.AttrChannel, id.String(), paych.AttrIndex, fmt.Sprint(i),
				paych.AttrNonce, fmt.Sprint(sv.Voucher.Nonce), paych.AttrCode, fmt.Sprint(paych.CodeOf(err)), paych.AttrReason, err.Error()))
			continue
		}
		paid := new(uint256.Int).Sub(sv.Voucher.Amount, c.Redeemed)
		c.Redeemed.Set(sv.Voucher.Amount)
		c.Nonce = sv.Voucher.Nonce
		c.Vouchers++
		b.credit(c.Payee, paid)
		events = append(events, tx.NewEvent(paych.EventRedeem, paych.AttrChannel, id.String(), paych.AttrIndex, fmt.Sprint(i),
			paych.AttrPayee, c.Payee.Hex(), paych.AttrNonce, fmt.Sprint(sv.Voucher.Nonce), paych.AttrAmount, paid.Dec(),
			paych.AttrRedeemed, c.Redeemed.Dec()))
	}
	if len(b.credits) == 0 {
		if len(m.Vouchers) == 1 {
			return nil, firstErr
		}
		return nil, fmt.Errorf("all %d vouchers refused; the first: %w", len(m.Vouchers), firstErr)
	}
	for _, id := range b.order {
		if err := s.setChannel(id, b.channels[id]); err != nil {
			return nil, err
		}
	}
	for _, cr := range b.credits {
		if err := s.bank.Transfer(Escrow, cr.payee, cr.amount); err != nil {
			return nil, fmt.Errorf("%w: escrow cannot pay %s: %v", ErrCorrupt, cr.payee, err)
		}
	}
	return events, nil
}

// check judges a voucher by paych.Check at this block.
func check(env tx.Env, c *Channel, sv *paych.SignedVoucher) error {
	t := paych.Terms{Payer: c.Payer, Deposit: c.Deposit, Redeemed: c.Redeemed, Nonce: c.Nonce, State: c.State, SettleAt: c.SettleAt()}
	return paych.Check(t, sv, env.ChainID, env.Height, env.Time)
}

// batch holds the channels and payee credits of one redeem, in the order
// they first appear, so that writes never depend on map order.
type batch struct {
	channels map[paych.ChannelID]*Channel
	order    []paych.ChannelID
	credits  []credit
}

type credit struct {
	payee  address.Address
	amount *uint256.Int
}

func (b *batch) channel(s Store, id paych.ChannelID) (*Channel, error) {
	if c, ok := b.channels[id]; ok {
		return c, nil
	}
	c, err := s.Channel(id)
	if err != nil {
		return nil, err
	}
	if b.channels == nil {
		b.channels = map[paych.ChannelID]*Channel{}
	}
	b.channels[id] = c
	b.order = append(b.order, id)
	return c, nil
}

// credit adds amount to payee's credit. Batches name few payees (usually
// one: a seeder redeeming its own vouchers), so a scan is cheaper than a
// map.
func (b *batch) credit(payee address.Address, amount *uint256.Int) {
	for i := range b.credits {
		if b.credits[i].payee == payee {
			b.credits[i].amount.Add(b.credits[i].amount, amount) // cannot overflow: all of it is within deposits
			return
		}
	}
	b.credits = append(b.credits, credit{payee: payee, amount: amount})
}
