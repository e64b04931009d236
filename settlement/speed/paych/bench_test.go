package paych

import (
	"testing"

	"github.com/holiman/uint256"
)

// BenchmarkVoucherVerify is a payee's check of an arriving voucher: one
// public-key recovery, on one core. Target: 15,000 vouchers/s.
func BenchmarkVoucherVerify(b *testing.B) {
	key, payer := testKey(b, 1)
	vs := make([]SignedVoucher, 1024)
	for i := range vs {
		sv, err := Voucher{Channel: ChannelID{1}, Amount: uint256.NewInt(uint64(i + 1)), Nonce: uint64(i + 1)}.Sign("bttc-1", key)
		if err != nil {
			b.Fatal(err)
		}
		vs[i] = sv
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got, err := vs[i%len(vs)].Signer("bttc-1"); err != nil || got != payer {
			b.Fatal("a voucher did not verify")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "vouchers/s")
}
