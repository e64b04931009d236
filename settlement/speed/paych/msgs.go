package paych

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// Message kinds of the speed module.
const (
	KindOpen      = "speed/open"
	KindTopUp     = "speed/topup"
	KindRedeem    = "speed/redeem"
	KindClose     = "speed/close"
	KindCoopClose = "speed/coop-close"
	KindSettle    = "speed/settle"
)

// Fixed gas of each kind, on top of the store reads and writes it causes.
// A redeem pays GasRedeem once and GasPerVoucher for each voucher (one
// public-key recovery, tx.GasSigVerify, and the bookkeeping around it),
// so a batch of N costs far less than N transactions, which each pay the
// transaction base, a signature, a nonce and a fee.
const (
	GasOpen       uint64 = 10_000
	GasTopUp      uint64 = 5_000
	GasRedeem     uint64 = 2_000
	GasPerVoucher uint64 = tx.GasSigVerify + 1_000
	GasClose      uint64 = 5_000
	GasCoopClose  uint64 = tx.GasSigVerify + 5_000
	GasSettle     uint64 = 5_000
)

// MaxBatch bounds the vouchers of one redeem, so that one message's work
// stays bounded however much gas its sender buys. A voucher is about 115
// bytes on the wire, so 500 of them fit the node's 64 KiB transaction
// limit.
const MaxBatch = 500

// MsgOpen opens a channel from the sender to Payee, escrowing Deposit.
type MsgOpen struct {
	Payee   address.Address
	Deposit *uint256.Int
}

// MsgTopUp adds Amount to the deposit of the sender's channel.
type MsgTopUp struct {
	Channel ChannelID
	Amount  *uint256.Int
}

// MsgRedeem pays channels' payees what their vouchers promise beyond what
// was redeemed. Anyone may send it; the money goes to each payee. A
// refused voucher does not stop the others: each is reported in an event,
// and the message fails only if every voucher is refused.
type MsgRedeem struct {
	Vouchers []SignedVoucher
}

// MsgClose closes a channel. From the payer it starts the settle delay;
// from the payee it settles at once.
type MsgClose struct {
	Channel ChannelID
}

// MsgCoopClose closes a channel at once on the payee's signed word.
// Either party may send it.
type MsgCoopClose struct {
	Close SignedClose
}

// MsgSettle pays out a closing channel whose settle delay is over.
// Anyone may send it.
type MsgSettle struct {
	Channel ChannelID
}

func (*MsgOpen) Kind() string      { return KindOpen }
func (*MsgTopUp) Kind() string     { return KindTopUp }
func (*MsgRedeem) Kind() string    { return KindRedeem }
func (*MsgClose) Kind() string     { return KindClose }
func (*MsgCoopClose) Kind() string { return KindCoopClose }
func (*MsgSettle) Kind() string    { return KindSettle }

// Validate checks what needs no state; the payee is checked against the
// sender and the module accounts by the transition.
func (m *MsgOpen) Validate() error {
	switch {
	case m.Payee.IsZero():
		return fmt.Errorf("%w: the zero address", ErrBadPayee)
	case m.Deposit == nil || m.Deposit.IsZero():
		return fmt.Errorf("%w: deposit", ErrBadAmount)
	}
	return nil
}

// Validate checks the amount.
func (m *MsgTopUp) Validate() error {
	if m.Amount == nil || m.Amount.IsZero() {
		return fmt.Errorf("%w: top-up", ErrBadAmount)
	}
	return nil
}

// Validate checks the batch's size and each voucher's form.
func (m *MsgRedeem) Validate() error {
	if len(m.Vouchers) == 0 || len(m.Vouchers) > MaxBatch {
		return fmt.Errorf("%w: %d vouchers, want 1 to %d", ErrBadBatch, len(m.Vouchers), MaxBatch)
	}
	for i := range m.Vouchers {
		if err := m.Vouchers[i].Validate(); err != nil {
			return fmt.Errorf("voucher %d: %w", i, err)
		}
	}
	return nil
}

// Validate has nothing to check: any id may name a channel.
func (m *MsgClose) Validate() error { return nil }

// Validate checks the close's form.
func (m *MsgCoopClose) Validate() error { return m.Close.Validate() }

// Validate has nothing to check.
func (m *MsgSettle) Validate() error { return nil }

// RecoverSigners recovers every voucher's signer ahead of the redeem, in
// the application's parallel stage.
func (m *MsgRedeem) RecoverSigners(chainID string) {
	for i := range m.Vouchers {
		m.Vouchers[i].Recover(chainID)
	}
}

// ScaledGas is a voucher's recovery and bookkeeping, per voucher.
func (m *MsgRedeem) ScaledGas() uint64 { return GasPerVoucher * uint64(len(m.Vouchers)) }

// Describe says "open a Speed channel to 0x… with 10btt".
func (m *MsgOpen) Describe() string {
	return fmt.Sprintf("open a Speed channel to %s with %s", m.Payee, btt.Format(m.Deposit))
}

// Describe says "top up Speed channel 0x… by 5btt".
func (m *MsgTopUp) Describe() string {
	return fmt.Sprintf("top up Speed channel %s by %s", m.Channel, btt.Format(m.Amount))
}

// Describe says "redeem 3 Speed vouchers of 2 channels".
func (m *MsgRedeem) Describe() string {
	channels := map[ChannelID]bool{}
	for i := range m.Vouchers {
		channels[m.Vouchers[i].Voucher.Channel] = true
	}
	if len(m.Vouchers) == 1 {
		v := &m.Vouchers[0].Voucher
		return fmt.Sprintf("redeem a Speed voucher of channel %s for %s in all (nonce %d)", v.Channel, btt.Format(v.Amount), v.Nonce)
	}
	return fmt.Sprintf("redeem %d Speed vouchers of %d channels", len(m.Vouchers), len(channels))
}

// Describe says "close Speed channel 0x…".
func (m *MsgClose) Describe() string { return fmt.Sprintf("close Speed channel %s", m.Channel) }

// Describe says "close Speed channel 0x… at once, the payee taking 3btt in all".
func (m *MsgCoopClose) Describe() string {
	return fmt.Sprintf("close Speed channel %s at once, the payee taking %s in all", m.Close.Close.Channel, btt.Format(m.Close.Close.Amount))
}

// Describe says "settle Speed channel 0x…".
func (m *MsgSettle) Describe() string { return fmt.Sprintf("settle Speed channel %s", m.Channel) }

// Kinds lists the speed module's messages for the codec.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindOpen, Gas: GasOpen, New: func() tx.Msg { return new(MsgOpen) }},
		{Name: KindTopUp, Gas: GasTopUp, New: func() tx.Msg { return new(MsgTopUp) }},
		{Name: KindRedeem, Gas: GasRedeem, New: func() tx.Msg { return new(MsgRedeem) }},
		{Name: KindClose, Gas: GasClose, New: func() tx.Msg { return new(MsgClose) }},
		{Name: KindCoopClose, Gas: GasCoopClose, New: func() tx.Msg { return new(MsgCoopClose) }},
		{Name: KindSettle, Gas: GasSettle, New: func() tx.Msg { return new(MsgSettle) }},
	}
}
