package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/storage"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Wallet is the key a daemon pays and earns with, and its node.
type Wallet struct {
	Sender    *rpcclient.Sender // with the key's signer and the chain id
	TxOptions rpcclient.TxOptions
	// StorageDir holds the renter's records (btt storage put), shown on
	// the page.
	StorageDir string
	Log        *slog.Logger
}

// ErrNoWallet is returned when a torrent asks to pay and the daemon runs
// without a wallet.
var ErrNoWallet = errors.New("this daemon has no wallet: start it with --from KEY to pay seeders")

// buyer makes a torrent's Speed buyer from its budget, or nil when it pays
// nothing.
func (d *Daemon) buyer(it *item) (*speed.Buyer, error) {
	if it.MaxSpend == "" {
		return nil, nil
	}
	w := d.opts.Wallet
	if w == nil {
		return nil, ErrNoWallet
	}
	budget, err := btt.Parse(it.MaxSpend)
	if err != nil || budget.IsZero() {
		return nil, fmt.Errorf("max_spend %q: want a positive amount such as 100btt", it.MaxSpend)
	}
	price, err := btt.Parse(it.MaxPrice)
	if err != nil || price.IsZero() {
		return nil, fmt.Errorf("max_price %q: want a positive amount per MiB such as 0.05btt", it.MaxPrice)
	}
	signer, ok := w.Sender.Signer.(tx.KeySigner)
	if !ok {
		return nil, errors.New("the daemon's wallet cannot sign vouchers")
	}
	return speed.NewBuyer(speed.BuyerConfig{ChainID: w.Sender.ChainID, Key: signer.Key, Budget: budget, MaxPrice: price,
		Bank: &speed.Chain{Sender: w.Sender, Options: w.TxOptions}, Log: w.Log})
}

// settle closes a paying torrent's channels once its download completes
// or it is removed.
func (d *Daemon) settle(it *item, t interface{ Done() <-chan struct{} }, b *speed.Buyer) {
	defer close(it.settled)
	select {
	case <-t.Done():
	case <-it.gone:
	case <-d.stop:
		b.Close()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := b.Finish(ctx)
	b.Close()
	if w := d.opts.Wallet; w != nil && w.Log != nil {
		w.Log.Info("download complete: payment channels closed", "torrent", it.Hash, "paid", btt.Format(b.Spent()), "err", err)
	}
}

// WalletView is the wallet as the page shows it.
type WalletView struct {
	Address   string              `json:"address"`
	ChainID   string              `json:"chain_id"`
	Balance   string              `json:"balance"`
	Channels  []ChannelView       `json:"channels"`
	Contracts []deal.ContractView `json:"contracts"`
	Files     map[string]string   `json:"files"` // contract id → file name, of the renter's records
	Error     string              `json:"error,omitempty"`
}

// ChannelView is a Speed channel and the wallet's side of it.
type ChannelView struct {
	paych.ChannelView
	Role string `json:"role"` // payer or payee
}

// Wallet reads the wallet's balance, channels and storage contracts from
// the node; without a wallet it says so.
func (d *Daemon) Wallet(ctx context.Context) (*WalletView, error) {
	w := d.opts.Wallet
	if w == nil {
		return nil, ErrNoWallet
	}
	cl := w.Sender.Client
	v := &WalletView{Address: w.Sender.From.String(), ChainID: w.Sender.ChainID, Files: map[string]string{}}
	acc, err := cl.Account(ctx, w.Sender.From, 0)
	if err != nil {
		v.Error = err.Error()
		return v, nil
	}
	v.Balance = acc.Balance
	for _, role := range []string{"payer", "payee"} {
		after := "-"
		for after != "" {
			var page paych.ChannelPage
			if err := cl.Speed(ctx, fmt.Sprintf("channels/%s/%s/%s", role, w.Sender.From, after), 0, &page); err != nil {
				v.Error = err.Error()
				return v, nil
			}
			for _, c := range page.Channels {
				v.Channels = append(v.Channels, ChannelView{ChannelView: c, Role: role})
			}
			after = page.Next
		}
	}
	chain := &storage.Chain{Sender: w.Sender}
	seen := map[deal.ID]bool{}
	for _, role := range []string{"renter", "host"} {
		cs, err := chain.Contracts(ctx, role, w.Sender.From)
		if err != nil {
			v.Error = err.Error()
			return v, nil
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				v.Contracts = append(v.Contracts, c)
			}
		}
	}
	if w.StorageDir != "" {
		recs, _ := (&storage.Renter{Dir: w.StorageDir}).Records()
		for _, r := range recs {
			v.Files[r.ID.String()] = r.Name
		}
	}
	return v, nil
}

// amounts formats wei for the page; nil is zero.
func amount(v *uint256.Int) string {
	if v == nil {
		return "0btt"
	}
	return btt.Format(v)
}
