package node

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/loadgen"
)

// TestRunServesWhileCommitting runs a real single-validator node in this
// process and, through its RPC, sends it transfers while another goroutine
// keeps querying accounts, the supply, params and simulations. CometBFT
// calls CheckTx and Query beside FinalizeBlock and Commit; every transfer
// must land and the supply must hold. `make test` runs it a second time
// under the race detector.
func TestRunServesWhileCommitting(t *testing.T) {
	h := newTestHome(t, btt.FromBTT(1_000_000), func(c *cmtcfg.Config) { c.Consensus.TimeoutCommit = 300 * time.Millisecond })
	funderKey := h.key
	h.run(DefaultAppConfig())
	client := h.client()
	ctx := context.Background()
	var before *uint256.Int
	for deadline := time.Now().Add(30 * time.Second); before == nil; time.Sleep(100 * time.Millisecond) {
		if s, err := client.Supply(ctx, 0); err == nil {
			before = uint256.MustFromDecimal(s.SupplyWei)
		} else if time.Now().After(deadline) {
			t.Fatalf("no first block: %v", err)
		}
	}

	// A simulated transfer with a nonce far ahead: it answers with a code
	// after running through the whole transaction pipeline on committed
	// state, while blocks are being written.
	gasPrice := uint256.NewInt(1_000_000_000)
	send, err := tx.EncodeMsg(&bank.MsgSend{To: address.Address{9}, Amount: uint256.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	signed, err := tx.Sign(tx.Body{ChainID: "bttc-test-1", Nonce: 1 << 40, GasLimit: 40_000, GasPrice: gasPrice, Msgs: []tx.RawMsg{send}}, tx.KeySigner{Key: funderKey})
	if err != nil {
		t.Fatal(err)
	}
	probe, err := signed.Encode()
	if err != nil {
		t.Fatal(err)
	}
	loaded := make(chan struct{})
	var queries int
	var queryErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-loaded:
				return
			default:
			}
			if _, err := client.Account(ctx, h.op, 0); err != nil {
				queryErr = fmt.Errorf("account: %w", err)
				return
			}
			if _, err := client.Supply(ctx, 0); err != nil {
				queryErr = fmt.Errorf("supply: %w", err)
				return
			}
			if _, err := client.Params(ctx); err != nil {
				queryErr = fmt.Errorf("params: %w", err)
				return
			}
			if _, err := client.Simulate(ctx, probe); err != nil {
				queryErr = fmt.Errorf("simulate: %w", err)
				return
			}
			queries++
		}
	})
	const accounts, each = 100, 4
	rep, err := loadgen.Run(ctx, loadgen.Options{Client: client, ChainID: "bttc-test-1", Funder: funderKey, Accounts: accounts, PerAcct: each,
		GasPrice: gasPrice, Workers: 8, Batch: 1, Timeout: 2 * time.Minute, Logf: t.Logf})
	close(loaded)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if queryErr != nil {
		t.Fatalf("after %d rounds of queries: %v", queries, queryErr)
	}
	if rep.Committed != accounts*each || rep.Failed != 0 {
		t.Fatalf("committed %d of %d transfers, %d failed", rep.Committed, accounts*each, rep.Failed)
	}
	if queries == 0 {
		t.Fatal("no query round completed during the load")
	}
	after, err := client.Supply(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if after.SupplyWei != before.Dec() {
		t.Fatalf("supply changed from %s to %s wei", before.Dec(), after.SupplyWei)
	}
	t.Logf("%d transfers committed, %d query rounds answered meanwhile", rep.Committed, queries)
}
