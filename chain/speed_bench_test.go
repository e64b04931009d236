package chain

import (
	"context"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// BenchmarkRedeem measures FinalizeBlock + Commit on blocks of 2,000
// vouchers, each of its own channel (2,000 payers paying 20 seeders), sent
// in batches of 1, 10 and 100 vouchers a transaction by the seeders, on a
// goleveldb store. Senders are recovered in FinalizeBlock (the cold path);
// the vouchers always are. It reports vouchers redeemed per second and the
// bytes and gas each voucher costs.
func BenchmarkRedeem(b *testing.B) {
	const channels, seeders, perBlock = 2000, 20, 2000
	payers, payees := make([]*user, channels), make([]*user, seeders)
	balances := map[address.Address]*uint256.Int{}
	for i := range payers {
		payers[i] = newUser(b)
		balances[payers[i].addr] = btt.FromBTT(1_000)
	}
	for i := range payees {
		payees[i] = newUser(b)
		balances[payees[i].addr] = btt.FromBTT(1_000)
	}
	genesisState := appStateFor(balances)
	for _, batch := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			store, err := state.Open(b.TempDir(), state.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			c := newTestChain(b, store, genesisState, Config{})
			for _, u := range append(append([]*user{}, payers...), payees...) {
				u.nonce = 0
			}
			c.finalize()
			ids := make([]paych.ChannelID, channels)
			var opens [][]byte
			for i, p := range payers {
				payee := payees[i%seeders]
				ids[i] = paych.NewChannelID(p.addr, payee.addr, 0)
				opens = append(opens, p.sign(b, testChainID, 200_000, &paych.MsgOpen{Payee: payee.addr, Deposit: btt.FromBTT(100)}))
			}
			c.finalize(opens...)
			// Block n carries voucher n+1 of every channel, grouped by payee.
			blocks := make([][][]byte, b.N)
			bytes := 0
			for n := range blocks {
				for s, payee := range payees {
					var group []paych.SignedVoucher
					for i := s; i < channels; i += seeders {
						sv, err := paych.Voucher{Channel: ids[i], Amount: uint256.NewInt(uint64(n+1) * 1e12), Nonce: uint64(n + 1)}.Sign(testChainID, payers[i].key)
						if err != nil {
							b.Fatal(err)
						}
						group = append(group, sv)
					}
					for start := 0; start < len(group); start += batch {
						part := group[start:min(start+batch, len(group))]
						raw := payee.sign(b, testChainID, 60_000+20_000*uint64(len(part)), &paych.MsgRedeem{Vouchers: part})
						blocks[n] = append(blocks[n], raw)
						bytes += len(raw)
					}
				}
			}
			var gas int64
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
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
					gas += r.GasUsed
				}
				if _, err := c.app.Commit(context.Background(), &abci.RequestCommit{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			vouchers := float64(perBlock * b.N)
			b.ReportMetric(vouchers/b.Elapsed().Seconds(), "vouchers/s")
			b.ReportMetric(float64(bytes)/vouchers, "bytes/voucher")
			b.ReportMetric(float64(gas)/vouchers, "gas/voucher")
			b.ReportMetric(0, "ns/op")
		})
	}
}
