package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bttc-network/bttc/bridge"
)

// localnet is a network made by `bttcd testnet init-files`, each validator
// a real bttcd process.
type localnet struct {
	t     *testing.T
	nodes []*node
}

// startLocalnet makes a network with init-files; tune, if set, edits each
// home (the same way in each) before the nodes start.
func startLocalnet(t *testing.T, validators int, tune func(home string)) *localnet {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "localnet")
	base := freePortRange(t, 10*validators)
	mustRun(t, "testnet", "init-files", "--validators", fmt.Sprint(validators), "--output-dir", dir, "--starting-port", fmt.Sprint(base))
	ln := &localnet{t: t}
	for i := range validators {
		n := &node{t: t, bin: bttcd, command: "start", home: filepath.Join(dir, fmt.Sprintf("node%d", i)),
			p2pPort: base + 10*i, rpcPort: base + 10*i + 1, log: filepath.Join(t.TempDir(), "node.log")}
		if tune != nil {
			tune(n.home)
		}
		n.launch()
		t.Cleanup(func() { n.stop(syscall.SIGKILL) })
		ln.nodes = append(ln.nodes, n)
	}
	return ln
}

// appHash is the app hash in block h's header on node n (the state after
// h-1), or "" if n does not have the block.
func (n *node) appHash(h int64) string {
	var b struct {
		Block struct {
			Header struct {
				AppHash string `json:"app_hash"`
			} `json:"header"`
		} `json:"block"`
	}
	if n.rpcGet(fmt.Sprintf("block?height=%d", h), &b) != nil {
		return ""
	}
	return b.Block.Header.AppHash
}

// agree waits for the given nodes to reach height h and checks that they
// hold the same app hash at every height from 2 to h.
func (ln *localnet) agree(h int64, nodes ...*node) {
	ln.t.Helper()
	ln.agreeFrom(2, h, nodes...)
}

// agreeFrom is agree from height from.
func (ln *localnet) agreeFrom(from, h int64, nodes ...*node) {
	ln.t.Helper()
	for _, n := range nodes {
		n.waitHeight(h)
	}
	for height := from; height <= h; height++ {
		want := nodes[0].appHash(height)
		if want == "" {
			ln.t.Fatalf("node0 has no block %d", height)
		}
		for i, n := range nodes[1:] {
			if got := n.appHash(height); got != want {
				ln.t.Fatalf("height %d: app hash %s on one node, %s on node %d", height, want, got, i+1)
			}
		}
	}
}

// TestLocalnetFaults: four validators agree block by block; with one
// killed the other three go on; with two killed the chain stops without
// forking; restarted, all four catch up and agree. A validator rolled
// back with --hard catches up too.
func TestLocalnetFaults(t *testing.T) {
	ln := startLocalnet(t, 4, nil)
	all := ln.nodes
	ln.agree(5, all...)

	// One of four down: 3/4 of the power remains, more than 2/3.
	if err := all[3].stop(syscall.SIGKILL); err == nil {
		t.Fatal("SIGKILL did not kill node3")
	}
	h := all[0].height()
	ln.agree(h+3, all[:3]...)

	// Two of four down: half the power cannot commit.
	if err := all[2].stop(syscall.SIGKILL); err == nil {
		t.Fatal("SIGKILL did not kill node2")
	}
	time.Sleep(time.Second) // let a block already decided land
	stalled := all[0].height()
	time.Sleep(4 * time.Second)
	for _, n := range all[:2] {
		if got := n.height(); got > stalled+1 {
			t.Fatalf("two of four validators committed height %d past %d", got, stalled)
		}
	}

	// Both come back: they replay, catch up, and the chain goes on.
	all[2].launch()
	all[3].launch()
	ln.agree(stalled+3, all...)

	// An operator rolls a validator back one height and drops its last
	// block (rollback --hard): it fetches the block again from its peers.
	if err := all[3].stop(syscall.SIGTERM); err != nil {
		t.Fatalf("stop node3: %v", err)
	}
	out := mustRun(t, "rollback", "--hard", "--home", all[3].home)
	if !strings.Contains(out, "was deleted") {
		t.Fatalf("rollback --hard printed:\n%s", out)
	}
	all[3].launch()
	ln.agree(all[0].height()+3, all...)
}

