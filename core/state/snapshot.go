package state

import (
	"errors"
	"fmt"

	"github.com/cosmos/iavl"
)

// SnapshotNode is one node of a saved version as a state-sync snapshot
// carries it. Exported in post-order (children before their parent), the
// nodes rebuild the very same tree, and so the same root hash.
type SnapshotNode struct {
	Key     []byte
	Value   []byte // leaves only
	Version int64  // the version that last wrote the node
	Height  int8   // 0 for a leaf
}

// ErrSnapshot is returned when a snapshot cannot be made or restored.
var ErrSnapshot = errors.New("state snapshot")

// exportCacheNodes sizes the node cache of the tree an export reads
// through: the export visits each node once, so a cache buys nothing.
const exportCacheNodes = 10_000

// ExportVersion calls fn with every node of saved version v, in the order
// Import needs. It may run beside the writer for as long as it takes: it
// reads through a tree of its own over the same database, whose nodes the
// writer never touches, and Prune keeps version v until it is done. An
// error from fn stops the export and is returned.
func (s *Store) ExportVersion(v int64, fn func(SnapshotNode) error) error {
	if err := s.holdVersion(v); err != nil {
		return err
	}
	defer s.releaseVersion(v)
	reader := iavl.NewMutableTree(s.db, exportCacheNodes, true, iavl.NewNopLogger())
	tree, err := reader.GetImmutable(v)
	if err != nil {
		return fmt.Errorf("%w: open version %d: %w", ErrSnapshot, v, err)
	}
	exp, err := tree.Export()
	if err != nil {
		return fmt.Errorf("%w: export version %d: %w", ErrSnapshot, v, err)
	}
	defer exp.Close()
	var leaves int64
	var last *iavl.ExportNode
	for {
		n, err := exp.Next()
		if errors.Is(err, iavl.ErrorExportDone) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: export version %d: %w", ErrSnapshot, v, err)
		}
		if n.Height == 0 {
			leaves++
		}
		last = n
		if err := fn(SnapshotNode{Key: n.Key, Value: n.Value, Version: n.Version, Height: n.Height}); err != nil {
			return err
		}
	}
	// IAVL's traversal ends early, without an error, on a node it cannot
	// read: a short export must not pass for a whole one.
	if leaves != tree.Size() || (leaves > 0 && last.Height != tree.Height()) {
		return fmt.Errorf("%w: version %d exported %d of its %d keys (a node could not be read)", ErrSnapshot, v, leaves, tree.Size())
	}
	return nil
}

// holdVersion keeps Prune from deleting version v until releaseVersion.
func (s *Store) holdVersion(v int64) error {
	s.held.Lock()
	defer s.held.Unlock()
	if !s.tree.VersionExists(v) {
		return fmt.Errorf("%w %d", ErrNoVersion, v)
	}
	if s.holds == nil {
		s.holds = map[int64]int{}
	}
	s.holds[v]++
	return nil
}

func (s *Store) releaseVersion(v int64) {
	s.held.Lock()
	defer s.held.Unlock()
	if s.holds[v]--; s.holds[v] == 0 {
		delete(s.holds, v)
	}
}

// oldestHeld is the oldest version an export holds, 0 for none.
func (s *Store) oldestHeld() int64 {
	s.held.Lock()
	defer s.held.Unlock()
	var oldest int64
	for v := range s.holds {
		if oldest == 0 || v < oldest {
			oldest = v
		}
	}
	return oldest
}

// Importer rebuilds a saved version from a snapshot's nodes, in the order
// ExportVersion gave them, into a store that holds nothing yet.
type Importer struct {
	s       *Store
	imp     *iavl.Importer
	version int64
}

// Import starts restoring version v into the store, which must be empty
// (a node that has never run a block). The writer must not run meanwhile.
func (s *Store) Import(v int64) (*Importer, error) {
	if s.tree.Version() != 0 || !s.tree.IsEmpty() {
		return nil, fmt.Errorf("%w: the application state is not empty (version %d): reset it to restore a snapshot", ErrSnapshot, s.tree.Version())
	}
	imp, err := s.tree.Import(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSnapshot, err)
	}
	return &Importer{s: s, imp: imp, version: v}, nil
}

// Add adds the next node. A node out of place (a snapshot that lies) is
// an error; the import must then be aborted.
func (i *Importer) Add(n SnapshotNode) error {
	if n.Height < 0 || (n.Height == 0) != (n.Value != nil) {
		return fmt.Errorf("%w: a malformed node (height %d; only leaves, of height 0, have values)", ErrSnapshot, n.Height)
	}
	if err := i.imp.Add(&iavl.ExportNode{Key: n.Key, Value: n.Value, Version: n.Version, Height: n.Height}); err != nil {
		return fmt.Errorf("%w: %w", ErrSnapshot, err)
	}
	return nil
}

// Commit saves the restored version and makes it the store's last. The
// caller compares LastHash with the hash the chain agreed on, and aborts
// on a difference.
func (i *Importer) Commit() error {
	if err := i.imp.Commit(); err != nil {
		return fmt.Errorf("%w: %w", ErrSnapshot, err)
	}
	s := i.s
	s.nodes.Lock()
	defer s.nodes.Unlock()
	if _, err := s.tree.LoadVersion(i.version); err != nil {
		return fmt.Errorf("%w: load the restored version %d: %w", ErrSnapshot, i.version, err)
	}
	clear(s.written)
	s.latest.reset(i.version)
	return s.refreshCommitted()
}

// Abort drops what was restored, committed or not, and leaves the store
// empty again, ready for another snapshot.
func (i *Importer) Abort() error {
	i.imp.Close()
	return i.s.wipe()
}

// wipe deletes every key of the database, which held nothing but the
// failed restore, and opens the empty tree again.
func (s *Store) wipe() error {
	s.nodes.Lock()
	defer s.nodes.Unlock()
	it, err := s.db.Iterator(nil, nil)
	if err != nil {
		return err
	}
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	if err := it.Close(); err != nil {
		return err
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	for _, k := range keys {
		if err := batch.Delete(k); err != nil {
			return err
		}
	}
	if err := batch.WriteSync(); err != nil {
		return err
	}
	tree, nodes, err := loadTree(s.db, s.cacheNodes)
	if err != nil {
		return err
	}
	s.tree, s.nodeCache = tree, nodes
	clear(s.written)
	s.latest.reset(0)
	return s.refreshCommitted()
}
