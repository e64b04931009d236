package bank

import (
	"errors"

	"github.com/bttc-network/bttc/core/state"
)

// Codespace names this module in transaction results.
const Codespace = "bank"

// Errors of bank messages. They make a transaction fail (included, fee
// charged, writes discarded) unless noted.
var (
	// ErrInsufficientFunds is returned when an account holds less than it must pay.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrZeroAmount is returned for a transfer of nothing.
	ErrZeroAmount = errors.New("amount must be positive")
	// ErrBlockedRecipient is returned for a send to a module or blocked address.
	ErrBlockedRecipient = errors.New("recipient may not receive plain transfers")
	// ErrSendDisabled is returned while governance has switched sends off.
	ErrSendDisabled = errors.New("transfers are disabled")
	// ErrNoOutputs is returned for a multi-send with no outputs or too many.
	ErrNoOutputs = errors.New("multi-send needs between 1 and 1000 outputs")
	// ErrSupplyOverflow is returned when minting would pass 2^256-1 wei.
	ErrSupplyOverflow = errors.New("total supply would overflow")
	// ErrCorrupt is returned when a stored record cannot be decoded; it
	// means the database is damaged, never that a user erred, so it is a
	// store fault (state.ErrFault) and never a transaction's result.
	ErrCorrupt = state.Corruption("corrupt bank record")
)

// Codes are stable numbers for the errors above, reported in ABCI results.
var Codes = map[error]uint32{
	ErrInsufficientFunds: 1,
	ErrZeroAmount:        2,
	ErrBlockedRecipient:  3,
	ErrSendDisabled:      4,
	ErrNoOutputs:         5,
	ErrSupplyOverflow:    6,
}
