package state

import (
	"errors"
	"fmt"
	"testing"
)

func TestFaultWrapsOnce(t *testing.T) {
	if Fault(nil) != nil {
		t.Fatal("Fault(nil) is not nil")
	}
	base := errors.New("leveldb: closed")
	f := Fault(base)
	if !errors.Is(f, ErrFault) || !errors.Is(f, base) {
		t.Fatalf("%v: not both a fault and its cause", f)
	}
	if Fault(f) != f {
		t.Fatalf("a fault wrapped twice: %v", Fault(f))
	}
}

func TestCorruptionIsAFault(t *testing.T) {
	errCorrupt := Corruption("corrupt bank record")
	wrapped := fmt.Errorf("%w: account record of 3 bytes", errCorrupt)
	if !errors.Is(wrapped, errCorrupt) || !errors.Is(wrapped, ErrFault) {
		t.Fatalf("%v: not both the module's sentinel and a fault", wrapped)
	}
	if errors.Is(errors.New("corrupt bank record"), errCorrupt) {
		t.Fatal("a different error with the same text matches the sentinel")
	}
}

func TestJSONRecordThatDoesNotDecodeIsAFault(t *testing.T) {
	c := NewCache(NewCache(nil))
	if err := c.Set([]byte("k"), []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	var v struct{ A int }
	if _, err := GetJSON(c, []byte("k"), &v, Corruption("corrupt test record")); !errors.Is(err, ErrFault) {
		t.Fatalf("GetJSON of a bad record: %v, want a fault", err)
	}
}
