package speed

import (
	"testing"
	"time"

	"github.com/bttc-network/bttc/client/wire"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/testnode"
)

// BenchmarkVouchers is a paid slot's payments end to end in the client:
// the buyer signs a voucher per verified piece, it is encoded, parsed,
// checked by the seller (a public-key recovery), written to the vault and
// answered with a receipt, which the buyer reads. The channel is opened
// on a real node first; the timed part touches no chain.
func BenchmarkVouchers(b *testing.B) {
	n := testnode.Start(b)
	price := btt.FromBTT(1)
	p := connect(b, n, btt.FromBTT(50), price, price)
	waitFor(b, "the offer", func() bool { return p.toBuyer.last(wire.SpeedOffer) != nil })
	p.purchase.Unchoked(40 << 20) // a 40 BTT deposit
	waitFor(b, "the seller to read the channel", func() bool { return p.sale.Bid(1<<20) != nil })
	p.sale.Award(true, price)
	waitFor(b, "the award", func() bool { return p.purchase.Paying() })
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		p.purchase.Verified(1) // a byte, about 10^-6 BTT: far below the deposit
	}
	waitFor(b, "the last receipt", func() bool { r := p.toBuyer.last(wire.SpeedReceipt); return r != nil && r.Nonce >= uint64(b.N) })
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "vouchers/s")
}
