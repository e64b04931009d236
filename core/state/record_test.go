package state

import (
	"errors"
	"testing"
	"time"
)

type testRecord struct {
	A uint64
	B string
}

func TestRecordRoundTrip(t *testing.T) {
	errCorrupt := Corruption("corrupt test record")
	c := NewCache(NewCache(nil))
	if err := SetRecord(c, []byte("k"), &testRecord{7, "x"}); err != nil {
		t.Fatal(err)
	}
	var r testRecord
	if found, err := GetRecord(c, []byte("k"), &r, errCorrupt); !found || err != nil || r != (testRecord{7, "x"}) {
		t.Fatalf("%v %v %+v", found, err, r)
	}
	if err := c.Set([]byte("bad"), []byte{0xff}); err != nil {
		t.Fatal(err)
	}
	if _, err := GetRecord(c, []byte("bad"), &r, errCorrupt); !errors.Is(err, errCorrupt) || !errors.Is(err, ErrFault) {
		t.Fatalf("a bad record: %v", err)
	}
	if err := c.Delete([]byte("gone")); err != nil {
		t.Fatal(err)
	}
	if found, err := GetRecord(c, []byte("gone"), &r, errCorrupt); found || err != nil {
		t.Fatalf("an absent record: %v %v", found, err)
	}
}

func TestTimes(t *testing.T) {
	at := time.Date(2026, 11, 30, 16, 0, 0, 5, time.FixedZone("CET", 3600))
	if got := TimeOf(UnixNano(at)); !got.Equal(at) || got.Location() != time.UTC {
		t.Fatalf("round trip: %v", got)
	}
	if UnixNano(time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)) != 0 {
		t.Fatal("a time before 1970 does not store as 0")
	}
}
