package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// rolledBack reads `bttcd rollback`'s report.
var rolledBack = regexp.MustCompile(`Rolled back from height (\d+) \(app hash ([0-9A-F]+)\) to height (\d+) \(app hash ([0-9A-F]+)\)`)

// TestRollback stops a dev node in the middle of a transfer load, rolls it
// back one height and restarts it: the block is re-executed from the
// store to the same app hash it had. (--hard, which needs peers to fetch
// the block from, is tested on a localnet.)
func TestRollback(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	load := runBackground(t, "bench", "load", "--from", "dev", "--keyring-backend", "test", "--home", home, "--node", n.rpc(),
		"--accounts", "50", "--per-account", "200", "--workers", "4")
	n.waitHeight(n.height() + 6) // funded, and transfers flowing
	if err := n.stop(syscall.SIGTERM); err != nil {
		t.Fatalf("stop: %v", err)
	}
	load.kill()

	r := run(t, "", "comet", "unsafe-reset-all", "--home", home)
	assertCleanError(t, r, "pass --yes")

	out := mustRun(t, "rollback", "--home", home)
	m := rolledBack.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("rollback printed:\n%s", out)
	}
	from, _ := strconv.ParseInt(m[1], 10, 64)
	to, _ := strconv.ParseInt(m[3], 10, 64)
	if to != from-1 || m[2] == m[4] {
		t.Fatalf("rollback from %d (%s) to %d (%s): want one height back over a block that changed state", from, m[2], to, m[4])
	}

	n.start()
	n.waitHeight(from + 1)
	if got := n.appHash(from); got != m[4] {
		t.Fatalf("block %d carries app hash %s, the rollback left %s", from, got, m[4])
	}
	if got := n.appHash(from + 1); got != m[2] {
		t.Fatalf("re-executing block %d gave app hash %s, first time %s", from, got, m[2])
	}

}

// TestUnsafeResetAll: refused while the node runs and, without --yes, on
// a validator's home; with --yes the chain data goes and the signing
// state stays byte for byte.
func TestUnsafeResetAll(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	n.waitHeight(3)
	assertCleanError(t, run(t, "", "comet", "unsafe-reset-all", "--yes", "--home", home), "still running")
	if err := n.stop(syscall.SIGTERM); err != nil {
		t.Fatalf("stop: %v", err)
	}
	signState := filepath.Join(home, "data", "priv_validator_state.json")
	before, err := os.ReadFile(signState)
	if err != nil {
		t.Fatal(err)
	}
	assertCleanError(t, run(t, "", "comet", "unsafe-reset-all", "--home", home), "active validator set")
	if _, err := os.Stat(filepath.Join(home, "data", "application.db")); err != nil {
		t.Fatal("a refused reset deleted the application state")
	}

	mustRun(t, "comet", "unsafe-reset-all", "--yes", "--home", home)
	for _, gone := range []string{"application.db", "blockstore.db", "state.db", "cs.wal"} {
		if _, err := os.Stat(filepath.Join(home, "data", gone)); !os.IsNotExist(err) {
			t.Errorf("data/%s survived the reset", gone)
		}
	}
	after, err := os.ReadFile(signState)
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("signing state changed by the reset: %s -> %s (%v)", before, after, err)
	}
	// The kept guard is what it is for: the lone validator will not sign
	// its old heights again, so the chain does not restart behind it.
	n.launch()
	time.Sleep(3 * time.Second)
	if h := n.height(); h > 0 {
		t.Fatalf("after a reset that kept the signing state, the validator signed height %d again", h)
	}
}
