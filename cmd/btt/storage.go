package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/client/storage"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

func newStorageCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "storage",
		Short: "Rent storage from hosts, or be a host, paid through BTTC storage contracts",
		Long: `A renter uploads a file to a host and proposes a contract on BitTorrent Chain:
it escrows a price a period; the host accepts by locking collateral and each
period proves it still holds the file, or is slashed. 'btt storage host'
runs a host; put, get and ls are the renter's side.`,
	}
	c.AddCommand(newStorageHostCmd(), newStoragePutCmd(), newStorageGetCmd(), newStorageLsCmd())
	return c
}

// storageChain unlocks --from and connects to --node for storage.
func (w *walletFlags) storageChain(c *cobra.Command) (*storage.Chain, error) {
	if w.from == "" {
		return nil, cli.Usage(c, errors.New("--from is required: the wallet key that pays or is paid (see 'btt wallet new')"))
	}
	sender, err := w.sender(c.Context())
	if err != nil {
		return nil, err
	}
	return &storage.Chain{Sender: sender, Options: txOptions()}, nil
}

func (w *walletFlags) renter(c *cobra.Command) (*storage.Renter, error) {
	ch, err := w.storageChain(c)
	if err != nil {
		return nil, err
	}
	return &storage.Renter{Chain: ch, Dir: filepath.Join(w.home, "storage")}, nil
}

func newStorageHostCmd() *cobra.Command {
	var (
		w          walletFlags
		dir        string
		listen     string
		price      string
		collateral string
		maxSize    string
	)
	c := &cobra.Command{
		Use:   "host --dir DIR --price P --collateral C --from KEY",
		Short: "Rent out disk: take uploads, accept contracts, prove every period",
		Long: `Serve renters on --listen (an HTTP API: terms, uploads checked against the
file's Merkle root, retrieval). Every few seconds, look at this key's
contracts on chain: accept a proposal whose file was uploaded here and whose
price a period is at least --price for each MiB of the file, with at most
--collateral a MiB to lock; and prove each active contract's period as soon
as its challenge is fixed. Uploads nobody proposes a contract for within an
hour are deleted, as are files whose contracts are over.`,
		Example: "  btt storage host --dir /srv/btt --price 0.1btt --collateral 1btt --from bob --listen 0.0.0.0:9190",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			bad := func(err error) error { return cli.Usage(c, err) }
			if dir == "" {
				return bad(errors.New("--dir is required: where the files are kept"))
			}
			p, err := btt.Parse(price)
			if err != nil || p.IsZero() {
				return bad(fmt.Errorf("--price %q: want a positive amount a period per MiB, e.g. 0.1btt", price))
			}
			col, err := btt.Parse(collateral)
			if err != nil {
				return bad(fmt.Errorf("--collateral %q: want an amount per MiB, e.g. 1btt", collateral))
			}
			max, err := parseSize(maxSize)
			if err != nil || max <= 0 {
				return bad(fmt.Errorf("--max-size %q: want a size such as 1GiB", maxSize))
			}
			ch, err := w.storageChain(c)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			log := (&peerFlags{}).logger(c)
			h, err := storage.NewHost(ctx, storage.HostConfig{Dir: dir, Chain: ch, PricePerMiB: p, CollateralPerMiB: col, MaxSize: max, Log: log})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			srv := &http.Server{Handler: h.Handler(), ReadHeaderTimeout: 10 * time.Second}
			go srv.Serve(ln)
			defer srv.Close()
			out := c.ErrOrStderr()
			fmt.Fprintf(out, "storage host %s on http://%s: %s a period per MiB, up to %s collateral a MiB; Ctrl-C to stop\n",
				ch.Sender.From, ln.Addr(), btt.Format(p), btt.Format(col))
			var earned *uint256.Int
			h.Run(ctx, 2*time.Second, func(r *storage.Report) {
				for _, id := range r.Accepted {
					fmt.Fprintf(out, "accepted contract %s\n", id)
				}
				for _, pr := range r.Proven {
					fmt.Fprintf(out, "proved %s\n", pr)
				}
				for _, m := range r.Missed {
					fmt.Fprintf(out, "could not prove %s\n", m)
				}
				if earned == nil || !r.Earned.Eq(earned) {
					earned = r.Earned
					fmt.Fprintf(out, "earned %s in all; %d active contract(s)\n", btt.Format(earned), r.Active)
				}
			})
			return nil
		},
	}
	w.add(c)
	w.addFrom(c, "the wallet key that is paid and locks the collateral")
	f := c.Flags()
	f.StringVar(&dir, "dir", "", "where the files are kept")
	f.StringVar(&listen, "listen", "127.0.0.1:9190", "where renters reach the host's API (0.0.0.0:9190 to be reachable from other machines)")
	f.StringVar(&price, "price", "", "the least a period, per MiB of a file")
	f.StringVar(&collateral, "collateral", "0btt", "the most collateral to lock, per MiB of a file")
	f.StringVar(&maxSize, "max-size", "1GiB", "the largest file to take")
	return c
}

