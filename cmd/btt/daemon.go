package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/client/daemon"
	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/internal/cli"
)

// apiFlag is the daemon API address flag shared by the daemon's commands;
// BTT_API overrides its default.
func apiFlag(c *cobra.Command, api *string) {
	def := daemon.DefaultAPI
	if v := os.Getenv("BTT_API"); v != "" {
		def = v
	}
	c.Flags().StringVar(api, "api", def, "the daemon's API address, host:port (env BTT_API)")
}

func defaultHome() string {
	if v := os.Getenv("BTT_HOME"); v != "" {
		return v
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return ".btt"
	}
	return filepath.Join(h, ".btt")
}

func newDaemonCmd() *cobra.Command {
	var (
		pf  peerFlags
		sf  sellFlags
		api string
	)
	c := &cobra.Command{
		Use:   "daemon",
		Short: "Run torrents in the background, controlled by btt add, list, pause, resume and remove",
		Long: `Run a long-lived btt that downloads and seeds several torrents. It remembers
them in --home (default ~/.btt) and brings them back when restarted. The
other commands reach it through a JSON API on 127.0.0.1 (--api), and a web
page there shows the torrents, the wallet's Speed channels and its storage
contracts (open http://127.0.0.1:9181/).

With --from, torrents added with --max-spend pay seeders from that wallet;
with --price as well, the daemon sells its upload slots (see 'btt seed').`,
		Example: `  btt daemon &
  btt add ubuntu.torrent -o ~/Downloads
  btt list
  btt daemon --from alice --price 0.01btt &
  btt add film.torrent -o ~/Videos --max-spend 100btt --max-price 0.05btt`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			host, _, err := net.SplitHostPort(api)
			if err != nil {
				return cli.Usage(c, fmt.Errorf("--api %q: %w", api, err))
			}
			if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				return cli.Usage(c, fmt.Errorf("--api %q: the API listens on loopback only (127.0.0.1)", api))
			}
			ln, err := net.Listen("tcp", api)
			if err != nil {
				return fmt.Errorf("API address %s: %w (is another btt daemon running?)", api, err)
			}
			selling, err := sf.selling(c)
			if err != nil {
				ln.Close()
				return err
			}
			home := sf.w.home
			var opts daemon.Options
			var sell *seller
			if sf.w.from != "" {
				sender, err := sf.w.sender(c.Context())
				if err != nil {
					ln.Close()
					return err
				}
				opts.Wallet = &daemon.Wallet{Sender: sender, TxOptions: txOptions(), StorageDir: filepath.Join(home, "storage"), Log: pf.logger(c)}
				if selling {
					if sell, err = sf.seller(sender, pf.logger(c)); err != nil {
						ln.Close()
						return err
					}
					defer sell.stop(c.ErrOrStderr())
				}
			}
			var s0 *speed.Seller
			if sell != nil {
				s0 = sell.s
			}
			cl, err := pf.client(c, s0)
			if err != nil {
				ln.Close()
				return err
			}
			d, err := daemon.Open(home, cl, opts)
			if err != nil {
				ln.Close()
				cl.Close()
				return err
			}
			defer d.Close()
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv := &http.Server{Handler: d.Handler(), ReadHeaderTimeout: 10 * time.Second}
			go srv.Serve(ln)
			log := slog.New(slog.NewTextHandler(c.ErrOrStderr(), nil))
			log.Info("btt daemon running", "api", ln.Addr().String(), "peers", cl.Addr(), "home", home, "torrents", len(d.List()))
			<-ctx.Done()
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(shut)
			log.Info("stopping: telling trackers and closing files")
			return closeClient(cl)
		},
	}
	pf.add(c)
	sf.add(c)
	apiFlag(c, &api)
	return c
}

