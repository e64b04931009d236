package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/btt"
)

// TestStorageContractOnDevChain runs a storage contract through the CLI on
// the dev chain with a real file (the bttcd binary under test): its Merkle
// root, a proposal, the host's acceptance, proofs of three periods made by
// `storage prove` from the node's challenges, one period missed, and the
// end: the host paid three periods and slashed once, its collateral back.
func TestStorageContractOnDevChain(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	keys := []string{"--keyring-backend", "test", "--home", home}
	on := append([]string{"--node", n.rpc(), "-y"}, keys...)
	mustRun(t, append([]string{"keys", "add", "host"}, keys...)...)
	host := strings.TrimSpace(mustRun(t, append([]string{"keys", "show", "host"}, keys...)...))
	mustRun(t, append([]string{"tx", "bank", "send", host, "100btt", "--from", "dev"}, on...)...)
	file := bttcd // a real file of tens of megabytes

	var root struct {
		Root   string `json:"root"`
		Size   uint64 `json:"size"`
		Leaves uint64 `json:"leaves"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "storage", "merkle-root", file, "-o", "json")), &root); err != nil || root.Leaves < 1000 {
		t.Fatalf("merkle-root: %+v %v", root, err)
	}
	out := mustRun(t, append([]string{"tx", "storage", "propose", file, "--host", "host", "--periods", "4", "--period", "20", "--window", "10",
		"--price", "1btt", "--collateral", "10btt", "--slash", "2btt", "--max-misses", "3", "--start", "+12", "--from", "dev"}, on...)...)
	m := regexp.MustCompile(`contract: (0x[0-9a-f]{64})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("propose printed no contract id:\n%s", out)
	}
	id := m[1]
	contract := func() map[string]any {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, "query", "storage", "contract", id, "--node", n.rpc(), "-o", "json")), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := contract(); v["root"] != root.Root || v["size"] != float64(root.Size) || v["escrow"] != "4btt" || v["state"] != "proposed" {
		t.Fatalf("proposed contract %v, merkle-root %+v", v, root)
	}
	assertCleanError(t, run(t, "", append([]string{"tx", "storage", "accept", id, "--from", "dev"}, on...)...), "host")
	mustRun(t, append([]string{"tx", "storage", "accept", id, "--from", "host"}, on...)...)
	other := writeFile(t, "other.bin", "not the contract's file")
	assertCleanError(t, run(t, "", "storage", "prove", other, "--contract", id, "--node", n.rpc()), "not this contract's file")

	proof := filepath.Join(t.TempDir(), "proof.json")
	for p := 0; p < 4; p++ {
		var ch struct {
			Ready       bool  `json:"ready"`
			WindowStart int64 `json:"window_start"`
			WindowEnd   int64 `json:"window_end"`
		}
		eventually(t, 60*time.Second, fmt.Sprintf("period %d's window opens", p), func() bool {
			if err := json.Unmarshal([]byte(mustRun(t, "query", "storage", "challenge", id, fmt.Sprint(p), "--node", n.rpc(), "-o", "json")), &ch); err != nil {
				t.Fatal(err)
			}
			return ch.Ready && n.height() >= ch.WindowStart-1 // the next block is in the window
		})
		if p == 2 {
			continue // the host misses period 2
		}
		mustRun(t, "storage", "prove", file, "--contract", id, "--out", proof, "--node", n.rpc())
		mustRun(t, append([]string{"tx", "storage", "prove", proof, "--from", "host"}, on...)...)
		if v := contract(); v["next_proven"] != true || v["proven"] != float64(map[int]int{0: 1, 1: 2, 3: 3}[p]) {
			t.Fatalf("after proving period %d: %v", p, v)
		}
	}
	assertCleanError(t, run(t, "", append([]string{"tx", "storage", "prove", proof, "--from", "host"}, on...)...), "proven already")
	eventually(t, 60*time.Second, "the contract ends", func() bool { return contract()["state"] == "ended" })
	v := contract()
	if v["proven"] != 3.0 || v["missed"] != 1.0 || v["paid_to_host"] != "3btt" || v["collateral_now"] != "0btt" || v["escrow"] != "0btt" {
		t.Fatalf("at the end: %v", v)
	}
	// The host: 100 + 3 paid − 2 slashed, less the fees of an accept and three proofs.
	bal, err := btt.Parse(strings.TrimSpace(mustRun(t, "query", "balance", "host", "--home", home, "--node", n.rpc())))
	if err != nil {
		t.Fatal(err)
	}
	if low, _ := btt.Parse("100.99btt"); bal.Gt(btt.FromBTT(101)) || bal.Lt(low) {
		t.Fatalf("the host holds %s, want 101btt less a few fees", btt.Format(bal))
	}
	// Mistakes get one clear line.
	assertCleanError(t, run(t, "", "storage", "prove", file, "--contract", id, "--node", n.rpc()), "ended: it takes no proofs")
	assertCleanError(t, run(t, "", append([]string{"tx", "storage", "propose", file, "--host", "host", "--periods", "2", "--from", "dev"}, on...)...), "--price")
	assertCleanError(t, run(t, "", append([]string{"tx", "storage", "accept", "0x1234", "--from", "host"}, on...)...), "contract id")
	assertCleanError(t, run(t, "", "storage", "merkle-root", filepath.Join(t.TempDir(), "missing")), "no such file")
}
