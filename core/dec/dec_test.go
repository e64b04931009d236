package dec

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
)

func TestParseAndString(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"0", "0"}, {"0.0", "0"}, {"1", "1"}, {"0.05", "0.05"}, {"00.50", "0.5"},
		{"0.000000000000000001", "0.000000000000000001"}, {"12.340", "12.34"},
	} {
		d, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if d.String() != c.out {
			t.Errorf("Parse(%q) prints %q, want %q", c.in, d.String(), c.out)
		}
	}
	for _, bad := range []string{"", ".5", "5.", "-0.1", "1e3", "0.0000000000000000001", "0x10", "1.2.3", "１"} {
		if _, err := Parse(bad); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want ErrSyntax", bad, err)
		}
	}
}

func TestArithmetic(t *testing.T) {
	five := Percent(5)
	if got := five.MulInt(uint256.NewInt(1_000)); got.Uint64() != 50 {
		t.Fatalf("5%% of 1000 = %s", got)
	}
	if got := five.MulInt(uint256.NewInt(19)); got.Uint64() != 0 {
		t.Fatalf("5%% of 19 rounds to %s, want 0 (down)", got)
	}
	third := Ratio(uint256.NewInt(1), uint256.NewInt(3))
	if third.String() != "0.333333333333333333" {
		t.Fatalf("1/3 = %s", third)
	}
	if !Ratio(uint256.NewInt(1), new(uint256.Int)).IsZero() {
		t.Fatal("x/0 is not 0")
	}
	if _, ok := five.Sub(One()); ok {
		t.Fatal("0.05 - 1 did not fail")
	}
	if d := five.AbsDiff(Percent(7)); d.String() != "0.02" {
		t.Fatalf("|0.05-0.07| = %s", d)
	}
	if !One().GT(five) || !five.LT(One()) || five.Cmp(MustParse("0.05")) != 0 {
		t.Fatal("comparisons are wrong")
	}
	// A large amount times a ratio does not overflow the intermediate.
	big := new(uint256.Int).Lsh(uint256.NewInt(1), 200)
	if got := One().MulInt(big); !got.Eq(big) {
		t.Fatalf("1 × 2^200 = %s", got)
	}
}

func TestEncodings(t *testing.T) {
	d := MustParse("0.123")
	j, err := json.Marshal(d)
	if err != nil || string(j) != `"0.123"` {
		t.Fatalf("JSON %s %v", j, err)
	}
	var back Dec
	if err := json.Unmarshal(j, &back); err != nil || back.Cmp(d) != 0 {
		t.Fatalf("JSON round trip %s %v", back, err)
	}
	// A bare number is read as its text; exponents and signs are not decimals.
	if err := json.Unmarshal([]byte(`0.1`), &back); err != nil || back.Cmp(MustParse("0.1")) != 0 {
		t.Fatalf("JSON number 0.1: %s %v", back, err)
	}
	for _, bad := range []string{`1e-3`, `-0.1`, `true`, `[]`} {
		if err := json.Unmarshal([]byte(bad), &back); !errors.Is(err, ErrSyntax) {
			t.Fatalf("%s was accepted: %v", bad, err)
		}
	}
	r, err := rlp.EncodeToBytes(d)
	if err != nil {
		t.Fatal(err)
	}
	var viaRLP Dec
	if err := rlp.DecodeBytes(r, &viaRLP); err != nil || viaRLP.Cmp(d) != 0 {
		t.Fatalf("RLP round trip %s %v", viaRLP, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "0.05", "1.000000000000000001", "99999999999999999999999999999", ".", "1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(d.String())
		if err != nil || again.Cmp(d) != 0 {
			t.Fatalf("%q printed as %q does not parse back: %v", s, d.String(), err)
		}
	})
}
