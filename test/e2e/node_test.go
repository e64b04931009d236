package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// newFundedHome creates a home with two file-backend keys, alice funded
// with 1000 BTT in genesis, and returns the home, alice's address, bob's
// address and alice's passphrase file.
func newFundedHome(t *testing.T, chainID string) (home, alice, bob, pass string) {
	t.Helper()
	home = filepath.Join(t.TempDir(), "home")
	pass = writeFile(t, "pass", "correct horse battery staple\n")
	var keys [2]string
	for i, name := range []string{"alice", "bob"} {
		out := mustRun(t, "keys", "add", name, "--home", home, "--passphrase-file", pass, "-o", "json")
		var k struct {
			Address  string `json:"address"`
			Mnemonic string `json:"mnemonic"`
		}
		if err := json.Unmarshal([]byte(out), &k); err != nil {
			t.Fatalf("keys add output: %v\n%s", err, out)
		}
		if len(strings.Fields(k.Mnemonic)) != 24 {
			t.Fatalf("keys add printed no 24-word mnemonic: %q", k.Mnemonic)
		}
		keys[i] = k.Address
	}
	mustRun(t, "init", "e2e", "--chain-id", chainID, "--home", home, "--fund", keys[0]+"=1000btt", "--self-bond", "10btt")
	return home, keys[0], keys[1], pass
}

