package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// setGovParams shortens the governance periods in a fresh home's genesis,
// as an operator of a test network would before its first start.
func setGovParams(t *testing.T, home string) {
	t.Helper()
	editGenesis(t, home, func(app map[string]any) {
		gov := app["governance"].(map[string]any)["params"].(map[string]any)
		for k, v := range map[string]string{"min_deposit": "10btt", "expedited_min_deposit": "50btt",
			"max_deposit_period": "1m0s", "voting_period": "5s", "expedited_voting_period": "2s"} {
			gov[k] = v
		}
	})
}

// waitStatus polls a proposal until it leaves the voting period.
func waitStatus(t *testing.T, n *node, id int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		var p map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, "query", "gov", "proposal", fmt.Sprint(id), "--node", n.rpc(), "-o", "json")), &p); err != nil {
			t.Fatal(err)
		}
		if p["status"] != "voting_period" && p["status"] != "deposit_period" {
			return p
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("proposal %d did not end in 45s", id)
	return nil
}

// TestGovernanceUpgrade runs a parameter change and a software upgrade
// through real nodes: the parameter is refused or applied by its module;
// at the upgrade height the old binary stops with UPGRADE … NEEDED and
// refuses to start again (with an empty --upgrade-dir too); started with
// the release in --upgrade-dir, it runs the release, which resumes from
// the same app hash and applies it.
func TestGovernanceUpgrade(t *testing.T) {
	home, alice, _, pass := newFundedHome(t, "bttc-e2e-gov")
	setGovParams(t, home)
	n := startNode(t, home)
	flags := []string{"--from", "alice", "--home", home, "--passphrase-file", pass, "--node", n.rpc(), "-y"}
	tx := func(args ...string) string {
		return mustRun(t, append(append([]string{"tx", "gov"}, args...), flags...)...)
	}
	q := func(args ...string) string {
		return mustRun(t, append(append([]string{"query"}, args...), "--node", n.rpc())...)
	}

	// A value staking refuses never becomes a proposal.
	assertCleanError(t, run(t, "", append([]string{"tx", "gov", "param-change", "staking.max_validators=0", "--title", "none", "--deposit", "10btt"}, flags...)...), "max_validators")
	tx("param-change", "staking.max_validators=42", "governance.quorum=0.4", "--title", "Tune", "--deposit", "10btt")
	tx("vote", "1", "yes")
	if p := waitStatus(t, n, 1); p["status"] != "passed" {
		t.Fatalf("param change: %v", p)
	}
	if out := q("staking", "params", "-o", "json"); !strings.Contains(out, `"max_validators": 42`) {
		t.Fatalf("staking params after the vote:\n%s", out)
	}

	at := n.height() + 35
	tx("software-upgrade", "e2e-v2", "--upgrade-height", fmt.Sprint(at), "--upgrade-info", "the e2e release", "--title", "Upgrade to v2", "--deposit", "10btt")
	tx("weighted-vote", "2", "yes=0.9,abstain=0.1")
	var tally struct{ Yes, Abstain string }
	if err := json.Unmarshal([]byte(q("gov", "tally", "2", "-o", "json")), &tally); err != nil || tally.Yes == "0btt" || tally.Abstain == "0btt" {
		t.Fatalf("live tally %+v %v", tally, err)
	}
	if p := waitStatus(t, n, 2); p["status"] != "passed" {
		t.Fatalf("upgrade proposal: %v", p)
	}
	if out := q("gov", "upgrade-plan"); !strings.Contains(out, fmt.Sprintf("e2e-v2 at height %d", at)) {
		t.Fatalf("upgrade plan: %s", out)
	}
	balance := strings.TrimSpace(q("balance", alice))

	// The old binary stops by itself after the block before the upgrade.
	logs, err := n.waitExit(60 * time.Second)
	want := fmt.Sprintf("UPGRADE e2e-v2 NEEDED at height %d", at)
	if err == nil || !strings.Contains(logs, "Error: "+want) {
		t.Fatalf("old binary exit %v; log:\n%s", err, tail(logs, 20))
	}
	var halted struct {
		Height  int64  `json:"height"`
		AppHash string `json:"app_hash"`
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `"msg":"halting"`) {
			if err := json.Unmarshal([]byte(line), &halted); err != nil {
				t.Fatal(err)
			}
		}
	}
	if halted.Height != at-1 || halted.AppHash == "" {
		t.Fatalf("halted at %d with app hash %q, want height %d", halted.Height, halted.AppHash, at-1)
	}
	assertCleanError(t, run(t, "", "start", "--home", home), want)
	upgrades := t.TempDir()
	assertCleanError(t, run(t, "", "start", "--home", home, "--upgrade-dir", upgrades), "no executable "+filepath.Join(upgrades, "e2e-v2", "bin", "bttcd"))

	// With the release installed in --upgrade-dir, the old binary finds
	// the chain halted for e2e-v2 and runs the release in its place, which
	// resumes where the chain stopped.
	if err := os.MkdirAll(filepath.Join(upgrades, "e2e-v2", "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bttcdUpgraded, filepath.Join(upgrades, "e2e-v2", "bin", "bttcd")); err != nil {
		t.Fatal(err)
	}
	n.extra = append(n.extra, "--upgrade-dir", upgrades)
	n.start()
	if logs, _ := os.ReadFile(n.log); !strings.Contains(string(logs), "upgrade e2e-v2 at height") {
		t.Fatalf("the node did not say it runs the release:\n%s", tail(string(logs), 20))
	}
	n.waitHeight(at + 2)
	if out := q("block", fmt.Sprint(at)); !regexp.MustCompile(`app hash:\s+` + halted.AppHash).MatchString(out) {
		t.Fatalf("block %d does not build on the halted state %s:\n%s", at, halted.AppHash, out)
	}
	if out := q("gov", "upgrade-applied", "e2e-v2", "-o", "json"); !strings.Contains(out, fmt.Sprintf(`"height": %d`, at)) {
		t.Fatalf("upgrade-applied: %s", out)
	}
	if out := q("staking", "params", "-o", "json"); !strings.Contains(out, `"max_entries": 9`) {
		t.Fatalf("the upgrade's migration did not run:\n%s", out)
	}
	if got := strings.TrimSpace(q("balance", alice)); got != balance {
		t.Fatalf("alice holds %s after the upgrade, %s before", got, balance)
	}
	if out := q("gov", "upgrade-plan"); !strings.Contains(out, "no upgrade is scheduled") {
		t.Fatalf("plan after the upgrade: %s", out)
	}
}
