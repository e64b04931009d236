package swarm

import (
	"context"
	"crypto/ecdsa"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/tracker/trackertest"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

var testGasPrice = uint256.NewInt(1_000_000_000)

// market is a real node with funded keys for sellers and buyers.
type market struct {
	t testing.TB
	n *testnode.Node
}

// account makes a key holding 1,000 BTT.
func (m market) account() (*ecdsa.PrivateKey, *rpcclient.Sender) {
	m.t.Helper()
	key, _ := crypto.GenerateKey()
	a := address.FromPublicKey(&key.PublicKey)
	funder := &rpcclient.Sender{Client: m.n.Client, From: m.n.FunderAddr, Signer: tx.KeySigner{Key: m.n.Funder}}
	res, err := funder.Send(context.Background(), rpcclient.TxOptions{GasPrice: testGasPrice}, &bank.MsgSend{To: a, Amount: btt.FromBTT(1000)})
	if err != nil || res.Failed() {
		m.t.Fatalf("fund %s: %+v %v", a, res, err)
	}
	return key, &rpcclient.Sender{Client: m.n.Client, From: a, Signer: tx.KeySigner{Key: key}, ChainID: testnode.ChainID}
}

func (m market) seller(slots int, floor *uint256.Int) *speed.Seller {
	m.t.Helper()
	key, sender := m.account()
	vault, err := speed.OpenVault(m.t.TempDir(), testnode.ChainID)
	if err != nil {
		m.t.Fatal(err)
	}
	m.t.Cleanup(func() { vault.Close() })
	s, err := speed.NewSeller(speed.SellerConfig{ChainID: testnode.ChainID, Key: key, Floor: floor, Slots: slots,
		Ledger: &speed.Chain{Sender: sender}, Vault: vault})
	if err != nil {
		m.t.Fatal(err)
	}
	m.t.Cleanup(s.Close)
	return s
}

func (m market) buyer(budget, maxPrice *uint256.Int) (*speed.Buyer, address.Address) {
	m.t.Helper()
	key, sender := m.account()
	b, err := speed.NewBuyer(speed.BuyerConfig{ChainID: testnode.ChainID, Key: key, Budget: budget, MaxPrice: maxPrice,
		Bank: &speed.Chain{Sender: sender, Options: rpcclient.TxOptions{GasPrice: testGasPrice}}})
	if err != nil {
		m.t.Fatal(err)
	}
	m.t.Cleanup(b.Close)
	return b, sender.From
}

func (m market) balance(a address.Address) *uint256.Int {
	m.t.Helper()
	acc, err := m.n.Client.Account(context.Background(), a, 0)
	if err != nil {
		m.t.Fatal(err)
	}
	b, _ := uint256.FromDecimal(acc.BalanceWei)
	return b
}

// TestSpeedOnARealChain runs btt peers that pay and earn against one real
// node:
//
//   - a paying download completes, its vouchers total what the seller was
//     credited, and the cooperative close pays the seller exactly that;
//   - a seeder with one sold slot and a limited upload serves a payer and a
//     free peer at once: the payer finishes clearly first and the free
//     peer, on the optimistic slot and the free share, finishes too.
func TestSpeedOnARealChain(t *testing.T) {
	m := market{t: t, n: testnode.Start(t)}
	tr := trackertest.Start()
	defer tr.Close()
	price := btt.FromBTT(1) // per MiB

	t.Run("paid download", func(t *testing.T) {
		m := market{t: t, n: m.n}
		src := t.TempDir()
		tor := makeTorrent(t, src, "paid", map[string]int{"a.bin": 6 << 20}, 256<<10, tr.URL())
		seller := m.seller(4, price)
		// A limited upload leaves time to open the channel and bid.
		_, st := startSeeder(t, Config{Seller: seller, UploadRate: 2 << 20}, tor, src)
		buyer, _ := m.buyer(btt.FromBTT(100), btt.FromBTT(2))
		dl := newTestClient(t, Config{})
		dt, err := dl.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Buyer: buyer})
		if err != nil {
			t.Fatal(err)
		}
		waitDone(t, dt, time.Minute)
		// Alone, the buyer wins at the floor; the first unchoke comes
		// before its channel opens, so some pieces come free.
		spent := buyer.Spent()
		if spent.IsZero() || spent.Gt(btt.FromBTT(6)) {
			t.Fatalf("spent %s on 6 MiB at 1btt/MiB", btt.Format(spent))
		}
		before := m.balance(seller.Payee())
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := buyer.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		if got := new(uint256.Int).Sub(m.balance(seller.Payee()), before); !got.Eq(spent) {
			t.Fatalf("the close paid the seller %s; the vouchers promised %s", btt.Format(got), btt.Format(spent))
		}
		if s := st.Stats(); !s.Earned.Eq(spent) || !dt.Stats().Spent.Eq(spent) {
			t.Fatalf("seeder earned %s, downloader spent %s; vouchers %s", btt.Format(s.Earned), btt.Format(dt.Stats().Spent), btt.Format(spent))
		}
	})

	t.Run("payer first", func(t *testing.T) {
		m := market{t: t, n: m.n}
		src := t.TempDir()
		tor := makeTorrent(t, src, "contested", map[string]int{"a.bin": 12 << 20}, 256<<10, tr.URL())
		seller := m.seller(1, price)
		startSeeder(t, Config{Seller: seller, UploadRate: 3 << 20}, tor, src)
		buyer, _ := m.buyer(btt.FromBTT(100), btt.FromBTT(2))
		// The downloaders upload little to each other, so that what is
		// measured is the seeder's choice.
		payer, free := newTestClient(t, Config{UploadRate: 128 << 10}), newTestClient(t, Config{UploadRate: 128 << 10})
		pt, err := payer.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Buyer: buyer})
		if err != nil {
			t.Fatal(err)
		}
		ft, err := free.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		waitDone(t, pt, 2*time.Minute)
		payerTook := time.Since(start)
		freeHad := ft.Stats().Progress()
		waitDone(t, ft, 2*time.Minute)
		freeTook := time.Since(start)
		t.Logf("payer %v (%s spent), free peer %v (%.0f%% when the payer finished)", payerTook, btt.Format(buyer.Spent()), freeTook, 100*freeHad)
		if buyer.Spent().IsZero() {
			t.Fatal("the payer paid nothing")
		}
		if freeHad > 0.6 {
			t.Fatalf("the free peer had %.0f%% when the payer finished: no priority", 100*freeHad)
		}
	})

	// A payer whose budget runs out stops bidding and loses its paid
	// slot; it still finishes, served free like anyone.
	t.Run("budget spent", func(t *testing.T) {
		m := market{t: t, n: m.n}
		src := t.TempDir()
		tor := makeTorrent(t, src, "short", map[string]int{"a.bin": 8 << 20}, 256<<10, tr.URL())
		seller := m.seller(1, price)
		_, st := startSeeder(t, Config{Seller: seller, UploadRate: 3 << 20}, tor, src)
		budget := btt.FromBTT(2) // 2 MiB at the floor, of 8
		buyer, _ := m.buyer(budget, btt.FromBTT(2))
		dl := newTestClient(t, Config{})
		dt, err := dl.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Buyer: buyer})
		if err != nil {
			t.Fatal(err)
		}
		waitDone(t, dt, time.Minute)
		if spent := buyer.Spent(); !spent.Eq(budget) {
			t.Fatalf("spent %s of a %s budget", btt.Format(spent), btt.Format(budget))
		}
		st.mu.Lock()
		var winning bool
		for p := range st.peers {
			winning = winning || p.sale != nil && p.sale.Winning()
		}
		st.mu.Unlock()
		if winning {
			t.Fatal("the seller still counts the spent payer as a winner")
		}
	})
}

