package speed

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/wire"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// pipe carries Speed messages one way, encoded and parsed as on the wire,
// on a goroutine of its own (as a connection's writer and reader do).
type pipe struct {
	q    chan wire.SpeedMsg
	mu   sync.Mutex
	seen []wire.SpeedMsg
}

func newPipe(t testing.TB, to func(*wire.SpeedMsg)) *pipe {
	p := &pipe{q: make(chan wire.SpeedMsg, 1000)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m := range p.q {
			to(&m) // first, so that what was seen was handled
			p.mu.Lock()
			p.seen = append(p.seen, m)
			p.mu.Unlock()
		}
	}()
	t.Cleanup(func() { close(p.q); <-done })
	return p
}

func (p *pipe) send(m *wire.SpeedMsg) {
	got, err := wire.ParseSpeed(m.Encode(3).ExtendedPayload)
	if err != nil {
		panic(err)
	}
	p.q <- got
}

// last is the last message of typ that went through, if any.
func (p *pipe) last(typ wire.SpeedType) *wire.SpeedMsg {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.seen) - 1; i >= 0; i-- {
		if p.seen[i].Type == typ {
			m := p.seen[i]
			return &m
		}
	}
	return nil
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type parties struct {
	n            *testnode.Node
	seller       *Seller
	buyer        *Buyer
	sellerKey    *ecdsa.PrivateKey
	buyerAddr    address.Address
	sale         *Sale
	purchase     *Purchase
	toSeller     *pipe
	toBuyer      *pipe
	vault        *Vault
	sellerSender *rpcclient.Sender
}

var gasPrice = uint256.NewInt(1_000_000_000)

