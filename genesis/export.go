package genesis

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"

	"github.com/bttc-network/bttc/core/state"
)

// Export is a chain's whole state at one height, carried into the genesis
// of a chain that goes on from the next height (bttcd export). It is the
// tree's key/value pairs themselves rather than a per-module translation,
// so that nothing the modules keep — delegations, unbonding queues,
// running tallies, checkpoint signatures, channels, contracts — can be
// left behind or rebuilt differently: the new chain's state answers every
// query as the old one did at Height.
type Export struct {
	// Height is the exported height; the new chain's initial_height is
	// Height+1, so that heights recorded in the state keep their meaning.
	Height int64 `json:"height"`
	// AppHash is the exported chain's app hash at Height, for the record:
	// a rebuilt tree has the same keys and values but not the same hash.
	AppHash cmtbytes.HexBytes `json:"app_hash"`
	// Digest is SHA-256 over the entries (see EntriesDigest); a file
	// changed after the export is refused.
	Digest cmtbytes.HexBytes `json:"digest"`
	// Entries are [key, value] in hex, in ascending key order. The key's
	// first byte names the module (core/state's prefixes).
	Entries []Entry `json:"entries"`
}

// Entry is one key and its value.
type Entry [2]cmtbytes.HexBytes

// Errors of an export's entries, all wrapped in ErrInvalid.
var (
	// errDigest means the entries are not those the export was made of.
	errDigest = errors.New("digest: the entries do not match it; the file was changed or damaged after the export")
	// errEntryOrder means keys are out of order or repeated.
	errEntryOrder = errors.New("keys must be in ascending order, each once")
)

// EntriesDigest is SHA-256 over each entry as the length-prefixed key and
// value (8-byte big-endian lengths), in order.
func EntriesDigest(entries []Entry) []byte {
	h := sha256.New()
	var n [8]byte
	for _, e := range entries {
		for _, b := range e {
			binary.BigEndian.PutUint64(n[:], uint64(len(b)))
			h.Write(n[:])
			h.Write(b)
		}
	}
	return h.Sum(nil)
}

// Validate checks what can be checked of the entries without the modules
// that own them: order, known module prefixes, non-empty values (IAVL
// stores none) and the digest. chain.CheckExport checks the modules'
// invariants over them.
func (e *Export) Validate() error {
	if e.Height < 1 || e.Height >= MaxInitialHeight {
		return fmt.Errorf("height %d: want 1 to %d", e.Height, int64(MaxInitialHeight-1))
	}
	if len(e.Entries) == 0 {
		return errors.New("entries is empty")
	}
	for i, en := range e.Entries {
		k, v := en[0], en[1]
		if len(k) == 0 || len(v) == 0 {
			return fmt.Errorf("entries[%d]: a key and a value, both non-empty, are needed", i)
		}
		if k[0] > state.PrefixStorage {
			return fmt.Errorf("entries[%d]: key %X belongs to no module (prefix %#02x)", i, k, k[0])
		}
		if i > 0 && bytes.Compare(e.Entries[i-1][0], k) >= 0 {
			return fmt.Errorf("entries[%d]: key %X after %X: %w", i, k, e.Entries[i-1][0], errEntryOrder)
		}
	}
	if !bytes.Equal(EntriesDigest(e.Entries), e.Digest) {
		return errDigest
	}
	return nil
}

// decodeExport reads an app_state that holds an export. It must hold
// nothing else: the per-module sections describe a chain's first state,
// the export a later one, and the two cannot both apply.
func decodeExport(top map[string]json.RawMessage) (*AppState, error) {
	for k := range top {
		if k != "export" {
			return nil, fmt.Errorf("%w: app_state has both an export and %q: an exported genesis holds only the export", ErrInvalid, k)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(top["export"]))
	dec.DisallowUnknownFields()
	var e Export
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("%w: app_state.export: %s", ErrInvalid, describeJSONError(err))
	}
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("%w: app_state.export.%w", ErrInvalid, err)
	}
	return &AppState{Export: &e}, nil
}

// MarshalJSON writes an exported app_state as its one section.
func (s AppState) MarshalJSON() ([]byte, error) {
	if s.Export != nil {
		return json.Marshal(struct {
			Export *Export `json:"export"`
		}{s.Export})
	}
	type plain AppState // without this method
	return json.Marshal(plain(s))
}
