package state

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"
	ics23 "github.com/cosmos/ics23/go"
)

// DefaultCacheNodes is the IAVL node cache size used when none is
// configured. The tree holds about two nodes per account (a leaf and an
// inner node), so this keeps a chain of up to two million accounts in
// memory. With a million accounts and a cache of 1,000,000, half the nodes
// a block touched came from disk and the chain fell behind a load it keeps
// up with at four million. A small chain never fills it; a full cache
// costs about 2 GiB.
const DefaultCacheNodes = 4_000_000

// ErrNoVersion is returned for a query at a height the store does not hold.
var ErrNoVersion = errors.New("state: no such version")

// Options configures Open.
type Options struct {
	// CacheNodes is the IAVL node cache size; 0 means DefaultCacheNodes.
	CacheNodes int
	// InitialVersion is the first height to save, from genesis' initial_height.
	InitialVersion uint64
	// LatestValues bounds the values of the last saved version kept in
	// memory (see latestValues); 0 means DefaultLatestValues.
	LatestValues int
}

// Store is the application's Merkle tree. Writes go to the working tree
// (through a block Cache) during FinalizeBlock and become a new version in
// Commit.
//
// One goroutine writes (CometBFT's consensus connection); others may read
// saved versions at the same time, between ReadLock and its unlock. The
// lock is needed because the working tree shares nodes with the last saved
// version and IAVL, when it copies such a node on write, clears the
// original's child pointers. Only Set, Delete and the save itself take the
// write side, so readers wait for single writes, not for whole blocks.
type Store struct {
	db   iavldb.DB
	tree *iavl.MutableTree

	nodes     sync.RWMutex // see ReadLock
	committed atomic.Pointer[iavl.ImmutableTree]

	latest     *latestValues
	written    map[string]struct{} // keys written since the last save; the writer's alone
	cacheNodes int                 // the node cache's size, for Warm
	nodeCache  *nodeCache          // the tree's node cache, or nil (see nodecache.go)

	held  sync.Mutex
	holds map[int64]int // versions snapshot exports read: Prune keeps them
}

// Open opens or creates the tree in dir/application.db.
func Open(dir string, opts Options) (*Store, error) {
	db, err := iavldb.NewGoLevelDBWithOpts("application", dir, levelDBOptions())
	if err != nil {
		return nil, fmt.Errorf("open application database in %s: %w", dir, err)
	}
	s, err := newStore(db, opts)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// OpenMemory returns a store that lives in memory, for tests and benchmarks.
func OpenMemory(opts Options) (*Store, error) { return newStore(iavldb.NewMemDB(), opts) }

func newStore(db iavldb.DB, opts Options) (*Store, error) {
	cache := opts.CacheNodes
	if cache <= 0 {
		cache = DefaultCacheNodes
	}
	var treeOpts []iavl.Option
	if opts.InitialVersion > 1 {
		treeOpts = append(treeOpts, iavl.InitialVersionOption(opts.InitialVersion))
	}
	tree, nodes, err := loadTree(db, cache, treeOpts...)
	if err != nil {
		return nil, err
	}
	latest := opts.LatestValues
	if latest <= 0 {
		latest = DefaultLatestValues
	}
	s := &Store{db: db, tree: tree, latest: newLatestValues(latest), written: map[string]struct{}{}, cacheNodes: cache, nodeCache: nodes}
	if err := s.refreshCommitted(); err != nil {
		return nil, err
	}
	s.latest.reset(s.tree.Version())
	return s, nil
}

// loadTree opens the tree in db at its last saved version, with its node
// cache hooked (nil if that failed: see hookNodeCache).
func loadTree(db iavldb.DB, cacheNodes int, opts ...iavl.Option) (*iavl.MutableTree, *nodeCache, error) {
	tree := iavl.NewMutableTree(db, cacheNodes, false, iavl.NewNopLogger(), opts...)
	nodes := hookNodeCache(tree)
	if _, err := tree.Load(); err != nil {
		return nil, nil, fmt.Errorf("load application state: %w", err)
	}
	return tree, nodes, nil
}

func (s *Store) refreshCommitted() error {
	v := s.tree.Version()
	var imm *iavl.ImmutableTree
	if v == 0 {
		imm = iavl.NewImmutableTree(iavldb.NewMemDB(), 0, true, iavl.NewNopLogger())
	} else {
		var err error
		if imm, err = s.tree.GetImmutable(v); err != nil {
			return fmt.Errorf("open version %d: %w", v, err)
		}
	}
	s.committed.Store(imm)
	return nil
}

// ReadLock must be held by a goroutine other than the writer while it
// reads a saved version (Committed, At); it returns the unlock. Reads
// through one hold are consistent with each other; do not take it twice
// on one goroutine, as a waiting writer would then deadlock both.
func (s *Store) ReadLock() (unlock func()) {
	s.nodes.RLock()
	return s.nodes.RUnlock
}

// Working is the working tree as a KV; the block Cache sits on it. Only
// the writer may use it.
func (s *Store) Working() KV { return workingTree{s} }

// WorkingHash is the root hash with the working tree's unsaved writes: the
// app hash FinalizeBlock returns.
func (s *Store) WorkingHash() []byte { return s.tree.WorkingHash() }

// Commit saves the working tree as the next version.
func (s *Store) Commit() (hash []byte, version int64, err error) {
	s.nodes.Lock()
	defer s.nodes.Unlock()
	replaced := s.replacedNodes()
	hash, version, err = s.tree.SaveVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("save version: %w", err)
	}
	s.nodeCache.forget(replaced)
	s.latest.advance(version, s.written)
	clear(s.written)
	return hash, version, s.refreshCommitted()
}

