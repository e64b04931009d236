// Command btt is BitTorrent Chain's companion client: a BitTorrent client
// that downloads and seeds with the ordinary clients of a swarm.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
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

func run() int {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintf(os.Stderr, "Error: %s\nRun '%s --help' for usage.\n", oneLine(err), usage.cmd)
			return 2
		}
		fmt.Fprintf(os.Stderr, "Error: %s\n", oneLine(err))
		return 1
	}
	return 0
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", " ")), " ")
}

// usageError marks a mistake in the command line itself (exit code 2).
type usageError struct {
	cmd string
	err error
}

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "btt",
		Short:         "BitTorrent client of BitTorrent Chain: download, seed and create torrents; pay and earn BTT for speed",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{cmd: c.CommandPath(), err: err}
	})
	root.AddCommand(newCreateCmd(), newDownloadCmd(), newSeedCmd(), newDaemonCmd(), newAddCmd(), newListCmd(),
		newPauseCmd(), newResumeCmd(), newRemoveCmd(), newWalletCmd(), newStorageCmd(), newVersionCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print btt's version",
		Args:  exactArgs(0, ""),
		Run:   func(c *cobra.Command, _ []string) { fmt.Fprintln(c.OutOrStdout(), "btt", version) },
	}
}

// exactArgs is cobra.ExactArgs with a usage error that names the arguments.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{cmd: c.CommandPath(), err: fmt.Errorf("want %d argument(s) (%s), got %d", n, names, len(args))}
		}
		return nil
	}
}
