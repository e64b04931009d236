package speedwatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Config is what a Watcher needs.
type Config struct {
	// Sender signs and sends the redeems; its From pays their fees.
	Sender *rpcclient.Sender
	// TxOptions are the redeems' gas settings.
	TxOptions rpcclient.TxOptions
	// Payee is whose channels are watched; usually Sender.From.
	Payee address.Address
	// Dir holds the voucher files: every *.json and *.jsonl in it.
	Dir string
	// Every redeems whatever is unredeemed at least every Every blocks;
	// 0 never does on that account.
	Every int64
	// Above redeems everything once the unredeemed total reaches it; nil
	// never does on that account.
	Above *uint256.Int
	// ExpiryMargin redeems a voucher this many blocks before its expiry.
	ExpiryMargin uint64
	// Log receives what the watcher does; nil discards it.
	Log *slog.Logger
}

// Watcher redeems a payee's vouchers; see the package documentation.
type Watcher struct {
	cfg  Config
	last int64 // height of the last routine redeem; 0 until the first pass
}

// New returns a watcher.
func New(cfg Config) (*Watcher, error) {
	if cfg.Sender == nil || cfg.Sender.Client == nil {
		return nil, errors.New("speedwatch: no sender")
	}
	if cfg.Dir == "" {
		return nil, errors.New("speedwatch: no voucher directory")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{cfg: cfg}, nil
}

// Reasons a voucher is redeemed.
const (
	ReasonClosing = "closing"
	ReasonExpiry  = "expiring"
	ReasonRoutine = "routine"
)

// Due is a voucher the watcher chose to redeem, and why.
type Due struct {
	Voucher paych.SignedVoucher
	Pays    *uint256.Int
	Reason  string
}

// Report is what one pass saw and did.
type Report struct {
	Height    int64
	Channels  int          // the payee's open and closing channels
	Vouchers  int          // vouchers read for this chain
	Unpaid    *uint256.Int // what the best vouchers would pay now
	Redeemed  []Due        // what was sent and paid
	Refused   int          // vouchers the chain refused in the sent batches
	Committed []*rpcclient.Committed
}

// Step makes one pass: read the vouchers, read the channels, redeem what
// is due. It is what Run repeats, and what tests drive.
func (w *Watcher) Step(ctx context.Context) (*Report, error) {
	client := w.cfg.Sender.Client
	status, err := client.Status(ctx)
	if err != nil {
		return nil, err
	}
	chainID, height, now := status.NodeInfo.Network, status.SyncInfo.LatestBlockHeight, status.SyncInfo.LatestBlockTime
	held, err := w.read(chainID)
	if err != nil {
		return nil, err
	}
	channels, err := w.channels(ctx)
	if err != nil {
		return nil, err
	}
	rep := &Report{Height: height, Channels: len(channels), Vouchers: countVouchers(held), Unpaid: new(uint256.Int)}
	if w.last == 0 {
		w.last = height
	}
	// The next block is at least one height and one moment later; judging
	// there keeps a voucher that expires now, or a delay that ends now,
	// out of a transaction the chain would refuse.
	next := height + 1
	var due []Due
	routine := w.cfg.Every > 0 && height-w.last >= w.cfg.Every
	var waiting []Due
	for i := range channels {
		ch := &channels[i]
		best, pays := Best(ch, held[ch.ID], chainID, next, now.Add(time.Nanosecond))
		if best == nil {
			continue
		}
		rep.Unpaid.Add(rep.Unpaid, pays)
		d := Due{Voucher: *best, Pays: pays}
		switch {
		case ch.State == paych.Closing:
			d.Reason = ReasonClosing
		case best.Voucher.Expiry != 0 && best.Voucher.Expiry <= uint64(next)+w.cfg.ExpiryMargin:
			d.Reason = ReasonExpiry
		case routine:
			d.Reason = ReasonRoutine
		default:
			waiting = append(waiting, d)
			continue
		}
		due = append(due, d)
	}
	if w.cfg.Above != nil && !rep.Unpaid.IsZero() && !rep.Unpaid.Lt(w.cfg.Above) {
		for _, d := range waiting {
			d.Reason = ReasonRoutine
			due = append(due, d)
		}
	}
	if routine {
		w.last = height
	}
	if len(due) == 0 {
		return rep, nil
	}
	return rep, w.redeem(ctx, due, rep)
}

// redeem sends due in batches of at most MaxBatch and records what the
// chain paid.
func (w *Watcher) redeem(ctx context.Context, due []Due, rep *Report) error {
	for start := 0; start < len(due); start += paych.MaxBatch {
		part := due[start:min(start+paych.MaxBatch, len(due))]
		m := &paych.MsgRedeem{Vouchers: make([]paych.SignedVoucher, len(part))}
		for i := range part {
			m.Vouchers[i] = part[i].Voucher
		}
		res, err := w.cfg.Sender.Send(ctx, w.cfg.TxOptions, m)
		if err != nil {
			return fmt.Errorf("redeem %d vouchers: %w", len(part), err)
		}
		rep.Committed = append(rep.Committed, res)
		if res.Failed() {
			return fmt.Errorf("redeem %d vouchers: transaction %s failed: %s", len(part), res.Hash, res.Log)
		}
		refused := map[string]bool{}
		for _, i := range res.Attr(paych.EventRefused, paych.AttrIndex) {
			refused[i] = true
		}
		rep.Refused += len(refused)
		for i, d := range part {
			if !refused[fmt.Sprint(i)] {
				rep.Redeemed = append(rep.Redeemed, d)
				w.cfg.Log.Info("redeemed", "channel", d.Voucher.Voucher.Channel.Short(), "pays", btt.Format(d.Pays), "why", d.Reason, "tx", res.Hash)
			}
		}
	}
	return nil
}

// Best is the voucher of vs that pays most in ch now, and what it pays;
// nil if none is redeemable. Cheap checks come before the signature's.
func Best(ch *paych.ChannelView, vs []paych.SignedVoucher, chainID string, height int64, now time.Time) (*paych.SignedVoucher, *uint256.Int) {
	terms := ch.Terms()
	var best *paych.SignedVoucher
	for i := range vs {
		v := &vs[i]
		if v.Voucher.Nonce <= terms.Nonce || !v.Voucher.Amount.Gt(terms.Redeemed) || v.Voucher.Amount.Gt(terms.Deposit) {
			continue
		}
		if best != nil && !v.Voucher.Amount.Gt(best.Voucher.Amount) {
			continue
		}
		if paych.Check(terms, v, chainID, height, now) == nil {
			best = v
		}
	}
	if best == nil {
		return nil, nil
	}
	return best, new(uint256.Int).Sub(best.Voucher.Amount, terms.Redeemed)
}

// Run repeats Step every poll until ctx ends. A failed pass is logged and
// tried again at the next poll: a node restart or a full mempool must not
// stop the watcher.
func (w *Watcher) Run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		rep, err := w.Step(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			w.cfg.Log.Warn("watch pass failed; trying again", "err", err)
		case len(rep.Redeemed) > 0:
			w.cfg.Log.Info("pass", "height", rep.Height, "channels", rep.Channels, "redeemed", len(rep.Redeemed), "refused", rep.Refused)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// channels lists the payee's channels that can still pay, every page.
func (w *Watcher) channels(ctx context.Context) ([]paych.ChannelView, error) {
	var out []paych.ChannelView
	after := "-"
	for {
		var page paych.ChannelPage
		if err := w.cfg.Sender.Client.Speed(ctx, "channels/payee/"+w.cfg.Payee.Hex()+"/"+after, 0, &page); err != nil {
			return nil, fmt.Errorf("list channels: %w", err)
		}
		for _, c := range page.Channels {
			if c.State != paych.Closed {
				out = append(out, c)
			}
		}
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

// read loads the vouchers of chainID from the directory, by channel. A
// file that does not read is logged and skipped: one bad file must not
// cost the payee the others.
func (w *Watcher) read(chainID string) (map[paych.ChannelID][]paych.SignedVoucher, error) {
	entries, err := os.ReadDir(w.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("voucher directory: %w", err)
	}
	out := map[paych.ChannelID][]paych.SignedVoucher{}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".json") || strings.HasSuffix(e.Name(), ".jsonl")) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		vs, err := ReadFile(filepath.Join(w.cfg.Dir, name))
		if err != nil {
			w.cfg.Log.Warn("skipping part of a voucher file", "file", name, "err", err)
		}
		for _, v := range vs {
			if v.ChainID == chainID {
				out[v.Voucher.Channel] = append(out[v.Voucher.Channel], v.SignedVoucher)
			}
		}
	}
	return out, nil
}

// ReadFile reads a voucher file; on an error it returns the vouchers
// before the bad one.
func ReadFile(path string) ([]paych.VoucherFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	vs, err := paych.ReadVouchers(f)
	if err != nil {
		return vs, fmt.Errorf("%s: %w", path, err)
	}
	return vs, nil
}

func countVouchers(m map[paych.ChannelID][]paych.SignedVoucher) int {
	n := 0
	for _, vs := range m {
		n += len(vs)
	}
	return n
}
