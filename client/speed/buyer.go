package speed

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/client/wire"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Bank moves a buyer's money on chain: each call is one transaction,
// returning once it is committed.
type Bank interface {
	Open(ctx context.Context, payee address.Address, deposit *uint256.Int) (paych.ChannelID, error)
	TopUp(ctx context.Context, id paych.ChannelID, amount *uint256.Int) error
	CoopClose(ctx context.Context, sc paych.SignedClose) error
	Close(ctx context.Context, id paych.ChannelID) error
}

// BuyerConfig is one torrent's budget and the means to spend it.
type BuyerConfig struct {
	ChainID  string
	Key      *ecdsa.PrivateKey // signs vouchers; the payer of the channels
	Budget   *uint256.Int      // the most locked in channels, and so the most spent
	MaxPrice *uint256.Int      // the most paid per MiB: the bid
	Bank     Bank
	Log      *slog.Logger
}

// Buyer spends one torrent's budget; see the package documentation.
type Buyer struct {
	cfg    BuyerConfig
	payer  address.Address
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	locked    *uint256.Int // deposits of this buyer's channels
	spent     *uint256.Int // vouchers signed, in all
	channels  map[address.Address]*channel
	purchases map[*Purchase]struct{}
}

// channel is a buyer's channel to one payee.
type channel struct {
	payee    address.Address
	id       paych.ChannelID
	state    chanState
	deposit  *uint256.Int
	promised *uint256.Int // the last voucher's amount
	acked    *uint256.Int // the highest amount the seller gave a receipt for
	nonce    uint64
	topping  bool
	waiting  []*Purchase // bids to send once it is open
}

type chanState int

const (
	chanOpening chanState = iota
	chanOpen
	chanFailed
	chanClosed
)

// NewBuyer checks cfg and returns a buyer.
func NewBuyer(cfg BuyerConfig) (*Buyer, error) {
	switch {
	case cfg.Key == nil || cfg.Bank == nil || cfg.ChainID == "":
		return nil, errors.New("speed: a buyer needs a key, a bank and a chain id")
	case cfg.Budget == nil || cfg.Budget.IsZero():
		return nil, errors.New("speed: a buyer needs a budget")
	case cfg.MaxPrice == nil || cfg.MaxPrice.IsZero():
		return nil, errors.New("speed: a buyer needs a maximum price")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	b := &Buyer{cfg: cfg, payer: address.Address(crypto.PubkeyToAddress(cfg.Key.PublicKey)),
		locked: new(uint256.Int), spent: new(uint256.Int), channels: map[address.Address]*channel{},
		purchases: map[*Purchase]struct{}{}}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b, nil
}

// Spent is what the buyer's vouchers promised, in all.
func (b *Buyer) Spent() *uint256.Int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return new(uint256.Int).Set(b.spent)
}

// Acknowledged is what sellers gave receipts for, in all: what they hold
// on disk. It trails Spent by the vouchers in flight.
func (b *Buyer) Acknowledged() *uint256.Int {
	b.mu.Lock()
	defer b.mu.Unlock()
	sum := new(uint256.Int)
	for _, ch := range b.channels {
		sum.Add(sum, ch.acked)
	}
	return sum
}

// Locked is what the buyer's channels hold.
func (b *Buyer) Locked() *uint256.Int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return new(uint256.Int).Set(b.locked)
}

// NewPurchase starts buying from one connection; send delivers messages to
// the peer.
func (b *Buyer) NewPurchase(send func(*wire.SpeedMsg)) *Purchase {
	pu := &Purchase{b: b, send: send, owe: new(uint256.Int), spent: new(uint256.Int), closed: make(chan paych.SignedClose, 1)}
	b.mu.Lock()
	b.purchases[pu] = struct{}{}
	b.mu.Unlock()
	return pu
}

// Purchase is a Buyer's side of one connection.
type Purchase struct {
	b    *Buyer
	send func(*wire.SpeedMsg)

	// Guarded by b.mu.
	payee     address.Address // from the offer; zero until one is accepted
	ch        *channel
	won       bool
	price     *uint256.Int
	owe       *uint256.Int // for verified bytes, not yet in a voucher
	withdrawn bool
	gone      bool
	spent     *uint256.Int
	closed    chan paych.SignedClose
}

