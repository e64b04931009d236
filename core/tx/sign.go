package tx

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
)

// Signer produces a 65-byte [R ‖ S ‖ V] signature of a 32-byte digest. A
// plain private key is one (KeySigner); a keystore or a hardware wallet can
// be another.
type Signer interface {
	SignHash(hash [32]byte) ([]byte, error)
}

// KeySigner signs with an in-memory secp256k1 key.
type KeySigner struct{ Key *ecdsa.PrivateKey }

// SignHash signs hash with the key.
func (k KeySigner) SignHash(hash [32]byte) ([]byte, error) { return crypto.Sign(hash[:], k.Key) }

// Sign signs body and returns the transaction.
func Sign(body Body, s Signer) (*Tx, error) {
	if err := body.checkShape(); err != nil {
		return nil, err
	}
	h, err := body.SigningHash()
	if err != nil {
		return nil, err
	}
	sig, err := s.SignHash(h)
	if err != nil {
		return nil, fmt.Errorf("sign transaction: %w", err)
	}
	return &Tx{Body: body, Signature: sig}, nil
}
