package btt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/holiman/uint256"
)

// Decimals is the number of decimal places of one BTT.
const Decimals = 18

// Units of the text form.
const (
	UnitBTT = "btt"
	UnitWei = "wei"
)

// ErrBadAmount is returned for any text that is not an amount; the wrapped
// message says what is wrong with it.
var ErrBadAmount = errors.New("bad amount")

var oneBTT = new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(Decimals))

// OneBTT returns 10^18 wei.
func OneBTT() *uint256.Int { return new(uint256.Int).Set(oneBTT) }

// FromBTT returns n whole BTT in wei.
func FromBTT(n uint64) *uint256.Int {
	return new(uint256.Int).Mul(uint256.NewInt(n), oneBTT)
}

// Parse reads "1.5btt" or "2000wei" (case-insensitive unit, surrounding
// blanks ignored) into wei. The number and its unit are written together,
// and a decimal point has digits on both sides: "1 btt", "1.btt" and
// ".5btt" are refused with the form to write instead, so that what a user
// types is what every tool reads.
func Parse(s string) (*uint256.Int, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	var number, unit string
	switch {
	case strings.HasSuffix(text, UnitBTT):
		number, unit = strings.TrimSuffix(text, UnitBTT), UnitBTT
	case strings.HasSuffix(text, UnitWei):
		number, unit = strings.TrimSuffix(text, UnitWei), UnitWei
	default:
		return nil, fmt.Errorf("%w %q: it needs a unit, as in 1.5btt or 2000wei", ErrBadAmount, s)
	}
	if number == "" {
		return nil, fmt.Errorf("%w %q: no number before the unit", ErrBadAmount, s)
	}
	if trimmed := strings.TrimSpace(number); trimmed != number {
		return nil, fmt.Errorf("%w %q: write the number and the unit together, as in %s%s", ErrBadAmount, s, trimmed, unit)
	}
	whole, frac, hasDot := strings.Cut(number, ".")
	if hasDot && whole != "" && frac == "" && allDigits(whole) {
		return nil, fmt.Errorf("%w %q: a decimal point needs digits after it; write %s%s", ErrBadAmount, s, whole, unit)
	}
	if hasDot && whole == "" && frac != "" && allDigits(frac) && unit == UnitBTT {
		return nil, fmt.Errorf("%w %q: write 0.%s%s", ErrBadAmount, s, frac, unit)
	}
	if unit == UnitWei && hasDot {
		return nil, fmt.Errorf("%w %q: wei is the smallest unit and takes no decimals", ErrBadAmount, s)
	}
	if whole == "" && frac == "" {
		return nil, fmt.Errorf("%w %q: no digits", ErrBadAmount, s)
	}
	if !allDigits(whole) || !allDigits(frac) {
		return nil, fmt.Errorf("%w %q: only digits and one decimal point are allowed", ErrBadAmount, s)
	}
	if len(frac) > Decimals {
		return nil, fmt.Errorf("%w %q: more than %d decimals", ErrBadAmount, s, Decimals)
	}
	digits := whole
	if unit == UnitBTT {
		digits = whole + frac + strings.Repeat("0", Decimals-len(frac))
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return new(uint256.Int), nil
	}
	v, err := uint256.FromDecimal(digits)
	if err != nil {
		return nil, fmt.Errorf("%w %q: larger than 2^256-1 wei", ErrBadAmount, s)
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Format prints wei as btt with no trailing zeros: "1.5btt", "0btt",
// "0.000000000000000001btt". Parse(Format(v)) == v for every v.
func Format(v *uint256.Int) string {
	if v == nil {
		return "0" + UnitBTT
	}
	digits := v.Dec()
	if len(digits) <= Decimals {
		digits = strings.Repeat("0", Decimals-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-Decimals], strings.TrimRight(digits[len(digits)-Decimals:], "0")
	if frac == "" {
		return whole + UnitBTT
	}
	return whole + "." + frac + UnitBTT
}

// FormatWei prints wei as "2000wei".
func FormatWei(v *uint256.Int) string {
	if v == nil {
		return "0" + UnitWei
	}
	return v.Dec() + UnitWei
}

// Amount is a wei amount that reads and writes as text with a unit
// ("1.5btt", "2000wei"), for parameters and files that people edit.
type Amount struct{ v uint256.Int }

// NewAmount wraps v.
func NewAmount(v *uint256.Int) Amount { return Amount{*v} }

// Wei returns a copy of the amount.
func (a Amount) Wei() *uint256.Int { return new(uint256.Int).Set(&a.v) }

// IsZero reports whether the amount is 0.
func (a Amount) IsZero() bool { return a.v.IsZero() }

// String prints the amount in BTT.
func (a Amount) String() string { return Format(&a.v) }

// MarshalText prints the amount in BTT.
func (a Amount) MarshalText() ([]byte, error) { return []byte(Format(&a.v)), nil }

// UnmarshalText parses an amount with its unit.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	a.v = *v
	return nil
}