// Handle acts on a message from the seller.
func (pu *Purchase) Handle(m *wire.SpeedMsg) {
	b := pu.b
	b.mu.Lock()
	defer b.mu.Unlock()
	switch m.Type {
	case wire.SpeedOffer:
		switch {
		case m.ChainID != b.cfg.ChainID:
			b.cfg.Log.Debug("a Speed offer for another chain", "chain", m.ChainID)
		case m.Price.Gt(b.cfg.MaxPrice):
			b.cfg.Log.Debug("a Speed offer above our price", "floor", btt.Format(m.Price))
		case m.Payee == b.payer:
			// Our own offer, through a second connection to ourselves.
		default:
			pu.payee = m.Payee
		}
	case wire.SpeedAward:
		pu.won = m.Won && !m.Price.Gt(b.cfg.MaxPrice)
		pu.price = m.Price
		if pu.won {
			b.cfg.Log.Debug("won an upload slot", "payee", pu.payee, "price", btt.Format(m.Price))
		}
	case wire.SpeedReceipt:
		if ch := pu.ch; ch != nil && ch.id == m.Channel && m.Amount.Gt(ch.acked) && !m.Amount.Gt(ch.promised) {
			ch.acked.Set(m.Amount)
		}
	case wire.SpeedRefusal:
		b.cfg.Log.Info("the seller refused", "payee", pu.payee, "nonce", m.Nonce, "reason", m.Reason)
	case wire.SpeedClose:
		select {
		case pu.closed <- paych.SignedClose{Close: paych.Close{Channel: m.Channel, Amount: m.Amount}, Signature: m.Signature}:
		default:
		}
	}
}

// Unchoked is told of each unchoke by the seller. On the first one with an
// acceptable offer it opens a channel (or joins one opening) and bids.
// bytesLeft is what the torrent still needs: no channel locks more than
// it would cost at the maximum price.
func (pu *Purchase) Unchoked(bytesLeft int64) {
	b := pu.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if pu.payee.IsZero() || pu.ch != nil || pu.withdrawn || pu.gone {
		return
	}
	ch := b.channels[pu.payee]
	if ch == nil {
		deposit := b.allowanceLocked(Cost(bytesLeft, b.cfg.MaxPrice))
		if deposit.IsZero() {
			return
		}
		ch = &channel{payee: pu.payee, deposit: deposit, promised: new(uint256.Int), acked: new(uint256.Int)}
		b.channels[pu.payee] = ch
		b.locked.Add(b.locked, deposit)
		b.open(ch)
	}
	pu.ch = ch
	switch ch.state {
	case chanOpening:
		ch.waiting = append(ch.waiting, pu)
	case chanOpen:
		pu.bidLocked()
	}
}

// allowanceLocked is want, or what is left of the budget if less.
func (b *Buyer) allowanceLocked(want *uint256.Int) *uint256.Int {
	left := new(uint256.Int)
	if b.cfg.Budget.Gt(b.locked) {
		left.Sub(b.cfg.Budget, b.locked)
	}
	if want.Lt(left) {
		return new(uint256.Int).Set(want)
	}
	return left
}

func (b *Buyer) open(ch *channel) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Minute)
		id, err := b.cfg.Bank.Open(ctx, ch.payee, ch.deposit)
		cancel()
		b.mu.Lock()
		defer b.mu.Unlock()
		if err != nil {
			b.cfg.Log.Warn("cannot open a Speed channel; buying nothing from this seller", "payee", ch.payee, "err", err)
			ch.state = chanFailed
			b.locked.Sub(b.locked, ch.deposit)
			return
		}
		b.cfg.Log.Info("opened a Speed channel", "channel", id.Short(), "payee", ch.payee, "deposit", btt.Format(ch.deposit))
		ch.id, ch.state = id, chanOpen
		for _, pu := range ch.waiting {
			if !pu.gone {
				pu.bidLocked()
			}
		}
		ch.waiting = nil
	}()
}

func (pu *Purchase) bidLocked() {
	pu.send(&wire.SpeedMsg{Type: wire.SpeedBid, Version: wire.SpeedVersion, Price: pu.b.cfg.MaxPrice, Channel: pu.ch.id})
}

