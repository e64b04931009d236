package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestDevChainAndLoad runs what `make run` runs, sends from the dev key as
// the banner suggests, and drives a small `bttcd bench load` through it.
func TestDevChainAndLoad(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	dashboard := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	n := startNodeAs(t, "dev", home, "--dashboard", dashboard)
	if have := strings.TrimSpace(mustRun(t, "query", "balance", "dev", "--home", home, "--node", n.rpc())); have != "1000000000btt" {
		t.Fatalf("dev key holds %q", have)
	}
	// Metrics are on by default, on loopback.
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", n.metricsPort))
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), "cometbft_consensus_height") {
		t.Fatalf("no consensus height in the metrics:\n%.500s", metrics)
	}
	// The dev chain pays a visible block reward (from block 2, for the
	// block before).
	n.waitHeight(3)
	var pool struct {
		RewardPool string `json:"reward_pool"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "query", "staking", "pool", "--node", n.rpc(), "-o", "json")), &pool); err != nil || pool.RewardPool == "10000000btt" {
		t.Fatalf("reward pool %q (%v): no block reward paid", pool.RewardPool, err)
	}
	// Text output: user transactions only, the vote extensions said apart;
	// records as key: value, times in UTC.
	block := mustRun(t, "query", "block", "2", "--node", n.rpc())
	if !regexp.MustCompile(`(?m)^transactions:\s+0$`).MatchString(block) || !strings.Contains(block, "vote extensions:  yes") ||
		!regexp.MustCompile(`(?m)^time:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$`).MatchString(block) {
		t.Fatalf("query block 2:\n%s", block)
	}
	if pool := mustRun(t, "query", "staking", "pool", "--node", n.rpc()); !regexp.MustCompile(`(?m)^bonded:\s+1000000btt$`).MatchString(pool) {
		t.Fatalf("query staking pool:\n%s", pool)
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
	if have := strings.TrimSpace(mustRun(t, "query", "supply", "--node", n.rpc())); have != "1011000000btt" { // dev funds, the self-bond and the reward pool
		t.Fatalf("supply %q after the load", have)
	}
	testDashboard(t, n, home, dashboard)

	// A second dev node, or a reset, on the running chain's home is refused
	// and leaves the running chain alone.
	mustRun(t, "keys", "add", "mine", "--keyring-backend", "test", "--home", home)
	for _, args := range [][]string{{"dev", "--home", home}, {"dev", "--reset", "--home", home}} {
		assertCleanError(t, run(t, "", args...), "still running on this home")
	}
	h := n.height()
	n.waitHeight(h + 1)

	// Stopped, --reset starts a new chain and keeps the user's keys.
	if err := n.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// A clean stop logs no error, and every log line is one JSON object.
	logs, err := os.ReadFile(n.log)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(logs), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue // the banner
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["level"] == "ERROR" || strings.Contains(line, "&{0x") {
			t.Fatalf("after a clean stop: %s (%v)", line, err)
		}
	}
	mine := strings.TrimSpace(mustRun(t, "keys", "show", "mine", "--keyring-backend", "test", "--home", home))
	// It resets, then refuses the log level: a bad config value stops the
	// node before it starts.
	r := run(t, "", "dev", "--reset", "--home", home, "--log_level", "shout")
	if !strings.Contains(r.stderr, "kept the keys") {
		t.Fatalf("dev --reset did not say it kept the keys:\n%s", r.stderr)
	}
	assertCleanError(t, r, `log_level "shout": want debug, info, warn or error`)
	if have := strings.TrimSpace(mustRun(t, "keys", "show", "mine", "--keyring-backend", "test", "--home", home)); have != mine {
		t.Fatalf("after --reset the key is %q, was %q", have, mine)
	}
}