// connect makes a seller and a buyer on the node, funds the buyer with
// 100 BTT, and joins a sale and a purchase by pipes.
func connect(t testing.TB, n *testnode.Node, budget, maxPrice, floor *uint256.Int) *parties {
	t.Helper()
	ctx := context.Background()
	p := &parties{n: n}
	p.sellerKey, _ = crypto.GenerateKey()
	buyerKey, _ := crypto.GenerateKey()
	p.buyerAddr = address.FromPublicKey(&buyerKey.PublicKey)
	funder := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	for _, to := range []address.Address{p.buyerAddr, address.FromPublicKey(&p.sellerKey.PublicKey)} {
		if res, err := funder.Send(ctx, rpcclient.TxOptions{GasPrice: gasPrice}, &bank.MsgSend{To: to, Amount: btt.FromBTT(100)}); err != nil || res.Failed() {
			t.Fatalf("fund: %+v %v", res, err)
		}
	}
	var err error
	if p.vault, err = OpenVault(t.TempDir(), testnode.ChainID); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.vault.Close() })
	p.sellerSender = &rpcclient.Sender{Client: n.Client, From: address.FromPublicKey(&p.sellerKey.PublicKey), Signer: tx.KeySigner{Key: p.sellerKey}}
	p.seller, err = NewSeller(SellerConfig{ChainID: testnode.ChainID, Key: p.sellerKey, Floor: floor, Slots: 1,
		Ledger: &Chain{Sender: p.sellerSender}, Vault: p.vault, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.seller.Close)
	buyerSender := &rpcclient.Sender{Client: n.Client, From: p.buyerAddr, Signer: tx.KeySigner{Key: buyerKey}}
	p.buyer, err = NewBuyer(BuyerConfig{ChainID: testnode.ChainID, Key: buyerKey, Budget: budget, MaxPrice: maxPrice,
		Bank: &Chain{Sender: buyerSender, Options: rpcclient.TxOptions{GasPrice: gasPrice}}, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.buyer.Close)
	p.toSeller = newPipe(t, func(m *wire.SpeedMsg) { p.sale.Handle(m) })
	p.toBuyer = newPipe(t, func(m *wire.SpeedMsg) { p.purchase.Handle(m) })
	p.purchase = p.buyer.NewPurchase(p.toSeller.send)
	p.sale = p.seller.NewSale(p.toBuyer.send, nil)
	return p
}

func (p *parties) balance(t *testing.T, a address.Address) *uint256.Int {
	t.Helper()
	acc, err := p.n.Client.Account(context.Background(), a, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := uint256.FromDecimal(acc.BalanceWei)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBuyingASlotOnARealChain runs a sale and a purchase against a real
// node: the offer, a channel opened on the first unchoke, the bid, the
// award, one voucher per verified piece at the clearing price, a top-up
// when the deposit runs short, and a cooperative close that pays the
// seller exactly what the vouchers promised and returns the rest.
func TestBuyingASlotOnARealChain(t *testing.T) {
	n := testnode.Start(t)
	price := btt.FromBTT(1) // per MiB
	p := connect(t, n, btt.FromBTT(50), btt.FromBTT(10), price)
	sellerAddr := p.seller.Payee()
	waitFor(t, "the offer", func() bool { return p.toBuyer.last(wire.SpeedOffer) != nil })

	// First unchoke: 1 MiB left, so the channel locks 1 MiB at the
	// buyer's price, 10 BTT.
	p.purchase.Unchoked(1 << 20)
	waitFor(t, "a bid with a channel", func() bool { b := p.toSeller.last(wire.SpeedBid); return b != nil && b.Channel != [32]byte{} })
	waitFor(t, "the seller to read the channel", func() bool { return p.sale.Bid(1<<20) != nil })
	if p.buyer.Locked().Cmp(btt.FromBTT(10)) != 0 {
		t.Fatalf("locked %s, want 10btt", btt.Format(p.buyer.Locked()))
	}
	p.sale.Award(true, price)
	waitFor(t, "the award", func() bool { return p.purchase.Paying() })

	// Three verified MiB from this seller: three vouchers, 3 BTT in all.
	for range 3 {
		p.sale.Served(1 << 20)
		p.purchase.Verified(1 << 20)
	}
	waitFor(t, "three receipts", func() bool { r := p.toBuyer.last(wire.SpeedReceipt); return r != nil && r.Nonce == 3 })
	if got := p.sale.Credited(); got.Cmp(btt.FromBTT(3)) != 0 {
		t.Fatalf("credited %s, want 3btt", btt.Format(got))
	}
	// A good payer keeps its standing.
	if p.sale.Bid(1<<20) == nil {
		t.Fatal("a payer that is paid up lost its standing")
	}

	// The price rises to 5 BTT: 2 MiB more take the vouchers to 13 BTT,
	// beyond the 10 BTT deposit: a top-up of the need and the deposit
	// again. Then 8 MiB more, 53 in all, beyond the 50 BTT budget: a
	// top-up of what the budget allows, a voucher for the whole deposit,
	// and no more bids.
	p.sale.Award(true, btt.FromBTT(5))
	waitFor(t, "the new price", func() bool { a := p.toBuyer.last(wire.SpeedAward); return a != nil && a.Price.Eq(btt.FromBTT(5)) })
	p.purchase.Verified(2 << 20)
	waitFor(t, "the top-up and its voucher", func() bool { r := p.toBuyer.last(wire.SpeedReceipt); return r != nil && r.Nonce == 4 })
	if got := p.buyer.Locked(); got.Cmp(btt.FromBTT(23)) != 0 {
		t.Fatalf("after the top-up %s is locked, want 10 + 13 (the need and the deposit again)", btt.Format(got))
	}
	p.purchase.Verified(8 << 20)
	waitFor(t, "the last voucher", func() bool { r := p.toBuyer.last(wire.SpeedReceipt); return r != nil && r.Nonce == 5 })
	if got := p.buyer.Locked(); got.Cmp(btt.FromBTT(50)) != 0 {
		t.Fatalf("after the last top-up %s is locked, want the whole budget", btt.Format(got))
	}
	if p.purchase.Paying() {
		t.Fatal("the buyer still bids with its budget spent")
	}
	if got := p.buyer.Spent(); got.Cmp(btt.FromBTT(50)) != 0 || !p.buyer.Acknowledged().Eq(got) {
		t.Fatalf("spent %s, acknowledged %s; want the budget, 50btt, both", btt.Format(got), btt.Format(p.buyer.Acknowledged()))
	}

	before := p.balance(t, sellerAddr)
	beforeBuyer := p.balance(t, p.buyerAddr)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := p.buyer.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if got := new(uint256.Int).Sub(p.balance(t, sellerAddr), before); got.Cmp(btt.FromBTT(50)) != 0 {
		t.Fatalf("the cooperative close paid the seller %s, want 50btt", btt.Format(got))
	}
	// The buyer paid the close's fee and got nothing back: all was spent.
	if after := p.balance(t, p.buyerAddr); !after.Lt(beforeBuyer) {
		t.Fatalf("buyer's balance %s after the close, %s before", btt.Format(after), btt.Format(beforeBuyer))
	}
}

// TestASellerRefusesBadVouchersOnARealChain: a voucher signed by someone
// other than the payer, for another chain, or not above the last one is
// refused with a reason and credits nothing; a winner that stops paying
// defaults after the grace; a close request returns a close for the best
// voucher, which the buyer's unilateral fallback is not needed for.
func TestASellerRefusesBadVouchersOnARealChain(t *testing.T) {
	n := testnode.Start(t)
	price := btt.FromBTT(1)
	p := connect(t, n, btt.FromBTT(20), price, price)
	waitFor(t, "the offer", func() bool { return p.toBuyer.last(wire.SpeedOffer) != nil })
	p.purchase.Unchoked(10 << 20)
	waitFor(t, "the seller to read the channel", func() bool { return p.sale.Bid(1<<20) != nil })
	bid := p.toSeller.last(wire.SpeedBid)
	id := paych.ChannelID(bid.Channel)

	other, _ := crypto.GenerateKey()
	voucher := func(key *ecdsa.PrivateKey, chain string, amount uint64, nonce uint64) *wire.SpeedMsg {
		sv, err := paych.Voucher{Channel: id, Amount: btt.FromBTT(amount), Nonce: nonce}.Sign(chain, key)
		if err != nil {
			t.Fatal(err)
		}
		return &wire.SpeedMsg{Type: wire.SpeedVoucher, ChainID: testnode.ChainID, Channel: id, Amount: sv.Voucher.Amount, Nonce: nonce, Signature: sv.Signature}
	}
	refused := func(m *wire.SpeedMsg, reason string) {
		t.Helper()
		credited := p.sale.Credited()
		p.toSeller.send(m)
		waitFor(t, "a refusal of nonce", func() bool { r := p.toBuyer.last(wire.SpeedRefusal); return r != nil && r.Nonce == m.Nonce })
		if r := p.toBuyer.last(wire.SpeedRefusal); !strings.Contains(r.Reason, reason) {
			t.Fatalf("refused with %q, want %q", r.Reason, reason)
		}
		if got := p.sale.Credited(); !got.Eq(credited) {
			t.Fatalf("a bad voucher credited %s", btt.Format(new(uint256.Int).Sub(got, credited)))
		}
	}
	refused(voucher(other, testnode.ChainID, 1, 1), "not signed by")
	refused(voucher(p.buyer.cfg.Key, "bttc-other", 1, 2), "not signed by") // another chain's digest recovers another signer
	refused(voucher(p.buyer.cfg.Key, testnode.ChainID, 11, 3), "above the channel's deposit")
	m := voucher(p.buyer.cfg.Key, testnode.ChainID, 1, 4)
	m.ChainID = "bttc-other"
	refused(m, "for chain")

	p.toSeller.send(voucher(p.buyer.cfg.Key, testnode.ChainID, 2, 5))
	waitFor(t, "a receipt", func() bool { return p.toBuyer.last(wire.SpeedReceipt) != nil })
	refused(voucher(p.buyer.cfg.Key, testnode.ChainID, 2, 6), "pays nothing beyond")

	// Won, then served 10 MiB without a voucher: past a 4 MiB grace.
	p.sale.Award(true, price)
	p.sale.Served(3 << 20)
	if p.sale.Bid(4<<20) == nil {
		t.Fatal("a winner within its grace lost its standing")
	}
	p.sale.Served(7 << 20)
	if p.sale.Bid(4<<20) != nil || p.sale.Winning() {
		t.Fatal("a winner 10 MiB behind kept its standing")
	}

	p.toSeller.send(&wire.SpeedMsg{Type: wire.SpeedCloseRequest, Channel: id})
	waitFor(t, "the close", func() bool { return p.toBuyer.last(wire.SpeedClose) != nil })
	c := p.toBuyer.last(wire.SpeedClose)
	sc := paych.SignedClose{Close: paych.Close{Channel: c.Channel, Amount: c.Amount}, Signature: c.Signature}
	if signer, err := sc.Signer(testnode.ChainID); err != nil || signer != p.seller.Payee() || c.Amount.Cmp(btt.FromBTT(2)) != 0 {
		t.Fatalf("close for %s signed by %s (%v)", btt.Format(c.Amount), signer, err)
	}
}

// testLog writes what the seller and buyer log to the test's log.
func testLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
