package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bttc-network/bttc/staking"
)

// join makes the home of a full node that joins ln from its genesis and
// two of its nodes as peers, with more init flags if given; the caller
// launches it.
func (ln *localnet) join(moniker string, initFlags ...string) *node {
	t := ln.t
	t.Helper()
	var peers []string
	for _, p := range ln.nodes[:2] {
		id := strings.TrimSpace(mustRun(t, "comet", "show-node-id", "--home", p.home))
		peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", id, p.p2pPort))
	}
	ports := freePorts(t, 3)
	n := &node{t: t, bin: bttcd, command: "start", home: filepath.Join(t.TempDir(), moniker),
		rpcPort: ports[0], p2pPort: ports[1], metricsPort: ports[2], log: filepath.Join(t.TempDir(), "node.log")}
	mustRun(t, append([]string{"init", moniker, "--genesis", filepath.Join(ln.nodes[0].home, "config", "genesis.json"),
		"--peers", strings.Join(peers, ","), "--home", n.home}, initFlags...)...)
	t.Cleanup(func() { n.stop(syscall.SIGKILL) })
	return n
}

// signers are the consensus addresses whose commit votes for block h-1
// block h carries.
func (n *node) signers(h int64) []string {
	var b struct {
		Block struct {
			LastCommit struct {
				Signatures []struct {
					Flag    int    `json:"block_id_flag"`
					Address string `json:"validator_address"`
				} `json:"signatures"`
			} `json:"last_commit"`
		} `json:"block"`
	}
	if n.rpcGet(fmt.Sprintf("block?height=%d", h), &b) != nil {
		return nil
	}
	var out []string
	for _, s := range b.Block.LastCommit.Signatures {
		if s.Flag == 2 { // BlockIDFlagCommit
			out = append(out, s.Address)
		}
	}
	return out
}

// validatorSet lists the consensus addresses of CometBFT's current set.
func (n *node) validatorSet() []string {
	var v struct {
		Validators []struct {
			Address string `json:"address"`
		} `json:"validators"`
	}
	if n.rpcGet("validators", &v) != nil {
		return nil
	}
	var out []string
	for _, x := range v.Validators {
		out = append(out, x.Address)
	}
	return out
}

// keyAddress is the address of a key in home's test keyring.
func keyAddress(t *testing.T, home, name string) string {
	t.Helper()
	return strings.TrimSpace(mustRun(t, "keys", "show", name, "--keyring-backend", "test", "--home", home))
}

