package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Getter reads a key; a missing key reads as nil with no error. Errors are
// failures of the underlying database, never of the caller's input.
//
// Range calls fn for every key in [start, end) in ascending byte order (a
// nil end means no upper bound) until fn returns false. Keys and values
// passed to fn must not be modified or kept; fn must not write to the view
// it ranges over.
type Getter interface {
	Get(key []byte) ([]byte, error)
	Range(start, end []byte, fn func(key, value []byte) bool) error
}

// KV is a readable and writable key-value view.
type KV interface {
	Getter
	Set(key, value []byte) error
	Delete(key []byte) error
}

// ErrEmptyValue is returned when a caller sets a nil or empty value; IAVL
// cannot store one, so "absent" is spelled Delete.
var ErrEmptyValue = errors.New("state: empty value; use Delete")

// Cache buffers writes over a parent Getter. It is the block cache (over
// the working tree) and each transaction's branch (over the block cache).
type Cache struct {
	parent Getter
	writes map[string][]byte // nil value: deleted
}

// NewCache returns an empty cache over parent.
func NewCache(parent Getter) *Cache {
	return &Cache{parent: parent, writes: make(map[string][]byte)}
}

// Get reads the cache, then the parent.
func (c *Cache) Get(key []byte) ([]byte, error) {
	if v, ok := c.writes[string(key)]; ok {
		return v, nil
	}
	return c.parent.Get(key)
}

// Set buffers a write. The value is kept as given: callers must not modify
// it afterwards.
func (c *Cache) Set(key, value []byte) error {
	if len(value) == 0 {
		return ErrEmptyValue
	}
	c.writes[string(key)] = value
	return nil
}

// Delete buffers a removal.
func (c *Cache) Delete(key []byte) error {
	c.writes[string(key)] = nil
	return nil
}

// Range merges the buffered writes with the parent's keys in the range.
// It costs a pass over every buffered key, so it belongs in block-level
// work (queues, the validator set) and queries, not in per-transaction
// paths over a large block cache.
func (c *Cache) Range(start, end []byte, fn func(key, value []byte) bool) error {
	own := make([]string, 0)
	for k := range c.writes {
		if inRange([]byte(k), start, end) {
			own = append(own, k)
		}
	}
	sort.Strings(own)
	type kv struct{ k, v []byte }
	var parent []kv
	err := c.parent.Range(start, end, func(k, v []byte) bool {
		if _, shadowed := c.writes[string(k)]; !shadowed {
			parent = append(parent, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
		return true
	})
	if err != nil {
		return err
	}
	i, j := 0, 0
	for i < len(own) || j < len(parent) {
		var k, v []byte
		if j >= len(parent) || (i < len(own) && own[i] < string(parent[j].k)) {
			k, v = []byte(own[i]), c.writes[own[i]]
			i++
			if v == nil {
				continue // deleted here
			}
		} else {
			k, v = parent[j].k, parent[j].v
			j++
		}
		if !fn(k, v) {
			return nil
		}
	}
	return nil
}

func inRange(k, start, end []byte) bool {
	return bytes.Compare(k, start) >= 0 && (end == nil || bytes.Compare(k, end) < 0)
}

// PrefixEnd is the first key after every key that starts with prefix: the
// end bound for ranging over a prefix. It is nil when there is none.
func PrefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Len is the number of buffered keys.
func (c *Cache) Len() int { return len(c.writes) }

// Discard drops every buffered write.
func (c *Cache) Discard() { clear(c.writes) }

// Flush writes the buffered writes into dst in ascending key order and
// empties the cache.
func (c *Cache) Flush(dst KV) error {
	if err := c.CopyTo(dst); err != nil {
		return err
	}
	c.Discard()
	return nil
}

// CopyTo writes the buffered writes into dst in ascending key order and
// keeps them.
func (c *Cache) CopyTo(dst KV) error {
	keys := make([]string, 0, len(c.writes))
	for k := range c.writes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := c.writes[k]
		var err error
		if v == nil {
			err = dst.Delete([]byte(k))
		} else {
			err = dst.Set([]byte(k), v)
		}
		if err != nil {
			return fmt.Errorf("flush key %x: %w", k, err)
		}
	}
	return nil
}

// Prefixed is a module's view of the keys under its prefix byte.
type Prefixed struct {
	kv     KV
	prefix byte
}

// NewPrefixed returns the view of kv under prefix.
func NewPrefixed(kv KV, prefix byte) Prefixed { return Prefixed{kv: kv, prefix: prefix} }

func (p Prefixed) key(k []byte) []byte {
	full := make([]byte, 1+len(k))
	full[0] = p.prefix
	copy(full[1:], k)
	return full
}

// Get reads a key of the module.
func (p Prefixed) Get(key []byte) ([]byte, error) { return p.kv.Get(p.key(key)) }

// Set writes a key of the module.
func (p Prefixed) Set(key, value []byte) error { return p.kv.Set(p.key(key), value) }

// Delete removes a key of the module.
func (p Prefixed) Delete(key []byte) error { return p.kv.Delete(p.key(key)) }

// Range ranges over the module's keys in [start, end); fn sees the keys
// without the module prefix. A nil end means the end of the module.
func (p Prefixed) Range(start, end []byte, fn func(key, value []byte) bool) error {
	var e []byte
	if end != nil {
		e = p.key(end)
	} else if p.prefix < 0xff {
		e = []byte{p.prefix + 1}
	}
	return p.kv.Range(p.key(start), e, func(k, v []byte) bool { return fn(k[1:], v) })
}

// RangePrefix ranges over the keys of a view that start with prefix.
func RangePrefix(g Getter, prefix []byte, fn func(key, value []byte) bool) error {
	return g.Range(prefix, PrefixEnd(prefix), fn)
}

// ReadOnly turns a Getter into a KV whose writes fail; queries use it so
// that a read path can never change state by accident.
type ReadOnly struct{ Getter }

// ErrReadOnly is returned by writes to a ReadOnly view.
var ErrReadOnly = errors.New("state: read-only view")

// Set fails.
func (ReadOnly) Set(_, _ []byte) error { return ErrReadOnly }

// Delete fails.
func (ReadOnly) Delete(_ []byte) error { return ErrReadOnly }

// GetJSON reads a JSON record into v; found is false when the key is
// absent. A record that does not decode is reported as corrupt, the
// module's corruption sentinel (a fault); a failed read, such as running
// out of gas, is returned as it is, so that a transaction short of gas
// fails instead of halting the chain as if the store were broken.
func GetJSON(g Getter, key []byte, v any, corrupt error) (found bool, err error) {
	b, err := g.Get(key)
	if err != nil || b == nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("%w: record %x is not valid JSON: %v", corrupt, key, err)
	}
	return true, nil
}

// SetJSON writes v as a JSON record.
func SetJSON(kv KV, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return kv.Set(key, b)
}
