package tx

import (
	"errors"
	"sort"
)

// Errors of decoding and checking a transaction on its own, without state.
// Each makes a transaction invalid: it never enters a block.
var (
	// ErrMalformed is returned for bytes that are not an RLP transaction.
	ErrMalformed = errors.New("malformed transaction")
	// ErrTooLarge is returned for a transaction over MaxTxBytes.
	ErrTooLarge = errors.New("transaction too large")
	// ErrBadSignature is returned when no sender can be recovered from the signature.
	ErrBadSignature = errors.New("bad signature")
	// ErrUnknownMsg is returned for a message kind that no module registered.
	ErrUnknownMsg = errors.New("unknown message kind")
	// ErrBadMsg is returned when a message's payload fails its own Validate.
	ErrBadMsg = errors.New("invalid message")
	// ErrNoMsgs is returned for a transaction with no message or too many.
	ErrNoMsgs = errors.New("transaction must carry between 1 and 64 messages")
	// ErrMemoTooLong is returned for a memo over MaxMemoBytes.
	ErrMemoTooLong = errors.New("memo too long")
	// ErrNoGasPrice is returned when the gas price is missing.
	ErrNoGasPrice = errors.New("gas price missing")
)

// CodeLookup returns a function that maps an error to its code in codes,
// 0 for none. It tries the sentinels in code order, never map order, so
// that an error wrapping two of them always gets the same code: a result's
// code is consensus data.
func CodeLookup(codes map[error]uint32) func(error) uint32 {
	ordered := make([]error, 0, len(codes))
	for e := range codes {
		ordered = append(ordered, e)
	}
	sort.Slice(ordered, func(i, j int) bool { return codes[ordered[i]] < codes[ordered[j]] })
	return func(err error) uint32 {
		for _, e := range ordered {
			if errors.Is(err, e) {
				return codes[e]
			}
		}
		return 0
	}
}
