package storage

import (
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Store keys, under state.PrefixStorage.
const (
	prefixContract byte = 0x01 // id → Contract (RLP)
	prefixByRenter byte = 0x02 // renter ‖ id → marker
	prefixByHost   byte = 0x03 // host ‖ id → marker
	prefixProposed byte = 0x04 // renter → proposals it made (8 bytes): the next id's counter
	keyParams      byte = 0x05 // → Params (JSON)
	prefixDue      byte = 0x06 // height (8 bytes) ‖ id → marker: the end-block sweep's queue
	prefixHash     byte = 0x07 // height mod HashRing (8 bytes) → height (8) ‖ block hash
	keyLive        byte = 0x08 // → live contracts (8 bytes); block hashes are kept only while some live
)

// HashRing is how many recent block hashes are kept: enough for any
// window plus lookback the params allow.
const HashRing = 1 << 14

var (
	key  = state.Key
	be64 = state.BE64
)

func contractKey(id deal.ID) []byte                    { return key(prefixContract, id[:]) }
func byRenterKey(a address.Address, id deal.ID) []byte { return key(prefixByRenter, a[:], id[:]) }
func byHostKey(a address.Address, id deal.ID) []byte   { return key(prefixByHost, a[:], id[:]) }
func proposedKey(a address.Address) []byte             { return key(prefixProposed, a[:]) }
func dueKey(height uint64, id deal.ID) []byte          { return key(prefixDue, be64(height), id[:]) }
func hashKey(height uint64) []byte                     { return key(prefixHash, be64(height%HashRing)) }
