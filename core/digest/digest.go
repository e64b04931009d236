package digest

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Parse reads 64 hex digits, with or without 0x.
func Parse(s string) ([32]byte, error) {
	var d [32]byte
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(digits) != 2*len(d) {
		return d, fmt.Errorf("%q: want 0x and 64 hex digits", s)
	}
	if _, err := hex.Decode(d[:], []byte(digits)); err != nil {
		return d, fmt.Errorf("%q is not hex", s)
	}
	return d, nil
}

// String writes 0x and 64 hex digits.
func String(d [32]byte) string { return "0x" + hex.EncodeToString(d[:]) }
