package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/node"
)

func TestConfigWarnings(t *testing.T) {
	home := t.TempDir()
	if _, err := node.InitHome(node.InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Operator: address.Address{1}}); err != nil {
		t.Fatal(err)
	}
	if w := configWarnings(home); len(w) != 0 {
		t.Fatalf("a fresh home warns: %v", w)
	}
	cfg := filepath.Join(home, "config", "config.toml")
	raw, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A typo in a key of the consensus table.
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(raw), "[consensus]\n", "[consensus]\ntimeout_comit = \"1s\"\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(home, "config", "app.toml")); err != nil {
		t.Fatal(err)
	}
	w := configWarnings(home)
	if len(w) != 2 || !strings.Contains(w[0], "unknown keys, ignored: timeout_comit") || !strings.Contains(w[1], "app.toml is missing") {
		t.Fatalf("warnings: %q", w)
	}
}

func TestParseLogLevel(t *testing.T) {
	for _, ok := range []string{"debug", "info", "warn", "error", "INFO", ""} {
		if _, err := parseLogLevel(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	if _, err := parseLogLevel("shout"); err == nil || !strings.Contains(err.Error(), "shout") {
		t.Fatalf("shout: %v", err)
	}
}
