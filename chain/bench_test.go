package chain

import (
	"context"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

const (
	benchAccounts = 100_000
	benchBlockTxs = 5_000
)

// BenchmarkFinalizeBlock measures FinalizeBlock + Commit on blocks of 5,000
// signed transfers among 100,000 funded accounts, on a goleveldb store.
//
//   - cold: FinalizeBlock recovers every sender itself (in parallel), as
//     for a block that arrives by block sync.
//   - checked: the senders were recovered in CheckTx already, as on a
//     validator whose mempool saw the transactions.
func BenchmarkFinalizeBlock(b *testing.B) {
	users := make([]*user, benchAccounts)
	balances := make(map[address.Address]*uint256.Int, benchAccounts)
	for i := range users {
		users[i] = newUser(b)
		balances[users[i].addr] = btt.FromBTT(1_000)
	}
	genesisState := appStateFor(balances)
	for _, mode := range []string{"cold", "checked"} {
		b.Run(mode, func(b *testing.B) {
			store, err := state.Open(b.TempDir(), state.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			c := newTestChain(b, store, genesisState, Config{})
			for _, u := range users {
				u.nonce = 0
			}
			c.finalize() // genesis committed at height 1
			next := 0
			blocks := make([][][]byte, b.N)
			for n := range blocks {
				blocks[n] = make([][]byte, benchBlockTxs)
				for i := range blocks[n] {
					from, to := users[next%benchAccounts], users[(next*7+1)%benchAccounts]
					blocks[n][i] = from.sign(b, testChainID, 40_000, sendMsg(to.addr, uint256.NewInt(1)))
					next++
				}
			}
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				if mode == "checked" {
					b.StopTimer()
					c.app.verifyAll(blocks[n])
					b.StartTimer()
				}
				c.height++
				c.time = c.time.Add(time.Second)
				res, err := c.app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{Txs: blocks[n], Height: c.height, Time: c.time})
				if err != nil {
					b.Fatal(err)
				}
				for i, r := range res.TxResults {
					if r.Code != 0 {
						b.Fatalf("tx %d failed: %s", i, r.Log)
					}
				}
				if _, err := c.app.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			perBlock := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(benchBlockTxs)/perBlock.Seconds(), "transfers/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
