package state

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"testing"

	ics23 "github.com/cosmos/ics23/go"
)

func TestCacheLayersAndFlushOrder(t *testing.T) {
	s, err := OpenMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	block := NewCache(s.Working())
	branch := NewCache(block)
	must(t, branch.Set([]byte("b"), []byte("2")))
	must(t, branch.Set([]byte("a"), []byte("1")))
	if v, _ := block.Get([]byte("a")); v != nil {
		t.Fatal("a branch write leaked into the block before Flush")
	}
	must(t, branch.Flush(block))
	if v, _ := block.Get([]byte("a")); !bytes.Equal(v, []byte("1")) {
		t.Fatalf("block sees %q after flush", v)
	}
	discarded := NewCache(block)
	must(t, discarded.Set([]byte("c"), []byte("3")))
	must(t, discarded.Delete([]byte("a")))
	discarded.Discard()
	must(t, block.Flush(s.Working()))
	if v, _ := s.Working().Get([]byte("a")); !bytes.Equal(v, []byte("1")) {
		t.Fatalf("tree holds %q for a", v)
	}
	if v, _ := s.Working().Get([]byte("c")); v != nil {
		t.Fatal("a discarded branch reached the tree")
	}
	if err := block.Set([]byte("x"), nil); !errors.Is(err, ErrEmptyValue) {
		t.Fatalf("Set(nil) = %v", err)
	}
}

// TestStoreAgainstModel applies random operations through the same layers
// the application uses and compares every value and every hash with a plain
// map model, including across close and reopen.
func TestStoreAgainstModel(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{CacheNodes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	model := map[string]string{}
	rng := rand.New(rand.NewSource(7))
	var lastHash []byte
	for height := 1; height <= 20; height++ {
		block := NewCache(s.Working())
		for i := 0; i < 50; i++ {
			branch := NewCache(block)
			staged := map[string]string{}
			for j := 0; j < 3; j++ {
				k := fmt.Sprintf("k%03d", rng.Intn(200))
				if rng.Intn(4) == 0 {
					must(t, branch.Delete([]byte(k)))
					staged[k] = ""
				} else {
					v := fmt.Sprintf("v%d", rng.Int())
					must(t, branch.Set([]byte(k), []byte(v)))
					staged[k] = v
				}
			}
			if rng.Intn(3) == 0 {
				continue // a failed transaction: its branch is dropped
			}
			must(t, branch.Flush(block))
			for k, v := range staged {
				if v == "" {
					delete(model, k)
				} else {
					model[k] = v
				}
			}
		}
		checkRange(t, block, model, rng) // cache merged over the working tree
		must(t, block.Flush(s.Working()))
		checkRange(t, s.Working(), model, rng)
		working := s.WorkingHash()
		hash, version, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if version != int64(height) || !bytes.Equal(hash, working) {
			t.Fatalf("height %d: saved version %d hash %x, working hash was %x", height, version, hash, working)
		}
		lastHash = hash
		checkModel(t, s.Committed(), model)
		checkRange(t, s.Committed(), model, rng)
	}
	must(t, s.Close())
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.LastVersion() != 20 || !bytes.Equal(s.LastHash(), lastHash) {
		t.Fatalf("reopened at version %d hash %x, want 20 %x", s.LastVersion(), s.LastHash(), lastHash)
	}
	checkModel(t, s.Committed(), model)
}

func checkModel(t *testing.T, g Getter, model map[string]string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		k := fmt.Sprintf("k%03d", i)
		v, err := g.Get([]byte(k))
		if err != nil {
			t.Fatal(err)
		}
		if string(v) != model[k] {
			t.Fatalf("key %s = %q, model %q", k, v, model[k])
		}
	}
}

// checkRange compares a random range of g with the model, sorted.
func checkRange(t *testing.T, g Getter, model map[string]string, rng *rand.Rand) {
	t.Helper()
	lo, hi := rng.Intn(200), rng.Intn(201)
	start, end := []byte(fmt.Sprintf("k%03d", lo)), []byte(fmt.Sprintf("k%03d", hi))
	if rng.Intn(4) == 0 {
		end = nil
	}
	var want []string
	for k, v := range model {
		if inRange([]byte(k), start, end) {
			want = append(want, k+"="+v)
		}
	}
	sort.Strings(want)
	var got []string
	must(t, g.Range(start, end, func(k, v []byte) bool {
		got = append(got, string(k)+"="+string(v))
		return true
	}))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("range [%s, %s): got %v, model %v", start, end, got, want)
	}
}

