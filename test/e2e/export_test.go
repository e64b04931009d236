package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// exported reads `bttcd export`'s summary.
var (
	exportedAt     = regexp.MustCompile(`exported from +(\S+) at height (\d+)`)
	exportedSHA256 = regexp.MustCompile(`sha256 +([0-9a-f]{64})`)
	lastSigned     = regexp.MustCompile(`last signed +(\d+)`)
)

// exportAndRestart restarts a localnet the way a halted chain restarts:
// every validator stops; they agree on the height to export and on a first
// height above any of them signed; each exports and gets the same file
// byte for byte, checks it with genesis validate, resets its chain data
// (keeping its signing state) and starts from it. The chain goes on, the
// validators agree again, and the queries answer as before the halt.
func exportAndRestart(t *testing.T, ln *localnet) {
	all := ln.nodes
	queries := stateQueries(t, ln)
	before := answers(t, all[0], queries)
	assertCleanError(t, run(t, "", "export", "--home", all[0].home), "still running")
	for _, n := range all {
		if err := n.stop(syscall.SIGTERM); err != nil {
			t.Fatalf("stop: %v", err)
		}
	}

	// The first node stopped is the furthest behind: the others went on
	// without it until too few were left. Every node still has its state.
	// Those that went on signed heights above it, and prevotes beyond.
	var height, signed int64
	for i, n := range all {
		r := run(t, "", "export", "--home", n.home, "--output-document", filepath.Join(t.TempDir(), "probe.json"))
		at, last := exportedAt.FindStringSubmatch(r.stderr), lastSigned.FindStringSubmatch(r.stderr)
		if r.code != 0 || at == nil || last == nil {
			t.Fatalf("node%d export: exit %d\n%s", i, r.code, r.stderr)
		}
		h, _ := strconv.ParseInt(at[2], 10, 64)
		s, _ := strconv.ParseInt(last[1], 10, 64)
		if i == 0 || h < height {
			height = h
		}
		signed = max(signed, s)
	}
	signed = max(signed, height)
	var files []string
	var digest string
	for i, n := range all {
		file := filepath.Join(t.TempDir(), fmt.Sprintf("export%d.json", i))
		r := run(t, "", "export", "--home", n.home, "--height", fmt.Sprint(height), "--initial-height", fmt.Sprint(signed+1), "--output-document", file)
		sum := exportedSHA256.FindStringSubmatch(r.stderr)
		if r.code != 0 || sum == nil || strings.Contains(r.stderr, "Warning") {
			t.Fatalf("node%d export: exit %d\n%s", i, r.code, r.stderr)
		}
		if i > 0 && sum[1] != digest {
			t.Fatalf("node%d exported height %d as %s, node0 as %s", i, height, sum[1], digest)
		}
		digest = sum[1]
		files = append(files, file)
	}
	// A file damaged on its way between validators is refused, with why.
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	damaged := strings.Replace(string(raw), `"0000000000000000`, `"0000000000000001`, 1)
	if damaged == string(raw) {
		t.Fatal("nothing to damage in the export")
	}
	assertCleanError(t, run(t, "", "genesis", "validate", writeFile(t, "damaged.json", damaged)), "digest")

	for i, n := range all {
		mustRun(t, "comet", "unsafe-reset-all", "--yes", "--home", n.home)
		raw, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(n.home, "config", "genesis.json"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		if out := mustRun(t, "genesis", "validate", "--home", n.home); !strings.Contains(out, digest) {
			t.Fatalf("genesis validate on node%d:\n%s", i, out)
		}
		n.launch()
	}
	ln.agreeFrom(signed+2, signed+4, all...)
	if all[1].appHash(signed) != "" {
		t.Fatalf("the restarted chain has a block %d, below its first", signed)
	}
	after := answers(t, all[2], queries)
	for i, q := range queries {
		if before[i] != after[i] && !(q[1] == "signing-info" && sameSigningInfo(t, before[i], after[i])) {
			t.Errorf("bttcd %s\nbefore the halt:\n%s\nafter the restart:\n%s", strings.Join(q, " "), before[i], after[i])
		}
	}
}

// sameSigningInfo says two answers of `query staking signing-info` agree
// but for blocks missed in between. The validator stopped first misses the
// blocks the others commit without it before the chain halts, and those
// are in the exported state; nothing else of its signing state may move.
func sameSigningInfo(t *testing.T, before, after string) bool {
	var b, a map[string]any
	if err := json.Unmarshal([]byte(before), &b); err != nil {
		t.Fatalf("signing-info before the halt: %v", err)
	}
	if err := json.Unmarshal([]byte(after), &a); err != nil {
		t.Fatalf("signing-info after the restart: %v", err)
	}
	missedBefore, ok1 := b["missed_blocks"].(float64)
	missedAfter, ok2 := a["missed_blocks"].(float64)
	delete(b, "missed_blocks")
	delete(a, "missed_blocks")
	return ok1 && ok2 && missedAfter >= missedBefore && reflect.DeepEqual(a, b)
}

// stateQueries are the queries of a localnet's state whose answers do not
// move block by block (rewards and the reward pool do).
func stateQueries(t *testing.T, ln *localnet) [][]string {
	qs := [][]string{
		{"supply"}, {"params"},
		{"staking", "params"}, {"gov", "params"}, {"bridge", "params"}, {"speed", "params"}, {"storage", "params"},
		{"gov", "proposals"}, {"gov", "proposal", "1"}, {"gov", "tally", "1"},
		{"bridge", "chains"}, {"bridge", "checkpoint", "ethereum", "1"}, {"bridge", "signers"},
	}
	for _, n := range ln.nodes {
		op := keyAddress(t, n.home, "operator")
		qs = append(qs, []string{"account", op}, []string{"bridge", "withdrawals", op}, []string{"staking", "signing-info", op},
			[]string{"staking", "unbondings", op})
	}
	return qs
}

// answers runs each query on n, as JSON.
func answers(t *testing.T, n *node, queries [][]string) []string {
	out := make([]string, len(queries))
	for i, q := range queries {
		out[i] = mustRun(t, append(append([]string{"query"}, q...), "--node", n.rpc(), "-o", "json")...)
	}
	return out
}
