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

// Ledger reads channels from a bttcd node.
type Ledger interface {
	Channel(ctx context.Context, id paych.ChannelID) (*paych.ChannelView, error)
}

// SellerConfig is what a Seller needs.
type SellerConfig struct {
	ChainID string
	Key     *ecdsa.PrivateKey // the payee's: vouchers pay its address, it signs closes
	Floor   *uint256.Int      // the least price per MiB a bid must offer
	Slots   int               // the upload slots auctioned (the choker's regular slots)
	Ledger  Ledger
	Vault   *Vault
	Log     *slog.Logger
}

// Seller sells a client's upload slots; see the package documentation.
type Seller struct {
	cfg    SellerConfig
	payee  address.Address
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewSeller checks cfg and returns a seller.
func NewSeller(cfg SellerConfig) (*Seller, error) {
	switch {
	case cfg.Key == nil || cfg.Ledger == nil || cfg.Vault == nil || cfg.ChainID == "":
		return nil, errors.New("speed: a seller needs a key, a ledger, a vault and a chain id")
	case cfg.Floor == nil:
		cfg.Floor = new(uint256.Int)
	}
	if cfg.Slots <= 0 {
		cfg.Slots = 4
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Seller{cfg: cfg, payee: address.Address(crypto.PubkeyToAddress(cfg.Key.PublicKey))}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Payee is the address vouchers must pay.
func (s *Seller) Payee() address.Address { return s.payee }

// Floor is the least price per MiB a bid must offer.
func (s *Seller) Floor() *uint256.Int { return s.cfg.Floor }

// Slots is how many upload slots are auctioned.
func (s *Seller) Slots() int { return s.cfg.Slots }

// Close stops the channel reads in flight.
func (s *Seller) Close() {
	s.cancel()
	s.wg.Wait()
}

// NewSale starts selling to one connection: send delivers messages to the
// peer (it must not block for long); ready, if not nil, is called (with no
// lock of the sale held) when a bid's channel has been read or a winner
// withdrew, so that the auction can be run again at once. The offer goes out at once.
func (s *Seller) NewSale(send func(*wire.SpeedMsg), ready func()) *Sale {
	sale := &Sale{s: s, send: send, ready: ready, owed: new(uint256.Int), paid: new(uint256.Int), credited: new(uint256.Int)}
	send(&wire.SpeedMsg{Type: wire.SpeedOffer, Version: wire.SpeedVersion, ChainID: s.cfg.ChainID, Payee: s.payee,
		Price: s.cfg.Floor, Slots: s.cfg.Slots})
	return sale
}

// Sale is a Seller's side of one connection.
type Sale struct {
	s     *Seller
	send  func(*wire.SpeedMsg)
	ready func()

	mu          sync.Mutex
	bid         *uint256.Int // the standing bid; nil when none
	channel     paych.ChannelID
	terms       *paych.Terms // the bid's channel as last read; nil until read
	reading     bool
	reread      bool // a bid came while reading: read again after
	won         bool
	price       *uint256.Int // what a winner pays per MiB
	owed        *uint256.Int // wei for bytes served since the award
	paid        *uint256.Int // wei credited since the award
	defaulted   bool         // fell behind; its bids count no more
	closeSigned bool         // the buyer has its cooperative close
	credited    *uint256.Int // wei credited on this connection
	// pending is a voucher above the deposit as last read, waiting for
	// the channel to be read again (the buyer topped it up).
	pending *pendingVoucher
}

type pendingVoucher struct {
	chainID string
	sv      *paych.SignedVoucher
}

// Handle acts on a message from the buyer.
func (sa *Sale) Handle(m *wire.SpeedMsg) {
	switch m.Type {
	case wire.SpeedBid:
		sa.gotBid(m)
	case wire.SpeedVoucher:
		sa.gotVoucher(m)
	case wire.SpeedCloseRequest:
		sa.gotCloseRequest(m)
	}
}

func (sa *Sale) gotBid(m *wire.SpeedMsg) {
	sa.mu.Lock()
	if m.Price.IsZero() {
		// Withdrawn: the slot is free now, for the next auction.
		won := sa.won
		sa.bid, sa.won = nil, false
		sa.mu.Unlock()
		if won && sa.ready != nil {
			sa.ready()
		}
		return
	}
	defer sa.mu.Unlock()
	sa.bid = m.Price
	if m.Channel == ([32]byte{}) {
		return
	}
	if paych.ChannelID(m.Channel) != sa.channel {
		sa.channel, sa.terms = m.Channel, nil
	}
	// A bid names its channel again after a top-up: read it again.
	sa.readLocked()
}

// readLocked reads the bid's channel from the chain, one read at a time.
func (sa *Sale) readLocked() {
	if sa.reading {
		sa.reread = true
		return
	}
	sa.reading = true
	id := sa.channel
	sa.s.wg.Add(1)
	go func() {
		defer sa.s.wg.Done()
		ctx, cancel := context.WithTimeout(sa.s.ctx, 30*time.Second)
		view, err := sa.s.cfg.Ledger.Channel(ctx, id)
		cancel()
		sa.mu.Lock()
		got := false
		defer func() {
			sa.mu.Unlock()
			if got && sa.ready != nil {
				sa.ready()
			}
		}()
		sa.reading = false
		switch {
		case err != nil:
			sa.s.cfg.Log.Debug("read a bidder's channel", "channel", id.Short(), "err", err)
		case view.Payee != sa.s.payee:
			sa.refuseLocked(0, fmt.Sprintf("channel %s pays %s, not %s", id, view.Payee, sa.s.payee))
		case view.State != paych.Open:
			sa.refuseLocked(0, fmt.Sprintf("channel %s is %s", id, view.State))
		case id == sa.channel:
			t := view.Terms()
			sa.terms, got = &t, true
		}
		if p := sa.pending; p != nil && !sa.reread {
			sa.pending = nil
			sa.settleLocked(p.chainID, p.sv, false)
		}
		if sa.reread {
			sa.reread = false
			sa.readLocked()
		}
	}()
}

func (sa *Sale) refuseLocked(nonce uint64, reason string) {
	sa.send(&wire.SpeedMsg{Type: wire.SpeedRefusal, Nonce: nonce, Reason: reason})
}

// errAboveKnownDeposit is a voucher beyond the deposit as last read: the
// channel may have been topped up since.
var errAboveKnownDeposit = errors.New("above the deposit")

func (sa *Sale) gotVoucher(m *wire.SpeedMsg) {
	sv := paych.SignedVoucher{Voucher: paych.Voucher{Channel: m.Channel, Amount: m.Amount, Nonce: m.Nonce, Expiry: m.Expiry},
		Signature: m.Signature}
	// The signature is recovered before the lock: it is the costly part.
	sv.Recover(sa.s.cfg.ChainID)
	sa.mu.Lock()
	defer sa.mu.Unlock()
	sa.settleLocked(m.ChainID, &sv, true)
}

// settleLocked credits a voucher and sends a receipt, or a refusal. A
// voucher above the deposit as last read waits, if wait is set, for the
// channel to be read again: the buyer tops up before it pays beyond.
func (sa *Sale) settleLocked(chainID string, sv *paych.SignedVoucher, wait bool) {
	credit, err := sa.creditLocked(chainID, sv)
	if errors.Is(err, paych.ErrAboveDeposit) && wait {
		if old := sa.pending; old != nil {
			sa.refuseLocked(old.sv.Voucher.Nonce, "a later voucher replaced it")
		}
		sa.pending = &pendingVoucher{chainID: chainID, sv: sv}
		sa.readLocked()
		return
	}
	v := &sv.Voucher
	if err != nil {
		sa.refuseLocked(v.Nonce, err.Error())
		return
	}
	sa.paid.Add(sa.paid, credit)
	sa.credited.Add(sa.credited, credit)
	sa.send(&wire.SpeedMsg{Type: wire.SpeedReceipt, Channel: v.Channel, Amount: v.Amount, Nonce: v.Nonce})
}

// creditLocked checks a voucher and keeps it; it returns what it adds to
// the channel's best voucher.
func (sa *Sale) creditLocked(chainID string, sv *paych.SignedVoucher) (*uint256.Int, error) {
	switch {
	case chainID != sa.s.cfg.ChainID:
		return nil, fmt.Errorf("a voucher for chain %q; this seller takes %q", chainID, sa.s.cfg.ChainID)
	case sa.terms == nil || sv.Voucher.Channel != sa.channel:
		return nil, fmt.Errorf("a voucher of channel %s, which is not the bid's channel as read", sv.Voucher.Channel)
	}
	if err := paych.Check(*sa.terms, sv, chainID, 0, time.Now()); err != nil {
		return nil, err
	}
	best, nonce := sa.s.cfg.Vault.Best(sv.Voucher.Channel)
	if !sv.Voucher.Amount.Gt(best) || sv.Voucher.Nonce <= nonce {
		return nil, fmt.Errorf("%w: %s in all with nonce %d; the best held is %s with nonce %d", paych.ErrNothingNew,
			btt.Format(sv.Voucher.Amount), sv.Voucher.Nonce, btt.Format(best), nonce)
	}
	kept, err := sa.s.cfg.Vault.Keep(*sv)
	if err != nil {
		sa.s.cfg.Log.Error("cannot keep a voucher; refusing it", "err", err)
		return nil, errors.New("the seller cannot store vouchers now")
	}
	if !kept {
		return nil, fmt.Errorf("%w: a better voucher arrived meanwhile", paych.ErrNothingNew)
	}
	return new(uint256.Int).Sub(sv.Voucher.Amount, best), nil
}

func (sa *Sale) gotCloseRequest(m *wire.SpeedMsg) {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	if paych.ChannelID(m.Channel) != sa.channel || sa.terms == nil {
		sa.refuseLocked(0, fmt.Sprintf("no channel %s on this connection", paych.ChannelID(m.Channel)))
		return
	}
	amount, _ := sa.s.cfg.Vault.Best(sa.channel)
	sc, err := paych.Close{Channel: sa.channel, Amount: amount}.Sign(sa.s.cfg.ChainID, sa.s.cfg.Key)
	if err == nil {
		err = sa.s.cfg.Vault.KeepClose(sc)
	}
	if err != nil {
		sa.s.cfg.Log.Error("sign a cooperative close", "channel", sa.channel.Short(), "err", err)
		sa.refuseLocked(0, "the seller cannot sign a close now")
		return
	}
	sa.bid, sa.won, sa.closeSigned = nil, false, true
	sa.send(&wire.SpeedMsg{Type: wire.SpeedClose, ChainID: sa.s.cfg.ChainID, Channel: sa.channel, Amount: amount, Signature: sc.Signature})
}

// Bid is the buyer's standing bid if it is in good standing: its channel
// is open to this seller with something left, the bid reaches the floor,
// and, if it holds a slot, it owes no more than graceBytes' worth. A
// winner that owes more defaults and its bids count no more.
func (sa *Sale) Bid(graceBytes int64) *uint256.Int {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	if sa.bid == nil || sa.terms == nil || sa.defaulted || sa.bid.Lt(sa.s.cfg.Floor) {
		return nil
	}
	if sa.won {
		allowed := new(uint256.Int).Add(sa.paid, Cost(graceBytes, sa.price))
		if sa.owed.Gt(allowed) {
			sa.defaulted = true
			sa.s.cfg.Log.Info("a bidder stopped paying; its bids no longer count", "channel", sa.channel.Short(),
				"owed", btt.Format(sa.owed), "paid", btt.Format(sa.paid))
			return nil
		}
	}
	best, _ := sa.s.cfg.Vault.Best(sa.channel)
	if !sa.terms.Deposit.Gt(best) {
		return nil // nothing left to pay with
	}
	return sa.bid
}

// Award tells the buyer the auction's outcome for it, when it changed. A
// new win starts a fresh account of what it owes.
func (sa *Sale) Award(won bool, price *uint256.Int) {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	if won == sa.won && (!won || price.Eq(sa.price)) {
		return
	}
	if won && !sa.won {
		sa.owed.Clear()
		sa.paid.Clear()
	}
	sa.won, sa.price = won, nil
	msg := &wire.SpeedMsg{Type: wire.SpeedAward, Won: won}
	if won {
		sa.price = new(uint256.Int).Set(price)
		msg.Price = sa.price
	}
	sa.send(msg)
}

// Served counts n bytes uploaded to the buyer: a winner owes for them.
func (sa *Sale) Served(n int) {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	if sa.won {
		sa.owed.Add(sa.owed, Cost(int64(n), sa.price))
	}
}

// Settling says the buyer paid into a channel this sale has not signed a
// close of yet: the connection should stay up for the close request.
func (sa *Sale) Settling() bool {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	return sa.terms != nil && !sa.closeSigned
}

// Winning says the buyer holds a paid slot now, for upload priority.
func (sa *Sale) Winning() bool {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	return sa.won && !sa.defaulted
}

// Credited is what this connection's vouchers added, in wei.
func (sa *Sale) Credited() *uint256.Int {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	return new(uint256.Int).Set(sa.credited)
}

// Cost is what n bytes cost at price wei per MiB, rounded down.
func Cost(n int64, price *uint256.Int) *uint256.Int {
	if n <= 0 || price == nil {
		return new(uint256.Int)
	}
	c, overflow := new(uint256.Int).MulOverflow(uint256.NewInt(uint64(n)), price)
	if overflow {
		return new(uint256.Int).SetAllOne()
	}
	return c.Rsh(c, 20)
}
