package staking

import (
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
)

// Key schema, under state.PrefixStaking. Addresses are their 20 bytes.
// Times are big-endian unix nanoseconds of block time and powers are
// big-endian, so that ranging over a prefix visits queues in time order and
// validators strongest first. Index entries hold the byte 1: IAVL cannot
// store an empty value.
const (
	prefixParams       byte = 0x01 // → Params (JSON)
	prefixValidator    byte = 0x02 // operator → Validator
	prefixByConsAddr   byte = 0x03 // consensus address → operator
	prefixBySigner     byte = 0x04 // bridge signer → operator
	prefixPowerIndex   byte = 0x05 // ^power ‖ operator → 1: unjailed validators with power ≥ 1
	prefixLastPower    byte = 0x06 // operator → power: the set last sent to CometBFT
	prefixDelegation   byte = 0x07 // delegator ‖ operator → Delegation
	prefixDelByVal     byte = 0x08 // operator ‖ delegator → 1
	prefixUnbonding    byte = 0x09 // delegator ‖ operator → UnbondingDelegation
	prefixUnbondByVal  byte = 0x0a // operator ‖ delegator → 1
	prefixRedelegation byte = 0x0b // delegator ‖ src ‖ dst → Redelegation
	prefixRedelBySrc   byte = 0x0c // src ‖ delegator ‖ dst → 1
	prefixRedelInto    byte = 0x0d // delegator ‖ dst → count of immature entries redelegated into dst
	prefixUnbondQueue  byte = 0x0e // time ‖ delegator ‖ operator → 1
	prefixRedelQueue   byte = 0x0f // time ‖ delegator ‖ src ‖ dst → 1
	prefixValQueue     byte = 0x10 // time ‖ operator → 1: validators finishing their unbonding
	prefixSigningInfo  byte = 0x11 // consensus address → SigningInfo
	prefixMissed       byte = 0x12 // consensus address ‖ chunk → 128-byte bitmap of missed blocks
	prefixSlashLog     byte = 0x13 // operator ‖ sequence → SlashRecord
	prefixValSets      byte = 0x14 // effective height → the consensus validator set from then on
)

// key and be64 build keys the way every module does (state.Key).
var (
	key  = state.Key
	be64 = state.BE64
)

func validatorKey(op address.Address) []byte        { return key(prefixValidator, op[:]) }
func consAddrKey(cons [20]byte) []byte              { return key(prefixByConsAddr, cons[:]) }
func signerKey(signer address.Address) []byte       { return key(prefixBySigner, signer[:]) }
func lastPowerKey(op address.Address) []byte        { return key(prefixLastPower, op[:]) }
func delegationKey(del, op address.Address) []byte  { return key(prefixDelegation, del[:], op[:]) }
func delByValKey(op, del address.Address) []byte    { return key(prefixDelByVal, op[:], del[:]) }
func unbondingKey(del, op address.Address) []byte   { return key(prefixUnbonding, del[:], op[:]) }
func unbondByValKey(op, del address.Address) []byte { return key(prefixUnbondByVal, op[:], del[:]) }
func signingInfoKey(cons [20]byte) []byte           { return key(prefixSigningInfo, cons[:]) }
func valSetKey(height uint64) []byte                { return key(prefixValSets, be64(height)) }

// powerKey orders validators by power, highest first, then by operator.
func powerKey(power int64, op address.Address) []byte {
	return key(prefixPowerIndex, be64(^uint64(power)), op[:])
}

func redelegationKey(del, src, dst address.Address) []byte {
	return key(prefixRedelegation, del[:], src[:], dst[:])
}

func redelBySrcKey(src, del, dst address.Address) []byte {
	return key(prefixRedelBySrc, src[:], del[:], dst[:])
}

func redelIntoKey(del, dst address.Address) []byte { return key(prefixRedelInto, del[:], dst[:]) }

func unbondQueueKey(t uint64, del, op address.Address) []byte {
	return key(prefixUnbondQueue, be64(t), del[:], op[:])
}

func redelQueueKey(t uint64, del, src, dst address.Address) []byte {
	return key(prefixRedelQueue, be64(t), del[:], src[:], dst[:])
}

func valQueueKey(t uint64, op address.Address) []byte { return key(prefixValQueue, be64(t), op[:]) }

func missedKey(cons [20]byte, chunk uint64) []byte {
	return key(prefixMissed, cons[:], be64(chunk))
}

func slashLogKey(op address.Address, seq uint64) []byte {
	return key(prefixSlashLog, op[:], be64(seq))
}

// queueEnd bounds a range over a time-ordered queue to entries due at or
// before t.
func queueEnd(prefix byte, t uint64) []byte { return key(prefix, be64(t+1)) }

func addrAt(b []byte, i int) address.Address {
	var a address.Address
	copy(a[:], b[i:i+address.Length])
	return a
}

var present = []byte{1}