// validator reads the staking record of operator op through n.
func validator(t *testing.T, n *node, op string) staking.ValidatorView {
	t.Helper()
	var v staking.ValidatorView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "staking", "validator", op, "--node", n.rpc(), "-o", "json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// eventually polls cond every 300 ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, timeout)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// waitSigns waits until a block committed on n carries a commit vote of
// the validator with consensus address cons.
func waitSigns(t *testing.T, n *node, cons string) {
	t.Helper()
	from := n.height()
	eventually(t, 60*time.Second, "a block signed by "+cons, func() bool {
		for h := from; h <= n.height(); h++ {
			if slices.Contains(n.signers(h), cons) {
				return true
			}
		}
		return false
	})
}

// TestLocalnetJoinAndPromote: a full node joins from the genesis and two
// peers, block-syncs to the same app hashes, and once its operator sends
// create-validator it is in the set and signs blocks.
func TestLocalnetJoinAndPromote(t *testing.T) {
	ln := startLocalnet(t, 4, nil)
	all := ln.nodes
	ln.agree(8, all...)
	j := ln.join("joiner")
	j.launch()
	h := all[0].height()
	ln.agree(h, all[0], j)

	mustRun(t, "keys", "add", "joiner", "--keyring-backend", "test", "--home", j.home)
	op := keyAddress(t, j.home, "joiner")
	mustRun(t, "tx", "bank", "send", op, "1000btt", "--from", "operator", "--keyring-backend", "test", "--home", all[0].home, "--node", all[0].rpc(), "-y")
	j.waitHeight(all[0].height()) // the funds are in j's state too
	mustRun(t, "tx", "staking", "create-validator", "--amount", "500btt", "--moniker", "joiner",
		"--from", "joiner", "--keyring-backend", "test", "--home", j.home, "--node", j.rpc(), "-y")
	v := validator(t, all[0], op)
	if v.Status != "bonded" || v.Power != 500 {
		t.Fatalf("the joiner's validator: %+v", v)
	}
	// It registered the bridge key the joined home was given.
	if signer := strings.TrimSpace(mustRun(t, "comet", "show-bridge-signer", "--home", j.home)); v.BridgeSigner.Hex() != signer {
		t.Fatalf("the joiner's bridge signer is %s, its home's key %s", v.BridgeSigner, signer)
	}
	eventually(t, 30*time.Second, "the joiner in CometBFT's validator set", func() bool {
		return slices.Contains(all[0].validatorSet(), v.ConsAddress)
	})
	waitSigns(t, all[0], v.ConsAddress)
	ln.agree(all[0].height(), append([]*node{j}, all...)...)
}

// tuneLiveness shortens the downtime rules in a home's genesis: a window
// of 10 blocks, half of which must be signed, and 5 s in jail.
func tuneLiveness(t *testing.T, home string) {
	editGenesis(t, home, func(app map[string]any) {
		p := app["staking"].(map[string]any)["params"].(map[string]any)
		p["signed_blocks_window"] = 10
		p["downtime_jail_duration"] = "5s"
	})
}

// TestLocalnetDowntimeJail: a validator stopped for longer than the
// liveness window is slashed, jailed and leaves CometBFT's set; restarted
// and unjailed, it is back and signs again.
func TestLocalnetDowntimeJail(t *testing.T) {
	ln := startLocalnet(t, 4, func(home string) { tuneLiveness(t, home) })
	all := ln.nodes
	ln.agree(12, all...) // past the first window
	op := keyAddress(t, all[3].home, "operator")
	before := validator(t, all[0], op)
	if err := all[3].stop(syscall.SIGTERM); err != nil {
		t.Fatalf("stop node3: %v", err)
	}

	var jailed staking.ValidatorView
	eventually(t, 60*time.Second, "node3's validator jailed", func() bool {
		jailed = validator(t, all[0], op)
		return jailed.Jailed
	})
	if jailed.Status == "bonded" || jailed.TokensWei == before.TokensWei || jailed.Tombstoned {
		t.Fatalf("jailed for downtime: %+v, before %+v", jailed, before)
	}
	eventually(t, 30*time.Second, "node3 out of CometBFT's set", func() bool {
		set := all[0].validatorSet()
		return len(set) == 3 && !slices.Contains(set, before.ConsAddress)
	})

	all[3].launch()
	all[3].waitHeight(all[0].height())
	// The jail time runs on block time, which may trail the clock.
	eventually(t, 30*time.Second, "unjail accepted", func() bool {
		r := run(t, "", "tx", "staking", "unjail", "--from", "operator", "--keyring-backend", "test", "--home", all[3].home, "--node", all[3].rpc(), "-y")
		if r.code != 0 && !strings.Contains(r.stderr, "still jailed until") {
			t.Fatalf("unjail: %s", r.stderr)
		}
		return r.code == 0
	})
	if v := validator(t, all[0], op); v.Jailed || v.Status != "bonded" {
		t.Fatalf("after unjail: %+v", v)
	}
	eventually(t, 30*time.Second, "node3 back in CometBFT's set", func() bool {
		return slices.Contains(all[0].validatorSet(), before.ConsAddress)
	})
	waitSigns(t, all[0], before.ConsAddress)
}

// TestLocalnetDoubleSign: node3's consensus key runs in a second node too.
// The two sign conflicting votes, CometBFT turns them into evidence, and
// the application slashes, jails and tombstones the validator; the other
// three go on.
func TestLocalnetDoubleSign(t *testing.T) {
	ln := startLocalnet(t, 4, nil)
	all := ln.nodes
	ln.agree(3, all...)
	op := keyAddress(t, all[3].home, "operator")
	before := validator(t, all[0], op)

	twin := ln.join("twin")
	key, err := os.ReadFile(filepath.Join(all[3].home, "config", "priv_validator_key.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(twin.home, "config", "priv_validator_key.json"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	twin.launch()

	var after staking.ValidatorView
	eventually(t, 120*time.Second, "node3's validator tombstoned", func() bool {
		after = validator(t, all[0], op)
		return after.Tombstoned
	})
	if !after.Jailed || after.Status == "bonded" || after.TokensWei == before.TokensWei {
		t.Fatalf("after the double sign: %+v, before %+v", after, before)
	}
	h := all[0].height()
	ln.agree(h+3, all[:3]...)
	if slices.Contains(all[0].validatorSet(), before.ConsAddress) {
		t.Fatal("the double signer is still in CometBFT's set")
	}
}