func newAddCmd() *cobra.Command {
	var (
		api                string
		out                string
		paused             bool
		peers              []string
		maxSpend, maxPrice string
	)
	c := &cobra.Command{
		Use:   "add FILE.torrent|MAGNET [-o DIR]",
		Short: "Give the daemon a torrent to download (or seed, if DIR already holds it)",
		Example: `  btt add album.torrent -o ~/Music
  btt add film.torrent -o ~/Videos --max-spend 100btt --max-price 0.05btt   # a daemon run with --from pays`,
		Args: cli.ExactArgs(1, "FILE.torrent or MAGNET"),
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := filepath.Abs(out)
			if err != nil {
				return err
			}
			if (maxSpend == "") != (maxPrice == "") {
				return cli.Usage(c, errors.New("--max-spend and --max-price go together: the budget and the most to pay per MiB"))
			}
			req := daemon.AddRequest{Dir: dir, Paused: paused, Peers: peers, MaxSpend: maxSpend, MaxPrice: maxPrice}
			if strings.HasPrefix(strings.ToLower(args[0]), "magnet:") {
				req.Magnet = args[0]
			} else if req.Torrent, err = os.ReadFile(args[0]); err != nil {
				return fmt.Errorf("read torrent: %w", err)
			}
			in, err := daemon.NewClient(api).Add(c.Context(), req)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "added %s %s into %s\n", in.InfoHash[:8], orName(in), in.Dir)
			return nil
		},
	}
	apiFlag(c, &api)
	c.Flags().StringVarP(&out, "output", "o", ".", "directory to download into (or that holds the data)")
	c.Flags().BoolVar(&paused, "paused", false, "add without starting")
	c.Flags().StringArrayVar(&peers, "peer", nil, "a peer to connect to, host:port (repeatable), besides the trackers'")
	c.Flags().StringVar(&maxSpend, "max-spend", "", "pay seeders for faster service, up to this much in all (the daemon's wallet pays)")
	c.Flags().StringVar(&maxPrice, "max-price", "", "the most to pay per MiB, e.g. 0.05btt")
	return c
}

func orName(in daemon.Info) string {
	if in.Name != "" {
		return in.Name
	}
	return "(name not known yet)"
}

func newListCmd() *cobra.Command {
	var api string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the daemon's torrents",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			list, err := daemon.NewClient(api).List(c.Context())
			if err != nil {
				return err
			}
			if len(list) == 0 {
				fmt.Fprintln(c.OutOrStdout(), "no torrents (add one with btt add)")
				return nil
			}
			w := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tDONE\tSIZE\tDOWN\tUP\tRATIO\tPEERS\tSTATE\tNAME")
			for _, in := range list {
				state := in.State
				if in.Error != "" {
					state = "error: " + in.Error
				}
				fmt.Fprintf(w, "%s\t%.1f%%\t%s\t%s/s\t%s/s\t%.2f\t%d\t%s\t%s\n", in.InfoHash[:8], 100*in.Progress,
					formatBytes(in.Length), formatBytes(int64(in.DownRate)), formatBytes(int64(in.UpRate)), in.Ratio, in.Peers, state, orName(in))
			}
			return w.Flush()
		},
	}
	apiFlag(c, &api)
	return c
}

// newIDCmd makes pause, resume and remove: a verb applied to torrents by
// id (an info hash or a unique prefix of one, as list shows).
func newIDCmd(use, short string, act func(ctx context.Context, cl *daemon.Client, id string) (string, error), flags func(*cobra.Command)) *cobra.Command {
	var api string
	c := &cobra.Command{
		Use:   use + " ID...",
		Short: short,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.Usage(c, errors.New("give the ID of a torrent (see btt list)"))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			cl := daemon.NewClient(api)
			for _, id := range args {
				msg, err := act(c.Context(), cl, id)
				if err != nil {
					return fmt.Errorf("%s: %w", id, err)
				}
				fmt.Fprintln(c.OutOrStdout(), msg)
			}
			return nil
		},
	}
	apiFlag(c, &api)
	if flags != nil {
		flags(c)
	}
	return c
}

func newPauseCmd() *cobra.Command {
	return newIDCmd("pause", "Pause torrents of the daemon", func(ctx context.Context, cl *daemon.Client, id string) (string, error) {
		in, err := cl.Pause(ctx, id)
		return "paused " + orName(in), err
	}, nil)
}

func newResumeCmd() *cobra.Command {
	return newIDCmd("resume", "Resume paused torrents of the daemon", func(ctx context.Context, cl *daemon.Client, id string) (string, error) {
		in, err := cl.Resume(ctx, id)
		return "resumed " + orName(in), err
	}, nil)
}

func newRemoveCmd() *cobra.Command {
	var deleteData bool
	return newIDCmd("remove", "Remove torrents from the daemon (their data stays unless --delete-data)", func(ctx context.Context, cl *daemon.Client, id string) (string, error) {
		in, err := cl.Get(ctx, id)
		if err != nil {
			return "", err
		}
		if err := cl.Remove(ctx, id, deleteData); err != nil {
			return "", err
		}
		if deleteData {
			return "removed " + orName(in) + " and deleted its data", nil
		}
		return "removed " + orName(in) + " (its data is still in " + in.Dir + ")", nil
	}, func(c *cobra.Command) {
		c.Flags().BoolVar(&deleteData, "delete-data", false, "also delete the downloaded files")
	})
}
