// Command btt is BitTorrent Chain's companion client: a BitTorrent client
// that downloads and seeds with the ordinary clients of a swarm.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
)

// version is set by the build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	// BTT_CPUPROFILE=FILE writes a CPU profile of the command, for
	// docs/PERFORMANCE.md's "where the time goes".
	if path := os.Getenv("BTT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	if code := run(); code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

func run() int { return cli.Report(os.Stderr, newRootCmd().Execute()) }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "btt",
		Short:         "BitTorrent client of BitTorrent Chain: download, seed and create torrents; pay and earn BTT for speed",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return cli.Usage(c, err)
	})
	root.AddCommand(newCreateCmd(), newDownloadCmd(), newSeedCmd(), newDaemonCmd(), newAddCmd(), newListCmd(),
		newPauseCmd(), newResumeCmd(), newRemoveCmd(), newWalletCmd(), newStorageCmd(), newVersionCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print btt's version",
		Args:  cli.ExactArgs(0, "none"),
		Run:   func(c *cobra.Command, _ []string) { fmt.Fprintln(c.OutOrStdout(), "btt", version) },
	}
}