// withdrawLocked stops bidding on this connection for good.
func (pu *Purchase) withdrawLocked(why string) {
	if pu.withdrawn {
		return
	}
	pu.withdrawn, pu.won = true, false
	if pu.ch == nil {
		return // it never bid
	}
	pu.b.cfg.Log.Info("stopped bidding", "payee", pu.payee, "why", why)
	pu.send(&wire.SpeedMsg{Type: wire.SpeedBid, Version: wire.SpeedVersion, Price: new(uint256.Int)})
}

// Verified pays for n bytes of a verified piece that this seller sent, if
// it holds a paid slot: one voucher for the running total.
func (pu *Purchase) Verified(n int64) {
	b := pu.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if !pu.won || pu.withdrawn || pu.ch == nil || pu.ch.state != chanOpen {
		return
	}
	pu.owe.Add(pu.owe, Cost(n, pu.price))
	pu.payOwedLocked()
}

// payOwedLocked signs a voucher for what the purchase owes, topping the
// channel up first if the deposit falls short.
func (pu *Purchase) payOwedLocked() {
	b, ch := pu.b, pu.ch
	if pu.owe.IsZero() || ch.state != chanOpen {
		return
	}
	amount := new(uint256.Int).Add(ch.promised, pu.owe)
	if amount.Gt(ch.deposit) {
		b.topUpLocked(ch, new(uint256.Int).Sub(amount, ch.deposit))
		if ch.topping {
			return // the voucher waits for the top-up
		}
		// The budget is spent: pay what the deposit still covers, and stop.
		amount.Set(ch.deposit)
		pu.withdrawLocked("the budget is spent")
	}
	pu.owe.Clear()
	if !amount.Gt(ch.promised) {
		return
	}
	v := paych.Voucher{Channel: ch.id, Amount: amount, Nonce: ch.nonce + 1}
	sv, err := v.Sign(b.cfg.ChainID, b.cfg.Key)
	if err != nil {
		b.cfg.Log.Error("sign a voucher", "err", err)
		return
	}
	paid := new(uint256.Int).Sub(amount, ch.promised)
	ch.promised, ch.nonce = amount, v.Nonce
	b.spent.Add(b.spent, paid)
	pu.spent.Add(pu.spent, paid)
	pu.send(&wire.SpeedMsg{Type: wire.SpeedVoucher, ChainID: b.cfg.ChainID, Channel: ch.id, Amount: amount, Nonce: v.Nonce,
		Signature: sv.Signature})
}

// topUpLocked adds to ch's deposit need and as much as the deposit again,
// so that top-ups stay few, or what is left of the budget if less; it does
// nothing once the budget is all locked. ch.topping says whether a top-up
// is under way.
func (b *Buyer) topUpLocked(ch *channel, need *uint256.Int) {
	if ch.topping {
		return
	}
	add := b.allowanceLocked(new(uint256.Int).Add(need, ch.deposit))
	if add.IsZero() {
		return
	}
	ch.topping = true
	b.locked.Add(b.locked, add)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Minute)
		err := b.cfg.Bank.TopUp(ctx, ch.id, add)
		cancel()
		b.mu.Lock()
		defer b.mu.Unlock()
		ch.topping = false
		if err != nil {
			b.cfg.Log.Warn("cannot top up a Speed channel", "channel", ch.id.Short(), "err", err)
			b.locked.Sub(b.locked, add)
		} else {
			ch.deposit.Add(ch.deposit, add)
			b.cfg.Log.Info("topped up a Speed channel", "channel", ch.id.Short(), "deposit", btt.Format(ch.deposit))
		}
		// A bid naming the channel again makes the seller read the new
		// deposit; then the vouchers waiting for it go out (or, if the
		// top-up failed, what the deposit covers, and the bidding stops).
		for pu := range b.purchases {
			if pu.ch == ch && !pu.withdrawn {
				pu.bidLocked()
				pu.payOwedLocked()
			}
		}
	}()
}

// Stalled stops bidding on this connection: the seller holds our bid but
// stopped delivering.
func (pu *Purchase) Stalled() {
	pu.b.mu.Lock()
	defer pu.b.mu.Unlock()
	if pu.won {
		pu.withdrawLocked("the seller stopped delivering")
	}
}

