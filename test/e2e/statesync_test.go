package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLocalnetStateSync: four validators under a transfer load make a
// state-sync snapshot every 10 heights. A new node joins with
// init --state-sync: it restores their latest snapshot, then follows the
// chain, agreeing with the validators on every app hash from the snapshot
// on. A node that replays from genesis joins beside it, for the times.
func TestLocalnetStateSync(t *testing.T) {
	ln := startLocalnet(t, 4, func(home string) {
		path := filepath.Join(home, "config", "app.toml")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), "snapshot-interval = 0", "snapshot-interval = 10", 1))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	all := ln.nodes
	ln.agree(3, all...)
	load := runBackground(t, "bench", "load", "--from", "operator", "--keyring-backend", "test", "--home", all[0].home,
		"--node", all[0].rpc(), "--accounts", "100", "--per-account", "10", "--workers", "4")
	load.wait(t, 3*time.Minute)
	ln.agree(all[0].height()/10*10+12, all...) // a snapshot after the load

	// Too few servers to cross-check is a usage mistake, said so.
	assertCleanError(t, run(t, "", "init", "x", "--genesis", filepath.Join(all[0].home, "config", "genesis.json"),
		"--state-sync", all[0].rpc(), "--home", filepath.Join(t.TempDir(), "x")), "two or more")

	synced := ln.join("synced", "--state-sync", all[0].rpc()+","+all[1].rpc())
	synced.env = append(synced.env, "BTTCD_STATESYNC_DISCOVERY_TIME=5s")
	start := time.Now()
	synced.launch()
	target := all[0].height() + 2
	synced.waitHeight(target)
	tookSync := time.Since(start)
	base := synced.earliestHeight()
	if base <= 1 {
		t.Fatalf("the state-synced node holds blocks from %d: it replayed instead", base)
	}
	ln.agreeFrom(base, target, synced, all[0])

	replayed := ln.join("replayed")
	start = time.Now()
	replayed.launch()
	replayed.waitHeight(target)
	t.Logf("joined at height %d: by state sync from the snapshot of %d in %v (5 s of it discovering snapshots), by replaying every block in %v",
		target, base-1, tookSync.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	h := all[0].height() + 2
	ln.agreeFrom(base, h, synced, replayed, all[1])
}

// earliestHeight is the first block the node holds, -1 if it does not
// answer.
func (n *node) earliestHeight() int64 {
	var st struct {
		SyncInfo struct {
			Earliest string `json:"earliest_block_height"`
		} `json:"sync_info"`
	}
	if n.rpcGet("status", &st) != nil {
		return -1
	}
	h, err := strconv.ParseInt(st.SyncInfo.Earliest, 10, 64)
	if err != nil {
		return -1
	}
	return h
}