// Prune deletes the saved versions older than the keep most recent ones
// (keep ≥ 1), with their nodes, from disk. A version a query is reading is
// not deleted: Prune then fails and the caller tries again later. Nor is
// one a snapshot export reads, or any after it.
func (s *Store) Prune(keep int64) error {
	oldest := s.oldestHeld()
	s.nodes.Lock()
	defer s.nodes.Unlock()
	to := s.tree.Version() - max(keep, 1)
	if oldest > 0 {
		to = min(to, oldest-1)
	}
	if to < 1 || !s.tree.VersionExists(to) {
		return nil // nothing that old is left
	}
	if err := s.tree.DeleteVersionsTo(to); err != nil {
		return fmt.Errorf("prune versions up to %d: %w", to, err)
	}
	return nil
}

// Rollback drops the working tree's unsaved writes.
func (s *Store) Rollback() {
	s.nodes.Lock()
	defer s.nodes.Unlock()
	s.tree.Rollback()
	clear(s.written)
}

// RollbackTo deletes every saved version above v and makes v the last, for
// an operator undoing a bad block. It is permanent: the deleted versions
// are gone from disk.
func (s *Store) RollbackTo(v int64) error {
	if v < 1 || !s.tree.VersionExists(v) {
		return fmt.Errorf("%w %d", ErrNoVersion, v)
	}
	s.nodes.Lock()
	defer s.nodes.Unlock()
	if err := s.tree.LoadVersionForOverwriting(v); err != nil {
		return fmt.Errorf("roll back to version %d: %w", v, err)
	}
	clear(s.written)
	s.latest.reset(v)
	return s.refreshCommitted()
}

// LastVersion is the height of the last saved version, 0 before the first.
// Any goroutine may call it, without ReadLock.
func (s *Store) LastVersion() int64 { return s.committed.Load().Version() }

// LastHash is the root hash of the last saved version. Any goroutine may
// call it, without ReadLock: a saved root's hash never changes.
func (s *Store) LastHash() []byte { return s.committed.Load().Hash() }

// Committed is a read-only view of the last saved version; it stays that
// version's view after later commits.
func (s *Store) Committed() Getter {
	return latestView{Version: Version{s.committed.Load()}, values: s.latest}
}

// At is a read-only view of a saved version; 0 means the last.
func (s *Store) At(version int64) (Version, error) {
	last := s.committed.Load()
	if version == 0 || version == last.Version() {
		return Version{last}, nil
	}
	if !s.tree.VersionExists(version) {
		return Version{}, fmt.Errorf("%w %d", ErrNoVersion, version)
	}
	t, err := s.tree.GetImmutable(version)
	return Version{t}, err
}

