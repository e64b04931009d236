package address

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Length is the size of an address in bytes.
const Length = 20

// tronPrefix is the byte TRON puts before the 20 address bytes.
const tronPrefix = 0x41

// Address is an account on BTTC.
type Address [Length]byte

// ErrBadAddress is returned for text that is not an address in either form.
var ErrBadAddress = errors.New("bad address")

// FromPublicKey returns the address owned by a secp256k1 public key.
func FromPublicKey(pub *ecdsa.PublicKey) Address {
	return Address(crypto.PubkeyToAddress(*pub))
}

// FromBytes copies a 20-byte slice into an address.
func FromBytes(b []byte) (Address, error) {
	if len(b) != Length {
		return Address{}, fmt.Errorf("%w: %d bytes, want %d", ErrBadAddress, len(b), Length)
	}
	return Address(b), nil
}

// Parse reads an address in EIP-55 hex (0x…) or TRON base58check (T…) form.
func Parse(s string) (Address, error) {
	text := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(text, "0x") || strings.HasPrefix(text, "0X"):
		return parseHex(text[2:], s)
	case strings.HasPrefix(text, "T"):
		return parseTron(text, s)
	case len(text) == 2*Length:
		return parseHex(text, s)
	}
	return Address{}, fmt.Errorf("%w %q: want 0x followed by 40 hex digits, or a TRON address starting with T", ErrBadAddress, s)
}

func parseHex(digits, orig string) (Address, error) {
	if len(digits) != 2*Length {
		return Address{}, fmt.Errorf("%w %q: %d hex digits, want 40", ErrBadAddress, orig, len(digits))
	}
	raw, err := hex.DecodeString(digits)
	if err != nil {
		return Address{}, fmt.Errorf("%w %q: not hex", ErrBadAddress, orig)
	}
	a := Address(raw)
	if digits != strings.ToLower(digits) && digits != strings.ToUpper(digits) && a.Hex()[2:] != digits {
		return Address{}, fmt.Errorf("%w %q: the EIP-55 checksum (mixed case) does not match; check for a typo", ErrBadAddress, orig)
	}
	return a, nil
}

func parseTron(text, orig string) (Address, error) {
	raw, err := decodeBase58(text)
	if err != nil || len(raw) != 1+Length+4 {
		return Address{}, fmt.Errorf("%w %q: not a TRON base58check address", ErrBadAddress, orig)
	}
	payload, sum := raw[:1+Length], raw[1+Length:]
	if want := checksum(payload); !bytes.Equal(sum, want) {
		return Address{}, fmt.Errorf("%w %q: the base58check checksum does not match; check for a typo", ErrBadAddress, orig)
	}
	if payload[0] != tronPrefix {
		return Address{}, fmt.Errorf("%w %q: TRON addresses start with byte 0x41", ErrBadAddress, orig)
	}
	return Address(payload[1:]), nil
}

// Hex returns the EIP-55 checksummed form, 0x followed by 40 hex digits.
func (a Address) Hex() string { return common.Address(a).Hex() }

// String is the EIP-55 form.
func (a Address) String() string { return a.Hex() }

// Tron returns the TRON base58check form (T…).
func (a Address) Tron() string {
	payload := make([]byte, 0, 1+Length+4)
	payload = append(payload, tronPrefix)
	payload = append(payload, a[:]...)
	payload = append(payload, checksum(payload)...)
	return encodeBase58(payload)
}

// Bytes returns a copy of the 20 bytes.
func (a Address) Bytes() []byte { return bytes.Clone(a[:]) }

// IsZero reports whether every byte is zero.
func (a Address) IsZero() bool { return a == Address{} }

// Compare orders addresses by bytes.
func (a Address) Compare(b Address) int { return bytes.Compare(a[:], b[:]) }

// MarshalText prints the EIP-55 form, so JSON and TOML show it.
func (a Address) MarshalText() ([]byte, error) { return []byte(a.Hex()), nil }

// UnmarshalText accepts either form.
func (a *Address) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Module returns the address of a module account: an address no key owns,
// derived from the module's name.
func Module(name string) Address {
	h := crypto.Keccak256([]byte("bttc/module/" + name))
	return Address(h[len(h)-Length:])
}

func checksum(payload []byte) []byte {
	first := sha256.Sum256(payload)
	second := sha256.Sum256(first[:])
	return second[:4]
}

// Bytes20 returns the address as go-ethereum's common.Address.
func (a Address) Bytes20() common.Address { return common.Address(a) }
