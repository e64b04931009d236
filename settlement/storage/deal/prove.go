package deal

import (
	"fmt"

	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// LeafReader returns leaf i of a file, padded to the leaf size.
type LeafReader func(i uint64) ([]byte, error)

// Prove answers a challenge: the leaves at indices, in order, each with
// its audit path in tree. The host's tools and the btt client call it.
func Prove(id ID, period uint64, indices []uint64, tree *merkle.Tree, leaf LeafReader) (*MsgProve, error) {
	m := &MsgProve{Contract: id, Period: period, Leaves: make([][]byte, len(indices)), Paths: make([][]merkle.Hash, len(indices))}
	for j, idx := range indices {
		data, err := leaf(idx)
		if err != nil {
			return nil, fmt.Errorf("leaf %d: %w", idx, err)
		}
		path, err := tree.Path(idx)
		if err != nil {
			return nil, err
		}
		m.Leaves[j], m.Paths[j] = data, path
	}
	return m, nil
}

// BytesLeaves reads leaves of leafSize from a file held in memory.
func BytesLeaves(file []byte, leafSize uint64) LeafReader {
	return func(i uint64) ([]byte, error) {
		start := i * leafSize
		if start >= uint64(len(file)) {
			return nil, fmt.Errorf("%w: leaf %d of a %d-byte file", merkle.ErrBadIndex, i, len(file))
		}
		leaf := make([]byte, leafSize)
		copy(leaf, file[start:])
		return leaf, nil
	}
}
