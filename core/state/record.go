package state

import (
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/rlp"
)

// Records are stored RLP-encoded: compact, canonical (one value has one
// encoding, so the app hash does not depend on how a value was built) and
// strict on decode. These helpers are what every module reads and writes
// its records with.

// EncodeRecord encodes v. Only a programming error (a type RLP cannot
// encode) fails, so it panics rather than return an error nobody can act on.
func EncodeRecord(v any) []byte {
	b, err := rlp.EncodeToBytes(v)
	if err != nil {
		panic(fmt.Sprintf("state: encode %T: %v", v, err))
	}
	return b
}

// DecodeRecord decodes b into v; a record that does not decode is
// reported as corrupt, the module's corruption sentinel (a store fault).
func DecodeRecord(b []byte, v any, corrupt error) error {
	if err := rlp.DecodeBytes(b, v); err != nil {
		return fmt.Errorf("%w: %T: %v", corrupt, v, err)
	}
	return nil
}

// GetRecord reads the record at key into v; found is false when there is
// none.
func GetRecord(g Getter, key []byte, v any, corrupt error) (found bool, err error) {
	b, err := g.Get(key)
	if err != nil || b == nil {
		return false, err
	}
	return true, DecodeRecord(b, v, corrupt)
}

// SetRecord writes v at key.
func SetRecord(kv KV, key []byte, v any) error { return kv.Set(key, EncodeRecord(v)) }

// UnixNano is a block time in its stored form, nanoseconds since 1970,
// big-endian in keys so that queues order by time. Times before 1970 (no
// block has one) store as 0.
func UnixNano(t time.Time) uint64 {
	n := t.UnixNano()
	if n < 0 {
		return 0
	}
	return uint64(n)
}

// TimeOf turns a stored time back into block time, in UTC.
func TimeOf(ns uint64) time.Time { return time.Unix(0, int64(ns)).UTC() }