// countingBank counts a buyer's transactions on the real chain.
type countingBank struct {
	speed.Bank
	txs atomic.Int64
}

func (c *countingBank) Open(ctx context.Context, payee address.Address, deposit *uint256.Int) (paych.ChannelID, error) {
	c.txs.Add(1)
	return c.Bank.Open(ctx, payee, deposit)
}

func (c *countingBank) TopUp(ctx context.Context, id paych.ChannelID, amount *uint256.Int) error {
	c.txs.Add(1)
	return c.Bank.TopUp(ctx, id, amount)
}

func (c *countingBank) CoopClose(ctx context.Context, sc paych.SignedClose) error {
	c.txs.Add(1)
	return c.Bank.CoopClose(ctx, sc)
}

func (c *countingBank) Close(ctx context.Context, id paych.ChannelID) error {
	c.txs.Add(1)
	return c.Bank.Close(ctx, id)
}

// BenchmarkPaidDownload moves 1 GiB from a seeder that sells its slots to
// a downloader that pays, against the same download unpaid, in turns,
// over loopback in one process, with a real node (200 ms blocks) for the
// channel. It reports both rates, the buyer's on-chain transactions per
// GiB (open, top-ups, close) and the share of the bytes paid for (those
// sent before the channel opened and the bid won are free).
func BenchmarkPaidDownload(b *testing.B) {
	m := market{t: b, n: testnode.Start(b)}
	src := b.TempDir()
	tor := makeTorrent(b, src, "gib", map[string]int{"f": 1 << 30}, 0, "http://127.0.0.1:1/announce")
	price := uint256.NewInt(1_000_000_000) // 1 gwei per MiB
	vault, err := speed.OpenVault(b.TempDir(), testnode.ChainID)
	if err != nil {
		b.Fatal(err)
	}
	defer vault.Close()
	key, sender := m.account()
	seller, err := speed.NewSeller(speed.SellerConfig{ChainID: testnode.ChainID, Key: key, Floor: price, Ledger: &speed.Chain{Sender: sender}, Vault: vault})
	if err != nil {
		b.Fatal(err)
	}
	defer seller.Close()
	seeder, err := NewClient(Config{Seller: seller})
	if err != nil {
		b.Fatal(err)
	}
	defer seeder.Close()
	st, _ := seeder.Add(Source{Torrent: tor}, AddOptions{Dir: src})
	<-st.Done()
	run := func(buyer *speed.Buyer) time.Duration {
		leecher, err := NewClient(Config{})
		if err != nil {
			b.Fatal(err)
		}
		defer leecher.Close()
		dir, err := os.MkdirTemp("", "btt-bench-")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(dir) // a GiB a run: the disk's write-back would slow the next
		start := time.Now()
		lt, _ := leecher.Add(Source{Torrent: tor}, AddOptions{Dir: dir, Peers: []string{seeder.Addr()}, Buyer: buyer})
		select {
		case <-lt.Done():
		case <-time.After(5 * time.Minute):
			b.Fatalf("not done: %+v", lt.Stats())
		}
		took := time.Since(start)
		if buyer != nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := buyer.Finish(ctx); err != nil {
				b.Fatal(err)
			}
		}
		return took
	}
	var unpaid, paid time.Duration
	var txs int64
	paidShare := 0.0
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 { // alternately first, so that neither always finds the disk quieter
			unpaid += run(nil)
		}
		bk, bsender := m.account()
		bank := &countingBank{Bank: &speed.Chain{Sender: bsender, Options: rpcclient.TxOptions{GasPrice: testGasPrice}}}
		buyer, err := speed.NewBuyer(speed.BuyerConfig{ChainID: testnode.ChainID, Key: bk, Budget: btt.FromBTT(1), MaxPrice: price, Bank: bank})
		if err != nil {
			b.Fatal(err)
		}
		paid += run(buyer)
		buyer.Close()
		if i%2 == 1 {
			unpaid += run(nil)
		}
		txs += bank.txs.Load()
		full := new(uint256.Int).Mul(price, uint256.NewInt(1024))
		paidShare += float64(buyer.Spent().Uint64()) / float64(full.Uint64())
	}
	n := float64(b.N)
	b.ReportMetric(1024*n/unpaid.Seconds(), "MiB/s-unpaid")
	b.ReportMetric(1024*n/paid.Seconds(), "MiB/s-paid")
	b.ReportMetric(float64(txs)/n, "txs/GiB")
	b.ReportMetric(100*paidShare/n, "%paid")
}
