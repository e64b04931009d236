package bank

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Message kinds of the bank.
const (
	KindSend      = "bank/send"
	KindMultiSend = "bank/multi-send"
)

// MaxOutputs bounds a multi-send.
const MaxOutputs = 1000

// MsgSend pays Amount wei from the transaction's sender to To.
type MsgSend struct {
	To     address.Address
	Amount *uint256.Int
}

// Kind is "bank/send".
func (*MsgSend) Kind() string { return KindSend }

// Validate checks the amount is positive.
func (m *MsgSend) Validate() error {
	if m.Amount == nil || m.Amount.IsZero() {
		return ErrZeroAmount
	}
	return nil
}

// Output is one recipient of a multi-send.
type Output struct {
	To     address.Address
	Amount *uint256.Int
}

// MsgMultiSend pays several recipients from the sender in one message.
type MsgMultiSend struct {
	Outputs []Output
}

// Kind is "bank/multi-send".
func (*MsgMultiSend) Kind() string { return KindMultiSend }

// Validate checks the outputs are positive, bounded and sum below 2^256.
func (m *MsgMultiSend) Validate() error {
	if len(m.Outputs) == 0 || len(m.Outputs) > MaxOutputs {
		return fmt.Errorf("%w: it has %d", ErrNoOutputs, len(m.Outputs))
	}
	for i, o := range m.Outputs {
		if o.Amount == nil || o.Amount.IsZero() {
			return fmt.Errorf("output %d: %w", i, ErrZeroAmount)
		}
	}
	if _, ok := m.Total(); !ok {
		return fmt.Errorf("%w: outputs sum past 2^256", ErrSupplyOverflow)
	}
	return nil
}

// Total sums the outputs; ok is false on overflow.
func (m *MsgMultiSend) Total() (total *uint256.Int, ok bool) {
	total = new(uint256.Int)
	for _, o := range m.Outputs {
		if o.Amount == nil {
			continue
		}
		if _, overflow := total.AddOverflow(total, o.Amount); overflow {
			return nil, false
		}
	}
	return total, true
}

// Gas of each kind on top of store access.
const (
	GasSend      uint64 = 1_000
	GasMultiSend uint64 = 1_000
)

// Kinds registers the bank's messages.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindSend, Gas: GasSend, New: func() tx.Msg { return new(MsgSend) }},
		{Name: KindMultiSend, Gas: GasMultiSend, New: func() tx.Msg { return new(MsgMultiSend) }},
	}
}

// Handle routes a bank message to its transition.
func Handle(kv state.KV, env tx.Env, m tx.Msg) ([]tx.Event, error) {
	s := New(kv)
	switch m := m.(type) {
	case *MsgSend:
		return s.Send(env, m)
	case *MsgMultiSend:
		return s.MultiSend(env, m)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