func TestPrefixedRangeAndPrefixEnd(t *testing.T) {
	c := NewCache(nil0{})
	for _, k := range []string{"\x01a", "\x01b", "\x02a", "\x02b", "\x02\xff", "\x03a"} {
		must(t, c.Set([]byte(k), []byte("v")))
	}
	var got []string
	must(t, NewPrefixed(c, 0x02).Range(nil, nil, func(k, _ []byte) bool {
		got = append(got, fmt.Sprintf("%x", k))
		return true
	}))
	if fmt.Sprint(got) != "[61 62 ff]" {
		t.Fatalf("module 2 sees %v", got)
	}
	got = nil
	must(t, RangePrefix(c, []byte{0x02}, func(k, _ []byte) bool {
		got = append(got, fmt.Sprintf("%x", k))
		return len(got) < 2 // stop early
	}))
	if fmt.Sprint(got) != "[0261 0262]" {
		t.Fatalf("prefix 02 with early stop sees %v", got)
	}
	for in, want := range map[string]string{"01": "02", "01ff": "02", "ffff": "", "": ""} {
		b, _ := hex.DecodeString(in)
		if got := fmt.Sprintf("%x", PrefixEnd(b)); got != want {
			t.Errorf("PrefixEnd(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestProofVerifiesAgainstRoot(t *testing.T) {
	s, err := OpenMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.Working().Set([]byte("present"), []byte("yes")))
	if _, _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	tree, err := s.At(0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Proof(tree, []byte("present"))
	if err != nil {
		t.Fatal(err)
	}
	if !ics23.VerifyMembership(ics23.IavlSpec, s.LastHash(), p, []byte("present"), []byte("yes")) {
		t.Fatal("membership proof does not verify")
	}
	if ics23.VerifyMembership(ics23.IavlSpec, s.LastHash(), p, []byte("present"), []byte("no")) {
		t.Fatal("membership proof verifies a wrong value")
	}
	np, err := Proof(tree, []byte("absent"))
	if err != nil {
		t.Fatal(err)
	}
	if !ics23.VerifyNonMembership(ics23.IavlSpec, s.LastHash(), np, []byte("absent")) {
		t.Fatal("non-membership proof does not verify")
	}
	if _, err := s.At(99); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("At(99) = %v", err)
	}
}

func TestMeter(t *testing.T) {
	m := NewMeter(GasReadFlat + 10)
	kv := Metered{KV: NewCache(ReadOnly{NewCache(nil0{})}), Meter: m}
	if _, err := kv.Get([]byte("k")); err != nil {
		t.Fatalf("first read within the limit failed: %v", err)
	}
	if _, err := kv.Get([]byte("k")); !errors.Is(err, ErrOutOfGas) {
		t.Fatalf("second read = %v, want out of gas", err)
	}
	if m.Used() != m.Limit() {
		t.Fatalf("used %d after running out, want the limit %d", m.Used(), m.Limit())
	}
	if err := (ReadOnly{nil0{}}).Set([]byte("k"), []byte("v")); !errors.Is(err, ErrReadOnly) {
		t.Fatal("read-only view accepted a write")
	}
}

type nil0 struct{}

func (nil0) Get([]byte) ([]byte, error) { return nil, nil }

func (nil0) Range([]byte, []byte, func(k, v []byte) bool) error { return nil }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRollbackTo: rolled back on disk, the store reopens at the older
// version with its hash and values, and the next commit reuses the height.
func TestRollbackTo(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var hashes [][]byte
	for i := range 3 {
		must(t, s.Working().Set([]byte("k"), []byte{byte(i)}))
		h, _, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
	}
	if err := s.RollbackTo(0); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("RollbackTo(0) = %v", err)
	}
	if err := s.RollbackTo(4); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("RollbackTo(4) = %v", err)
	}
	must(t, s.RollbackTo(2))
	must(t, s.Close())

	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.LastVersion() != 2 || !bytes.Equal(s.LastHash(), hashes[1]) {
		t.Fatalf("after rollback: version %d hash %x, want 2 %x", s.LastVersion(), s.LastHash(), hashes[1])
	}
	if v, _ := s.Committed().Get([]byte("k")); !bytes.Equal(v, []byte{1}) {
		t.Fatalf("k = %x at version 2", v)
	}
	if _, err := s.At(3); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("version 3 still readable: %v", err)
	}
	must(t, s.Working().Set([]byte("k"), []byte{9}))
	if _, v, err := s.Commit(); err != nil || v != 3 {
		t.Fatalf("commit after rollback: version %d, %v", v, err)
	}
}
