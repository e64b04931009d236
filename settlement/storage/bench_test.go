package storage_test

import (
	"fmt"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// BenchmarkSweep ends blocks among 10,000 active contracts: with no
// window closing, and with 100 closing (none proven: 100 misses). The
// sweep's cost follows the contracts due, not the contracts alive.
func BenchmarkSweep(b *testing.B) {
	for _, due := range []int{0, 100} {
		b.Run(fmt.Sprintf("active=10000/due=%d", due), func(b *testing.B) {
			f := newFixture(b, testParams())
			f.unchecked = true
			const active = 10_000
			renter := address.Address{0x10}
			f.fund(renter, uint256.NewInt(1e18))
			hosts := make([]address.Address, 100)
			for i := range hosts {
				hosts[i] = address.Address{0x20, byte(i)}
				f.fund(hosts[i], uint256.NewInt(1e18))
			}
			fl := newFile(b, 700, 64, 1)
			// Contract i's windows close at heights ≡ 109 + i mod 100, a
			// hundred contracts a height, in rounds 1,000 blocks apart.
			for i := 0; i < active; i++ {
				t := terms(hosts[i%len(hosts)], fl, 10+uint64(i%100))
				t.Period, t.Periods, t.Window, t.MaxMisses = 1_000, 1_000, 100, 1_000
				f.must(renter, &deal.MsgPropose{Terms: t})
				f.must(t.Host, &deal.MsgAccept{Contract: deal.NewID(renter, uint64(i))})
			}
			if due == 0 {
				f.to(300) // between rounds: nothing closes until 1,109
			} else {
				f.to(109)
			}
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				if window := (f.height - 109) % 1_000; due > 0 && window >= 100 {
					b.StopTimer()
					f.to(f.height + 1_000 - window) // the next round
					b.StartTimer()
				} else if due == 0 && (f.height-109)%1_000 < 100 {
					b.StopTimer()
					f.to(f.height + 100)
					b.StartTimer()
				}
				f.endBlock()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/block")
			b.ReportMetric(0, "ns/op")
		})
	}
}
