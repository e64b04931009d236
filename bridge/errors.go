package bridge

import (
	"errors"

	"github.com/bttc-network/bttc/core/state"
)

// Codespace is the codespace of the bridge's results.
const Codespace = "bridge"

// Errors of the bridge.
var (
	// ErrBadChain is returned for root-chain settings out of bounds.
	ErrBadChain = errors.New("invalid root chain")
	// ErrUnknownChain is returned for a root chain that is not registered.
	ErrUnknownChain = errors.New("unknown root chain")
	// ErrPaused is returned for a withdrawal to a paused root chain.
	ErrPaused = errors.New("the bridge to this chain is paused")
	// ErrBelowMinimum is returned for a withdrawal under the chain's minimum.
	ErrBelowMinimum = errors.New("withdrawal below the minimum")
	// ErrAboveMaximum is returned for a withdrawal over the chain's maximum.
	ErrAboveMaximum = errors.New("withdrawal above the maximum")
	// ErrRateLimited is returned when a withdrawal would pass the chain's rate limit.
	ErrRateLimited = errors.New("withdrawal rate limit reached")
	// ErrZeroRecipient is returned for a withdrawal to the zero address.
	ErrZeroRecipient = errors.New("withdrawal to the zero address")
	// ErrBadParams is returned for parameters out of bounds.
	ErrBadParams = errors.New("invalid bridge parameters")
	// ErrNoCheckpoint is returned for a checkpoint that does not exist.
	ErrNoCheckpoint = errors.New("no such checkpoint")
	// ErrNoWithdrawal is returned for a withdrawal that does not exist.
	ErrNoWithdrawal = errors.New("no such withdrawal")
	// ErrNotCheckpointed is returned for a proof of a withdrawal no final checkpoint carries yet.
	ErrNotCheckpointed = errors.New("the withdrawal is not in a final checkpoint yet")
	// ErrBadSignature is returned for a checkpoint signature that is malformed or not the validator's.
	ErrBadSignature = errors.New("bad bridge signature")
	// ErrHalted is returned for a withdrawal to a chain whose deposit lane is halted.
	ErrHalted = errors.New("the bridge to this chain is halted until governance reopens it")
	// ErrBadObservation is returned for a deposit observation that cannot be a deposit.
	ErrBadObservation = errors.New("bad deposit observation")
	// ErrCorrupt is returned when a stored record cannot be decoded; it is
	// a store fault (state.ErrFault), never a transaction's result.
	ErrCorrupt = state.Corruption("corrupt bridge record")
)

// Codes are stable numbers for the errors above, reported in ABCI results.
// Numbers are never reused.
var Codes = map[error]uint32{
	ErrBadChain:        1,
	ErrUnknownChain:    2,
	ErrPaused:          3,
	ErrBelowMinimum:    4,
	ErrAboveMaximum:    5,
	ErrRateLimited:     6,
	ErrZeroRecipient:   7,
	ErrBadParams:       8,
	ErrNoCheckpoint:    9,
	ErrNoWithdrawal:    10,
	ErrNotCheckpointed: 11,
	ErrBadSignature:    12,
	ErrBadObservation:  13,
	ErrHalted:          14,
}
