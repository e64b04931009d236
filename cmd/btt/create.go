package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/internal/cli"
)

func newCreateCmd() *cobra.Command {
	var (
		trackers []string
		out      string
		piece    string
		private  bool
		comment  string
		force    bool
	)
	c := &cobra.Command{
		Use:   "create PATH -t TRACKER -o FILE.torrent",
		Short: "Make a .torrent of a file or a directory",
		Long: `Hash PATH (a file, or a directory whose files become one torrent) and write
a BitTorrent v1 .torrent file. The piece size is chosen from the total size
as common clients do, unless --piece-length says otherwise.`,
		Example: `  btt create ./album -t http://tracker.example:6969/announce -o album.torrent`,
		Args:    cli.ExactArgs(1, "PATH"),
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return cli.Usage(c, fmt.Errorf("--output FILE.torrent is required"))
			}
			var pl int64
			if piece != "" {
				n, err := parseSize(piece)
				if err != nil {
					return cli.Usage(c, fmt.Errorf("--piece-length: %w", err))
				}
				pl = n
			}
			if _, err := os.Stat(out); err == nil && !force {
				return fmt.Errorf("%s exists; pass --force to overwrite it", out)
			}
			raw, err := torrent.Create(args[0], torrent.CreateOptions{
				Trackers: trackers, PieceLength: pl, Private: private, Comment: comment,
				CreatedBy: "btt/" + version, Now: time.Now(),
			})
			if err != nil {
				return err
			}
			t, err := torrent.Parse(raw)
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, raw, 0o644); err != nil {
				return err
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "wrote %s\n", out)
			fmt.Fprintf(w, "  name       %s\n", t.Name)
			fmt.Fprintf(w, "  size       %s in %d file(s)\n", formatBytes(t.Length), len(t.Files))
			fmt.Fprintf(w, "  pieces     %d of %s\n", t.NumPieces(), formatBytes(t.PieceLength))
			fmt.Fprintf(w, "  info hash  %s\n", t.InfoHash)
			fmt.Fprintf(w, "  magnet     %s\n", t.Magnet())
			if len(trackers) == 0 {
				fmt.Fprintln(w, "note: no tracker (-t); peers can only find it through a magnet link's x.pe or peer exchange")
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVarP(&trackers, "tracker", "t", nil, "announce URL (repeat for backups, tried in order)")
	f.StringVarP(&out, "output", "o", "", "the .torrent file to write")
	f.StringVar(&piece, "piece-length", "", "piece size, a power of two from 16KiB to 64MiB (default: chosen from the size)")
	f.BoolVar(&private, "private", false, "mark the torrent private (BEP 27): peers only from its trackers")
	f.StringVar(&comment, "comment", "", "a comment stored in the torrent")
	f.BoolVar(&force, "force", false, "overwrite the output file")
	return c
}
