package paych

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// Domain tags. A new version of what is signed takes a new tag.
const (
	VoucherTag = "bttc/speed/voucher/v1"
	CloseTag   = "bttc/speed/close/v1"
	// Module is the module name inside every digest.
	Module = "speed"
	// SignatureLen is the length of a signature: R ‖ S ‖ V, V 0 or 1.
	SignatureLen = 65
	// MaxChainIDLen bounds the chain id in a digest (CometBFT allows 50).
	MaxChainIDLen = 255
)

// Voucher is the payer's promise: of Channel, the payee may take Amount
// wei in all. Nonce orders a payer's vouchers; a voucher is redeemable
// only with a nonce above every one redeemed before. Expiry is the last
// height at which it is redeemable; 0 means it never expires.
type Voucher struct {
	Channel ChannelID
	Amount  *uint256.Int
	Nonce   uint64
	Expiry  uint64
}

// SignedVoucher is a voucher and the payer's signature of its digest.
type SignedVoucher struct {
	Voucher   Voucher
	Signature []byte

	recovered *recovered // by Recover; not encoded (RLP skips unexported fields)
}

// recovered is a signer recovered ahead of use, for one chain.
type recovered struct {
	chainID string
	signer  address.Address
	err     error
}

// Close is the payee's word for a cooperative close: of Channel it takes
// Amount wei in all, and the payer gets the rest of the deposit back.
type Close struct {
	Channel ChannelID
	Amount  *uint256.Int
}

// SignedClose is a close and the payee's signature of its digest.
type SignedClose struct {
	Close     Close
	Signature []byte
}

// Validate checks what needs no chain: an amount, a signature of the
// right length. Zero amounts are refused: a voucher for nothing pays
// nothing and would only spend a nonce.
func (v *Voucher) Validate() error {
	if v.Amount == nil || v.Amount.IsZero() {
		return fmt.Errorf("%w: the amount must be positive", ErrBadVoucher)
	}
	if v.Nonce == 0 {
		return fmt.Errorf("%w: nonces start at 1", ErrBadVoucher)
	}
	return nil
}

// Validate checks the voucher and the signature's form.
func (s *SignedVoucher) Validate() error {
	if err := s.Voucher.Validate(); err != nil {
		return err
	}
	return checkSignatureForm(s.Signature)
}

// Validate checks the close and the signature's form. A close for 0 is
// allowed: the payee gives up anything not redeemed.
func (s *SignedClose) Validate() error {
	if s.Close.Amount == nil {
		return fmt.Errorf("%w: no amount", ErrBadClose)
	}
	return checkSignatureForm(s.Signature)
}

// Digest is what the payer signs for v on the chain chainID.
func (v *Voucher) Digest(chainID string) [32]byte {
	var tail [16]byte
	binary.BigEndian.PutUint64(tail[:8], v.Nonce)
	binary.BigEndian.PutUint64(tail[8:], v.Expiry)
	amount := amountWord(v.Amount)
	return taggedDigest(VoucherTag, chainID, v.Channel[:], amount[:], tail[:])
}

// Digest is what the payee signs for c on the chain chainID.
func (c *Close) Digest(chainID string) [32]byte {
	amount := amountWord(c.Amount)
	return taggedDigest(CloseTag, chainID, c.Channel[:], amount[:])
}

func amountWord(a *uint256.Int) [32]byte {
	if a == nil {
		return [32]byte{}
	}
	return a.Bytes32()
}

// taggedDigest hashes tag ‖ len(chainID) ‖ chainID ‖ Module ‖ fields. The
// length byte keeps "bttc-1" + "2…" apart from "bttc-12" + "…"; chain ids
// longer than MaxChainIDLen are cut (no chain has one; CometBFT allows 50).
func taggedDigest(tag, chainID string, fields ...[]byte) [32]byte {
	if len(chainID) > MaxChainIDLen {
		chainID = chainID[:MaxChainIDLen]
	}
	parts := [][]byte{[]byte(tag), {byte(len(chainID))}, []byte(chainID), []byte(Module)}
	return crypto.Keccak256Hash(append(parts, fields...)...)
}

// Sign signs v for chainID with the payer's key.
func (v Voucher) Sign(chainID string, key *ecdsa.PrivateKey) (SignedVoucher, error) {
	d := v.Digest(chainID)
	sig, err := crypto.Sign(d[:], key)
	return SignedVoucher{Voucher: v, Signature: sig}, err
}

// Sign signs c for chainID with the payee's key.
func (c Close) Sign(chainID string, key *ecdsa.PrivateKey) (SignedClose, error) {
	d := c.Digest(chainID)
	sig, err := crypto.Sign(d[:], key)
	return SignedClose{Close: c, Signature: sig}, err
}

// Signer recovers who signed s for chainID: one public-key recovery,
// unless Recover did it already.
func (s *SignedVoucher) Signer(chainID string) (address.Address, error) {
	if r := s.recovered; r != nil && r.chainID == chainID {
		return r.signer, r.err
	}
	return recoverSigner(s.Voucher.Digest(chainID), s.Signature)
}

// Recover recovers the signer for chainID now and keeps it for Signer;
// once done it is not done again. It must not run while another
// goroutine reads s.
func (s *SignedVoucher) Recover(chainID string) {
	if r := s.recovered; r != nil && r.chainID == chainID {
		return
	}
	a, err := recoverSigner(s.Voucher.Digest(chainID), s.Signature)
	s.recovered = &recovered{chainID: chainID, signer: a, err: err}
}

// Signer recovers who signed s for chainID.
func (s *SignedClose) Signer(chainID string) (address.Address, error) {
	return recoverSigner(s.Close.Digest(chainID), s.Signature)
}

// checkSignatureForm refuses signatures of the wrong length, a recovery
// id other than 0 or 1, or a high S, so that each voucher has exactly one
// valid signature.
func checkSignatureForm(sig []byte) error {
	if len(sig) != SignatureLen {
		return fmt.Errorf("%w: %d bytes, want %d", ErrBadSignature, len(sig), SignatureLen)
	}
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64])
	if !crypto.ValidateSignatureValues(sig[64], r, s, true) {
		return fmt.Errorf("%w: values out of range", ErrBadSignature)
	}
	return nil
}

func recoverSigner(d [32]byte, sig []byte) (address.Address, error) {
	if err := checkSignatureForm(sig); err != nil {
		return address.Address{}, err
	}
	pub, err := crypto.SigToPub(d[:], sig)
	if err != nil {
		return address.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return address.FromPublicKey(pub), nil
}
