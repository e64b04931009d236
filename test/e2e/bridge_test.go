package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bttc-network/bttc/bridge"
)

// TestBridgeWithdrawCLI: a root chain registered in genesis; alice
// withdraws with the CLI; the node's own vote extensions sign the
// checkpoint that carries it; the proof is there; the rules' errors are one
// clear line.
func TestBridgeWithdrawCLI(t *testing.T) {
	home, _, bob, pass := newFundedHome(t, "bttc-e2e-bridge")
	editGenesis(t, home, func(app map[string]any) {
		app["bridge"] = map[string]any{
			"params": map[string]any{"heartbeat_blocks": 50000, "max_signatures": 16, "max_observations": 32},
			"chains": []any{map[string]any{"name": "ethereum", "chain_id": 1,
				"contract": "0x00000000000000000000000000000000000000c0", "token": "0x0000000000000000000000000000000000000070",
				"confirmations": 0, "checkpoint_interval": 2, "rate_limit": "100btt", "rate_window": "1h",
				"min_withdrawal": "1btt", "max_withdrawal": "50btt", "paused": false}},
		}
	})
	n := startNode(t, home)
	tx := func(args ...string) result {
		return run(t, "", append([]string{"tx", "bridge", "withdraw", "--from", "alice", "--home", home, "--passphrase-file", pass, "--node", n.rpc(), "-y"}, args...)...)
	}
	if r := tx("12btt", "--chain", "ethereum", "--to", bob); r.code != 0 {
		t.Fatalf("withdraw: %s%s", r.stdout, r.stderr)
	}
	assertCleanError(t, tx("0.5btt", "--chain", "ethereum", "--to", bob), "below the minimum")
	assertCleanError(t, tx("5btt", "--chain", "solana", "--to", bob), `unknown root chain "solana"`)
	assertCleanError(t, tx("5btt", "--chain", "ethereum"), "--chain and --to are required")

	var proof bridge.ProofView
	eventually(t, 30*time.Second, "a final checkpoint carrying the withdrawal", func() bool {
		r := run(t, "", "query", "bridge", "withdrawal-proof", "ethereum", "1", "--node", n.rpc(), "-o", "json")
		return r.code == 0 && json.Unmarshal([]byte(r.stdout), &proof) == nil && proof.Final
	})
	if proof.Amount != "12btt" || proof.Checkpoint != 1 || proof.RootChainID != 1 {
		t.Fatalf("proof %+v", proof)
	}
	signer := strings.TrimSpace(mustRun(t, "comet", "show-bridge-signer", "--home", home))
	var cp bridge.CheckpointView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "checkpoint", "ethereum", "1", "--node", n.rpc(), "-o", "json")), &cp); err != nil {
		t.Fatal(err)
	}
	if len(cp.Signers) != 1 || cp.Signers[0].Hex() != signer {
		t.Fatalf("checkpoint signed by %v, the node's bridge signer is %s", cp.Signers, signer)
	}
	out := mustRun(t, "query", "bridge", "checkpoint", "ethereum", "1", "--node", n.rpc())
	for _, want := range []string{"final:", "true", "signatures:", "set.hash:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("query bridge checkpoint lacks %q:\n%s", want, out)
		}
	}
	if out := mustRun(t, "query", "bridge", "withdrawals", "alice", "--home", home, "--node", n.rpc()); !strings.Contains(out, "12btt") {
		t.Fatalf("alice's withdrawals:\n%s", out)
	}
	assertCleanError(t, run(t, "", "query", "bridge", "checkpoint", "ethereum", "x", "--node", n.rpc()), "NUMBER \"x\": want a number")

	// bridge status: BTTC's side, and no RPC in app.toml; a root RPC that
	// does not answer is named, not fatal.
	status := mustRun(t, "bridge", "status", "--home", home, "--node", n.rpc())
	if !strings.Contains(status, "ethereum: open") || !strings.Contains(status, "checkpoint 1") || !strings.Contains(status, "no RPC in app.toml") {
		t.Fatalf("bridge status:\n%s", status)
	}
	status = mustRun(t, "bridge", "status", "--chain", "ethereum", "--rpc", "http://127.0.0.1:1", "--home", home, "--node", n.rpc())
	if !strings.Contains(status, "root chain: rpc") {
		t.Fatalf("bridge status with a dead RPC:\n%s", status)
	}
	assertCleanError(t, run(t, "", "bridge", "status", "--chain", "solana", "--node", n.rpc()), `unknown root chain "solana"`)

	// bridge deposit and exit: the mistakes a user makes before any root
	// chain is reached (the round trip itself is TestRelayedCycle's).
	user := func(args ...string) result {
		return run(t, "", append(args, "--home", home, "--passphrase-file", pass, "--node", n.rpc())...)
	}
	assertCleanError(t, user("bridge", "deposit", "0btt", "--chain", "ethereum", "--from", "alice"), "want a positive amount")
	assertCleanError(t, user("bridge", "deposit", "5btt", "--from", "alice"), "--chain and --from are required")
	assertCleanError(t, user("bridge", "deposit", "5btt", "--chain", "solana", "--from", "alice"), `unknown root chain "solana"`)
	assertCleanError(t, user("bridge", "deposit", "5btt", "--chain", "ethereum", "--from", "alice"), "pass --rpc or set [bridge.ethereum] rpc")
	assertCleanError(t, user("bridge", "deposit", "5btt", "--chain", "ethereum", "--from", "alice", "--rpc", "http://127.0.0.1:1"), `rpc "http://127.0.0.1:1"`)
	assertCleanError(t, user("bridge", "deposit", "5btt", "--chain", "ethereum", "--from", "alice", "--to", "bob!"), "--to")
	assertCleanError(t, user("bridge", "exit", "--chain", "ethereum", "--from", "alice"), "--withdrawal ID is required")
	assertCleanError(t, user("bridge", "exit", "--chain", "ethereum", "--from", "nobody", "--withdrawal", "1", "--rpc", "http://127.0.0.1:1"), "nobody")
}
