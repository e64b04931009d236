package state

import "sync"

// DefaultLatestValues is how many values of the last saved version the
// store keeps in memory when none is configured: about 150 MB when full.
const DefaultLatestValues = 1_000_000

// latestValues keeps values of the last saved version, so that reading an
// account no block has written since it was last read costs a map lookup.
// Those are most reads: CheckTx's, the mempool's recheck of every waiting
// transaction after each block, and FinalizeBlock's first read of each
// account. IAVL keeps such values too (its fast-node cache), but only
// 100,000 and not configurable; at a million active accounts nine reads in
// ten went to goleveldb.
//
// Entries belong to one version. Commit drops the keys the block wrote and
// moves the cache to the new version; a reader of an older version finds
// the versions differ and reads the tree. Two generations make the
// eviction: a hit or a fill goes to the current one, and when that holds
// half the bound, the older generation is dropped and the current becomes
// the older. Values are shared with the callers, as IAVL shares its own:
// they must not be changed.
type latestValues struct {
	mu       sync.Mutex
	version  int64
	half     int
	cur, old map[string][]byte
}

func newLatestValues(bound int) *latestValues {
	if bound < 2 {
		bound = 2
	}
	return &latestValues{half: bound / 2, cur: map[string][]byte{}, old: map[string][]byte{}}
}

// get returns key's value in version, if kept. A nil value with ok is an
// absent key.
func (c *latestValues) get(version int64, key []byte) (value []byte, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return nil, false
	}
	if value, ok = c.cur[string(key)]; ok {
		return value, true
	}
	if value, ok = c.old[string(key)]; ok {
		c.keep(string(key), value)
	}
	return value, ok
}

// put keeps key's value in version, read from the tree.
func (c *latestValues) put(version int64, key, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version == c.version {
		c.keep(string(key), value)
	}
}

func (c *latestValues) keep(key string, value []byte) {
	if len(c.cur) >= c.half {
		c.old, c.cur = c.cur, make(map[string][]byte, c.half)
	}
	c.cur[key] = value
}

// advance moves the cache to version, forgetting the keys written since
// the last version.
func (c *latestValues) advance(version int64, written map[string]struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range written {
		delete(c.cur, k)
		delete(c.old, k)
	}
	c.version = version
}

// reset forgets everything and moves the cache to version.
func (c *latestValues) reset(version int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur, c.old, c.version = map[string][]byte{}, map[string][]byte{}, version
}

// latestView is the last saved version, read through the store's cache of
// its values.
type latestView struct {
	Version
	values *latestValues
}

func (v latestView) Get(key []byte) ([]byte, error) {
	version := v.Version.Version()
	if value, ok := v.values.get(version, key); ok {
		return value, nil
	}
	value, err := v.Version.Get(key)
	if err == nil {
		v.values.put(version, key, value)
	}
	return value, err
}