func newStoragePutCmd() *cobra.Command {
	var (
		w                        walletFlags
		o                        storage.PutOptions
		price, collateral, slash string
		detach                   bool
	)
	c := &cobra.Command{
		Use:   "put FILE --host URL --periods N --from KEY",
		Short: "Store a file with a host and follow its proofs",
		Long: `Compute FILE's Merkle root with the chain's leaf size, upload it to the host,
propose the contract (the price, collateral and slash default to the host's
terms), then report as the host accepts and as each period is proven or
missed, until the contract is over (Ctrl-C or --detach stops following; the
contract runs on). The record, with every leaf's hash, stays in HOME/storage
for 'btt storage get'.`,
		Example: "  btt storage put photos.tar --host http://192.0.2.7:9190 --periods 30 --from alice",
		Args:    cli.ExactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			bad := func(err error) error { return cli.Usage(c, err) }
			if o.Host == "" {
				return bad(errors.New("--host is required: the storage host's URL, e.g. http://192.0.2.7:9190"))
			}
			if o.Periods == 0 || o.Period == 0 || o.Window == 0 || o.MaxMisses == 0 {
				return bad(errors.New("--periods, --period, --window and --max-misses must be at least 1"))
			}
			for _, a := range []struct {
				flag, text string
				dst        **uint256.Int
			}{{"price", price, &o.Price}, {"collateral", collateral, &o.Collateral}, {"slash", slash, &o.Slash}} {
				if a.text == "" {
					continue
				}
				v, err := btt.Parse(a.text)
				if err != nil {
					return bad(fmt.Errorf("--%s: %w", a.flag, err))
				}
				*a.dst = v
			}
			if _, err := os.Stat(args[0]); err != nil {
				return err
			}
			r, err := w.renter(c)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			rec, err := r.Put(ctx, args[0], o)
			if err != nil {
				return err
			}
			out := c.ErrOrStderr()
			fmt.Fprintf(out, "uploaded %s (%s, root %s) and proposed contract\n", rec.Name, formatBytes(int64(rec.Size)), rec.Root)
			fmt.Fprintln(c.OutOrStdout(), rec.ID)
			return follow(ctx, out, r.Chain, rec.ID, detach)
		},
	}
	w.add(c)
	w.addFrom(c, "the wallet key that pays")
	f := c.Flags()
	f.StringVar(&o.Host, "host", "", "the storage host's URL")
	f.Uint64Var(&o.Periods, "periods", 0, "how many periods to pay for")
	f.Uint64Var(&o.Period, "period", 2880, "blocks a period (2,880 is about 48 minutes of 1 s blocks)")
	f.Uint64Var(&o.Window, "window", 600, "blocks of each period in which the host must prove")
	f.Uint64Var(&o.MaxMisses, "max-misses", 3, "the contract ends, the collateral slashed, at this many missed periods")
	f.StringVar(&price, "price", "", "price a period (default: the host's price per MiB times the file's MiB)")
	f.StringVar(&collateral, "collateral", "", "collateral the host locks (default: the most it offers)")
	f.StringVar(&slash, "slash", "", "collateral slashed a missed period (default: the collateral over --max-misses)")
	f.BoolVar(&detach, "detach", false, "return once the host accepted instead of following the proofs")
	return c
}

