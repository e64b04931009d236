package governance

import (
	"errors"

	"github.com/bttc-network/bttc/core/state"
)

// Codespace names this module in transaction results.
const Codespace = "gov"

// Errors of governance messages. Each makes a transaction fail (included,
// fee charged, writes discarded) unless noted.
var (
	// ErrBadProposal is returned for a title, summary or metadata out of bounds.
	ErrBadProposal = errors.New("invalid proposal")
	// ErrBadContent is returned for content that its owner refuses: an unknown parameter, a bad value, a past upgrade height.
	ErrBadContent = errors.New("invalid proposal content")
	// ErrUnknownContent is returned for a content kind this chain does not know.
	ErrUnknownContent = errors.New("unknown proposal content kind")
	// ErrNoProposal is returned for an id no proposal has.
	ErrNoProposal = errors.New("no such proposal")
	// ErrInitialDeposit is returned when a proposal comes with less than the minimum initial deposit.
	ErrInitialDeposit = errors.New("initial deposit below the minimum")
	// ErrDepositTooSmall is returned for a deposit below the minimum single deposit.
	ErrDepositTooSmall = errors.New("deposit below the minimum single deposit")
	// ErrNotOpen is returned for depositing on or cancelling a proposal that has ended.
	ErrNotOpen = errors.New("proposal has ended")
	// ErrNotVoting is returned for a vote on a proposal outside its voting period.
	ErrNotVoting = errors.New("proposal is not in its voting period")
	// ErrBadVote is returned for an unknown option, a repeated option or weights that do not sum to 1.
	ErrBadVote = errors.New("invalid vote")
	// ErrNotProposer is returned when someone other than the proposer cancels.
	ErrNotProposer = errors.New("only the proposer may cancel a proposal")
	// ErrNoUpgrade is returned for cancelling an upgrade when none is scheduled.
	ErrNoUpgrade = errors.New("no software upgrade is scheduled")
	// ErrBadParams is returned for parameters out of bounds.
	ErrBadParams = errors.New("invalid governance parameters")
	// ErrCorrupt is returned when a stored record cannot be decoded; it
	// means the database is damaged, never that a user erred, so it is a
	// store fault (state.ErrFault) and never a transaction's result.
	ErrCorrupt = state.Corruption("corrupt governance record")
)

// Codes are stable numbers for the errors above, reported in ABCI results.
// Numbers are never reused.
var Codes = map[error]uint32{
	ErrBadProposal:     1,
	ErrBadContent:      2,
	ErrUnknownContent:  3,
	ErrNoProposal:      4,
	ErrInitialDeposit:  5,
	ErrDepositTooSmall: 6,
	ErrNotOpen:         7,
	ErrNotVoting:       8,
	ErrBadVote:         9,
	ErrNotProposer:     10,
	ErrNoUpgrade:       11,
	ErrBadParams:       12,
	// 13 was ErrCorrupt, a store fault now and never a result.
}
