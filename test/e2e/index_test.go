package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/keyring"
)

// The dev chain's well-known key (bttcd dev funds it).
const devMnemonic = "test test test test test test test test test test test junk"

// sendBurst broadcasts count transfers from the dev key with consecutive
// nonces from its committed one.
func sendBurst(t *testing.T, n *node, count int) {
	t.Helper()
	key, err := keyring.KeyFromMnemonic(devMnemonic, 0)
	if err != nil {
		t.Fatal(err)
	}
	client, err := rpcclient.Dial(n.rpc())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	acc, err := client.Account(ctx, address.FromPublicKey(&key.PublicKey), 0)
	if err != nil {
		t.Fatal(err)
	}
	raws := make([][]byte, count)
	for i := range raws {
		msg, err := tx.EncodeMsg(&bank.MsgSend{To: address.Address{byte(i), 1}, Amount: uint256.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		signed, err := tx.Sign(tx.Body{ChainID: "bttc-dev", Nonce: acc.Nonce + uint64(i), GasLimit: 60_000,
			GasPrice: uint256.NewInt(1_000_000_000), Msgs: []tx.RawMsg{msg}}, tx.KeySigner{Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if raws[i], err = signed.Encode(); err != nil {
			t.Fatal(err)
		}
	}
	for len(raws) > 0 {
		k := min(len(raws), 10) // CometBFT's limit per batch
		if err := client.BroadcastBatch(ctx, raws[:k]); err != nil {
			t.Fatal(err)
		}
		raws = raws[k:]
	}
}

// committedTxs walks every block and returns the hashes of their
// transactions (hex, as /tx takes them).
func committedTxs(t *testing.T, n *node) []string {
	t.Helper()
	var hashes []string
	for h := int64(1); h <= n.height(); h++ {
		var b struct {
			Block struct {
				Data struct {
					Txs []string `json:"txs"`
				} `json:"data"`
			} `json:"block"`
		}
		if err := n.rpcGet(fmt.Sprintf("block?height=%d", h), &b); err != nil {
			t.Fatal(err)
		}
		for _, enc := range b.Block.Data.Txs {
			raw, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(raw)
			hashes = append(hashes, fmt.Sprintf("%X", sum))
		}
	}
	return hashes
}

// unindexed lists the hashes /tx does not find. CometBFT indexes a block
// a moment after it reports it, so the last one gets a few seconds.
func unindexed(t *testing.T, n *node, hashes []string) []string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var missing []string
		for _, h := range hashes {
			var res struct {
				Hash string `json:"hash"`
			}
			if err := n.rpcGet("tx?hash=0x"+h, &res); err != nil || res.Hash != h {
				missing = append(missing, h)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			return missing
		}
		hashes = missing
	}
}

// TestKilledNodeIndexesEveryCommittedTx kills a node right after it
// commits a block, again and again, while transfers flow; after each
// restart every transaction of every committed block is found by hash.
// CometBFT indexes a block after committing it, so a kill in between used
// to lose that block from the index for good. A lost index file is rebuilt
// the same way.
func TestKilledNodeIndexesEveryCommittedTx(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	n := startNodeAs(t, "dev", home)
	for round := 0; round < 8; round++ {
		h := n.height()
		sendBurst(t, n, 30)
		deadline := time.Now().Add(30 * time.Second)
		for n.height() <= h {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: no block after height %d", round, h)
			}
			time.Sleep(2 * time.Millisecond)
		}
		if err := n.stop(syscall.SIGKILL); err == nil {
			t.Fatal("a SIGKILLed node exited cleanly")
		}
		n.start()
	}
	n.waitHeight(n.height() + 1)
	hashes := committedTxs(t, n)
	if len(hashes) < 8*30 {
		t.Fatalf("only %d transactions committed in 8 rounds of 30", len(hashes))
	}
	if missing := unindexed(t, n, hashes); len(missing) > 0 {
		t.Fatalf("%d of %d committed transactions are not found by hash after kills, e.g. %s", len(missing), len(hashes), missing[0])
	}

	// Without its index at all, the node rebuilds it on start.
	if err := n.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(home, "data", "tx_index.db")); err != nil {
		t.Fatal(err)
	}
	n.start()
	if missing := unindexed(t, n, hashes); len(missing) > 0 {
		t.Fatalf("%d of %d transactions not found after the index was deleted", len(missing), len(hashes))
	}
	if err := n.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "comet", "reindex-event", "--home", home, "--start-height", "2", "--end-height", "3")
	if want := "Indexed heights 2 to 3."; out != want+"\n" {
		t.Fatalf("reindex-event printed %q, want %q", out, want)
	}
	assertCleanError(t, run(t, "", "comet", "reindex-event", "--home", home, "--end-height", "999999"), "heights not stored")
}
