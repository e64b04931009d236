package state

import (
	"context"
	"fmt"

	"github.com/cosmos/iavl"
)

// warmChunk is how many leaves Warm reads under one ReadLock: small enough
// that a waiting Commit is held up for milliseconds, not for the walk.
const warmChunk = 4096

// Warm reads the last saved version's nodes into the node cache, in key
// order, until it has read them all or about as many as the cache holds.
// It returns the number of leaves read.
//
// Why: after a start the cache is empty, and the first pass of a load over
// a large state reads every path from disk in the middle of blocks. At a
// million accounts those reads made blocks slower than the load, and the
// chain fell behind for good. Reading the tree once before the load comes
// costs a core for some seconds at start and nothing after.
//
// Warm may run beside blocks and queries; it takes ReadLock a chunk at a
// time and follows the newest saved version as commits happen. It stops
// early, without error, when ctx is done.
func (s *Store) Warm(ctx context.Context) (int, error) {
	// Each leaf brings about one inner node with it, and the blocks that
	// come meanwhile need room for their own new nodes.
	limit := s.cacheNodes / 2
	var from []byte
	read := 0
	for read < limit {
		if ctx.Err() != nil {
			return read, nil
		}
		n, next, err := s.warmChunk(from)
		read += n
		if err != nil || next == nil {
			return read, err
		}
		from = next
	}
	return read, nil
}

// warmChunk walks up to warmChunk leaves from key from, returning the key to
// start the next chunk at, or nil at the end of the tree.
func (s *Store) warmChunk(from []byte) (int, []byte, error) {
	defer s.ReadLock()()
	t := s.committed.Load()
	if t.Size() == 0 {
		return 0, nil, nil
	}
	// The node iterator, not t.Iterator: that one reads IAVL's fast-node
	// index, which never touches the tree's nodes.
	it := iavl.NewIterator(from, nil, true, t)
	defer it.Close()
	n := 0
	for ; it.Valid(); it.Next() {
		if n == warmChunk {
			return n, append([]byte(nil), it.Key()...), nil
		}
		n++
	}
	if err := it.Error(); err != nil {
		return n, nil, fmt.Errorf("warm the node cache: %w", err)
	}
	return n, nil, nil
}
