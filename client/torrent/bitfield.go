package torrent

import (
	"fmt"
	"math/bits"
)

// Bitfield is a set of piece indexes, stored as the wire's bitfield
// message carries it: the high bit of the first byte is piece 0.
type Bitfield struct {
	b []byte
	n int
}

// NewBitfield is an empty set of n pieces.
func NewBitfield(n int) Bitfield { return Bitfield{b: make([]byte, (n+7)/8), n: n} }

// BitfieldFromBytes reads a bitfield of n pieces as a peer sent it. It
// must be exactly long enough, and its spare bits clear (BEP 3).
func BitfieldFromBytes(b []byte, n int) (Bitfield, error) {
	if len(b) != (n+7)/8 {
		return Bitfield{}, fmt.Errorf("bitfield of %d bytes for %d pieces", len(b), n)
	}
	if n%8 != 0 && b[len(b)-1]&(0xff>>(n%8)) != 0 {
		return Bitfield{}, fmt.Errorf("bitfield has bits set past piece %d", n-1)
	}
	return Bitfield{b: append([]byte(nil), b...), n: n}, nil
}

// Len is the number of pieces the set ranges over.
func (f Bitfield) Len() int { return f.n }

// Has says whether piece i is in the set.
func (f Bitfield) Has(i int) bool {
	return i >= 0 && i < f.n && f.b[i/8]&(0x80>>(i%8)) != 0
}

// Set adds piece i.
func (f Bitfield) Set(i int) { f.b[i/8] |= 0x80 >> (i % 8) }

// Clear removes piece i.
func (f Bitfield) Clear(i int) { f.b[i/8] &^= 0x80 >> (i % 8) }

// Count is the number of pieces in the set.
func (f Bitfield) Count() int {
	c := 0
	for _, x := range f.b {
		c += bits.OnesCount8(x)
	}
	return c
}

// Full says whether every piece is in the set.
func (f Bitfield) Full() bool { return f.Count() == f.n }

// Bytes is the wire form; the caller must not modify it.
func (f Bitfield) Bytes() []byte { return f.b }

// Clone is an independent copy.
func (f Bitfield) Clone() Bitfield { return Bitfield{b: append([]byte(nil), f.b...), n: f.n} }

// SetAll adds every piece.
func (f Bitfield) SetAll() {
	for i := range f.n {
		f.Set(i)
	}
}
