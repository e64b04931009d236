package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpeedChannelsOnDevChain drives Speed channels through the CLI on the
// dev chain, as the README's tour does: a payer opens a channel to a
// seeder, signs 1,000 vouchers offline, the seeder redeems them in
// batches and both close cooperatively; then a second channel is closed
// by its payer while the seeder's watcher runs, and the watcher redeems
// inside the settle delay before anyone settles.
func TestSpeedChannelsOnDevChain(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	keys := []string{"--keyring-backend", "test", "--home", home}
	on := append([]string{"--node", n.rpc(), "-y"}, keys...)
	mustRun(t, append([]string{"keys", "add", "seeder"}, keys...)...)
	seeder := strings.TrimSpace(mustRun(t, append([]string{"keys", "show", "seeder"}, keys...)...))
	mustRun(t, append([]string{"tx", "bank", "send", seeder, "10btt", "--from", "dev"}, on...)...)

	channel := func(id string) map[string]any {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, "query", "speed", "channel", id, "--node", n.rpc(), "-o", "json")), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	open := func(deposit string) string {
		t.Helper()
		out := mustRun(t, append([]string{"tx", "speed", "open", "seeder", deposit, "--from", "dev"}, on...)...)
		m := regexp.MustCompile(`channel: (0x[0-9a-f]{64})`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("open printed no channel id:\n%s", out)
		}
		return m[1]
	}

	// 1,000 vouchers of 0.01btt steps, signed offline: no --node.
	id := open("100btt")
	vouchers := filepath.Join(t.TempDir(), "to-seeder.jsonl")
	mustRun(t, append([]string{"speed", "sign-voucher", id, "0.01btt", "--nonce", "1", "--count", "1000", "--from", "dev", "--file", vouchers}, keys...)...)
	var checked []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "speed", "verify-voucher", vouchers, "-o", "json")), &checked); err != nil || len(checked) != 1000 {
		t.Fatalf("verify-voucher: %d vouchers, %v", len(checked), err)
	}
	dev := strings.TrimSpace(mustRun(t, append([]string{"keys", "show", "dev"}, keys...)...))
	if checked[999]["signer"] != dev || checked[999]["amount"] != "10btt" {
		t.Fatalf("the last voucher: %v, want 10btt signed by %s", checked[999], dev)
	}
	out := mustRun(t, append([]string{"tx", "speed", "redeem", vouchers, "--from", "seeder", "--batch", "250"}, on...)...)
	if !strings.Contains(out, "redeemed 1000 of 1000 vouchers, paying 10btt; 0 refused") {
		t.Fatalf("redeem:\n%s", out)
	}
	if v := channel(id); v["redeemed"] != "10btt" || v["nonce"] != 1000.0 || v["state"] != "open" {
		t.Fatalf("channel after 1,000 vouchers: %v", v)
	}
	// Redeemed vouchers again: every one refused, by name, nothing paid.
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "redeem", vouchers, "--from", "seeder", "--batch", "500"}, on...)...), "nonce")
	// A voucher for another chain never reaches the node.
	other := filepath.Join(t.TempDir(), "other.jsonl")
	mustRun(t, append([]string{"speed", "sign-voucher", id, "20btt", "--nonce", "2000", "--from", "dev", "--chain-id", "bttc-other", "--file", other}, keys...)...)
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "redeem", other, "--from", "seeder"}, on...)...), `is for chain "bttc-other"`)
	assertCleanError(t, run(t, "", "speed", "verify-voucher", other, "--check", "--node", n.rpc()), "bttc-other")

	// The seeder agrees to close at 12btt; the payer submits it.
	closeFile := filepath.Join(t.TempDir(), "close.json")
	mustRun(t, append([]string{"speed", "sign-close", id, "12btt", "--from", "seeder", "--file", closeFile}, keys...)...)
	mustRun(t, append([]string{"tx", "speed", "coop-close", closeFile, "--from", "dev"}, on...)...)
	if v := channel(id); v["state"] != "closed" || v["redeemed"] != "12btt" || v["remaining"] != "0btt" {
		t.Fatalf("after the cooperative close: %v", v)
	}
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "topup", id, "1btt", "--from", "dev"}, on...)...), "closed")

	// A payer's close with the seeder's watcher running.
	id2 := open("5btt")
	dir := t.TempDir()
	mustRun(t, append([]string{"speed", "sign-voucher", id2, "0.5btt", "--nonce", "1", "--count", "3", "--from", "dev", "--file", filepath.Join(dir, "earned.jsonl")}, keys...)...)
	watch := exec.Command(bttcd, append([]string{"speed", "watch", "--payee", "seeder", "--dir", dir, "--poll", "300ms"}, on...)...)
	watch.Env = append(os.Environ(), "HOME="+t.TempDir())
	logPath := filepath.Join(t.TempDir(), "watch.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	watch.Stdout, watch.Stderr = logFile, logFile
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = watch.Process.Signal(syscall.SIGTERM); _ = watch.Wait(); logFile.Close() })
	time.Sleep(time.Second) // a pass with nothing due: the channel is open
	if v := channel(id2); v["redeemed"] != "0btt" {
		logs, _ := os.ReadFile(logPath)
		t.Fatalf("the watcher redeemed an open channel without a trigger: %v\n%s", v, logs)
	}
	out = mustRun(t, append([]string{"tx", "speed", "close", id2, "--from", "dev"}, on...)...)
	if !strings.Contains(out, "anyone may settle from") {
		t.Fatalf("close:\n%s", out)
	}
	eventually(t, 20*time.Second, "the watcher redeems the closing channel", func() bool { return channel(id2)["redeemed"] == "1.5btt" })
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "settle", id2, "--from", "dev"}, on...)...), "settle delay is not over")
	settleAt, err := time.Parse(time.RFC3339, fmt.Sprint(channel(id2)["settle_at"]))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(settleAt) + time.Second)
	eventually(t, 20*time.Second, "a settle after the delay", func() bool {
		return run(t, "", append([]string{"tx", "speed", "settle", id2, "--from", "dev"}, on...)...).code == 0
	})
	if v := channel(id2); v["state"] != "closed" || v["redeemed"] != "1.5btt" {
		t.Fatalf("after settle: %v", v)
	}
	logs, _ := os.ReadFile(logPath)
	if !strings.Contains(string(logs), `"why":"closing"`) && !strings.Contains(string(logs), "why=closing") {
		t.Fatalf("the watcher's log does not say why it redeemed:\n%s", logs)
	}
	// Mistakes get one clear line.
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "close", "0x12", "--from", "dev"}, on...)...), "channel id")
	assertCleanError(t, run(t, "", append([]string{"speed", "sign-voucher", id2, "1btt", "--from", "dev"}, keys...)...), "--nonce")
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "redeem", "/nonexistent.jsonl", "--from", "seeder"}, on...)...), "no such file")
	assertCleanError(t, run(t, "", append([]string{"tx", "speed", "open", "seeder", "1btt", "--from", "seeder"}, on...)...), "oneself")
}
