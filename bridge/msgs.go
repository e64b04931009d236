package bridge

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// Message kinds of the bridge.
const KindWithdraw = "bridge/withdraw"

// GasWithdraw covers a withdrawal's fixed work beyond its reads and writes.
const GasWithdraw = 20_000

// MsgWithdraw burns Amount wei of the sender's on BTTC for To on the
// root chain Chain.
type MsgWithdraw struct {
	Chain  string
	To     address.Address
	Amount *uint256.Int
}

// Kind is "bridge/withdraw".
func (*MsgWithdraw) Kind() string { return KindWithdraw }

// Validate checks what needs no state.
func (m *MsgWithdraw) Validate() error {
	switch {
	case !validName(m.Chain):
		return fmt.Errorf("%w %q", ErrUnknownChain, m.Chain)
	case m.To.IsZero():
		return ErrZeroRecipient
	case m.Amount == nil || m.Amount.IsZero():
		return fmt.Errorf("%w: the amount must be positive", ErrBelowMinimum)
	}
	return nil
}

// Describe says "withdraw 5btt to 0x… on ethereum".
func (m *MsgWithdraw) Describe() string {
	return fmt.Sprintf("withdraw %s to %s on %s", btt.Format(m.Amount), m.To, m.Chain)
}

// Kinds lists the bridge's messages for the codec.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{{Name: KindWithdraw, Gas: GasWithdraw, New: func() tx.Msg { return new(MsgWithdraw) }}}
}

// Handle routes a bridge message to its transition.
func (s Store) Handle(env tx.Env, m tx.Msg) ([]tx.Event, error) {
	switch m := m.(type) {
	case *MsgWithdraw:
		return s.Withdraw(env, m)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
