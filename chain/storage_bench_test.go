package chain

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// synthLeaf is leaf i of a synthetic file: the benchmark needs a 1 GiB
// file's tree and a few of its leaves, not the gigabyte.
func synthLeaf(i, leafSize uint64) []byte {
	leaf := make([]byte, leafSize)
	for off := uint64(0); off < leafSize; off += 32 {
		h := sha256.Sum256(binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, i), off))
		copy(leaf[off:], h[:])
	}
	return leaf
}

// BenchmarkStorageProof is a period's proof of a 1 GiB file at the
// default params (1 KiB leaves, 8 challenges): the chain's check of it
// (proofs/s, one core), its bytes, and the gas its transaction used when
// it went through a block.
func BenchmarkStorageProof(b *testing.B) {
	p := storage.DefaultParams()
	const size = 1 << 30
	leaves := uint64(size) / p.LeafSize
	hs := make([]merkle.Hash, leaves)
	for i := range hs {
		hs[i] = merkle.LeafHash(synthLeaf(uint64(i), p.LeafSize))
	}
	tree, err := merkle.New(hs)
	if err != nil {
		b.Fatal(err)
	}
	renter, host := newUser(b), newUser(b)
	c := newTestChain(b, memStore(b), appStateFor(map[address.Address]*uint256.Int{renter.addr: btt.FromBTT(100), host.addr: btt.FromBTT(100)}), Config{})
	id := deal.NewID(renter.addr, 0)
	t := deal.Terms{Host: host.addr, Root: tree.Root(), Size: size, Start: 10, Period: 100, Periods: 1, Window: 50,
		Price: btt.FromBTT(1), Collateral: btt.FromBTT(1), MaxMisses: 1, SlashPerMiss: btt.FromBTT(1)}
	c.block(renter.sign(b, testChainID, 500_000, &deal.MsgPropose{Terms: t}))
	c.block(host.sign(b, testChainID, 500_000, &deal.MsgAccept{Contract: id}))
	for c.height < 9 {
		c.block()
	}
	ch, err := storage.New(state.ReadOnly{Getter: c.app.store.Committed()}).Challenge(id, 0)
	if err != nil || !ch.Ready {
		b.Fatalf("challenge: %+v %v", ch, err)
	}
	m, err := deal.Prove(id, 0, ch.Indices, tree, func(i uint64) ([]byte, error) { return synthLeaf(i, p.LeafSize), nil })
	if err != nil {
		b.Fatal(err)
	}
	raw := host.sign(b, testChainID, 1_000_000, m)
	res := c.block(raw).TxResults[0]
	if res.Code != 0 {
		b.Fatalf("prove: %s", res.Log)
	}
	contract, err := storage.New(state.ReadOnly{Getter: c.app.store.Committed()}).Contract(id)
	if err != nil {
		b.Fatal(err)
	}
	contract.NextProven = false
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := storage.Check(contract, ch.Indices, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
	b.ReportMetric(float64(m.Bytes()), "proof-bytes")
	b.ReportMetric(float64(len(raw)), "tx-bytes")
	b.ReportMetric(float64(res.GasUsed), "gas")
	b.ReportMetric(0, "ns/op")
}