// TestLocalnetGovernance: a parameter change voted by the four validators
// takes effect on all of them. Then the same busy network halts and
// restarts from its export.
func TestLocalnetGovernance(t *testing.T) {
	evm := newEVM(t)
	ln := startLocalnet(t, 4, func(home string) { setGovParams(t, home); addRootChain(t, home, evm.deployFor(t, home)) })
	all := ln.nodes
	ln.agree(3, all...)
	tx := func(n *node, args ...string) {
		mustRun(t, append(append([]string{"tx", "gov"}, args...), "--from", "operator", "--keyring-backend", "test",
			"--home", n.home, "--node", n.rpc(), "-y")...)
	}
	tx(all[0], "param-change", "staking.max_validators=77", "--title", "Seventy-seven", "--deposit", "10btt")
	for _, n := range all {
		tx(n, "vote", "1", "yes")
	}
	if p := waitStatus(t, all[0], 1); p["status"] != "passed" {
		t.Fatalf("proposal: %v", p)
	}
	h := all[0].height()
	ln.agree(h+1, all...)
	for i, n := range all {
		if out := mustRun(t, "query", "staking", "params", "--node", n.rpc(), "-o", "json"); !strings.Contains(out, `"max_validators": 77`) {
			t.Fatalf("node%d staking params:\n%s", i, out)
		}
	}

	// The same network carries a withdrawal into a checkpoint that the
	// validators sign in their vote extensions, each verified by the others
	// (VerifyVoteExtension runs only with two or more validators).
	mustRun(t, "tx", "bridge", "withdraw", "3btt", "--chain", "ethereum", "--to", "0x00000000000000000000000000000000000000ee",
		"--from", "operator", "--keyring-backend", "test", "--home", all[1].home, "--node", all[1].rpc(), "-y")
	var cp bridge.CheckpointView
	eventually(t, time.Minute, "a final checkpoint", func() bool {
		r := run(t, "", "query", "bridge", "checkpoint", "ethereum", "1", "--node", all[2].rpc(), "-o", "json")
		return r.code == 0 && json.Unmarshal([]byte(r.stdout), &cp) == nil && cp.Final
	})
	if len(cp.Set.Signers) != 4 || len(cp.Signatures) < 3 || 3*cp.SignedPower <= 2*cp.TotalPower || cp.Withdrawals != 1 {
		t.Fatalf("checkpoint: %d of %d signers, power %d of %d, %d withdrawals", len(cp.Signatures), len(cp.Set.Signers), cp.SignedPower, cp.TotalPower, cp.Withdrawals)
	}
	evm.submit(t, &cp)

	// The guardian pauses the contract; three of the four validators sign
	// the unpause with their bridge keys, and the contract resumes.
	evm.pause(t)
	var sigs []adminSig
	for _, n := range all[:3] {
		var s adminSig
		out := mustRun(t, "bridge", "sign-admin", "unpause", "--chain", "ethereum", "--nonce", "0", "--home", n.home, "--node", n.rpc(), "-o", "json")
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	evm.unpause(t, &cp, sigs)
	h = all[0].height()
	ln.agree(h+1, all...)

	exportAndRestart(t, ln)
}

// addRootChain registers the root chain "ethereum" of the in-test EVM in a
// home's genesis, with a checkpoint every 3 blocks.
func addRootChain(t *testing.T, home string, evm *evmChain) {
	editGenesis(t, home, func(app map[string]any) {
		b := app["bridge"].(map[string]any)
		b["chains"] = []any{map[string]any{"name": "ethereum", "chain_id": evm.chainID.Uint64(),
			"contract": evm.root.Address().Hex(), "token": evm.token.Hex(),
			"confirmations": 0, "checkpoint_interval": 3, "rate_limit": "100btt", "rate_window": "1h",
			"min_withdrawal": "1btt", "max_withdrawal": "50btt", "paused": false}}
	})
}

// TestLocalnetRefusesTakenPort: `testnet start` while another chain holds
// one of its ports starts nothing and names the port and the chain there,
// instead of starting three nodes beside a dev chain answering on the
// fourth's RPC port.
func TestLocalnetRefusesTakenPort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "localnet")
	base := freePortRange(t, 40)
	mustRun(t, "testnet", "init-files", "--validators", "4", "--output-dir", dir, "--starting-port", fmt.Sprint(base))
	ports := freePorts(t, 2)
	dev := &node{t: t, bin: bttcd, command: "dev", home: filepath.Join(t.TempDir(), "dev"), rpcPort: base + 1, p2pPort: ports[0], metricsPort: ports[1],
		log: filepath.Join(t.TempDir(), "node.log")}
	dev.start()
	t.Cleanup(func() { dev.stop(syscall.SIGKILL) })
	// init-files warns about ports in the kernel's ephemeral range.
	if r := run(t, "", "testnet", "init-files", "--validators", "2", "--output-dir", filepath.Join(t.TempDir(), "eph"), "--starting-port", "40000"); r.code != 0 ||
		!strings.Contains(r.stderr, "ephemeral range") {
		t.Fatalf("init-files at 40000: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r := run(t, "", "testnet", "start", "--output-dir", dir)
	assertCleanError(t, r, fmt.Sprintf("RPC port 127.0.0.1:%d is taken by a node of chain \"bttc-dev\"", base+1))
	if _, err := os.Stat(filepath.Join(dir, "node1", "bttcd.log")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a node was started: %v", err)
	}
}
