package paych

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/bttc-network/bttc/core/digest"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// ChannelTag starts the preimage of every channel id.
const ChannelTag = "bttc/speed/channel"

// ChannelID names a channel. It is the hash of its payer, payee and the
// payer's count of channels opened before it.
type ChannelID [32]byte

// NewChannelID is the id of payer's n-th channel (from 0), to payee.
func NewChannelID(payer, payee address.Address, n uint64) ChannelID {
	var num [8]byte
	binary.BigEndian.PutUint64(num[:], n)
	return ChannelID(crypto.Keccak256Hash([]byte(ChannelTag), payer[:], payee[:], num[:]))
}

// String is 0x and 64 hex digits.
func (id ChannelID) String() string { return digest.String(id) }

// Short is the first 8 hex digits, for logs and tables.
func (id ChannelID) Short() string { return "0x" + hex.EncodeToString(id[:4]) }

// MarshalText writes the 0x form.
func (id ChannelID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads the 0x form.
func (id *ChannelID) UnmarshalText(b []byte) error {
	v, err := ParseChannelID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseChannelID reads a channel id: 64 hex digits, with or without 0x.
func ParseChannelID(s string) (ChannelID, error) {
	d, err := digest.Parse(s)
	if err != nil {
		return ChannelID{}, fmt.Errorf("%w: %v", ErrBadChannelID, err)
	}
	return ChannelID(d), nil
}

// State is where a channel is in its life.
type State uint8

// The states of a channel. A closed channel is kept, so that its id is
// never reused and late vouchers get a clear refusal.
const (
	Open    State = 1 // the payee redeems, the payer tops up
	Closing State = 2 // the payer closed it; the payee may redeem until the settle delay ends
	Closed  State = 3 // paid out; nothing more moves
)

// String is the state's name.
func (s State) String() string {
	switch s {
	case Open:
		return "open"
	case Closing:
		return "closing"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// MarshalText writes the name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a name.
func (s *State) UnmarshalText(b []byte) error {
	for _, v := range []State{Open, Closing, Closed} {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("unknown channel state %q", b)
}
