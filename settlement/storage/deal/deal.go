package deal

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/bttc-network/bttc/core/digest"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// ContractTag starts the preimage of every contract id; ChallengeTag every
// challenge seed.
const (
	ContractTag  = "bttc/storage/contract"
	ChallengeTag = "bttc/storage/challenge"
)

// ID names a contract: the hash of its renter and the renter's count of
// contracts proposed before it.
type ID [32]byte

// NewID is the id of the renter's n-th proposal (from 0).
func NewID(renter address.Address, n uint64) ID {
	var num [8]byte
	binary.BigEndian.PutUint64(num[:], n)
	return ID(crypto.Keccak256Hash([]byte(ContractTag), renter[:], num[:]))
}

// String is 0x and 64 hex digits.
func (id ID) String() string { return digest.String(id) }

// MarshalText writes the 0x form.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads the 0x form.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseID reads a contract id: 64 hex digits, with or without 0x.
func ParseID(s string) (ID, error) {
	d, err := digest.Parse(s)
	if err != nil {
		return ID{}, fmt.Errorf("%w: %v", ErrBadID, err)
	}
	return ID(d), nil
}

// State is where a contract is in its life.
type State uint8

// The states of a contract. Contracts are kept after they end, so that
// ids are never reused and late messages get a clear refusal.
const (
	Proposed   State = 1 // escrowed by the renter, waiting for the host
	Active     State = 2 // accepted: the host proves each period
	Ended      State = 3 // every period done; the collateral went back to the host
	Terminated State = 4 // too many misses; the collateral was slashed
	Cancelled  State = 5 // withdrawn by the renter before acceptance
	Expired    State = 6 // not accepted before its start
)

var stateNames = map[State]string{Proposed: "proposed", Active: "active", Ended: "ended", Terminated: "terminated", Cancelled: "cancelled", Expired: "expired"}

// String is the state's name.
func (s State) String() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// MarshalText writes the name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a name.
func (s *State) UnmarshalText(b []byte) error {
	for v, n := range stateNames {
		if n == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("unknown contract state %q", b)
}

// Live reports whether the contract still holds escrow or collateral.
func (s State) Live() bool { return s == Proposed || s == Active }

// Seed is period p's challenge seed, from the hash of its seed block.
func Seed(blockHash []byte, id ID, p uint64) [32]byte {
	var num [8]byte
	binary.BigEndian.PutUint64(num[:], p)
	h := sha256.New()
	h.Write([]byte(ChallengeTag))
	h.Write(blockHash)
	h.Write(id[:])
	h.Write(num[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Indices are the s leaf indices a seed challenges, of a file of leaves
// leaves. They may repeat on a small file.
func Indices(seed [32]byte, leaves uint64, s int) []uint64 {
	out := make([]uint64, s)
	var buf [36]byte
	copy(buf[:], seed[:])
	for j := range out {
		binary.BigEndian.PutUint32(buf[32:], uint32(j))
		h := sha256.Sum256(buf[:])
		out[j] = binary.BigEndian.Uint64(h[:8]) % leaves
	}
	return out
}
