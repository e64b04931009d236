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
// It returns the node cache's misses in the second half of the blocks,
// when the cache has settled.
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
		if b == blocks/2+1 {
			before = s.nodeCache.missCount()
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
	return s.nodeCache.missCount() - before
}

// With the live tree taking most of the cache and every key written now
// and then, replaced nodes push out live ones until a block's reads miss;
// from then on the nodes each block replaces leave the cache at Commit, so
// the live ones stay and nothing is read twice from disk. The control run
// never walks (the store believes its cache is huge): the same load then
// keeps missing, which is what the first run's zero means.
func TestReplacedNodesLeaveTheCache(t *testing.T) {
	const keys, perBlock, blocks, cacheNodes = 1000, 40, 100, 3000

	s := openMemory(t, Options{CacheNodes: cacheNodes})
	if misses := spreadWrites(t, s, keys, perBlock, blocks); misses != 0 {
		t.Errorf("%d node cache misses with replaced nodes dropped; want 0", misses)
	}
	if s.nodeCache.walkUntil <= blocks {
		t.Errorf("the walk is on until version %d, after %d blocks that missed", s.nodeCache.walkUntil, blocks)
	}

	control := openMemory(t, Options{CacheNodes: cacheNodes})
	control.cacheNodes = 1 << 40
	misses := spreadWrites(t, control, keys, perBlock, blocks)
	t.Logf("without the walk: %d misses in the last %d blocks; with it: none", misses, blocks/2)
	if misses < keys {
		t.Errorf("only %d node cache misses without dropping replaced nodes; the load does not press the cache and proves nothing", misses)
	}
	if a, b := s.LastHash(), control.LastHash(); !bytes.Equal(a, b) {
		t.Errorf("root hashes differ: %x with the walk, %x without", a, b)
	}

	// Walking ten blocks at a time, each probe without it lets misses back
	// in, which turn it on again: far fewer misses than never walking, and
	// the walk still on at the end.
	probing := openMemory(t, Options{CacheNodes: cacheNodes})
	probing.nodeCache.walkFor = 10
	got := spreadWrites(t, probing, keys, perBlock, blocks)
	t.Logf("walking 10 blocks at a time: %d misses", got)
	if got*4 > misses {
		t.Errorf("%d misses walking 10 blocks at a time, against %d never walking", got, misses)
	}
	if probing.nodeCache.walkUntil <= blocks/2 {
		t.Errorf("the walk ended at version %d of %d: probes did not turn it on again", probing.nodeCache.walkUntil, blocks)
	}
}

// When the writes fall on a few keys, their paths stay cached by the LRU
// order alone and Commit does not walk, however full the cache.
func TestNoWalkForAHotSet(t *testing.T) {
	const keys, hot, blocks, cacheNodes = 1000, 20, 100, 3000
	s := openMemory(t, Options{CacheNodes: cacheNodes})
	kv := s.Working()
	key := func(i int) []byte { return []byte(fmt.Sprintf("acct/%08d", (i*7919)%keys)) }
	for i := range keys {
		mustSet(t, kv, key(i), []byte("genesis"))
	}
	commit(t, s)
	for b := 1; b <= blocks; b++ {
		for i := range hot {
			mustSet(t, kv, key(i*keys/hot), []byte(fmt.Sprintf("block %d", b)))
		}
		commit(t, s)
	}
	if s.nodeCache.Len() < cacheNodes {
		t.Fatalf("the cache holds %d nodes of %d: the load does not fill it and proves nothing", s.nodeCache.Len(), cacheNodes)
	}
	if m := s.nodeCache.missCount(); m != 0 || s.nodeCache.walkUntil != 0 {
		t.Errorf("%d misses, walk on until version %d; want none and never", m, s.nodeCache.walkUntil)
	}
	got, err := s.Committed().Get(key(keys / hot))
	if err != nil || string(got) != fmt.Sprintf("block %d", blocks) {
		t.Errorf("hot key = %q, %v", got, err)
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
