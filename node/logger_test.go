package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// Every line is valid JSON with unique keys, whatever CometBFT passes.
func TestCometLoggerWritesUniqueKeys(t *testing.T) {
	var buf bytes.Buffer
	l := CometLogger(slog.New(slog.NewJSONHandler(&buf, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	l.With("module", "proxy").With("module", "abci-client").Info("service start", "msg", "Starting localClient service", "listener", ln, "ptr", &struct{ a int }{1})
	l.Error("Stopped accept routine, as transport is closed", "numPeers", 0)
	l.Error("real trouble", "err", errors.New("disk full"))

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	for _, line := range lines {
		dec := json.NewDecoder(strings.NewReader(line))
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			if seen[k.(string)] {
				t.Fatalf("key %q twice in %s", k, line)
			}
			seen[k.(string)] = true
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first["module"] != "proxy/abci-client" || first["detail_msg"] != "Starting localClient service" ||
		first["listener"] != ln.Addr().String() || strings.Contains(lines[0], "0x") {
		t.Fatalf("first line: %s", lines[0])
	}
	if !strings.Contains(lines[1], `"level":"INFO"`) || !strings.Contains(lines[2], `"level":"ERROR"`) {
		t.Fatalf("a clean stop logs at INFO, real trouble at ERROR:\n%s\n%s", lines[1], lines[2])
	}
}
