package paych

import (
	"errors"

	"github.com/bttc-network/bttc/core/tx"
)

// Codespace is the codespace of the speed module's results.
const Codespace = "speed"

// Errors of Speed channels. Each has a stable code (Codes); a refused
// voucher in a batch reports its code in its event.
var (
	// ErrBadChannelID is returned for a channel id that is not 32 bytes of hex.
	ErrBadChannelID = errors.New("malformed channel id")
	// ErrBadVoucher is returned for a voucher that cannot be valid anywhere.
	ErrBadVoucher = errors.New("malformed voucher")
	// ErrBadClose is returned for a cooperative close that cannot be valid anywhere.
	ErrBadClose = errors.New("malformed cooperative close")
	// ErrBadSignature is returned for a signature that is malformed or recovers no key.
	ErrBadSignature = errors.New("bad signature")
	// ErrNoChannel is returned for a channel that was never opened.
	ErrNoChannel = errors.New("no such channel")
	// ErrWrongSigner is returned for a voucher not signed by the channel's
	// payer, or a close not signed by its payee, for this chain and channel.
	ErrWrongSigner = errors.New("not signed by the channel's party for this chain and channel")
	// ErrNonceTooLow is returned for a voucher whose nonce is not above the last one redeemed.
	ErrNonceTooLow = errors.New("voucher nonce not above the last redeemed")
	// ErrNothingNew is returned for a voucher whose amount is not above what was redeemed.
	ErrNothingNew = errors.New("voucher pays nothing beyond what was redeemed")
	// ErrAboveDeposit is returned for a voucher or close above the channel's deposit.
	ErrAboveDeposit = errors.New("amount above the channel's deposit")
	// ErrExpired is returned for a voucher past its expiry height.
	ErrExpired = errors.New("voucher expired")
	// ErrClosed is returned for anything but a query on a closed channel.
	ErrClosed = errors.New("channel is closed")
	// ErrClosing is returned for a top-up or a payer's close of a closing channel.
	ErrClosing = errors.New("channel is closing")
	// ErrSettleDelayOver is returned for a redeem after a closing channel's settle delay.
	ErrSettleDelayOver = errors.New("the settle delay is over; the channel can only be settled")
	// ErrNotClosing is returned for settling a channel nobody closed.
	ErrNotClosing = errors.New("channel is not closing")
	// ErrTooEarly is returned for settling before the settle delay is over.
	ErrTooEarly = errors.New("the settle delay is not over")
	// ErrNotPayer is returned for a top-up by anyone but the payer.
	ErrNotPayer = errors.New("only the channel's payer may do this")
	// ErrNotParty is returned for a close by anyone but the payer or the payee.
	ErrNotParty = errors.New("only the channel's payer or payee may do this")
	// ErrBadPayee is returned for a channel to oneself, the zero address or a module account.
	ErrBadPayee = errors.New("invalid payee")
	// ErrBadAmount is returned for a deposit or top-up of zero.
	ErrBadAmount = errors.New("the amount must be positive")
	// ErrOverflow is returned when a deposit would pass 2^256-1 wei.
	ErrOverflow = errors.New("deposit would overflow")
	// ErrBelowRedeemed is returned for a cooperative close below what was redeemed.
	ErrBelowRedeemed = errors.New("close amount below what was redeemed")
	// ErrBadBatch is returned for a redeem with no vouchers or more than MaxBatch.
	ErrBadBatch = errors.New("invalid voucher batch")
	// ErrBadParams is returned for parameters out of bounds.
	ErrBadParams = errors.New("invalid speed parameters")
)

// Codes are stable numbers for the errors above. Numbers are never reused.
var Codes = map[error]uint32{
	ErrBadChannelID:    1,
	ErrBadVoucher:      2,
	ErrBadClose:        3,
	ErrBadSignature:    4,
	ErrNoChannel:       5,
	ErrWrongSigner:     6,
	ErrNonceTooLow:     7,
	ErrNothingNew:      8,
	ErrAboveDeposit:    9,
	ErrExpired:         10,
	ErrClosed:          11,
	ErrClosing:         12,
	ErrSettleDelayOver: 13,
	ErrNotClosing:      14,
	ErrTooEarly:        15,
	ErrNotPayer:        16,
	ErrNotParty:        17,
	ErrBadPayee:        18,
	ErrBadAmount:       19,
	ErrOverflow:        20,
	ErrBelowRedeemed:   21,
	ErrBadBatch:        22,
	ErrBadParams:       23,
}

// CodeOf is err's code, 0 for none (tx.CodeLookup: in code order).
var CodeOf = tx.CodeLookup(Codes)
