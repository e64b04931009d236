package governance

import (
	"encoding/binary"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
)

// Key schema, under state.PrefixGovernance. Proposal ids and times are
// big-endian (times as unix nanoseconds of block time), so that ranging
// over a queue visits proposals in the order they fall due. Index entries
// hold the byte 1: IAVL cannot store an empty value.
const (
	prefixParams      byte = 0x01 // → Params (JSON)
	prefixNextID      byte = 0x02 // → the next proposal id
	prefixProposal    byte = 0x03 // id → Proposal
	prefixDeposit     byte = 0x04 // id ‖ depositor → amount, while the proposal is open
	prefixVote        byte = 0x05 // id ‖ voter → Weights, while voting
	prefixVoterOpen   byte = 0x06 // voter → ids of the proposals in voting it voted on
	prefixTally       byte = 0x07 // id ‖ validator → validatorTally: the running tally
	prefixDepositQ    byte = 0x08 // deposit end ‖ id → 1
	prefixVotingQ     byte = 0x09 // voting end ‖ id → 1
	prefixUpgradePlan byte = 0x0a // → Plan: the one scheduled software upgrade
	prefixUpgradeDone byte = 0x0b // name → height it was applied at
)

// key and be64 build keys the way every module does (state.Key).
var (
	key  = state.Key
	be64 = state.BE64
)

func proposalKey(id uint64) []byte                     { return key(prefixProposal, be64(id)) }
func depositKey(id uint64, who address.Address) []byte { return key(prefixDeposit, be64(id), who[:]) }
func voteKey(id uint64, voter address.Address) []byte  { return key(prefixVote, be64(id), voter[:]) }
func voterOpenKey(voter address.Address) []byte        { return key(prefixVoterOpen, voter[:]) }
func tallyKey(id uint64, op address.Address) []byte    { return key(prefixTally, be64(id), op[:]) }
func queueKey(prefix byte, t uint64, id uint64) []byte { return key(prefix, be64(t), be64(id)) }
func upgradeDoneKey(name string) []byte                { return key(prefixUpgradeDone, []byte(name)) }
func idAt(b []byte, i int) uint64                      { return binary.BigEndian.Uint64(b[i : i+8]) }

func addrAt(b []byte, i int) address.Address {
	var a address.Address
	copy(a[:], b[i:i+address.Length])
	return a
}

var present = []byte{1}
