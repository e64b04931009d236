package state

import (
	"errors"
	"fmt"
)

// ErrFault marks a failure of the store itself: the database could not be
// read or written, or a stored record does not decode. A fault says
// nothing about the transaction being run: another validator, whose disk
// is sound, runs the same transaction without it. So a fault must never
// become a transaction's result; the application stops instead of
// committing the block, and a restart replays it.
//
// Every module's corruption error wraps ErrFault, and every error of the
// IAVL tree reaches callers wrapped by Fault.
var ErrFault = errors.New("store fault")

// Fault wraps err as a store fault, keeping its message; nil stays nil.
func Fault(err error) error {
	if err == nil || errors.Is(err, ErrFault) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrFault, err)
}

// Corruption returns a module's sentinel for an undecodable record: an
// error whose message is msg and which is both itself (for errors.Is
// against the module's sentinel) and a fault.
func Corruption(msg string) error { return fmt.Errorf("%s (%w)", msg, ErrFault) }
