package state

import (
	"bytes"
	"math/rand"
	"testing"
)

// runLatestScript drives a store whose cache of the last version holds
// four values through operations read from ops: writes, deletes, reads of
// the working tree, of the last version and of a version saved earlier,
// commits and rollbacks; each read is checked against plain maps, one per
// saved version and one for the working tree.
func runLatestScript(t *testing.T, ops []byte) {
	s, err := OpenMemory(Options{LatestValues: 4})
	if err != nil {
		t.Fatal(err)
	}
	working := map[string]string{}
	saved := []map[string]string{{}} // saved[v]: version v
	views := []Getter{s.Committed()} // views[v]: version v, as Committed gave it
	copyOf := func(m map[string]string) map[string]string {
		c := make(map[string]string, len(m))
		for k, v := range m {
			c[k] = v
		}
		return c
	}
	check := func(what string, g Getter, want map[string]string, key string) {
		t.Helper()
		got, err := g.Get([]byte(key))
		if err != nil {
			t.Fatalf("%s: get %q: %v", what, key, err)
		}
		w, ok := want[key]
		if ok != (got != nil) || ok && !bytes.Equal(got, []byte(w)) {
			t.Fatalf("%s: %q is %q, want %q (present %v)", what, key, got, w, ok)
		}
	}
	for i := 0; i+1 < len(ops); i += 2 {
		key := string([]byte{'k', ops[i+1] % 8})
		switch ops[i] % 7 {
		case 0, 1:
			v := string([]byte{'v', ops[i+1], byte(i)})
			if err := s.Working().Set([]byte(key), []byte(v)); err != nil {
				t.Fatal(err)
			}
			working[key] = v
		case 2:
			if err := s.Working().Delete([]byte(key)); err != nil {
				t.Fatal(err)
			}
			delete(working, key)
		case 3:
			check("working tree", s.Working(), working, key)
		case 4:
			last := len(saved) - 1
			check("last version", s.Committed(), saved[last], key)
			v := int(ops[i+1]) % len(saved)
			check("an earlier version's view", views[v], saved[v], key)
		case 5:
			if _, _, err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			saved = append(saved, copyOf(working))
			views = append(views, s.Committed())
		case 6:
			s.Rollback()
			working = copyOf(saved[len(saved)-1])
		}
	}
}

// TestLatestValuesModel runs random scripts: whatever the cache holds, a
// read returns what the version it reads holds.
func TestLatestValuesModel(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200; n++ {
		ops := make([]byte, 400)
		r.Read(ops)
		runLatestScript(t, ops)
	}
}

func FuzzLatestValues(f *testing.F) {
	f.Add([]byte{0, 1, 5, 0, 4, 1, 3, 1, 2, 1, 5, 0, 4, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 2000 {
			return
		}
		runLatestScript(t, ops)
	})
}

// TestLatestValuesServeReads checks that the cache is used: a value read
// once is served again after its tree node is gone from under it, and a
// key the last block wrote is read from the tree.
func TestLatestValuesServeReads(t *testing.T) {
	c := newLatestValues(4)
	c.reset(3)
	c.put(3, []byte("a"), []byte("1"))
	c.put(2, []byte("b"), []byte("2")) // another version: not kept
	if v, ok := c.get(3, []byte("a")); !ok || string(v) != "1" {
		t.Fatalf("a: %q %v", v, ok)
	}
	if _, ok := c.get(3, []byte("b")); ok {
		t.Fatal("a value of version 2 was kept for version 3")
	}
	if _, ok := c.get(2, []byte("a")); ok {
		t.Fatal("version 3's value served for version 2")
	}
	c.put(3, []byte("c"), nil) // absent
	if v, ok := c.get(3, []byte("c")); !ok || v != nil {
		t.Fatalf("absent c: %q %v", v, ok)
	}
	c.advance(4, map[string]struct{}{"a": {}})
	if _, ok := c.get(4, []byte("a")); ok {
		t.Fatal("a key the block wrote is still served")
	}
	if _, ok := c.get(4, []byte("c")); !ok {
		t.Fatal("a key the block did not write was dropped")
	}
	for i := 0; i < 10; i++ { // past the bound: the oldest go
		c.put(4, []byte{'x', byte(i)}, []byte{byte(i)})
	}
	if n := len(c.cur) + len(c.old); n > 4 {
		t.Fatalf("%d values kept, bound 4", n)
	}
}
