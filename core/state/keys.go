package state

import "encoding/binary"

// Key builds a module's store key: a one-byte record prefix followed by the
// parts, in a new slice (never by appending to a shared prefix slice).
func Key(prefix byte, parts ...[]byte) []byte {
	n := 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 1, n)
	k[0] = prefix
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

// BE64 is v big-endian, so that keys order as the numbers do.
func BE64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// EachPrefix calls fn with each key and value under prefix, in key order,
// and stops at the first error fn returns. fn must not write to g.
func EachPrefix(g Getter, prefix []byte, fn func(key, value []byte) error) error {
	var inner error
	err := RangePrefix(g, prefix, func(k, v []byte) bool {
		inner = fn(k, v)
		return inner == nil
	})
	if err != nil {
		return err
	}
	return inner
}
