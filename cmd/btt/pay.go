package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/speedwatch"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/cli"
)

// buyFlags are download's flags for paying seeders (Speed).
type buyFlags struct {
	w        walletFlags
	maxSpend string
	maxPrice string
}

func (b *buyFlags) add(c *cobra.Command) {
	b.w.add(c)
	b.w.addFrom(c, "the wallet key that pays seeders (with --max-spend)")
	f := c.Flags()
	f.StringVar(&b.maxSpend, "max-spend", "", "pay seeders for faster service, up to this much in all, e.g. 100btt (needs --from)")
	f.StringVar(&b.maxPrice, "max-price", "", "the most to pay per MiB, e.g. 0.05btt (the bid; with --max-spend)")
}

func (b *buyFlags) paying() bool { return b.maxSpend != "" }

// buyer makes the torrent's Speed buyer, or nil when --max-spend is not set.
func (b *buyFlags) buyer(c *cobra.Command, log *slog.Logger) (*speed.Buyer, error) {
	if !b.paying() {
		if b.maxPrice != "" {
			return nil, cli.Usage(c, errors.New("--max-price needs --max-spend, the budget"))
		}
		return nil, nil
	}
	bad := func(err error) (*speed.Buyer, error) { return nil, cli.Usage(c, err) }
	budget, err := btt.Parse(b.maxSpend)
	if err != nil || budget.IsZero() {
		return bad(fmt.Errorf("--max-spend %q: want a positive amount such as 100btt", b.maxSpend))
	}
	if b.maxPrice == "" {
		return bad(errors.New("--max-spend needs --max-price, the most to pay per MiB (e.g. 0.05btt)"))
	}
	price, err := btt.Parse(b.maxPrice)
	if err != nil || price.IsZero() {
		return bad(fmt.Errorf("--max-price %q: want a positive amount per MiB such as 0.05btt", b.maxPrice))
	}
	if b.w.from == "" {
		return bad(errors.New("--max-spend needs --from, the wallet key that pays (see 'btt wallet new')"))
	}
	sender, err := b.w.sender(c.Context())
	if err != nil {
		return nil, err
	}
	return speed.NewBuyer(speed.BuyerConfig{ChainID: sender.ChainID, Key: sender.Signer.(tx.KeySigner).Key, Budget: budget, MaxPrice: price,
		Bank: &speed.Chain{Sender: sender, Options: txOptions()}, Log: log})
}

// txOptions are the gas settings of btt's transactions: the price nodes
// admit by default, the limit simulated.
func txOptions() rpcclient.TxOptions {
	price, _ := btt.Parse(api.DefaultGasPrice)
	return rpcclient.TxOptions{GasPrice: price, GasAdjustment: 1.3}
}

// sender unlocks --from and connects to --node.
func (w *walletFlags) sender(ctx context.Context) (*rpcclient.Sender, error) {
	key, err := w.key()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, chainID, err := w.dial(ctx)
	if err != nil {
		return nil, err
	}
	from, err := w.address("")
	if err != nil {
		return nil, err
	}
	return &rpcclient.Sender{Client: cl, From: from, Signer: tx.KeySigner{Key: key}, ChainID: chainID}, nil
}

// sellFlags are seed's flags for selling upload slots (Speed).
type sellFlags struct {
	w           walletFlags
	price       string
	slots       int
	redeemEvery int64
}

func (s *sellFlags) add(c *cobra.Command) {
	s.w.add(c)
	s.w.addFrom(c, "the wallet key that is paid (with --price)")
	f := c.Flags()
	f.StringVar(&s.price, "price", "", "sell upload slots to paying peers, at least this much per MiB, e.g. 0.01btt (needs --from)")
	f.IntVar(&s.slots, "slots", 4, "upload slots: with --price they are auctioned; one more is always free")
	f.Int64Var(&s.redeemEvery, "redeem-every", 600, "redeem earned vouchers on chain every this many blocks (and at once when a channel closes)")
}

// seller is the client's Speed seller and the watcher that redeems what
// it earns; nil, nil when --price is not set. stop ends the watcher after
// one last pass that redeems everything held.
type seller struct {
	s      *speed.Seller
	vault  *speed.Vault
	sender *rpcclient.Sender
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
}

// selling checks the selling flags; it says whether --price was given.
func (s *sellFlags) selling(c *cobra.Command) (bool, error) {
	if s.price == "" {
		return false, nil
	}
	bad := func(err error) (bool, error) { return false, cli.Usage(c, err) }
	if _, err := btt.Parse(s.price); err != nil {
		return bad(fmt.Errorf("--price %q: want an amount per MiB such as 0.01btt", s.price))
	}
	switch {
	case s.slots < 1:
		return bad(errors.New("--slots must be at least 1"))
	case s.redeemEvery < 1:
		return bad(errors.New("--redeem-every must be at least 1 block"))
	case s.w.from == "":
		return bad(errors.New("--price needs --from, the wallet key that is paid (see 'btt wallet new')"))
	}
	return true, nil
}

// seller starts selling with sender's key (selling must have said yes).
func (s *sellFlags) seller(sender *rpcclient.Sender, log *slog.Logger) (*seller, error) {
	floor, err := btt.Parse(s.price)
	if err != nil {
		return nil, err
	}
	vault, err := speed.OpenVault(s.w.vaultDir(), sender.ChainID)
	if err != nil {
		return nil, err
	}
	chain := &speed.Chain{Sender: sender, Options: txOptions()}
	sl, err := speed.NewSeller(speed.SellerConfig{ChainID: sender.ChainID, Key: sender.Signer.(tx.KeySigner).Key, Floor: floor,
		Slots: s.slots, Ledger: chain, Vault: vault, Log: log})
	if err != nil {
		vault.Close()
		return nil, err
	}
	w, err := speedwatch.New(speedwatch.Config{Sender: sender, TxOptions: txOptions(), Payee: sender.From, Dir: s.w.vaultDir(),
		Every: s.redeemEvery, ExpiryMargin: 20, Log: log})
	if err != nil {
		vault.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &seller{s: sl, vault: vault, sender: sender, dir: s.w.vaultDir(), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(out.done)
		_ = w.Run(ctx, 2*time.Second)
	}()
	return out, nil
}

// stop ends selling: the watcher stops, then one pass redeems every
// voucher held, so that what was earned reaches the balance.
func (s *seller) stop(w io.Writer) {
	if s == nil {
		return
	}
	s.cancel()
	<-s.done
	s.s.Close()
	s.vault.Close()
	held := new(uint256.Int)
	for _, a := range s.vault.Earnings() {
		held.Add(held, a)
	}
	if held.IsZero() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	last, err := speedwatch.New(speedwatch.Config{Sender: s.sender, TxOptions: txOptions(), Payee: s.sender.From, Dir: s.dir,
		Above: uint256.NewInt(1), ExpiryMargin: 20})
	if err == nil {
		var rep *speedwatch.Report
		if rep, err = last.Step(ctx); err == nil && rep != nil {
			fmt.Fprintf(w, "earned %s in vouchers; %s of it was still to redeem and is now redeemed\n", btt.Format(held), btt.Format(rep.Unpaid))
			return
		}
	}
	fmt.Fprintf(w, "earned %s in vouchers; could not redeem now (%v): 'btt wallet earnings' shows what is left\n", btt.Format(held), err)
}
