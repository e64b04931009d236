package address

import (
	"errors"
	"strings"
	"testing"
)

// The USDT contract on TRON, a widely published pair of both forms.
const (
	usdtTron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
	usdtHex  = "0xa614f803B6FD780986A42c78Ec9c7f77e6DeD13C"
)

func TestParseForms(t *testing.T) {
	fromTron, err := Parse(usdtTron)
	if err != nil {
		t.Fatal(err)
	}
	fromHex, err := Parse(usdtHex)
	if err != nil {
		t.Fatal(err)
	}
	if fromTron != fromHex {
		t.Fatalf("TRON form gives %s, hex form gives %s", fromTron, fromHex)
	}
	if have := fromHex.Tron(); have != usdtTron {
		t.Fatalf("Tron() = %s, want %s", have, usdtTron)
	}
	if have := fromTron.Hex(); have != usdtHex {
		t.Fatalf("Hex() = %s, want %s", have, usdtHex)
	}
	for _, s := range []string{strings.ToLower(usdtHex), "0x" + strings.ToUpper(usdtHex[2:]), usdtHex[2:]} {
		a, err := Parse(s)
		if err != nil || a != fromHex {
			t.Fatalf("Parse(%q) = %s, %v", s, a, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"short hex", "0x1234"},
		{"bad checksum", "0xA614f803B6FD780986A42c78Ec9c7f77e6DeD13C"},
		{"not hex", "0xzz14f803b6fd780986a42c78ec9c7f77e6ded13c"},
		{"tron typo", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"},
		{"tron bad char", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60"},
		{"bitcoin style", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, err := Parse(tt.in); !errors.Is(err, ErrBadAddress) {
				t.Fatalf("Parse(%q) = %s, %v; want ErrBadAddress", tt.in, a, err)
			}
		})
	}
}

func TestModuleAddressesDiffer(t *testing.T) {
	if Module("fee_collector") == Module("bonded_pool") || Module("x").IsZero() {
		t.Fatal("module addresses must be distinct and non-zero")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(usdtTron)
	f.Add(usdtHex)
	f.Add("0x")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		for _, form := range []string{a.Hex(), a.Tron()} {
			back, err := Parse(form)
			if err != nil || back != a {
				t.Fatalf("%q -> %s; %q reads back as %s (%v)", s, a, form, back, err)
			}
		}
	})
}
