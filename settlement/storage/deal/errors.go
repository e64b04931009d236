package deal

import (
	"errors"

	"github.com/bttc-network/bttc/core/tx"
)

// Codespace is the codespace of the storage module's results.
const Codespace = "storage"

// Errors of storage contracts, each with a stable code (Codes).
var (
	// ErrBadID is returned for a contract id that is not 32 bytes of hex.
	ErrBadID = errors.New("malformed contract id")
	// ErrBadTerms is returned for contract terms out of bounds or inconsistent.
	ErrBadTerms = errors.New("invalid contract terms")
	// ErrBadHost is returned for a host that is the renter, the zero address or a module account.
	ErrBadHost = errors.New("invalid host")
	// ErrNoContract is returned for a contract that was never proposed.
	ErrNoContract = errors.New("no such contract")
	// ErrNotRenter is returned for a cancel or renewal by anyone but the renter.
	ErrNotRenter = errors.New("only the contract's renter may do this")
	// ErrNotHost is returned for an acceptance or proof by anyone but the host.
	ErrNotHost = errors.New("only the contract's host may do this")
	// ErrNotProposed is returned for accepting or cancelling a contract that is no longer a proposal.
	ErrNotProposed = errors.New("the contract is not a proposal")
	// ErrNotActive is returned for proving or renewing a contract that is not active.
	ErrNotActive = errors.New("the contract is not active")
	// ErrTooLate is returned for accepting a proposal at or after its start height.
	ErrTooLate = errors.New("the proposal's start height has passed")
	// ErrStartTooSoon is returned for a start height whose first challenge would already be known.
	ErrStartTooSoon = errors.New("start height too soon")
	// ErrWrongPeriod is returned for a proof of a period that is not the one being proven now.
	ErrWrongPeriod = errors.New("not the period being proven now")
	// ErrOutsideWindow is returned for a proof outside its period's proof window.
	ErrOutsideWindow = errors.New("outside the period's proof window")
	// ErrAlreadyProven is returned for a second proof of one period.
	ErrAlreadyProven = errors.New("the period is proven already")
	// ErrBadProof is returned for a proof whose leaves or paths do not answer the challenge.
	ErrBadProof = errors.New("the proof does not answer the challenge")
	// ErrProofTooLarge is returned for a proof above the chain's bound.
	ErrProofTooLarge = errors.New("proof too large")
	// ErrOverflow is returned when an amount would pass 2^256-1 wei.
	ErrOverflow = errors.New("amount overflow")
	// ErrNoChallenge is returned when the block a challenge derives from is unknown.
	ErrNoChallenge = errors.New("the challenge's block hash is not known")
	// ErrBadParams is returned for parameters out of bounds.
	ErrBadParams = errors.New("invalid storage parameters")
)

// Codes are stable numbers for the errors above. Numbers are never reused.
var Codes = map[error]uint32{
	ErrBadID:         1,
	ErrBadTerms:      2,
	ErrBadHost:       3,
	ErrNoContract:    4,
	ErrNotRenter:     5,
	ErrNotHost:       6,
	ErrNotProposed:   7,
	ErrNotActive:     8,
	ErrTooLate:       9,
	ErrStartTooSoon:  10,
	ErrWrongPeriod:   11,
	ErrOutsideWindow: 12,
	ErrAlreadyProven: 13,
	ErrBadProof:      14,
	ErrProofTooLarge: 15,
	ErrOverflow:      16,
	ErrNoChallenge:   17,
	ErrBadParams:     18,
}

// CodeOf is err's code, 0 for none (tx.CodeLookup: in code order).
var CodeOf = tx.CodeLookup(Codes)
