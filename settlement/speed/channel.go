package speed

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Open is "speed/open": the sender escrows a deposit for a new channel to
// the payee. The channel's id counts the sender's channels, so it is new.
func (s Store) Open(env tx.Env, m *paych.MsgOpen) ([]tx.Event, error) {
	switch {
	case m.Payee == env.Sender:
		return nil, fmt.Errorf("%w: a channel to oneself", paych.ErrBadPayee)
	case bank.IsModuleAccount(m.Payee):
		return nil, fmt.Errorf("%w: %s is a module account", paych.ErrBadPayee, m.Payee)
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	n, err := s.opened(env.Sender)
	if err != nil {
		return nil, err
	}
	id := paych.NewChannelID(env.Sender, m.Payee, n)
	if err := s.bank.Transfer(env.Sender, Escrow, m.Deposit); err != nil {
		return nil, err
	}
	c := &Channel{
		Payer: env.Sender, Payee: m.Payee, Deposit: new(uint256.Int).Set(m.Deposit), Redeemed: new(uint256.Int),
		SettleDelay: uint64(p.SettleDelay.Nanoseconds()), OpenedHeight: uint64(env.Height), State: paych.Open,
	}
	if err := s.setChannel(id, c); err != nil {
		return nil, err
	}
	if err := s.kv.Set(byPayerKey(c.Payer, id), []byte{1}); err != nil {
		return nil, err
	}
	if err := s.kv.Set(byPayeeKey(c.Payee, id), []byte{1}); err != nil {
		return nil, err
	}
	if err := s.kv.Set(openedKey(env.Sender), state.BE64(n+1)); err != nil {
		return nil, err
	}
	if err := s.addUnsettled(1); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(paych.EventOpen, paych.AttrChannel, id.String(), paych.AttrPayer, c.Payer.Hex(),
		paych.AttrPayee, c.Payee.Hex(), paych.AttrAmount, m.Deposit.Dec(), paych.AttrDeposit, c.Deposit.Dec())}, nil
}

// TopUp is "speed/topup": the payer adds to an open channel's deposit.
func (s Store) TopUp(env tx.Env, m *paych.MsgTopUp) ([]tx.Event, error) {
	c, err := s.Channel(m.Channel)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Payer != env.Sender:
		return nil, fmt.Errorf("%w: channel %s is paid by %s", paych.ErrNotPayer, m.Channel, c.Payer)
	case c.State == paych.Closed:
		return nil, fmt.Errorf("%w: %s", paych.ErrClosed, m.Channel)
	case c.State == paych.Closing:
		return nil, fmt.Errorf("%w: %s can be settled from %s; open a new channel", paych.ErrClosing, m.Channel, rfc3339(c.SettleAt()))
	}
	if _, overflow := c.Deposit.AddOverflow(c.Deposit, m.Amount); overflow {
		return nil, fmt.Errorf("%w: channel %s", paych.ErrOverflow, m.Channel)
	}
	if err := s.bank.Transfer(env.Sender, Escrow, m.Amount); err != nil {
		return nil, err
	}
	if err := s.setChannel(m.Channel, c); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(paych.EventTopUp, paych.AttrChannel, m.Channel.String(), paych.AttrPayer, c.Payer.Hex(),
		paych.AttrPayee, c.Payee.Hex(), paych.AttrAmount, m.Amount.Dec(), paych.AttrDeposit, c.Deposit.Dec())}, nil
}
