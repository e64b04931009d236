package btt

import (
	"errors"
	"testing"

	"github.com/holiman/uint256"
)

func TestParse(t *testing.T) {
	max := new(uint256.Int).SetAllOne()
	tests := []struct {
		name, in string
		want     *uint256.Int // nil means an error is expected
	}{
		{"one and a half btt", "1.5btt", uint256.MustFromDecimal("1500000000000000000")},
		{"smallest btt fraction", "0.000000000000000001btt", uint256.NewInt(1)},
		{"wei", "2000wei", uint256.NewInt(2000)},
		{"upper case unit and surrounding blanks", "  3BTT ", FromBTT(3)},
		{"blank before the unit", "3 btt", nil},
		{"leading dot", ".5btt", nil},
		{"trailing dot", "7.btt", nil},
		{"zero", "0btt", new(uint256.Int)},
		{"max supply", "990000000000000btt", uint256.MustFromDecimal("990000000000000000000000000000000")},
		{"max uint256 wei", max.Dec() + "wei", max},
		{"one above max uint256 wei", "115792089237316195423570985008687907853269984665640564039457584007913129639936wei", nil},
		{"overflow in btt", "1" + max.Dec() + "btt", nil},
		{"negative", "-1btt", nil},
		{"plus sign", "+1btt", nil},
		{"nineteen decimals", "0.0000000000000000001btt", nil},
		{"decimal wei", "1.5wei", nil},
		{"no unit", "1.5", nil},
		{"unknown unit", "1.5eth", nil},
		{"only unit", "btt", nil},
		{"only dot", ".btt", nil},
		{"exponent", "1e18wei", nil},
		{"two dots", "1.2.3btt", nil},
		{"hex", "0x10wei", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			have, err := Parse(tt.in)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("Parse(%q) = %s, want an error", tt.in, have.Dec())
				}
				if !errors.Is(err, ErrBadAmount) {
					t.Fatalf("Parse(%q) error %v does not wrap ErrBadAmount", tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !have.Eq(tt.want) {
				t.Fatalf("Parse(%q) = %s, want %s", tt.in, have.Dec(), tt.want.Dec())
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in   *uint256.Int
		want string
	}{
		{nil, "0btt"},
		{new(uint256.Int), "0btt"},
		{uint256.NewInt(1), "0.000000000000000001btt"},
		{FromBTT(1), "1btt"},
		{uint256.MustFromDecimal("1500000000000000000"), "1.5btt"},
		{uint256.MustFromDecimal("990000000000000000000000000000000"), "990000000000000btt"},
	}
	for _, tt := range tests {
		if have := Format(tt.in); have != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.in, have, tt.want)
		}
	}
	if have := FormatWei(uint256.NewInt(2000)); have != "2000wei" {
		t.Errorf("FormatWei(2000) = %q", have)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.5btt", "2000wei", "0.000000000000000001btt", "-1btt", ".btt", "1e5wei"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(Format(v))
		if err != nil || !back.Eq(v) {
			t.Fatalf("%q parsed to %s, printed as %q, which reads back as %v (%v)", s, v.Dec(), Format(v), back, err)
		}
	})
}
