package dec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
)

// Decimals is the number of decimal places a Dec keeps.
const Decimals = 18

var scale = uint256.NewInt(1_000_000_000_000_000_000)

// ErrSyntax is returned for text that is not a non-negative decimal with
// at most 18 decimal places.
var ErrSyntax = errors.New("not a decimal")

// Dec is a non-negative fixed-point decimal. The zero value is 0.
type Dec struct{ v uint256.Int }

// Zero is 0.
func Zero() Dec { return Dec{} }

// One is 1.
func One() Dec { return Dec{v: *scale} }

// FromRaw builds a Dec from its scaled integer.
func FromRaw(raw *uint256.Int) Dec { return Dec{v: *raw} }

// Raw is the scaled integer.
func (d Dec) Raw() *uint256.Int { return new(uint256.Int).Set(&d.v) }

// Percent is n/100, for constants such as 5%.
func Percent(n uint64) Dec { return Ratio(uint256.NewInt(n), uint256.NewInt(100)) }

// Ratio is num/den rounded down; a zero denominator gives 0.
func Ratio(num, den *uint256.Int) Dec {
	if den.IsZero() {
		return Dec{}
	}
	q, overflow := new(uint256.Int).MulDivOverflow(num, scale, den)
	if overflow {
		q.SetAllOne()
	}
	return Dec{v: *q}
}

// MustParse parses a constant; it panics on bad input and is meant for
// package-level defaults only.
func MustParse(s string) Dec {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Parse reads "0.05", "1", "1.000000000000000001".
func Parse(s string) (Dec, error) {
	whole, frac, hasDot := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || (hasDot && frac == "") || len(frac) > Decimals || !digits(whole) || !digits(frac) {
		return Dec{}, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	text := whole + frac + strings.Repeat("0", Decimals-len(frac))
	text = strings.TrimLeft(text, "0")
	if text == "" {
		return Dec{}, nil
	}
	v, err := uint256.FromDecimal(text)
	if err != nil {
		return Dec{}, fmt.Errorf("%w: %q is too large", ErrSyntax, s)
	}
	return Dec{v: *v}, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// String prints the shortest exact form: "0.05", "1", "0".
func (d Dec) String() string {
	q, r := new(uint256.Int), new(uint256.Int)
	q.DivMod(&d.v, scale, r)
	if r.IsZero() {
		return q.Dec()
	}
	frac := r.Dec()
	frac = strings.Repeat("0", Decimals-len(frac)) + frac
	return q.Dec() + "." + strings.TrimRight(frac, "0")
}

// IsZero reports d == 0.
func (d Dec) IsZero() bool { return d.v.IsZero() }

// Cmp compares: -1, 0 or +1.
func (d Dec) Cmp(o Dec) int { return d.v.Cmp(&o.v) }

// GT reports d > o.
func (d Dec) GT(o Dec) bool { return d.v.Gt(&o.v) }

// LT reports d < o.
func (d Dec) LT(o Dec) bool { return d.v.Lt(&o.v) }

// Add returns d + o, saturating at the largest value.
func (d Dec) Add(o Dec) Dec {
	var r Dec
	if _, overflow := r.v.AddOverflow(&d.v, &o.v); overflow {
		r.v.SetAllOne()
	}
	return r
}

// AbsDiff returns |d − o|.
func (d Dec) AbsDiff(o Dec) Dec {
	var r Dec
	if d.v.Lt(&o.v) {
		r.v.Sub(&o.v, &d.v)
	} else {
		r.v.Sub(&d.v, &o.v)
	}
	return r
}

// Sub returns d − o; ok is false when o > d.
func (d Dec) Sub(o Dec) (r Dec, ok bool) {
	if d.v.Lt(&o.v) {
		return Dec{}, false
	}
	r.v.Sub(&d.v, &o.v)
	return r, true
}

// MulInt returns ⌊x × d⌋, saturating at 2^256−1 (which no amount reaches:
// ratios above 1 are never applied to balances).
func (d Dec) MulInt(x *uint256.Int) *uint256.Int {
	r, overflow := new(uint256.Int).MulDivOverflow(x, &d.v, scale)
	if overflow {
		r.SetAllOne()
	}
	return r
}

// MarshalJSON writes the decimal string.
func (d Dec) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads the decimal string, or a bare JSON number (read as
// its text, never through a float), so that people may write 0.4 or "0.4".
func (d *Dec) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] >= '0' && b[0] <= '9' {
		s = string(b)
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: want a decimal such as \"0.05\"", ErrSyntax)
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// EncodeRLP writes the scaled integer.
func (d Dec) EncodeRLP(w io.Writer) error { return rlp.Encode(w, &d.v) }

// DecodeRLP reads the scaled integer.
func (d *Dec) DecodeRLP(s *rlp.Stream) error {
	var v uint256.Int
	if err := s.Decode(&v); err != nil {
		return err
	}
	d.v = v
	return nil
}
