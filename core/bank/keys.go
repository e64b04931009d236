package bank

import "github.com/bttc-network/bttc/core/address"

// Key schema under state.PrefixBank. Each family has its own first byte.
const (
	prefixAccount byte = 0x01 // 0x01 ‖ address(20) → Account (40 bytes)
	keySupply     byte = 0x02 // 0x02 → total supply, 32-byte big-endian wei
	keyParams     byte = 0x03 // 0x03 → Params, JSON
)

// AccountKey is the key of an address's account record under the bank
// prefix.
func AccountKey(a address.Address) []byte {
	k := make([]byte, 1+address.Length)
	k[0] = prefixAccount
	copy(k[1:], a[:])
	return k
}

var (
	supplyKey = []byte{keySupply}
	paramsKey = []byte{keyParams}
)
