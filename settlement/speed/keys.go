package speed

import (
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Store keys, under state.PrefixSpeed. A channel is written once per
// transition; the two indexes are written when it opens and never again,
// so that a redeem touches one key of this module (and the payee's
// account).
const (
	prefixChannel byte = 0x01 // id → Channel (RLP)
	prefixByPayer byte = 0x02 // payer ‖ id → marker, for channels by payer
	prefixByPayee byte = 0x03 // payee ‖ id → marker, for channels by payee
	prefixOpened  byte = 0x04 // payer → channels it opened (8 bytes, big-endian): the next id's counter
	keyParams     byte = 0x05 // → Params (JSON)
	keyUnsettled  byte = 0x06 // → channels open or closing (8 bytes, big-endian), for the node's metrics
)

var key = state.Key

func channelKey(id paych.ChannelID) []byte { return key(prefixChannel, id[:]) }
func byPayerKey(payer address.Address, id paych.ChannelID) []byte {
	return key(prefixByPayer, payer[:], id[:])
}
func byPayeeKey(payee address.Address, id paych.ChannelID) []byte {
	return key(prefixByPayee, payee[:], id[:])
}
func openedKey(payer address.Address) []byte { return key(prefixOpened, payer[:]) }
