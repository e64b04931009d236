package state

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// TestPrune keeps the recent versions of a tree on disk and deletes the
// others, with the same hashes and values as before; the store reopens
// with the kept versions only, and pruning again deletes nothing more.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var hashes [][]byte
	for i := range 20 {
		must(t, s.Working().Set([]byte(fmt.Sprintf("k%d", i%7)), []byte{byte(i)}))
		h, _, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
		if (i+1)%5 == 0 {
			must(t, s.Prune(4))
		}
	}
	for v := int64(1); v <= 20; v++ {
		_, err := s.At(v)
		if kept := v > 16; kept != (err == nil) || !kept && !errors.Is(err, ErrNoVersion) {
			t.Fatalf("version %d: %v", v, err)
		}
	}
	old, _ := s.At(17)
	if !bytes.Equal(old.Hash(), hashes[16]) {
		t.Fatalf("version 17's hash changed: %x, want %x", old.Hash(), hashes[16])
	}
	if v, err := old.Get([]byte("k2")); err != nil || !bytes.Equal(v, []byte{16}) {
		t.Fatalf("k2 at 17 = %v, %v", v, err)
	}
	must(t, s.Prune(100)) // keeping more than there is deletes nothing
	must(t, s.Close())
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.At(16); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("after a reopen version 16 is back: %v", err)
	}
	if !bytes.Equal(s.LastHash(), hashes[19]) {
		t.Fatal("the last hash changed")
	}
}
