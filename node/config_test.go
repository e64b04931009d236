package node

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SetBridgeRPC appends a chain's table once and replaces it after, leaving
// the rest of app.toml as it was; a URL without a scheme is refused.
func TestSetBridgeRPC(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, "config", "app.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteAppConfig(path, DefaultAppConfig()); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"http://127.0.0.1:8545", "http://127.0.0.1:9545"} {
		if err := SetBridgeRPC(home, "local", url); err != nil {
			t.Fatal(err)
		}
	}
	if err := SetBridgeRPC(home, "bsc", "https://bsc.example"); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	text := string(raw)
	if strings.Count(text, "[bridge.local]") != 1 || !strings.Contains(text, "[bridge.local]\nrpc = \"http://127.0.0.1:9545\"\n") ||
		!strings.Contains(text, "[bridge.bsc]\nrpc = \"https://bsc.example\"\n") || !strings.Contains(text, "minimum-gas-price") {
		t.Fatalf("app.toml:\n%s", text)
	}
	if err := SetBridgeRPC(home, "local", "127.0.0.1:8545"); err == nil || !strings.Contains(err.Error(), "want an http(s)://") {
		t.Fatalf("a URL without a scheme: %v", err)
	}
}
