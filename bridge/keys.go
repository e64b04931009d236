package bridge

import "github.com/bttc-network/bttc/core/state"

// Store keys, under state.PrefixBridge. Root chains are keyed by name;
// numbers are big-endian so that a chain's records range in order.
const (
	prefixChain       byte = 0x01 // name → RootChain (JSON)
	prefixChainState  byte = 0x02 // name → chainState
	prefixCheckpoint  byte = 0x03 // name ‖ 0x00 ‖ number → Checkpoint
	prefixSignature   byte = 0x04 // name ‖ 0x00 ‖ number ‖ signer → 65-byte signature
	prefixWithdrawal  byte = 0x05 // name ‖ 0x00 ‖ id → Withdrawal
	prefixByAccount   byte = 0x06 // account ‖ name ‖ 0x00 ‖ id → empty marker
	keyParams         byte = 0x07 // → Params (JSON)
	prefixDepVote     byte = 0x08 // name ‖ 0x00 ‖ nonce ‖ consensus address → depositVote
	prefixDepContent  byte = 0x09 // name ‖ 0x00 ‖ nonce ‖ content hash → Observation
	prefixDepConflict byte = 0x0a // name ‖ 0x00 ‖ nonce → a validator reported two contents
	prefixDeposit     byte = 0x0b // name ‖ 0x00 ‖ nonce → Deposit (minted)
)

var (
	key  = state.Key
	be64 = state.BE64
)

// nameKey ends a chain's name with 0x00, so that no name's records range
// into another's ("eth" and "eth2").
func nameKey(name string) []byte { return append([]byte(name), 0x00) }

func chainKey(name string) []byte      { return key(prefixChain, []byte(name)) }
func chainStateKey(name string) []byte { return key(prefixChainState, []byte(name)) }
func checkpointKey(name string, n uint64) []byte {
	return key(prefixCheckpoint, nameKey(name), be64(n))
}
func signatureKey(name string, n uint64, signer [20]byte) []byte {
	return key(prefixSignature, nameKey(name), be64(n), signer[:])
}
func withdrawalKey(name string, id uint64) []byte {
	return key(prefixWithdrawal, nameKey(name), be64(id))
}
func byAccountKey(a [20]byte, name string, id uint64) []byte {
	return key(prefixByAccount, a[:], nameKey(name), be64(id))
}

func depositVotePrefix(name string, nonce uint64) []byte {
	return key(prefixDepVote, nameKey(name), be64(nonce))
}
func depositVoteKey(name string, nonce uint64, cons [20]byte) []byte {
	return key(prefixDepVote, nameKey(name), be64(nonce), cons[:])
}
func depositContentPrefix(name string, nonce uint64) []byte {
	return key(prefixDepContent, nameKey(name), be64(nonce))
}
func depositContentKey(name string, nonce uint64, h Hash) []byte {
	return key(prefixDepContent, nameKey(name), be64(nonce), h[:])
}
func depositConflictKey(name string, nonce uint64) []byte {
	return key(prefixDepConflict, nameKey(name), be64(nonce))
}
func depositKey(name string, nonce uint64) []byte {
	return key(prefixDeposit, nameKey(name), be64(nonce))
}
