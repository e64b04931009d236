package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestDevChainAndLoad runs what `make run` runs, sends from the dev key as
// the banner suggests, and drives a small `bttcd bench load` through it.
func TestDevChainAndLoad(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	if have := strings.TrimSpace(mustRun(t, "query", "balance", "dev", "--home", home, "--node", n.rpc())); have != "1000000000btt" {
		t.Fatalf("dev key holds %q", have)
	}
	to := "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	mustRun(t, "tx", "bank", "send", to, "12.5btt", "--from", "dev", "--keyring-backend", "test", "--home", home, "--node", n.rpc(), "-y")
	if have := strings.TrimSpace(mustRun(t, "query", "balance", to, "--node", n.rpc())); have != "12.5btt" {
		t.Fatalf("recipient holds %q", have)
	}
	out := mustRun(t, "bench", "load", "--from", "dev", "--keyring-backend", "test", "--home", home, "--node", n.rpc(),
		"--accounts", "20", "--per-account", "3", "--workers", "4", "--batch", "5", "-o", "json")
	var rep struct {
		Submitted, Committed, Failed int
		PerSecond                    float64
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench load output: %v\n%s", err, out)
	}
	if rep.Submitted != 60 || rep.Committed != 60 || rep.Failed != 0 || rep.PerSecond <= 0 {
		t.Fatalf("load report %+v, want 60 committed", rep)
	}
	if have := strings.TrimSpace(mustRun(t, "query", "supply", "--node", n.rpc())); have != "1001000000btt" { // dev funds plus the self-bond
		t.Fatalf("supply %q after the load", have)
	}
}