// TestSendKillRestart is the operator's tour: init, start, keys, send,
// query; then SIGKILL, restart, and everything committed is still there.
func TestSendKillRestart(t *testing.T) {
	home, alice, bob, pass := newFundedHome(t, "bttc-e2e-1")
	n := startNode(t, home)

	out := mustRun(t, "tx", "bank", "send", bob, "12.5btt", "--from", "alice", "--home", home, "--passphrase-file", pass, "--node", n.rpc(), "-y", "-o", "json")
	var res struct {
		Hash   string `json:"hash"`
		Height int64  `json:"height"`
		Code   uint32 `json:"code"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Code != 0 || res.Height == 0 {
		t.Fatalf("send result %+v (%v):\n%s", res, err, out)
	}
	if have := strings.TrimSpace(mustRun(t, "query", "balance", bob, "--node", n.rpc())); have != "12.5btt" {
		t.Fatalf("bob's balance %q, want 12.5btt", have)
	}
	// The same key name resolves through the home's keyring, and the TRON
	// form of the address reads the same account.
	tron := strings.TrimSpace(mustRun(t, "keys", "show", "bob", "--format", "tron", "--home", home))
	if have := strings.TrimSpace(mustRun(t, "query", "balance", tron, "--node", n.rpc())); have != "12.5btt" {
		t.Fatalf("bob's balance by TRON address %q", have)
	}
	txOut := mustRun(t, "query", "tx", res.Hash, "--node", n.rpc())
	if !strings.Contains(txOut, "event transfer:") || !strings.Contains(txOut, "recipient="+bob) {
		t.Fatalf("query tx does not show the transfer:\n%s", txOut)
	}
	aliceBefore := strings.TrimSpace(mustRun(t, "query", "balance", alice, "--node", n.rpc()))

	n.waitHeight(res.Height + 2)
	heightBefore := n.height()
	if err := n.stop(syscall.SIGKILL); err == nil {
		t.Fatal("SIGKILL did not kill the node")
	}
	n.start()
	n.waitHeight(heightBefore + 1)
	if have := strings.TrimSpace(mustRun(t, "query", "balance", bob, "--node", n.rpc())); have != "12.5btt" {
		t.Fatalf("after SIGKILL and restart bob holds %q", have)
	}
	if have := strings.TrimSpace(mustRun(t, "query", "balance", alice, "--node", n.rpc())); have != aliceBefore {
		t.Fatalf("after restart alice holds %q, before %q", have, aliceBefore)
	}
	if have := strings.TrimSpace(mustRun(t, "query", "supply", "--node", n.rpc())); have != "1010btt" { // funds plus the self-bond
		t.Fatalf("supply %q after restart", have)
	}
	// A second transfer after the restart proves the nonce survived.
	mustRun(t, "tx", "bank", "send", bob, "1btt", "--from", "alice", "--home", home, "--passphrase-file", pass, "--node", n.rpc(), "-y")
	if have := strings.TrimSpace(mustRun(t, "query", "balance", bob, "--node", n.rpc())); have != "13.5btt" {
		t.Fatalf("after the second send bob holds %q", have)
	}
	if err := n.stop(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: the node did not stop cleanly: %v", err)
	}
}

// TestOfflineSignAndBroadcast signs without a node and broadcasts later.
func TestOfflineSignAndBroadcast(t *testing.T) {
	home, alice, bob, pass := newFundedHome(t, "bttc-e2e-2")
	n := startNode(t, home)
	unsigned := mustRun(t, "tx", "bank", "send", bob, "3btt", "--from", alice, "--gas", "60000", "--chain-id", "bttc-e2e-2", "--nonce", "0", "--generate-only", "--home", home, "--node", "tcp://127.0.0.1:1")
	uf := writeFile(t, "unsigned.json", unsigned)
	signed := mustRun(t, "tx", "sign", uf, "--from", "alice", "--home", home, "--passphrase-file", pass)
	sf := writeFile(t, "signed.json", signed)
	mustRun(t, "tx", "broadcast", sf, "--node", n.rpc())
	if have := strings.TrimSpace(mustRun(t, "query", "balance", bob, "--node", n.rpc())); have != "3btt" {
		t.Fatalf("bob holds %q after the offline-signed send", have)
	}
	// Broadcasting the same signed file again is a replay: refused.
	r := run(t, "", "tx", "broadcast", sf, "--node", n.rpc())
	assertCleanError(t, r, "already seen this exact transaction")
}

func TestBadInput(t *testing.T) {
	home, _, bob, _ := newFundedHome(t, "bttc-e2e-3")

	t.Run("wrong passphrase", func(t *testing.T) {
		wrong := writeFile(t, "wrong", "not the passphrase\n")
		r := run(t, "", "tx", "bank", "send", bob, "1btt", "--from", "alice", "--home", home, "--passphrase-file", wrong, "--chain-id", "x", "--nonce", "0", "--gas", "50000", "--node", "tcp://127.0.0.1:1", "-y")
		assertCleanError(t, r, "wrong passphrase")
	})
	t.Run("bad amount", func(t *testing.T) {
		assertCleanError(t, run(t, "", "tx", "bank", "send", bob, "1.2.3btt", "--from", "alice", "--home", home), "bad amount")
		assertCleanError(t, run(t, "", "tx", "bank", "send", "--from", "alice", "--home", home, "--", bob, "-1btt"), "bad amount")
	})
	t.Run("amounts checked before any RPC", func(t *testing.T) {
		// No node runs at the default address: each is refused before one is asked.
		send := func(args ...string) result {
			return run(t, "", append([]string{"tx", "bank", "send", "--from", "alice", "--home", home}, args...)...)
		}
		assertCleanError(t, send(bob, "-1btt"), "cannot be negative")
		assertCleanError(t, send(bob, "0btt"), "amount must be positive")
		assertCleanError(t, send(bob, "1", "btt"), "write the amount and its unit together: 1btt")
		assertCleanError(t, send(bob, "1.btt"), "write 1btt")
		assertCleanError(t, send(bob, "1btt", "--nonce", "-5"), "--nonce -5: cannot be negative")
		assertCleanError(t, send(bob, "1btt", "--gas", "12abc"), "--gas")
	})
	t.Run("fee above the cap", func(t *testing.T) {
		pass := writeFile(t, "pass", "correct horse battery staple\n")
		n := startNode(t, copyHome(t, home))
		r := run(t, "", "tx", "bank", "send", bob, "1btt", "--from", "alice", "--home", n.home, "--passphrase-file", pass, "--node", n.rpc(),
			"--gas", "100000", "--gas-price", "0.01btt", "-y")
		assertCleanError(t, r, "fee above the cap: up to 1000btt")
	})
	t.Run("test keys without a home", func(t *testing.T) {
		assertCleanError(t, run(t, "", "keys", "add", "x", "--keyring-backend", "test", "--home", filepath.Join(t.TempDir(), "nothing")), "no node home at")
	})
	t.Run("bad key files", func(t *testing.T) {
		broken := copyHome(t, home)
		os.WriteFile(filepath.Join(broken, "config", "priv_validator_key.json"), []byte(`{"address":"","pub_key":{},"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"AAAA"}}`), 0o600)
		assertCleanError(t, run(t, "", "start", "--home", broken), "bad key file")
		broken = copyHome(t, home)
		os.WriteFile(filepath.Join(broken, "config", "node_key.json"), []byte(`{}`), 0o600)
		assertCleanError(t, run(t, "", "start", "--home", broken), "node_key.json")
	})
	t.Run("bad address", func(t *testing.T) {
		assertCleanError(t, run(t, "", "query", "balance", "0x1234"), "bad address")
	})
	t.Run("unreachable node", func(t *testing.T) {
		assertCleanError(t, run(t, "", "query", "supply", "--node", fmt.Sprintf("tcp://127.0.0.1:%d", freePorts(t, 1)[0])), "cannot reach the node")
	})
	t.Run("test backend on a non-local chain", func(t *testing.T) {
		assertCleanError(t, run(t, "", "keys", "add", "x", "--keyring-backend", "test", "--home", home), "local chains")
	})
	t.Run("init refuses to overwrite", func(t *testing.T) {
		assertCleanError(t, run(t, "", "init", "again", "--chain-id", "bttc-e2e-3", "--home", home), "--overwrite")
	})
	t.Run("joining with a file that is not a genesis", func(t *testing.T) {
		assertCleanError(t, run(t, "", "init", "j", "--genesis", filepath.Join(home, "config", "config.toml"), "--home", t.TempDir()), "invalid genesis")
		assertCleanError(t, run(t, "", "init", "j", "--peers", "x@127.0.0.1:1", "--chain-id", "bttc-e2e-3", "--home", t.TempDir()), "--peers goes with --genesis")
	})
	t.Run("rollback of a node that never ran", func(t *testing.T) {
		assertCleanError(t, run(t, "", "rollback", "--home", home), "nothing to roll back")
	})
	t.Run("truncated genesis", func(t *testing.T) {
		broken := copyHome(t, home)
		gen := filepath.Join(broken, "config", "genesis.json")
		raw, _ := os.ReadFile(gen)
		os.WriteFile(gen, raw[:len(raw)/2], 0o644)
		assertCleanError(t, run(t, "", "start", "--home", broken), "truncated")
	})
	t.Run("config with a wrong type", func(t *testing.T) {
		broken := copyHome(t, home)
		cfg := filepath.Join(broken, "config", "config.toml")
		raw, _ := os.ReadFile(cfg)
		os.WriteFile(cfg, []byte(strings.Replace(string(raw), "size = 20000", `size = "many"`, 1)), 0o644)
		assertCleanError(t, run(t, "", "start", "--home", broken), "config.toml")
	})
	t.Run("app.toml with a bad gas price", func(t *testing.T) {
		broken := copyHome(t, home)
		cfg := filepath.Join(broken, "config", "app.toml")
		raw, _ := os.ReadFile(cfg)
		os.WriteFile(cfg, []byte(strings.Replace(string(raw), `"1000000000wei"`, `"cheap"`, 1)), 0o644)
		assertCleanError(t, run(t, "", "start", "--home", broken), "minimum-gas-price")
	})
	t.Run("garbage on broadcast_tx_sync", func(t *testing.T) {
		n := startNode(t, copyHome(t, home))
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/broadcast_tx_sync?tx=0xdeadbeef", n.rpcPort))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Result struct {
				Code uint32 `json:"code"`
				Log  string `json:"log"`
			} `json:"result"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if out.Result.Code == 0 || !strings.Contains(out.Result.Log, "malformed transaction") || strings.Contains(out.Result.Log, "\n") {
			t.Fatalf("garbage tx answered %d %q", out.Result.Code, out.Result.Log)
		}
		h := n.height()
		n.waitHeight(h + 1) // still producing blocks
	})
}

// copyHome copies a home (config and keys) so a test can break it.
func copyHome(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "home")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, raw, info.Mode())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
