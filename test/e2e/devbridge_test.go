package e2e

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/bttc-network/bttc/core/btt"
)

// startRootchain runs bttc-rootchain on a free loopback port, keeping its
// chain in dir, and waits until it answers.
func startRootchain(t *testing.T, dir string) (string, *background) {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	b := runBinary(t, rootchainBin, "--addr", addr, "--datadir", dir, "--block-time", "200ms")
	url := "http://" + addr
	eventually(t, 20*time.Second, "the root chain answers", func() bool {
		c, err := ethclient.Dial(url)
		if err != nil {
			return false
		}
		defer c.Close()
		_, err = c.ChainID(context.Background())
		return err == nil
	})
	return url, b
}

// stopRootchain stops it as Ctrl-C does, and checks it stopped cleanly.
func stopRootchain(t *testing.T, b *background) {
	t.Helper()
	if err := b.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	b.wait(t, 30*time.Second)
}

// tokenBalance is a's balance of the ERC-20 token on the chain at url.
func tokenBalance(t *testing.T, url string, token, a common.Address) *big.Int {
	t.Helper()
	c, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	out, err := c.CallContract(context.Background(), ethereum.CallMsg{To: &token,
		Data: append(crypto.Keccak256([]byte("balanceOf(address)"))[:4], common.LeftPadBytes(a[:], 32)...)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return new(big.Int).SetBytes(out)
}

// TestDevChainBridgeTour runs what `make run` runs (bttc-rootchain, then
// bttcd dev --bridge) and types the README tour's bridge step: deposit on
// the local root chain, minted on BTTC; withdraw, exit once the checkpoint
// landed; status. Both restart where they were; a dev chain whose root
// chain lost its contract is refused with the way out.
func TestDevChainBridgeTour(t *testing.T) {
	rootDir := filepath.Join(t.TempDir(), "rootchain")
	url, root := startRootchain(t, rootDir)
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home, "--bridge", url)
	at := []string{"--home", home, "--node", n.rpc()}
	dev := []string{"--from", "dev", "--keyring-backend", "test"}

	chains := mustRun(t, append([]string{"query", "bridge", "chain", "local", "-o", "json"}, at...)...)
	token := common.HexToAddress(regexp.MustCompile(`"token":\s*"(0x[0-9a-fA-F]{40})"`).FindStringSubmatch(chains)[1])
	devAddr := common.HexToAddress(strings.TrimSpace(mustRun(t, "keys", "show", "dev", "--keyring-backend", "test", "--home", home)))
	if have := tokenBalance(t, url, token, devAddr); have.Cmp(btt.FromBTT(1_000_000).ToBig()) != 0 {
		t.Fatalf("the dev key holds %s wei of test BTT on the root chain", have)
	}

	out := mustRun(t, append(append([]string{"bridge", "deposit", "100btt", "--chain", "local"}, dev...), at...)...)
	if !strings.Contains(out, "Minted on BTTC") {
		t.Fatalf("bridge deposit:\n%s", out)
	}
	if minted := mustRun(t, append([]string{"query", "bridge", "chain", "local"}, at...)...); !regexp.MustCompile(`(?m)^minted:\s+100btt$`).MatchString(minted) {
		t.Fatalf("after the deposit:\n%s", minted)
	}
	to := common.HexToAddress("0x00000000000000000000000000000000000000d7")
	mustRun(t, append(append([]string{"tx", "bridge", "withdraw", "40btt", "--chain", "local", "--to", to.Hex(), "-y"}, dev...), at...)...)
	if w := mustRun(t, append([]string{"query", "bridge", "withdrawals", "dev"}, at...)...); !strings.Contains(w, "40btt") {
		t.Fatalf("query bridge withdrawals dev:\n%s", w)
	}
	out = mustRun(t, append(append([]string{"bridge", "exit", "--chain", "local", "--withdrawal", "1"}, dev...), at...)...)
	if !strings.Contains(out, "Exited: 40btt") {
		t.Fatalf("bridge exit:\n%s", out)
	}
	if have := tokenBalance(t, url, token, to); have.Cmp(btt.FromBTT(40).ToBig()) != 0 {
		t.Fatalf("the exit paid %s wei", have)
	}
	status := mustRun(t, append([]string{"bridge", "status"}, at...)...)
	if !regexp.MustCompile(`on BTTC:\s+checkpoint [1-9]`).MatchString(status) || !regexp.MustCompile(`on chain 1337: checkpoint [1-9]`).MatchString(status) {
		t.Fatalf("bridge status:\n%s", status)
	}

	// Both stop and continue where they were.
	if err := n.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	stopRootchain(t, root)
	url, root = startRootchain(t, rootDir)
	n.extra = []string{"--bridge", url}
	n.start()
	out = mustRun(t, append(append([]string{"bridge", "deposit", "5btt", "--chain", "local"}, dev...), at...)...)
	minted := mustRun(t, append([]string{"query", "bridge", "chain", "local"}, at...)...)
	if !strings.Contains(out, "Minted on BTTC") || !regexp.MustCompile(`(?m)^minted:\s+105btt$`).MatchString(minted) {
		t.Fatalf("a deposit after both restarted:\n%s\n%s", out, minted)
	}
	if err := n.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	stopRootchain(t, root)

	// A root chain started afresh has no contract for this dev chain.
	url, _ = startRootchain(t, filepath.Join(t.TempDir(), "another"))
	assertCleanError(t, run(t, "", "dev", "--home", home, "--bridge", url), "no root contract")
	assertCleanError(t, run(t, "", "dev", "--home", home, "--bridge", "localhost:8545"), "want the root chain's http:// URL")
}
