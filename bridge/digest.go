package bridge

import (
	"math/big"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// DigestTag starts every message BTTC validators sign for a root
// contract, and DigestVersion numbers its layout.
const (
	DigestTag     = "BTTC-BRIDGE"
	DigestVersion = 1
)

// Kinds of signed messages, so that a checkpoint signature can never pass
// for a signature of another kind of message.
const (
	KindCheckpoint uint8 = 1
	KindAdmin      uint8 = 2 // unpause, guardian and limit changes
)

// Domain is what a signature is bound to: one contract on one root chain,
// for one BTTC chain.
type Domain struct {
	RootChainID uint64
	Contract    address.Address
	BTTCChainID string
}

// Digest is the hash validators sign for a message of kind whose
// abi.encode'd body is body: keccak256 of the tag, the version, the root
// chain id, the contract, keccak256 of the BTTC chain id, the kind and the
// body, packed as Solidity's abi.encodePacked packs them. The root
// contract computes the same from its own configuration and address(this).
func (d Domain) Digest(kind uint8, body []byte) Hash {
	chain := crypto.Keccak256([]byte(d.BTTCChainID))
	return Hash(crypto.Keccak256Hash([]byte(DigestTag), []byte{DigestVersion}, wordUint(d.RootChainID), d.Contract[:], chain, []byte{kind}, body))
}

// SigningHash is what a bridge signer's key signs for digest: the
// EIP-191 personal-message hash, which hardware signers can show.
func SigningHash(digest Hash) Hash {
	return Hash(crypto.Keccak256Hash([]byte("\x19Ethereum Signed Message:\n32"), digest[:]))
}

// CheckpointDigest is the digest of a checkpoint for d.
func (d Domain) CheckpointDigest(c *Checkpoint) Hash {
	return d.Digest(KindCheckpoint, c.encode())
}

// Recover returns the address that signed digest with sig (65 bytes,
// [R ‖ S ‖ V], V 0/1 or 27/28); ok is false for a malformed signature.
func Recover(digest Hash, sig []byte) (a address.Address, ok bool) {
	if len(sig) != 65 {
		return a, false
	}
	s := make([]byte, 65)
	copy(s, sig)
	if s[64] >= 27 {
		s[64] -= 27
	}
	h := SigningHash(digest)
	pub, err := crypto.SigToPub(h[:], s)
	if err != nil {
		return a, false
	}
	// Refuse high-S signatures, as the root contract does, so that one
	// signature has one form.
	if !crypto.ValidateSignatureValues(s[64], new(big.Int).SetBytes(s[:32]), new(big.Int).SetBytes(s[32:64]), true) {
		return a, false
	}
	return address.FromPublicKey(pub), true
}
