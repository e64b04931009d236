package state

import (
	"errors"
	"fmt"
	"testing"
)

func TestPageIDs(t *testing.T) {
	c := NewCache(emptyGetter{})
	var want [][32]byte
	for i := 0; i < 7; i++ {
		id := [32]byte{byte(i * 3)}
		want = append(want, id)
		if err := c.Set(Key(0x01, []byte("who"), id[:]), []byte{1}); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.Set(Key(0x01, []byte("whp"), []byte{9}), []byte{1}) // another owner's, never listed
	var got [][32]byte
	req := PageRequest{Limit: 3}
	for pages := 1; ; pages++ {
		ids, more, err := PageIDs(c, Key(0x01, []byte("who")), req)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids...)
		if !more {
			if pages != 3 {
				t.Fatalf("%d pages of 3 for 7 ids", pages)
			}
			break
		}
		last := ids[len(ids)-1]
		req.After = &last
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("paged %v, want %v", got, want)
	}
	parse := func(s string) ([32]byte, error) {
		if s != "ok" {
			return [32]byte{}, errors.New("bad id")
		}
		return [32]byte{1}, nil
	}
	for _, tc := range []struct {
		parts []string
		ok    bool
	}{{nil, true}, {[]string{"-"}, true}, {[]string{"ok", "5"}, true}, {[]string{"no"}, false}, {[]string{"-", "0"}, false},
		{[]string{"-", "1001"}, false}, {[]string{"-", "x"}, false}, {[]string{"-", "1", "2"}, false}} {
		if _, err := ParsePage(tc.parts, parse); (err == nil) != tc.ok {
			t.Errorf("ParsePage(%q): %v", tc.parts, err)
		}
	}
}

type emptyGetter struct{}

func (emptyGetter) Get([]byte) ([]byte, error)                         { return nil, nil }
func (emptyGetter) Range([]byte, []byte, func(k, v []byte) bool) error { return nil }
