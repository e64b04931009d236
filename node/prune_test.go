package node

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
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
	h := newTestHome(t, btt.FromBTT(1000), func(c *cmtcfg.Config) { c.Consensus.TimeoutCommit = 10 * time.Millisecond })
	cfg, op := h.cfg, h.op
	app := DefaultAppConfig()
	app.Pruning, app.MinRetainBlocks = "everything", 100
	n, _ := h.run(app)
	ctx := context.Background()
	cl, sender := h.client(), h.sender()
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
	waitHeight(t, n, 1000, 2*time.Minute)
	early := size()
	waitHeight(t, n, 2000, 2*time.Minute)
	late := size()
	stopSending()
	transfers := <-sent
	top := n.BlockStore().Height()
	t.Logf("%d transfers; application.db %d KiB at height 1000, %d KiB at %d; block store base %d", transfers, early>>10, late>>10, top, n.BlockStore().Base())
	if transfers < 100 {
		t.Fatalf("only %d transfers landed", transfers)
	}
	if base := n.BlockStore().Base(); base < top-150 || base > top-99 {
		t.Fatalf("the block store keeps blocks %d to %d; want the last 100 or so", base, top)
	}
	if _, err := cl.Account(ctx, op, top-500); err == nil {
		t.Fatal("a query 500 blocks back was answered: the state was not pruned")
	}
	if _, err := cl.Account(ctx, op, 0); err != nil {
		t.Fatalf("the latest state: %v", err)
	}
}
