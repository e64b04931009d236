package storage

import (
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Codespace and Codes are deal's, where clients can import them.
const Codespace = deal.Codespace

// Codes are the stable codes of the module's errors.
var Codes = deal.Codes

// ErrCorrupt is returned when a stored record cannot be decoded; it is a
// store fault (state.ErrFault), never a transaction's result.
var ErrCorrupt = state.Corruption("corrupt storage record")
