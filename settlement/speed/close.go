package speed

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Close is "speed/close". From the payer, an open channel starts closing:
// its payee may redeem until the settle delay ends, then anyone may
// settle. From the payee, the channel settles at once: the payee can only
// give up its own unredeemed vouchers.
func (s Store) Close(env tx.Env, m *paych.MsgClose) ([]tx.Event, error) {
	c, err := s.Channel(m.Channel)
	if err != nil {
		return nil, err
	}
	if c.State == paych.Closed {
		return nil, fmt.Errorf("%w: %s", paych.ErrClosed, m.Channel)
	}
	switch env.Sender {
	case c.Payee:
		return s.payOut(m.Channel, c, c.Redeemed, paych.HowPayee)
	case c.Payer:
		if c.State == paych.Closing {
			return nil, fmt.Errorf("%w: %s can be settled from %s", paych.ErrClosing, m.Channel, rfc3339(c.SettleAt()))
		}
		c.State = paych.Closing
		c.ClosingSince = state.UnixNano(env.Time)
		if err := s.setChannel(m.Channel, c); err != nil {
			return nil, err
		}
		return []tx.Event{tx.NewEvent(paych.EventClosing, paych.AttrChannel, m.Channel.String(), paych.AttrPayer, c.Payer.Hex(),
			paych.AttrPayee, c.Payee.Hex(), paych.AttrRedeemed, c.Redeemed.Dec(), paych.AttrSettleAt, rfc3339(c.SettleAt()))}, nil
	}
	return nil, fmt.Errorf("%w: %s is neither payer nor payee of %s", paych.ErrNotParty, env.Sender, m.Channel)
}

// CoopClose is "speed/coop-close": on the payee's signed word, the payee
// takes the close's amount in all and the payer the rest, at once.
func (s Store) CoopClose(env tx.Env, m *paych.MsgCoopClose) ([]tx.Event, error) {
	cl := &m.Close.Close
	c, err := s.Channel(cl.Channel)
	if err != nil {
		return nil, err
	}
	switch {
	case c.State == paych.Closed:
		return nil, fmt.Errorf("%w: %s", paych.ErrClosed, cl.Channel)
	case env.Sender != c.Payer && env.Sender != c.Payee:
		return nil, fmt.Errorf("%w: %s is neither payer nor payee of %s", paych.ErrNotParty, env.Sender, cl.Channel)
	}
	signer, err := m.Close.Signer(env.ChainID)
	if err != nil {
		return nil, err
	}
	switch {
	case signer != c.Payee:
		return nil, fmt.Errorf("%w: the close is signed by %s, the payee is %s", paych.ErrWrongSigner, signer, c.Payee)
	case cl.Amount.Gt(c.Deposit):
		return nil, fmt.Errorf("%w: %s wei, the deposit is %s wei", paych.ErrAboveDeposit, cl.Amount.Dec(), c.Deposit.Dec())
	case cl.Amount.Lt(c.Redeemed):
		return nil, fmt.Errorf("%w: %s wei, %s wei redeemed", paych.ErrBelowRedeemed, cl.Amount.Dec(), c.Redeemed.Dec())
	}
	return s.payOut(cl.Channel, c, cl.Amount, paych.HowCoop)
}

// Settle is "speed/settle": once a closing channel's delay is over,
// anyone may return what the payee did not redeem to the payer.
func (s Store) Settle(env tx.Env, m *paych.MsgSettle) ([]tx.Event, error) {
	c, err := s.Channel(m.Channel)
	if err != nil {
		return nil, err
	}
	switch {
	case c.State == paych.Closed:
		return nil, fmt.Errorf("%w: %s", paych.ErrClosed, m.Channel)
	case c.State == paych.Open:
		return nil, fmt.Errorf("%w: %s is open; its payer closes it first", paych.ErrNotClosing, m.Channel)
	case env.Time.Before(c.SettleAt()):
		return nil, fmt.Errorf("%w: %s can be settled from %s", paych.ErrTooEarly, m.Channel, rfc3339(c.SettleAt()))
	}
	return s.payOut(m.Channel, c, c.Redeemed, paych.HowSettled)
}

// payOut closes c: its payee is paid up to total (all it takes, redeemed
// included) and the payer gets the rest of the deposit.
func (s Store) payOut(id paych.ChannelID, c *Channel, total *uint256.Int, how string) ([]tx.Event, error) {
	toPayee := new(uint256.Int).Sub(total, c.Redeemed)
	refund := new(uint256.Int).Sub(c.Deposit, total)
	if !toPayee.IsZero() {
		if err := s.bank.Transfer(Escrow, c.Payee, toPayee); err != nil {
			return nil, fmt.Errorf("%w: escrow cannot pay %s: %v", ErrCorrupt, c.Payee, err)
		}
	}
	if !refund.IsZero() {
		if err := s.bank.Transfer(Escrow, c.Payer, refund); err != nil {
			return nil, fmt.Errorf("%w: escrow cannot refund %s: %v", ErrCorrupt, c.Payer, err)
		}
	}
	c.Redeemed = new(uint256.Int).Set(total)
	c.State = paych.Closed
	if err := s.setChannel(id, c); err != nil {
		return nil, err
	}
	if err := s.addUnsettled(-1); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(paych.EventClosed, paych.AttrChannel, id.String(), paych.AttrPayer, c.Payer.Hex(),
		paych.AttrPayee, c.Payee.Hex(), paych.AttrHow, how, paych.AttrAmount, toPayee.Dec(), paych.AttrRedeemed, c.Redeemed.Dec(),
		paych.AttrRefund, refund.Dec())}, nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
