package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/loadgen"
)

func newBenchCmd() *cobra.Command {
	c := &cobra.Command{Use: "bench", Short: "Measure a running node"}
	c.AddCommand(newBenchLoadCmd())
	return c
}

func newBenchLoadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "load --from KEY",
		Short: "Submit signed transfers to a node and report committed transfers/s and latency",
		Long: `Fund --accounts fresh accounts from --from, pre-sign --per-account transfers
for each, submit them all over RPC with --workers concurrent submitters, and
report committed transfers per second and p50/p95 time from submission to
inclusion in a committed block.`,
		Example: "  bttcd bench load --from dev --keyring-backend test --home ~/.bttcd-dev --accounts 1000 --per-account 20",
		Args:    exactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			from, _ := c.Flags().GetString(flagFrom)
			if from == "" {
				return usageError{cmd: c.CommandPath(), err: fmt.Errorf("--from is required")}
			}
			kr, err := openKeyring(c)
			if err != nil {
				return err
			}
			_, key, err := unlock(c, kr, from)
			if err != nil {
				return err
			}
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			cancel()
			ctx = c.Context()
			params, err := client.Params(ctx)
			if err != nil {
				return err
			}
			accounts, _ := c.Flags().GetInt("accounts")
			per, _ := c.Flags().GetInt("per-account")
			workers, _ := c.Flags().GetInt("workers")
			batch, _ := c.Flags().GetInt("batch")
			timeout, _ := c.Flags().GetDuration("timeout")
			priceText, _ := c.Flags().GetString(flagGasPrice)
			price, err := btt.Parse(priceText)
			if err != nil {
				return usageError{cmd: c.CommandPath(), err: err}
			}
			logf := func(f string, a ...any) { fmt.Fprintf(c.ErrOrStderr(), f+"\n", a...) }
			rep, err := loadgen.Run(ctx, loadgen.Options{Client: client, ChainID: params.ChainID, Funder: key, Accounts: accounts,
				PerAcct: per, GasPrice: price, Workers: workers, Batch: batch, Timeout: timeout, Logf: logf})
			if err != nil {
				return err
			}
			return printOut(c, rep, func(w io.Writer) {
				fmt.Fprintf(w, "committed %d transfers (%d failed) in %s: %.0f transfers/s; submit-to-commit p50 %s, p95 %s\n",
					rep.Committed, rep.Failed, rep.Elapsed.Round(time.Millisecond), rep.PerSecond, rep.P50.Round(time.Millisecond), rep.P95.Round(time.Millisecond))
			})
		},
	}
	c.Flags().String(flagFrom, "", "funded key that pays the generated accounts")
	c.Flags().Int("accounts", 500, "number of sending accounts")
	c.Flags().Int("per-account", 10, "transfers per account")
	c.Flags().Int("workers", 8, "concurrent submitters")
	c.Flags().Int("batch", 1, "transfers per RPC request: above 1, sent as one JSON-RPC batch request")
	c.Flags().Duration("timeout", 5*time.Minute, "give up after this long")
	c.Flags().String(flagGasPrice, "1000000000wei", "gas price of the transfers")
	addNodeFlag(c)
	addKeyringFlags(c)
	addOutputFlag(c)
	return c
}
