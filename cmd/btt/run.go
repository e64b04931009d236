package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/swarm"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
)

// defaultListen is where btt waits for peers: loopback only, unless the
// user asks for more.
const defaultListen = "127.0.0.1:6881"

// peerFlags are the flags of every command that joins a swarm.
type peerFlags struct {
	listen   string
	peers    []string
	upRate   string
	downRate string
	maxPeers int
	verbose  bool
	quiet    bool
	dht      bool
	dhtBoot  []string
}

func (p *peerFlags) add(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&p.listen, "listen", defaultListen, "address to accept peers on (0.0.0.0:6881 to be reachable from other machines)")
	f.StringArrayVar(&p.peers, "peer", nil, "a peer to connect to, host:port (repeatable), besides the trackers'")
	f.StringVar(&p.upRate, "up-rate", "", "upload limit, e.g. 500KiB/s (default: none)")
	f.StringVar(&p.downRate, "down-rate", "", "download limit, e.g. 2MiB/s (default: none)")
	f.IntVar(&p.maxPeers, "max-peers", 50, "most peers to connect to")
	f.BoolVarP(&p.verbose, "verbose", "v", false, "log peers and trackers")
	f.BoolVarP(&p.quiet, "quiet", "q", false, "no progress display")
	f.BoolVar(&p.dht, "dht", false, "find peers through the DHT too (BEP 5; contacts nodes across the internet)")
	f.StringArrayVar(&p.dhtBoot, "dht-bootstrap", nil, "a DHT node to join through, host:port (repeatable; default: the well-known routers)")
}

