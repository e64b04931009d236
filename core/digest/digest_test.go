package digest

import "testing"

func TestParse(t *testing.T) {
	d := [32]byte{1, 2, 3}
	for _, s := range []string{String(d), String(d)[2:], "0X" + String(d)[2:]} {
		if got, err := Parse(s); err != nil || got != d {
			t.Fatalf("Parse(%q) = %x, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0x12", String(d) + "00", "0x" + string(make([]byte, 64))} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}
