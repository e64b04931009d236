package node

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// TestPruningSoak runs a real node for two thousand blocks (10 ms apart)
// with transfers going on, pruning = "everything" and min-retain-blocks =
// 100: what it keeps stays bounded however long it runs. The state keeps
// its last two versions (a query at an older height is refused), the block
// store its last hundred blocks (its base moves up). The databases' size
// is logged, not asserted: at this scale it is LevelDB's journal, which
// grows with every write, deletes included, until its 64 MiB buffer is
// flushed and compacted.
func TestPruningSoak(t *testing.T) {
	key, _ := crypto.GenerateKey()
	op := address.FromPublicKey(&key.PublicKey)
	home := t.TempDir()
	ports := freePorts(t, 2)
	tune := func(c *cmtcfg.Config) {
		c.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
		c.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
		c.Consensus.TimeoutCommit = 10 * time.Millisecond
		c.P2P.PexReactor = false
		c.Instrumentation.Prometheus = false
	}
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-test-1", Operator: op, Tune: tune,
		Funded: map[address.Address]*uint256.Int{op: btt.FromBTT(1000)}}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultCometConfig(home, "m")
	tune(cfg)
	app := DefaultAppConfig()
	app.Pruning, app.MinRetainBlocks = "everything", 100
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	started := make(chan *cmtnode.Node, 1)
	go func() {
		ran <- Run(ctx, Options{Comet: cfg, App: app, Logger: slog.New(slog.DiscardHandler), Version: "test",
			Started: func(n *cmtnode.Node) { started <- n }})
	}()
	defer func() {
		stop()
		if err := <-ran; err != nil {
			t.Errorf("node stopped with %v", err)
		}
	}()
	n := <-started
	cl, _ := rpcclient.Dial(cfg.RPC.ListenAddress)
	sender := &rpcclient.Sender{Client: cl, From: op, Signer: tx.KeySigner{Key: key}}
	sending, stopSending := context.WithCancel(ctx)
	sent := make(chan int)
	go func() {
		count := 0
		defer func() { sent <- count }()
		for sending.Err() == nil {
			res, err := sender.Send(sending, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, &bank.MsgSend{To: address.Address{byte(count)}, Amount: uint256.NewInt(1)})
			if err == nil && !res.Failed() {
				count++
			}
		}
	}()
	size := func() int64 { // of the application's state
		var total int64
		filepath.Walk(filepath.Join(cfg.DBDir(), "application.db"), func(_ string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				total += fi.Size()
			}
			return nil
		})
		return total
	}
	wait := func(h int64) {
		for deadline := time.Now().Add(2 * time.Minute); n.BlockStore().Height() < h; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("height %d after two minutes", n.BlockStore().Height())
			}
		}
	}
	wait(1000)
	early := size()
	wait(2000)
	late := size()
	stopSending()
	transfers := <-sent
	h := n.BlockStore().Height()
	t.Logf("%d transfers; application.db %d KiB at height 1000, %d KiB at %d; block store base %d", transfers, early>>10, late>>10, h, n.BlockStore().Base())
	if transfers < 100 {
		t.Fatalf("only %d transfers landed", transfers)
	}
	if base := n.BlockStore().Base(); base < h-150 || base > h-99 {
		t.Fatalf("the block store keeps blocks %d to %d; want the last 100 or so", base, h)
	}
	if _, err := cl.Account(ctx, op, h-500); err == nil {
		t.Fatal("a query 500 blocks back was answered: the state was not pruned")
	}
	if _, err := cl.Account(ctx, op, 0); err != nil {
		t.Fatalf("the latest state: %v", err)
	}
}
