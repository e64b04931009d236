package merkle

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// Hash is a SHA-256 digest.
type Hash [32]byte

// Domain prefixes of RFC 6962.
const (
	leafPrefix = 0x00
	nodePrefix = 0x01
)

// Errors of proofs. Each is returned wrapped with what was wrong.
var (
	// ErrBadProof is returned for a proof that does not lead to the root.
	ErrBadProof = errors.New("merkle proof does not verify")
	// ErrBadIndex is returned for a leaf index outside the tree.
	ErrBadIndex = errors.New("leaf index outside the tree")
	// ErrEmpty is returned for a file or tree with no leaves.
	ErrEmpty = errors.New("no leaves: the file is empty")
)

// LeafHash is the hash of one leaf's bytes.
func LeafHash(leaf []byte) Hash {
	h := sha256.New()
	h.Write([]byte{leafPrefix})
	h.Write(leaf)
	var out Hash
	h.Sum(out[:0])
	return out
}

// NodeHash is the hash of an inner node.
func NodeHash(left, right Hash) Hash {
	var buf [65]byte
	buf[0] = nodePrefix
	copy(buf[1:33], left[:])
	copy(buf[33:], right[:])
	return sha256.Sum256(buf[:])
}

// Leaves is how many leaves of leafSize a file of size bytes has.
func Leaves(size, leafSize uint64) uint64 {
	if leafSize == 0 {
		return 0
	}
	return (size + leafSize - 1) / leafSize
}

// Tree holds every level of a tree, leaf hashes first; enough to make any
// leaf's audit path. A tree of a 1 GiB file at 1 KiB leaves takes 64 MiB.
type Tree struct {
	levels [][]Hash
}

// New builds the tree over leaf hashes.
func New(leaves []Hash) (*Tree, error) {
	if len(leaves) == 0 {
		return nil, ErrEmpty
	}
	t := &Tree{levels: [][]Hash{leaves}}
	for level := leaves; len(level) > 1; {
		next := make([]Hash, (len(level)+1)/2)
		for i := range next {
			if 2*i+1 < len(level) {
				next[i] = NodeHash(level[2*i], level[2*i+1])
			} else {
				next[i] = level[2*i] // an odd last node is carried up
			}
		}
		t.levels = append(t.levels, next)
		level = next
	}
	return t, nil
}

// FromReader reads a file and builds its tree, leaves of leafSize bytes,
// the last padded with zeros. It returns the tree and the file's size.
func FromReader(r io.Reader, leafSize int) (*Tree, uint64, error) {
	if leafSize <= 0 {
		return nil, 0, fmt.Errorf("merkle: leaf size %d", leafSize)
	}
	var hashes []Hash
	var size uint64
	buf := make([]byte, leafSize)
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			clear(buf[n:])
			hashes = append(hashes, LeafHash(buf))
			size += uint64(n)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
	}
	t, err := New(hashes)
	return t, size, err
}

// Root is the tree's root.
func (t *Tree) Root() Hash { top := t.levels[len(t.levels)-1]; return top[0] }

// Len is the number of leaves.
func (t *Tree) Len() uint64 { return uint64(len(t.levels[0])) }

// LeafHashes are the hashes of the leaves, in order: what a renter keeps
// to check each leaf it gets back. The slice is the tree's own.
func (t *Tree) LeafHashes() []Hash { return t.levels[0] }

// Path is the audit path of leaf i, from the leaf's sibling up.
func (t *Tree) Path(i uint64) ([]Hash, error) {
	if i >= t.Len() {
		return nil, fmt.Errorf("%w: leaf %d of %d", ErrBadIndex, i, t.Len())
	}
	var path []Hash
	for _, level := range t.levels[:len(t.levels)-1] {
		if sib := i ^ 1; sib < uint64(len(level)) {
			path = append(path, level[sib])
		}
		i /= 2
	}
	return path, nil
}

// Verify checks that leaf is leaf i of the n-leaf tree whose root is
// root, by its audit path.
func Verify(root Hash, n, i uint64, leaf []byte, path []Hash) error {
	return VerifyHash(root, n, i, LeafHash(leaf), path)
}

// VerifyHash is Verify for a leaf's hash.
func VerifyHash(root Hash, n, i uint64, h Hash, path []Hash) error {
	if i >= n {
		return fmt.Errorf("%w: leaf %d of %d", ErrBadIndex, i, n)
	}
	k := 0
	for size := n; size > 1; size = (size + 1) / 2 {
		switch {
		case i%2 == 1:
			if k == len(path) {
				return fmt.Errorf("%w: the path is short", ErrBadProof)
			}
			h = NodeHash(path[k], h)
			k++
		case i+1 < size:
			if k == len(path) {
				return fmt.Errorf("%w: the path is short", ErrBadProof)
			}
			h = NodeHash(h, path[k])
			k++
		}
		i /= 2
	}
	if k != len(path) {
		return fmt.Errorf("%w: the path is %d hashes too long", ErrBadProof, len(path)-k)
	}
	if h != root {
		return fmt.Errorf("%w: it leads to another root", ErrBadProof)
	}
	return nil
}

// PathLen is the length of leaf i's audit path in an n-leaf tree: what
// a proof must carry, no more.
func PathLen(n, i uint64) int {
	k := 0
	for size := n; size > 1; size = (size + 1) / 2 {
		if i%2 == 1 || i+1 < size {
			k++
		}
		i /= 2
	}
	return k
}
