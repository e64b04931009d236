package state

import (
	"bytes"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/cosmos/iavl"
	"github.com/cosmos/iavl/cache"
)

// IAVL keeps every node it reads or saves in an LRU cache and never takes
// one out: not when a write replaces it in the working tree, nor when
// pruning deletes it from disk. Each block's writes replace the nodes on
// their keys' paths, so after Commit the most recently used end of the
// cache holds nodes no version after the last will read, and the least
// recently used end holds the live nodes of keys no block has written for
// a while. When the live tree takes much of the cache and the writes are
// spread over it (a million accounts, each sending now and then) the
// replaced nodes push out the live ones: at a million accounts and the
// default cache of 4,000,000, from the hundredth block of 4,000 writes on,
// a third of the keys' paths came from disk and blocks took twice as long;
// under a steady load the chain fell behind. (IAVL's own issues #936 and
// #937 discuss the cache; v1.3 has no option for it.)
//
// So the store removes them. Commit walks the last saved version down to
// each key the block wrote (the nodes it passes are the ones the writes
// replaced), recording the node keys the walk asks the cache for, and
// removes them once the new version is saved. The live tree then stays in
// the cache, and at a million accounts the cache never misses.
//
// The walk costs about 30 µs a written key (5 % of the node at a million
// accounts), which buys nothing while the writes fall on a hot set whose
// paths the LRU order keeps anyway (100,000 senders among a million
// accounts). So Commit walks only after a block whose reads missed the
// cache (a miss or more for every hundred written keys), and for
// walkBlocks blocks from then; after that it stops, and if the misses
// come back it walks again. Each such probe lets a few blocks' replaced
// nodes in, which the live nodes read back push out again.
//
// IAVL gives no way to reach or replace its cache, so hookNodeCache swaps
// it through reflection for a nodeCache that wraps it. It is written
// against IAVL v1.3's layout (go.mod pins it; TestNodeCacheHooked fails if
// an upgrade changes it). Which nodes are cached never changes a result:
// if the hook finds another layout the tree keeps its own cache, as fast
// as before this was written.

// nodeCache wraps IAVL's node cache: it serialises IAVL's calls (made
// under IAVL's own lock) with the store's removals (made under the store's
// write lock), and can record the keys asked for during a walk.
type nodeCache struct {
	mu        sync.Mutex
	inner     cache.Cache
	recording bool
	walked    [][]byte
	misses    uint64 // Gets that found nothing, but for the walk's

	// The walk's on/off state (see above); only the writer uses it.
	missesSeen uint64 // misses at the last decision
	walkUntil  int64  // Commit walks while the last version is below it
	walkFor    int64  // how far a block whose reads missed moves walkUntil
}

var _ cache.Cache = (*nodeCache)(nil)

// hookNodeCache puts a nodeCache in front of tree's node cache and returns
// it, or returns nil when tree is not laid out as IAVL v1.3's is.
func hookNodeCache(tree *iavl.MutableTree) *nodeCache {
	ndb := reflect.ValueOf(tree).Elem().FieldByName("ndb")
	if ndb.Kind() != reflect.Pointer || ndb.IsNil() {
		return nil
	}
	field := ndb.Elem().FieldByName("nodeCache")
	if !field.IsValid() || field.Type() != reflect.TypeFor[cache.Cache]() {
		return nil
	}
	// The field is unexported: reflection may read it but not set it, so
	// set it through its address.
	field = reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem()
	inner, ok := field.Interface().(cache.Cache)
	if !ok || inner == nil {
		return nil
	}
	c := &nodeCache{inner: inner, walkFor: walkBlocks}
	field.Set(reflect.ValueOf(cache.Cache(c)))
	return c
}

func (c *nodeCache) Add(node cache.Node) cache.Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inner.Add(node)
}

func (c *nodeCache) Get(key []byte) cache.Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.recording {
		c.walked = append(c.walked, key)
	}
	n := c.inner.Get(key)
	if n == nil && !c.recording {
		c.misses++
	}
	return n
}

func (c *nodeCache) Has(key []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inner.Has(key)
}

func (c *nodeCache) Remove(key []byte) cache.Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inner.Remove(key)
}

func (c *nodeCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inner.Len()
}

// pathsTo returns the keys of the nodes on the paths from version's root
// to each of keys (present or not), the root's among them. The caller
// holds the store's write lock, so no reader asks the cache for a node
// meanwhile and every key recorded is the walk's.
func (c *nodeCache) pathsTo(version *iavl.ImmutableTree, keys [][]byte) [][]byte {
	c.mu.Lock()
	c.recording, c.walked = true, nil
	c.mu.Unlock()
	for _, k := range keys {
		// A node that cannot be read here will fail the save or the next
		// read, which report it; the walk only decides what to uncache.
		if _, _, err := version.GetWithIndex(k); err != nil {
			break
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	walked := c.walked
	c.recording, c.walked = false, nil
	// The walk starts at the root it holds, without asking the cache.
	return append(walked, iavl.GetRootKey(version.Version()))
}

// forget removes the given nodes from the cache, if the tree has one of
// ours.
func (c *nodeCache) forget(keys [][]byte) {
	if c == nil || len(keys) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		c.inner.Remove(k)
	}
}

// missCount is the number of Gets so far that found nothing, but for the
// walk's.
func (c *nodeCache) missCount() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.misses
}

// walking reports whether Commit should walk after last, a block that
// wrote written keys: yes for walkFor blocks after one whose reads missed
// (a miss or more for every hundred written keys).
func (c *nodeCache) walking(last int64, written int) bool {
	misses := c.missCount()
	if missed := misses - c.missesSeen; missed > 0 && missed*100 >= uint64(written) {
		c.walkUntil = last + c.walkFor
	}
	c.missesSeen = misses
	return last < c.walkUntil
}

// walkBlocks is how many blocks Commit walks after reads missed the cache
// before it tries going without (see above): at one block a second, a
// probe every quarter of an hour.
const walkBlocks = 1000

// replacedNodes returns the nodes of the last saved version that the
// working tree's writes replaced, for Commit to uncache, or nil when that
// is not worth its cost: when the live tree (about two nodes a key) takes
// at most half the cache, which then has room for it and for many blocks'
// replaced nodes, which the LRU order evicts first; and when no reads
// missed the cache lately (see above). Only the writer calls it, holding
// the write lock.
func (s *Store) replacedNodes() [][]byte {
	last := s.committed.Load()
	if s.nodeCache == nil || len(s.written) == 0 || 2*last.Size() <= int64(s.cacheNodes/2) {
		return nil
	}
	if !s.nodeCache.walking(last.Version(), len(s.written)) {
		return nil
	}
	keys := make([][]byte, 0, len(s.written))
	for k := range s.written {
		keys = append(keys, []byte(k))
	}
	// In key order consecutive walks share their upper nodes, which then
	// stay in the processor's caches: a quarter faster at a million keys.
	slices.SortFunc(keys, bytes.Compare)
	return s.nodeCache.pathsTo(last, keys)
}
