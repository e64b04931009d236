package tx

import (
	"crypto/sha256"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// Limits on a transaction's size, checked before any signature work.
const (
	MaxTxBytes   = 64 << 10
	MaxMemoBytes = 256
	MaxMsgs      = 64
	SignatureLen = 65
)

// Domain separates BTTC transaction digests from every other keccak256
// signature the same key makes (Ethereum transactions, personal_sign).
const Domain = "\x19BTTC transaction\n"

// Body is everything the sender signs.
type Body struct {
	ChainID  string
	Nonce    uint64
	GasLimit uint64
	GasPrice *uint256.Int
	Memo     string
	Msgs     []RawMsg
}

// RawMsg is a message as it travels: its kind and its RLP payload.
type RawMsg struct {
	Kind string
	Data []byte
}

// Tx is a signed transaction.
type Tx struct {
	Body      Body
	Signature []byte
}

// Fee is the most the sender pays: gas limit × gas price, taken up front.
func (b *Body) Fee() *uint256.Int {
	fee, overflow := new(uint256.Int).MulOverflow(uint256.NewInt(b.GasLimit), b.GasPrice)
	if overflow {
		return new(uint256.Int).SetAllOne()
	}
	return fee
}

// SigningHash is the digest the sender signs.
func (b *Body) SigningHash() ([32]byte, error) {
	enc, err := rlp.EncodeToBytes(b)
	if err != nil {
		return [32]byte{}, fmt.Errorf("encode body: %w", err)
	}
	return crypto.Keccak256Hash([]byte(Domain), []byte(b.ChainID), enc), nil
}

// Encode returns the wire bytes.
func (t *Tx) Encode() ([]byte, error) { return rlp.EncodeToBytes(t) }

// Hash is the CometBFT transaction hash (sha256 of the wire bytes), the key
// of `query tx` and of the sender cache.
func Hash(raw []byte) [32]byte { return sha256.Sum256(raw) }

// Decode reads wire bytes into a transaction and checks its shape: sizes,
// message count, memo, gas price and signature length. It does not check
// the signature itself (see Sender) or any state.
func Decode(raw []byte) (*Tx, error) {
	if len(raw) > MaxTxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(raw), MaxTxBytes)
	}
	var t Tx
	if err := rlp.DecodeBytes(raw, &t); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := t.Body.checkShape(); err != nil {
		return nil, err
	}
	if len(t.Signature) != SignatureLen {
		return nil, fmt.Errorf("%w: signature is %d bytes, want %d", ErrBadSignature, len(t.Signature), SignatureLen)
	}
	return &t, nil
}

func (b *Body) checkShape() error {
	if len(b.Msgs) == 0 || len(b.Msgs) > MaxMsgs {
		return fmt.Errorf("%w: it has %d", ErrNoMsgs, len(b.Msgs))
	}
	if len(b.Memo) > MaxMemoBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrMemoTooLong, len(b.Memo), MaxMemoBytes)
	}
	if b.GasPrice == nil {
		return ErrNoGasPrice
	}
	return nil
}

// Sender recovers the signer's address. It refuses signatures with a high S
// or a recovery id other than 0 or 1, so that each transaction has exactly
// one valid signature and one hash.
func (t *Tx) Sender() (address.Address, error) {
	if len(t.Signature) != SignatureLen {
		return address.Address{}, fmt.Errorf("%w: signature is %d bytes, want %d", ErrBadSignature, len(t.Signature), SignatureLen)
	}
	r := new(uint256.Int).SetBytes(t.Signature[:32]).ToBig()
	s := new(uint256.Int).SetBytes(t.Signature[32:64]).ToBig()
	if !crypto.ValidateSignatureValues(t.Signature[64], r, s, true) {
		return address.Address{}, fmt.Errorf("%w: signature values out of range", ErrBadSignature)
	}
	h, err := t.Body.SigningHash()
	if err != nil {
		return address.Address{}, err
	}
	pub, err := crypto.Ecrecover(h[:], t.Signature)
	if err != nil {
		return address.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	var a address.Address
	copy(a[:], crypto.Keccak256(pub[1:])[12:])
	return a, nil
}
