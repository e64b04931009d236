package genesis

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/bttc-network/bttc/core/state"
)

func sampleExport() *Export {
	e := &Export{Height: 41, AppHash: []byte{0xaa}, Entries: []Entry{
		{{state.PrefixApp, 1}, []byte("bttc-test-1")},
		{{state.PrefixBank, 2}, make([]byte, 32)},
		{{state.PrefixStorage, 5}, []byte("{}")},
	}}
	e.Digest = EntriesDigest(e.Entries)
	return e
}

func TestExportValidate(t *testing.T) {
	for _, c := range []struct {
		name, want string
		change     func(e *Export)
	}{
		{"valid", "", func(*Export) {}},
		{"height zero", "height 0", func(e *Export) { e.Height = 0 }},
		{"no entries", "entries is empty", func(e *Export) { e.Entries = nil }},
		{"empty value", "entries[1]: a key and a value", func(e *Export) { e.Entries[1][1] = nil }},
		{"unknown module", "belongs to no module", func(e *Export) { e.Entries[2][0] = []byte{0x07, 1} }},
		{"out of order", "ascending order", func(e *Export) { e.Entries[0], e.Entries[1] = e.Entries[1], e.Entries[0] }},
		{"repeated key", "ascending order", func(e *Export) { e.Entries[1][0] = e.Entries[0][0] }},
		{"changed value", "digest", func(e *Export) { e.Entries[0][1] = []byte("bttc-test-2") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := sampleExport()
			c.change(e)
			if c.name != "changed value" {
				e.Digest = EntriesDigest(e.Entries)
			}
			err := e.Validate()
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

// An exported app_state is the export alone; it survives a write and a
// read, and anything beside it is refused by name.
func TestDecodeExportedAppState(t *testing.T) {
	raw, err := json.Marshal(AppState{Export: sampleExport()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), `{"export":{"height":41,`) {
		t.Fatalf("written as %s", raw)
	}
	app, err := DecodeAppState(raw)
	if err != nil {
		t.Fatal(err)
	}
	if app.Export == nil || len(app.Export.Entries) != 3 || string(app.Export.Entries[0][1]) != "bttc-test-1" {
		t.Fatalf("decoded %+v", app.Export)
	}
	mixed := `{"tx":{"max_block_gas":1},` + string(raw[1:])
	if _, err := DecodeAppState([]byte(mixed)); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `both an export and "tx"`) {
		t.Fatalf("an export beside tx: %v", err)
	}
	typo := strings.Replace(string(raw), `"digest"`, `"digests"`, 1)
	if _, err := DecodeAppState([]byte(typo)); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `unknown field "digests"`) {
		t.Fatalf("a misspelt field: %v", err)
	}
}