// Paying says the purchase holds a paid slot.
func (pu *Purchase) Paying() bool {
	pu.b.mu.Lock()
	defer pu.b.mu.Unlock()
	return pu.won && !pu.withdrawn
}

// Settling says the purchase has a channel that is not closed yet: the
// connection should stay up for the seller's cooperative close.
func (pu *Purchase) Settling() bool {
	pu.b.mu.Lock()
	defer pu.b.mu.Unlock()
	return pu.ch != nil && (pu.ch.state == chanOpening || pu.ch.state == chanOpen)
}

// Spent is what this connection's vouchers promised.
func (pu *Purchase) Spent() *uint256.Int {
	pu.b.mu.Lock()
	defer pu.b.mu.Unlock()
	return new(uint256.Int).Set(pu.spent)
}

// Gone is told when the connection closes.
func (pu *Purchase) Gone() {
	pu.b.mu.Lock()
	defer pu.b.mu.Unlock()
	pu.gone = true
	delete(pu.b.purchases, pu)
}

// closeWait bounds how long Finish waits for a seller's signed close
// before it closes the channel alone.
const closeWait = 20 * time.Second

// Finish closes the buyer's channels when the download is over: each
// seller still connected is asked for a cooperative close, which pays it
// its best voucher and returns the rest at once; a channel whose seller
// is gone, does not answer or asks for more than was promised is closed by
// the payer, which starts the settle delay (the seller's watcher redeems
// meanwhile). It waits for opens and top-ups under way first.
func (b *Buyer) Finish(ctx context.Context) error {
	b.mu.Lock()
	for pu := range b.purchases {
		pu.withdrawLocked("the download is over")
	}
	b.mu.Unlock()
	b.wg.Wait()
	b.mu.Lock()
	type closing struct {
		ch *channel
		pu *Purchase
	}
	var work []closing
	for _, ch := range b.channels {
		if ch.state != chanOpen {
			continue
		}
		c := closing{ch: ch}
		for pu := range b.purchases {
			if pu.ch == ch {
				c.pu = pu
				break
			}
		}
		if c.pu != nil {
			c.pu.send(&wire.SpeedMsg{Type: wire.SpeedCloseRequest, Channel: ch.id})
		}
		work = append(work, c)
	}
	b.mu.Unlock()
	var errs []error
	for _, c := range work {
		if err := b.close(ctx, c.ch, c.pu); err != nil {
			errs = append(errs, fmt.Errorf("close channel %s: %w", c.ch.id, err))
		}
	}
	return errors.Join(errs...)
}

func (b *Buyer) close(ctx context.Context, ch *channel, pu *Purchase) error {
	var sc *paych.SignedClose
	if pu != nil {
		select {
		case got := <-pu.closed:
			sc = &got
		case <-time.After(closeWait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	b.mu.Lock()
	promised := new(uint256.Int).Set(ch.promised)
	b.mu.Unlock()
	if sc != nil {
		signer, err := sc.Signer(b.cfg.ChainID)
		switch {
		case err != nil || signer != ch.payee || sc.Close.Channel != ch.id:
			b.cfg.Log.Warn("a seller's close is not valid; closing alone", "channel", ch.id.Short())
			sc = nil
		case sc.Close.Amount.Gt(promised):
			b.cfg.Log.Warn("a seller's close asks more than was promised; closing alone", "channel", ch.id.Short(),
				"asked", btt.Format(sc.Close.Amount), "promised", btt.Format(promised))
			sc = nil
		}
	}
	var err error
	if sc != nil {
		err = b.cfg.Bank.CoopClose(ctx, *sc)
	} else {
		err = b.cfg.Bank.Close(ctx, ch.id)
	}
	if err != nil {
		return err
	}
	b.mu.Lock()
	ch.state = chanClosed
	b.mu.Unlock()
	b.cfg.Log.Info("closed a Speed channel", "channel", ch.id.Short(), "cooperative", sc != nil, "paid", btt.Format(promised))
	return nil
}

// Close stops the chain calls under way.
func (b *Buyer) Close() {
	b.cancel()
	b.wg.Wait()
}
