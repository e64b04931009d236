package staking

import (
	"errors"

	"github.com/bttc-network/bttc/core/state"
)

// Codespace names this module in transaction results.
const Codespace = "staking"

// Errors of staking messages. Each makes a transaction fail (included, fee
// charged, writes discarded) unless noted.
var (
	// ErrValidatorExists is returned when the operator already runs a validator.
	ErrValidatorExists = errors.New("this operator already has a validator")
	// ErrNoValidator is returned for an operator address with no validator.
	ErrNoValidator = errors.New("no such validator")
	// ErrConsKeyInUse is returned when a consensus key belongs to another validator or was tombstoned.
	ErrConsKeyInUse = errors.New("consensus key is already in use or was tombstoned")
	// ErrSignerInUse is returned when a bridge signer belongs to another validator.
	ErrSignerInUse = errors.New("bridge signer is already used by another validator")
	// ErrBadConsKey is returned for a consensus key that is not a 32-byte Ed25519 key.
	ErrBadConsKey = errors.New("consensus key must be a 32-byte Ed25519 public key")
	// ErrBadCommission is returned for commission rates out of bounds.
	ErrBadCommission = errors.New("invalid commission")
	// ErrCommissionTooSoon is returned for a second rate change within 24 hours.
	ErrCommissionTooSoon = errors.New("commission may change once per 24 hours")
	// ErrBadDescription is returned for a missing moniker or an overlong field.
	ErrBadDescription = errors.New("invalid description")
	// ErrSelfBondTooLow is returned when the self-bond is below the validator's minimum.
	ErrSelfBondTooLow = errors.New("self-delegation below the minimum")
	// ErrMinSelfDelegation is returned when a new minimum is lower than the old or above the self-bond.
	ErrMinSelfDelegation = errors.New("minimum self-delegation may only rise, up to the current self-bond")
	// ErrZeroAmount is returned for staking nothing.
	ErrZeroAmount = errors.New("amount must be positive")
	// ErrNoDelegation is returned when the delegator has no stake with the validator.
	ErrNoDelegation = errors.New("no delegation with this validator")
	// ErrInsufficientStake is returned for moving more than is delegated.
	ErrInsufficientStake = errors.New("amount exceeds the delegation")
	// ErrValidatorWipedOut is returned for delegating to a validator whose tokens were all slashed.
	ErrValidatorWipedOut = errors.New("validator has shares but no tokens left")
	// ErrTooManyEntries is returned when a pair already has the maximum of maturing entries.
	ErrTooManyEntries = errors.New("too many unbonding or redelegation entries for this pair; wait for one to mature")
	// ErrSelfRedelegation is returned for a redelegation to the same validator.
	ErrSelfRedelegation = errors.New("cannot redelegate to the same validator")
	// ErrTransitiveRedelegation is returned when stake redelegated into the source has not matured.
	ErrTransitiveRedelegation = errors.New("stake redelegated into this validator is still maturing; it cannot be redelegated again yet")
	// ErrNoUnbondingEntry is returned when no unbonding entry has the given creation height.
	ErrNoUnbondingEntry = errors.New("no unbonding entry at that creation height")
	// ErrNotJailed is returned for unjailing a validator that is not jailed.
	ErrNotJailed = errors.New("validator is not jailed")
	// ErrStillJailed is returned for unjailing before the jail time ends.
	ErrStillJailed = errors.New("validator is still jailed")
	// ErrTombstoned is returned for acting on a validator removed for double signing.
	ErrTombstoned = errors.New("validator is tombstoned for double signing")
	// ErrValidatorJailed is returned for cancelling an unbonding into a jailed validator.
	ErrValidatorJailed = errors.New("validator is jailed")
	// ErrNothingToWithdraw is returned when there are no rewards or commission to withdraw.
	ErrNothingToWithdraw = errors.New("nothing to withdraw")
	// ErrBadParams is returned for parameters out of bounds.
	ErrBadParams = errors.New("invalid staking parameters")
	// ErrCorrupt is returned when a stored record cannot be decoded; it
	// means the database is damaged, never that a user erred, so it is a
	// store fault (state.ErrFault) and never a transaction's result.
	ErrCorrupt = state.Corruption("corrupt staking record")
)

// Codes are stable numbers for the errors above, reported in ABCI results.
// Numbers are never reused.
var Codes = map[error]uint32{
	ErrValidatorExists:        1,
	ErrNoValidator:            2,
	ErrConsKeyInUse:           3,
	ErrSignerInUse:            4,
	ErrBadConsKey:             5,
	ErrBadCommission:          6,
	ErrCommissionTooSoon:      7,
	ErrBadDescription:         8,
	ErrSelfBondTooLow:         9,
	ErrMinSelfDelegation:      10,
	ErrZeroAmount:             11,
	ErrNoDelegation:           12,
	ErrInsufficientStake:      13,
	ErrValidatorWipedOut:      14,
	ErrTooManyEntries:         15,
	ErrSelfRedelegation:       16,
	ErrTransitiveRedelegation: 17,
	ErrNoUnbondingEntry:       18,
	ErrNotJailed:              19,
	ErrStillJailed:            20,
	ErrTombstoned:             21,
	ErrValidatorJailed:        22,
	ErrNothingToWithdraw:      23,
	ErrBadParams:              24,
}
