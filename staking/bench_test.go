package staking

import (
	"fmt"
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

// benchChain is a fixture with 100 bonded validators and n delegators
// spread across them, saved to the tree.
func benchChain(b *testing.B, delegators int) (*fixture, []address.Address) {
	p := testParams()
	// Blocks are a second apart, and the 1,000-delegator block undelegates
	// from the same pairs every block: a four-second unbonding keeps each
	// pair under MaxEntries (7), and the end of each block matures earlier
	// blocks' unbondings, as a busy chain's does.
	p.UnbondingTime = dec.Of(4 * time.Second)
	p.MaxValidators = 100
	p.BlockReward = btt.NewAmount(btt.FromBTT(1))
	f := newFixture(b, p)
	f.fund(rewardPool, btt.FromBTT(1_000_000_000))
	for i := 0; i < 100; i++ {
		f.validator(address.Address{0xa1, byte(i)}, 1_000)
	}
	dels := make([]address.Address, delegators)
	for i := range dels {
		d := address.Address{0xd0, byte(i >> 16), byte(i >> 8), byte(i)}
		dels[i] = d
		f.fund(d, btt.FromBTT(1_000))
		f.must(d, &MsgDelegate{Validator: address.Address{0xa1, byte(i % 100)}, Amount: btt.FromBTT(100)})
	}
	f.endBlock(time.Second)
	return f, dels
}

// BenchmarkStakingBlock is a block of 1,000 delegate and undelegate
// transactions plus the block's begin and end work.
func BenchmarkStakingBlock(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("delegators=%d", n), func(b *testing.B) {
			f, dels := benchChain(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f.beginBlock(f.votes())
				for j := 0; j < 1_000; j++ {
					d := dels[(i*1_000+j)%len(dels)]
					v := address.Address{0xa1, byte((i*1_000 + j) % 100)}
					var err error
					if j%2 == 0 {
						_, err = f.run(d, &MsgDelegate{Validator: v, Amount: btt.FromBTT(1)})
					} else {
						_, err = f.run(d, &MsgUndelegate{Validator: v, Amount: btt.FromBTT(1)})
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				f.endBlockQuick(time.Second)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/block")
		})
	}
}

// BenchmarkRewardsOnlyBlock is a block with no transactions: rewards to
// 100 validators, liveness, and the end of the block.
func BenchmarkRewardsOnlyBlock(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("delegators=%d", n), func(b *testing.B) {
			f, _ := benchChain(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f.beginBlock(f.votes())
				f.endBlockQuick(time.Second)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/block")
		})
	}
}

// endBlockQuick is endBlock without the full-state invariant scan, which a
// benchmark must not time.
func (f *fixture) endBlockQuick(step time.Duration) {
	if _, _, err := f.s.EndBlock(f.env(address.Address{})); err != nil {
		f.t.Fatal(err)
	}
	f.commit(step)
}
