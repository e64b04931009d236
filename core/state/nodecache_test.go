package state

import (
	"bytes"
	"fmt"
	"testing"
)

// IAVL's layout is what hookNodeCache was written against; an upgrade that
// changes it fails here rather than silently bringing back the slow cache.
func TestNodeCacheHooked(t *testing.T) {
	s := openMemory(t, Options{})
	if s.nodeCache == nil {
		t.Fatal("the tree's node cache was not hooked: IAVL's nodeDB layout changed (see nodecache.go)")
	}
}

// spreadWrites commits blocks that each write the next few keys of a
// round robin over all of them, plus one key inserted and one deleted, the
// way a load of many senders does, and checks every value against a map.
// It returns the node cache's misses from the blocks after the first
// round, when the cache has settled.
func spreadWrites(t *testing.T, s *Store, keys, perBlock, blocks int) (misses uint64) {
	t.Helper()
	key := func(i int) []byte { return []byte(fmt.Sprintf("acct/%08d", (i*7919)%keys)) }
	model := map[string][]byte{}
	kv := s.Working()
	for i := range keys {
		mustSet(t, kv, key(i), []byte("genesis"))
		model[string(key(i))] = []byte("genesis")
	}
	commit(t, s)
	next := 0
	var before uint64
	for b := 1; b <= blocks; b++ {
		if b == keys/perBlock+1 {
			before = s.nodeCache.misses
		}
		for range perBlock {
			v := []byte(fmt.Sprintf("block %d", b))
			mustSet(t, kv, key(next), v)
			model[string(key(next))] = v
			next++
		}
		extra := []byte(fmt.Sprintf("extra/%04d", b))
		mustSet(t, kv, extra, []byte("x"))
		model[string(extra)] = []byte("x")
		if b > 1 {
			gone := []byte(fmt.Sprintf("extra/%04d", b-1))
			if err := kv.Delete(gone); err != nil {
				t.Fatal(err)
			}
			delete(model, string(gone))
		}
		commit(t, s)
	}
	for k, want := range model {
		got, err := s.Committed().Get([]byte(k))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s = %q, %v; want %q", k, got, err, want)
		}
	}
	if n := s.LastHash(); len(n) == 0 {
		t.Fatal("no root hash")
	}
	return s.nodeCache.misses - before
}

// With the live tree taking most of the cache and every key written now
// and then, the nodes each block replaces leave the cache at Commit, so
// the live ones stay and nothing is read twice from disk. The control run
// skips the walk (the store believes its cache is huge): the same load
// then misses, which is what the first run's zero means.
func TestReplacedNodesLeaveTheCache(t *testing.T) {
	const keys, perBlock, blocks, cacheNodes = 1000, 40, 100, 3000

	s := openMemory(t, Options{CacheNodes: cacheNodes})
	if misses := spreadWrites(t, s, keys, perBlock, blocks); misses != 0 {
		t.Errorf("%d node cache misses with replaced nodes dropped; want 0", misses)
	}
	// About two nodes a key, and a few a rotation left behind.
	if n, live := s.nodeCache.Len(), 2*int(s.committed.Load().Size()); n > live+100 {
		t.Errorf("node cache holds %d nodes for a tree of %d", n, live)
	}

	control := openMemory(t, Options{CacheNodes: cacheNodes})
	control.cacheNodes = 1 << 40
	misses := spreadWrites(t, control, keys, perBlock, blocks)
	t.Logf("without the walk: %d misses; with it: none, %d nodes cached", misses, s.nodeCache.Len())
	if misses < keys {
		t.Errorf("only %d node cache misses without dropping replaced nodes; the load does not press the cache and proves nothing", misses)
	}
	if a, b := s.LastHash(), control.LastHash(); !bytes.Equal(a, b) {
		t.Errorf("root hashes differ: %x with the walk, %x without", a, b)
	}
}

// A small tree in a large cache is left to the LRU order: the walk would
// cost more than it saves.
func TestReplacedNodesKeptWhenTheCacheIsRoomy(t *testing.T) {
	s := openMemory(t, Options{CacheNodes: 100_000})
	kv := s.Working()
	mustSet(t, kv, []byte("a"), []byte("1"))
	commit(t, s)
	mustSet(t, kv, []byte("a"), []byte("2"))
	s.nodes.Lock()
	replaced := s.replacedNodes()
	s.nodes.Unlock()
	if replaced != nil {
		t.Fatalf("replacedNodes walked a 1-key tree in a 100,000-node cache: %d nodes", len(replaced))
	}
}

func openMemory(t *testing.T, o Options) *Store {
	t.Helper()
	s, err := OpenMemory(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustSet(t *testing.T, kv KV, k, v []byte) {
	t.Helper()
	if err := kv.Set(k, v); err != nil {
		t.Fatal(err)
	}
}

func commit(t *testing.T, s *Store) {
	t.Helper()
	if _, _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}