// logger logs to stderr: warnings, or everything with --verbose.
func (p *peerFlags) logger(c *cobra.Command) *slog.Logger {
	level := slog.LevelWarn
	if p.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(c.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
}

// client starts a swarm client from the flags, selling upload slots
// through seller when it is not nil. If the default port is taken
// (another btt), it listens on a free one instead.
func (p *peerFlags) client(c *cobra.Command, seller *speed.Seller) (*swarm.Client, error) {
	up, err := parseRate(p.upRate)
	if err != nil {
		return nil, cli.Usage(c, fmt.Errorf("--up-rate: %w", err))
	}
	down, err := parseRate(p.downRate)
	if err != nil {
		return nil, cli.Usage(c, fmt.Errorf("--down-rate: %w", err))
	}
	for _, a := range p.peers {
		if _, port, err := net.SplitHostPort(a); err != nil || port == "" || port == "0" {
			return nil, cli.Usage(c, fmt.Errorf("--peer %q: give host:port, e.g. 192.0.2.7:6881", a))
		}
	}
	if p.maxPeers < 1 {
		return nil, cli.Usage(c, fmt.Errorf("--max-peers must be at least 1"))
	}
	cfg := swarm.Config{
		ListenAddr: p.listen, Name: "btt/" + version, UploadRate: up, DownloadRate: down, MaxPeers: p.maxPeers,
		Logger: p.logger(c), Seller: seller,
	}
	if p.dht && len(p.dhtBoot) == 0 {
		if host, _, err := net.SplitHostPort(p.listen); err == nil && (host == "localhost" || net.ParseIP(host) != nil && net.ParseIP(host).IsLoopback()) {
			return nil, cli.Usage(c, fmt.Errorf("--dht cannot reach the DHT from --listen %s; listen on a reachable address (--listen 0.0.0.0:6881) or name --dht-bootstrap nodes", p.listen))
		}
	}
	if p.dht || len(p.dhtBoot) > 0 {
		// The DHT node listens on UDP where the peers' TCP port is.
		cfg.DHT = &swarm.DHTConfig{Listen: p.listen, Bootstrap: p.dhtBoot}
	}
	cl, err := swarm.NewClient(cfg)
	if err != nil && p.listen == defaultListen && !c.Flags().Changed("listen") {
		cfg.ListenAddr = "127.0.0.1:0"
		if cfg.DHT != nil {
			cfg.DHT.Listen = "127.0.0.1:0"
		}
		cl, err = swarm.NewClient(cfg)
	}
	return cl, err
}

// until is when a torrent's run ends.
type until struct {
	complete bool          // when the download completes
	seedOnly bool          // the torrent was complete from the start (btt seed)
	ratio    float64       // when uploaded/size reaches it (0: never)
	seedFor  time.Duration // after seeding this long (0: never)
	buyer    *speed.Buyer  // closes its channels when the download ends
}

// finish closes the buyer's channels and says what the download paid.
func (u until) finish(w io.Writer) {
	if u.buyer == nil {
		return
	}
	defer u.buyer.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := u.buyer.Finish(ctx)
	fmt.Fprintf(w, "paid seeders %s (receipts for %s)", btt.Format(u.buyer.Spent()), btt.Format(u.buyer.Acknowledged()))
	if err != nil {
		fmt.Fprintf(w, "; closing the payment channels: %s ('btt wallet channels' lists them)", cli.OneLine(err))
	}
	fmt.Fprintln(w)
}

// watch shows a torrent's progress until u says stop or the user
// interrupts, then closes the client.
func watch(c *cobra.Command, cl *swarm.Client, t *swarm.Torrent, dir string, u until, quiet bool) error {
	ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w := c.ErrOrStderr()
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	p := progress{w: w, tty: tty, quiet: quiet}
	every := 5 * time.Second
	if tty {
		every = 500 * time.Millisecond
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	var seedingSince time.Time
	announced, checked := false, false
	for {
		s := t.Stats()
		if s.State == swarm.Failed {
			p.clear()
			cl.Close()
			return errors.New(s.Err)
		}
		if (s.State == swarm.Leeching || s.State == swarm.Seeding) && !checked {
			checked = true
			if s.Resumed > 0 && s.Resumed < s.Pieces {
				p.clear()
				fmt.Fprintf(w, "resuming: %d of %d pieces already verified\n", s.Resumed, s.Pieces)
			}
		}
		if s.State == swarm.Seeding && !announced {
			announced, seedingSince = true, time.Now()
			p.line(s)
			p.clear()
			if !u.seedOnly {
				what := "complete"
				if s.Downloaded == 0 {
					what = "already complete"
				}
				fmt.Fprintf(w, "%s: %s (%s); fetched %d bytes this run\n", what, filepath.Join(dir, s.Name), formatBytes(s.Length), s.Downloaded)
				u.finish(w)
				u.buyer = nil
				if u.complete {
					return closeClient(cl)
				}
				fmt.Fprintf(w, "seeding %s on %s; Ctrl-C to stop\n", s.Name, cl.Addr())
			}
		}
		if announced && (u.ratio > 0 && s.Ratio() >= u.ratio || u.seedFor > 0 && time.Since(seedingSince) >= u.seedFor) {
			p.clear()
			fmt.Fprintf(w, "stopped seeding: uploaded %s, ratio %.2f\n", formatBytes(s.Uploaded), s.Ratio())
			return closeClient(cl)
		}
		p.line(s)
		select {
		case <-ctx.Done():
			p.clear()
			u.finish(w)
			err := closeClient(cl)
			s = t.Stats()
			if s.Pieces > 0 && s.Have < s.Pieces {
				fmt.Fprintf(w, "stopped at %.1f%%; run the same command again to resume (verified pieces are kept)\n", 100*s.Progress())
			} else {
				fmt.Fprintln(w, "stopped")
			}
			return err
		case <-tick.C:
		case <-t.Done():
			if announced {
				<-tick.C
			}
		}
	}
}

func closeClient(cl *swarm.Client) error {
	if err := cl.Close(); err != nil && !strings.Contains(err.Error(), "use of closed") {
		return err
	}
	return nil
}

// progress draws one status line: redrawn in place on a terminal, a line
// every few seconds otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	width int
}

func (p *progress) line(s swarm.Stats) {
	if p.quiet {
		return
	}
	var b strings.Builder
	switch s.State {
	case swarm.Checking:
		fmt.Fprintf(&b, "checking %s: %d of %d pieces", s.Name, s.Checked, s.Pieces)
	case swarm.Metadata:
		fmt.Fprintf(&b, "fetching metadata for %s from %d peer(s)", orHash(s), s.Peers)
	default:
		const bar = 20
		done := int(s.Progress() * bar)
		fmt.Fprintf(&b, "[%s%s] %5.1f%%  ↓ %s/s  ↑ %s/s  ETA %s  peers %d (seeds %d)",
			strings.Repeat("=", done), strings.Repeat(" ", bar-done), 100*s.Progress(),
			formatBytes(int64(s.DownRate)), formatBytes(int64(s.UpRate)), eta(s), s.Peers, s.Seeds)
		if s.State == swarm.Seeding {
			fmt.Fprintf(&b, "  ratio %.2f", s.Ratio())
		}
		if s.Spent != nil && !s.Spent.IsZero() {
			fmt.Fprintf(&b, "  spent %s", btt.Format(s.Spent))
		}
		if s.Earned != nil && !s.Earned.IsZero() {
			fmt.Fprintf(&b, "  earned %s", btt.Format(s.Earned))
		}
	}
	if p.tty {
		line := b.String()
		pad := max(0, p.width-len(line))
		p.width = len(line)
		fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
		return
	}
	fmt.Fprintln(p.w, b.String())
}

func (p *progress) clear() {
	if p.tty && p.width > 0 && !p.quiet {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

func orHash(s swarm.Stats) string {
	if s.Name != "" {
		return s.Name
	}
	return s.InfoHash
}

func eta(s swarm.Stats) string {
	if s.State == swarm.Seeding {
		return "done"
	}
	if s.DownRate < 1 {
		return "--:--"
	}
	return formatDuration(time.Duration(float64(s.Length-s.Completed) / s.DownRate * float64(time.Second)))
}

// waitChecked waits until the torrent has checked its files.
func waitChecked(ctx context.Context, t *swarm.Torrent) swarm.Stats {
	for {
		s := t.Stats()
		if s.State == swarm.Leeching || s.State == swarm.Seeding || s.State == swarm.Failed || ctx.Err() != nil {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
}
