package state

import (
	"bytes"
	"errors"
	"testing"
)

func TestKey(t *testing.T) {
	shared := []byte{1, 2}
	a, b := Key(7, shared, []byte{3}), Key(7, shared, []byte{4})
	if !bytes.Equal(a, []byte{7, 1, 2, 3}) || !bytes.Equal(b, []byte{7, 1, 2, 4}) {
		t.Fatalf("keys %x %x: building one changed the other", a, b)
	}
	if bytes.Compare(Key(1, BE64(255)), Key(1, BE64(256))) >= 0 {
		t.Fatal("big-endian keys do not order as their numbers")
	}
}

func TestEachPrefix(t *testing.T) {
	st, err := OpenMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCache(st.Working())
	for _, k := range [][]byte{{1, 1}, {1, 2}, {1, 3}, {2, 1}} {
		if err := c.Set(k, []byte{k[1]}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []byte
	stop := errors.New("stop")
	err = EachPrefix(c, []byte{1}, func(k, v []byte) error {
		seen = append(seen, v[0])
		if v[0] == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !bytes.Equal(seen, []byte{1, 2}) {
		t.Fatalf("EachPrefix = %v after %v, want the error of fn after 1, 2", err, seen)
	}
}
