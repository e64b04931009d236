package speed

import (
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Codespace and Codes are paych's: the errors a client reads are declared
// where the client can import them.
const Codespace = paych.Codespace

// Codes are the stable codes of the module's errors.
var Codes = paych.Codes

// ErrCorrupt is returned when a stored record cannot be decoded; it is a
// store fault (state.ErrFault), never a transaction's result.
var ErrCorrupt = state.Corruption("corrupt speed record")