// Version is one saved version of the tree: a Getter that can also prove.
type Version struct{ *iavl.ImmutableTree }

// Get reads a key of the version; a failure to read is a fault.
func (v Version) Get(key []byte) ([]byte, error) {
	val, err := v.ImmutableTree.Get(key)
	return val, Fault(err)
}

// Range ranges over the version's keys. IAVL's traversal does not report
// a failed node read (it ends the range early), so, unlike Get, Range
// cannot surface a fault; a damaged database shows up in Get first.
func (v Version) Range(start, end []byte, fn func(key, value []byte) bool) error {
	v.IterateRange(start, end, true, func(k, val []byte) bool { return !fn(k, val) })
	return nil
}

// Proof returns an ICS23 proof that key has its value (or is absent) in the
// given tree, verifiable against that version's root hash.
func Proof(t Version, key []byte) (*ics23.CommitmentProof, error) {
	ok, err := t.Has(key)
	if err != nil {
		return nil, err
	}
	if ok {
		return t.GetMembershipProof(key)
	}
	return t.GetNonMembershipProof(key)
}

// Close closes the database. Call it only after the node has stopped.
func (s *Store) Close() error {
	return s.db.Close()
}

// workingTree adapts the MutableTree to KV. Its reads need no lock: only
// writes change nodes, and they happen on the reading goroutine. A key not
// written since the last save holds that version's value, so its reads go
// through the store's cache of those.
type workingTree struct{ s *Store }

func (w workingTree) Get(key []byte) ([]byte, error) {
	if _, ok := w.s.written[string(key)]; ok {
		v, err := w.s.tree.Get(key)
		return v, Fault(err)
	}
	return w.s.Committed().Get(key)
}

func (w workingTree) Set(key, value []byte) error {
	w.s.nodes.Lock()
	defer w.s.nodes.Unlock()
	w.s.written[string(key)] = struct{}{}
	_, err := w.s.tree.Set(key, value)
	return Fault(err)
}

// Range walks the working root, unsaved writes included.
func (w workingTree) Range(start, end []byte, fn func(key, value []byte) bool) error {
	w.s.tree.IterateRange(start, end, true, func(k, v []byte) bool { return !fn(k, v) })
	return nil
}

func (w workingTree) Delete(key []byte) error {
	w.s.nodes.Lock()
	defer w.s.nodes.Unlock()
	w.s.written[string(key)] = struct{}{}
	_, _, err := w.s.tree.Remove(key)
	return Fault(err)
}

// SetInitialVersion makes the first saved version v instead of 1, for a
// genesis whose initial_height is above 1.
func (s *Store) SetInitialVersion(v uint64) { s.tree.SetInitialVersion(v) }

// levelDBOptions are goleveldb's defaults but for a larger write buffer
// and a Bloom filter (as IAVL's own default has). IAVL writes each block's
// new nodes under increasing version keys, but its fast index under the
// accounts' own keys, spread over the whole key space, so every table
// flushed from the write buffer overlaps every table of the level below
// and each flush-triggered compaction rewrites all of that level. With
// 4 MiB buffers (the default) that happened every few blocks under load,
// and compaction took a sixth of the node's CPU; a 64 MiB buffer makes it
// sixteen times rarer for the same writes. At a million accounts the fast
// index alone outgrows the first level's 10 MiB, and compaction between the
// lower levels took a seventh of the node again; tables of 8 MiB and a
// first level of 64 MiB halve that, and a 64 MiB block cache (8 MiB by
// default) keeps the upper levels' blocks that IAVL's cache misses read.
// Blocks are not compressed: IAVL's nodes are mostly hashes, which snappy
// cannot shrink, and decoding them took 9 % of the node under load at a
// million accounts.
func levelDBOptions() *opt.Options {
	return &opt.Options{
		Filter:              filter.NewBloomFilter(10),
		WriteBuffer:         64 * opt.MiB,
		BlockCacheCapacity:  64 * opt.MiB,
		CompactionTableSize: 8 * opt.MiB,
		CompactionTotalSize: 64 * opt.MiB,
		Compression:         opt.NoCompression,
	}
}
