package bridge

import (
	"errors"
	"fmt"

	"github.com/bttc-network/bttc/core/digest"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// The withdrawal tree of a checkpoint: a positional binary tree over its
// withdrawals in id order, padded with zero leaves to a power of two. A
// proof is the leaf's index in the checkpoint and its siblings from the
// bottom up; at each level the index's low bit says whether the running
// hash is the right (1) or left (0) child. One leaf is its own root.

// Hash is a 32-byte keccak256 hash.
type Hash [32]byte

// ParseHash reads a hash as queries print it: 64 hex digits, "0x" or not.
func ParseHash(s string) (Hash, error) {
	d, err := digest.Parse(s)
	if err != nil {
		return Hash{}, fmt.Errorf("not a 32-byte hash: %w", err)
	}
	return Hash(d), nil
}

// MaxTreeDepth bounds a proof: 2^32 withdrawals in one checkpoint.
const MaxTreeDepth = 32

// ErrBadProof is returned for a proof that does not fit its tree.
var ErrBadProof = errors.New("bad withdrawal proof")

// Leaf is the hash of one withdrawal, as the root contract computes it.
func Leaf(rootChainID uint64, contract address.Address, id uint64, recipient address.Address, amount *uint256.Int) Hash {
	return Hash(crypto.Keccak256Hash([]byte{0x00}, wordUint(rootChainID), wordAddr(contract), wordUint(id), wordAddr(recipient), wordBig(amount)))
}

func node(left, right Hash) Hash {
	return Hash(crypto.Keccak256Hash([]byte{0x01}, left[:], right[:]))
}

// depth is the number of levels above n leaves.
func depth(n int) int {
	d := 0
	for 1<<d < n {
		d++
	}
	return d
}

// Root is the root of the tree over leaves; the zero hash for none.
func Root(leaves []Hash) Hash {
	if len(leaves) == 0 {
		return Hash{}
	}
	level := padded(leaves)
	for len(level) > 1 {
		next := make([]Hash, len(level)/2)
		for i := range next {
			next[i] = node(level[2*i], level[2*i+1])
		}
		level = next
	}
	return level[0]
}

func padded(leaves []Hash) []Hash {
	level := make([]Hash, 1<<depth(len(leaves)))
	copy(level, leaves)
	return level
}

// Proof returns the siblings of leaf index, bottom up.
func Proof(leaves []Hash, index int) ([]Hash, error) {
	if index < 0 || index >= len(leaves) {
		return nil, fmt.Errorf("%w: index %d of %d leaves", ErrBadProof, index, len(leaves))
	}
	level := padded(leaves)
	var proof []Hash
	for i := index; len(level) > 1; i /= 2 {
		proof = append(proof, level[i^1])
		next := make([]Hash, len(level)/2)
		for j := range next {
			next[j] = node(level[2*j], level[2*j+1])
		}
		level = next
	}
	return proof, nil
}

// Verify reports whether leaf sits at index under root with proof.
func Verify(root, leaf Hash, index uint64, proof []Hash) bool {
	if len(proof) > MaxTreeDepth || index>>len(proof) != 0 {
		return false
	}
	h := leaf
	for _, sib := range proof {
		if index&1 == 1 {
			h = node(sib, h)
		} else {
			h = node(h, sib)
		}
		index >>= 1
	}
	return h == root
}