// follow reports a contract's acceptance and proofs until it is over (or
// accepted, with detach).
func follow(ctx context.Context, out io.Writer, ch *storage.Chain, id deal.ID, detach bool) error {
	var last *deal.ContractView
	for {
		v, err := ch.Contract(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		switch {
		case last == nil && v.State == deal.Proposed:
			fmt.Fprintf(out, "waiting for the host to accept before height %d\n", v.Start)
		case (last == nil || last.State == deal.Proposed) && v.State == deal.Active:
			fmt.Fprintf(out, "accepted: %d periods of %d blocks from height %d; the host locked %s\n", v.Periods, v.Period, v.Start, v.CollateralNow)
			if detach {
				return nil
			}
		}
		if last != nil && (v.Proven != last.Proven || v.Missed != last.Missed) {
			fmt.Fprintf(out, "periods proven %d, missed %d of %d; paid to the host %s, escrow left %s\n", v.Proven, v.Missed, v.Periods, v.PaidToHost, v.Escrow)
		}
		if !v.State.Live() {
			fmt.Fprintf(out, "contract %s: %s\n", v.State, stateNote(v))
			if v.State == deal.Expired {
				return errors.New("the host did not accept before the start; the escrow was refunded")
			}
			return nil
		}
		last = v
		select {
		case <-ctx.Done():
			fmt.Fprintf(out, "stopped following; the contract runs on ('btt storage ls' shows it)\n")
			return nil
		case <-time.After(time.Second):
		}
	}
}

func stateNote(v *deal.ContractView) string {
	switch v.State {
	case deal.Ended:
		return fmt.Sprintf("every period is over, %d proven and %d missed; the host was paid %s", v.Proven, v.Missed, v.PaidToHost)
	case deal.Terminated:
		return fmt.Sprintf("%d periods missed; the host's collateral was slashed", v.Missed)
	case deal.Cancelled:
		return "withdrawn before the host accepted"
	case deal.Expired:
		return "nobody accepted it before its start"
	}
	return v.State.String()
}

func newStorageGetCmd() *cobra.Command {
	var (
		w    walletFlags
		out  string
		host string
	)
	c := &cobra.Command{
		Use:   "get CONTRACT -o FILE",
		Short: "Fetch a stored file and check every leaf against the record",
		Long: `Fetch the file of a contract put from this home and check each leaf against
the hash recorded when it was put. A whole, good file is written to FILE.
If leaves are missing or wrong, the good ones are written to FILE.partial
(the others zeroed) and the command fails naming the bad leaves.`,
		Example: "  btt storage get 0x3b…9f -o photos.tar",
		Args:    cli.ExactArgs(1, "CONTRACT"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := deal.ParseID(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			if out == "" {
				return cli.Usage(c, errors.New("-o FILE is required"))
			}
			r := &storage.Renter{Dir: filepath.Join(w.home, "storage")}
			rec, err := r.Record(id)
			if err != nil {
				return err
			}
			rep, err := r.Get(c.Context(), id, host, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.ErrOrStderr(), "%s: %s, all %d leaves verified against root %s\n", out, formatBytes(int64(rec.Size)), rep.Leaves, rec.Root)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&w.home, "home", defaultHome(), "btt's directory (the records are in HOME/storage; env BTT_HOME)")
	f.StringVarP(&out, "output", "o", "", "where to write the file")
	f.StringVar(&host, "host", "", "fetch from this URL instead of the contract's host")
	return c
}

func newStorageLsCmd() *cobra.Command {
	var w walletFlags
	c := &cobra.Command{
		Use:   "ls",
		Short: "List the contracts put from this home, with their state on chain",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			r := &storage.Renter{Dir: filepath.Join(w.home, "storage")}
			recs, err := r.Records()
			if err != nil {
				return err
			}
			if len(recs) == 0 {
				fmt.Fprintln(c.ErrOrStderr(), "no contracts yet: store a file with 'btt storage put'")
				return nil
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			cl, _, err := w.dial(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CONTRACT\tFILE\tSIZE\tHOST\tSTATE\tPROVEN\tMISSED\tPERIODS\tPAID")
			for _, rec := range recs {
				var v deal.ContractView
				if err := cl.Storage(ctx, "contract/"+rec.ID.String(), 0, &v); err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", rec.ID.String()[:10], rec.Name, formatBytes(int64(rec.Size)),
					rec.Host, v.State, v.Proven, v.Missed, v.Periods, v.PaidToHost)
			}
			return tw.Flush()
		},
	}
	f := c.Flags()
	f.StringVar(&w.home, "home", defaultHome(), "btt's directory (the records are in HOME/storage; env BTT_HOME)")
	f.StringVar(&w.node, "node", defaultNode, "a bttcd node's RPC address")
	return c
}
