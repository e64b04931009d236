package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/swarm"
	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/internal/cli"
)

func newDownloadCmd() *cobra.Command {
	var (
		pf   peerFlags
		bf   buyFlags
		out  string
		seed bool
	)
	c := &cobra.Command{
		Use:   "download FILE.torrent|MAGNET [-o DIR]",
		Short: "Download a torrent or a magnet link",
		Long: `Download into DIR (default: the current directory), verifying every piece.
A download that was stopped or killed resumes where it was: the files are
rechecked and only the pieces that do not verify are fetched again.

With --max-spend, btt pays seeders that sell upload slots (BitTorrent
Speed, docs/speed-extension.md) for priority: it opens a payment channel on
BitTorrent Chain to each seeder that unchokes it, bids --max-price per MiB,
pays one voucher per verified piece at the auction's price, and closes the
channels when the download ends. Other peers are used for free as usual.`,
		Example: `  btt download ubuntu.torrent -o ~/Downloads
  btt download 'magnet:?xt=urn:btih:...&tr=http://tracker.example/announce'
  btt download film.torrent --from alice --max-spend 100btt --max-price 0.05btt`,
		Args: cli.ExactArgs(1, "FILE.torrent or MAGNET"),
		RunE: func(c *cobra.Command, args []string) error {
			src, err := loadSource(args[0])
			if err != nil {
				return err
			}
			if err := usableDir(out); err != nil {
				return err
			}
			buyer, err := bf.buyer(c, pf.logger(c))
			if err != nil {
				return err
			}
			cl, err := pf.client(c, nil)
			if err != nil {
				return err
			}
			t, err := cl.Add(src, swarm.AddOptions{Dir: out, Peers: pf.peers, Buyer: buyer})
			if err != nil {
				cl.Close()
				return err
			}
			return watch(c, cl, t, out, until{complete: !seed, buyer: buyer}, pf.quiet)
		},
	}
	pf.add(c)
	bf.add(c)
	c.Flags().StringVarP(&out, "output", "o", ".", "directory to download into")
	c.Flags().BoolVar(&seed, "seed", false, "keep seeding after the download completes, until Ctrl-C")
	return c
}

func newSeedCmd() *cobra.Command {
	var (
		pf      peerFlags
		sf      sellFlags
		ratio   float64
		seedFor time.Duration
	)
	c := &cobra.Command{
		Use:   "seed FILE.torrent PATH",
		Short: "Seed a torrent from its data",
		Long: `Seed FILE.torrent from PATH, the torrent's file or directory (or the
directory that holds it). The data is checked first; every piece must
verify. Uploads are shared out tit-for-tat: four slots for the peers that
reward us most, and one rotating slot for newcomers.

With --price, the regular slots are sold to peers that pay (BitTorrent
Speed, docs/speed-extension.md): the highest bids win and each winner pays
the highest losing bid per MiB, in vouchers of a payment channel on
BitTorrent Chain. Vouchers are kept in HOME/vouchers and redeemed every
--redeem-every blocks, at once when a payer closes its channel, and when
seeding stops. The rotating slot stays free, so everyone still gets pieces.`,
		Example: `  btt seed album.torrent ./album --ratio 2
  btt seed album.torrent ./album --up-rate 1MiB/s --time 2h
  btt seed album.torrent ./album --from bob --price 0.01btt`,
		Args: cli.ExactArgs(2, "FILE.torrent and PATH"),
		RunE: func(c *cobra.Command, args []string) error {
			if ratio < 0 || seedFor < 0 {
				return cli.Usage(c, errors.New("--ratio and --time cannot be negative"))
			}
			t0, err := torrent.Load(args[0])
			if err != nil {
				return err
			}
			dir, err := dataDir(t0, args[1])
			if err != nil {
				return err
			}
			var sell *seller
			if ok, err := sf.selling(c); err != nil {
				return err
			} else if ok {
				sender, err := sf.w.sender(c.Context())
				if err != nil {
					return err
				}
				if sell, err = sf.seller(sender, pf.logger(c)); err != nil {
					return err
				}
				defer sell.stop(c.ErrOrStderr())
			}
			var s0 *speed.Seller
			if sell != nil {
				s0 = sell.s
			}
			cl, err := pf.client(c, s0)
			if err != nil {
				return err
			}
			t, err := cl.Add(swarm.Source{Torrent: t0}, swarm.AddOptions{Dir: dir, Peers: pf.peers})
			if err != nil {
				cl.Close()
				return err
			}
			s := waitChecked(c.Context(), t)
			if s.State == swarm.Failed {
				cl.Close()
				return errors.New(s.Err)
			}
			if s.Have < s.Pieces {
				cl.Close()
				return fmt.Errorf("%s holds %d of the %d pieces (%.1f%%) that verify; seeding needs all of them (finish it with btt download %s -o %s)",
					filepath.Join(dir, t0.Name), s.Have, s.Pieces, 100*s.Progress(), args[0], dir)
			}
			fmt.Fprintf(c.ErrOrStderr(), "seeding %s (%s) on %s; Ctrl-C to stop\n", t0.Name, formatBytes(t0.Length), cl.Addr())
			return watch(c, cl, t, dir, until{seedOnly: true, ratio: ratio, seedFor: seedFor}, pf.quiet)
		},
	}
	pf.add(c)
	sf.add(c)
	c.Flags().Float64Var(&ratio, "ratio", 0, "stop once this many times the torrent's size is uploaded (default: never)")
	c.Flags().DurationVar(&seedFor, "time", 0, "stop after seeding this long, e.g. 2h (default: never)")
	return c
}

// loadSource reads a .torrent file or a magnet link.
func loadSource(arg string) (swarm.Source, error) {
	if torrent.IsMagnet(arg) {
		m, err := torrent.ParseMagnet(arg)
		if err != nil {
			return swarm.Source{}, err
		}
		return swarm.Source{Magnet: &m}, nil
	}
	t, err := torrent.Load(arg)
	if err != nil {
		return swarm.Source{}, err
	}
	return swarm.Source{Torrent: t}, nil
}

// usableDir makes sure the download directory exists or can be made.
func usableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("download directory: %w", err)
	}
	return nil
}

// dataDir is the directory holding the torrent's file or directory: PATH
// itself names it when its base is the torrent's name, else PATH holds it.
func dataDir(t *torrent.Torrent, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if filepath.Base(abs) == t.Name {
		if _, err := os.Stat(abs); err != nil {
			return "", err
		}
		return filepath.Dir(abs), nil
	}
	if _, err := os.Stat(filepath.Join(abs, t.Name)); err != nil {
		return "", fmt.Errorf("%s is not the torrent's data: it has no %s (the torrent is named %q)", path, t.Name, t.Name)
	}
	return abs, nil
}
