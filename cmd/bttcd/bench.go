package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/internal/loadgen"
)

func newBenchCmd() *cobra.Command {
	c := &cobra.Command{Use: "bench", Short: "Measure a running node"}
	c.AddCommand(newBenchLoadCmd(), newBenchAccountsCmd())
	return c
}

func newBenchLoadCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "load --from KEY",
		Short: "Submit signed transfers to a node and report committed transfers/s and latency",
		Long: `Fund --accounts fresh accounts from --from, pre-sign --per-account transfers
for each, submit them all over RPC with --workers concurrent submitters, and
report committed transfers per second and p50/p95 time from submission to
inclusion in a committed block. With --kvstore it sends as many opaque
key=value transactions instead, to CometBFT's own kvstore application, so that
the same tool measures the engine's ceiling beside bttcd
(scripts/bench-ceiling.sh).`,
		Example: "  bttcd bench load --from dev --keyring-backend test --home ~/.bttcd-dev --accounts 1000 --per-account 20",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			o := loadgen.Options{}
			o.Opaque, _ = c.Flags().GetBool("kvstore")
			o.Funded, _ = c.Flags().GetBool("funded")
			if o.Rate, _ = c.Flags().GetFloat64("rate"); o.Rate < 0 {
				return cli.Usage(c, fmt.Errorf("--rate %v: want 0 (unpaced) or a positive rate", o.Rate))
			}
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			cancel()
			ctx = c.Context()
			if !o.Opaque {
				from, _ := c.Flags().GetString(flagFrom)
				switch {
				case from == "" && !o.Funded:
					return cli.Usage(c, fmt.Errorf("--from is required (or --funded, for accounts funded in genesis)"))
				case !o.Funded:
					kr, err := openKeyring(c)
					if err != nil {
						return err
					}
					if _, o.Funder, err = unlock(c, kr, from); err != nil {
						return err
					}
				}
				params, err := client.Params(ctx)
				if err != nil {
					return err
				}
				o.ChainID = params.ChainID
			}
			accounts, _ := c.Flags().GetInt("accounts")
			per, _ := c.Flags().GetInt("per-account")
			workers, _ := c.Flags().GetInt("workers")
			batch, _ := c.Flags().GetInt("batch")
			timeout, _ := c.Flags().GetDuration("timeout")
			priceText, _ := c.Flags().GetString(flagGasPrice)
			price, err := btt.Parse(priceText)
			if err != nil {
				return cli.Usage(c, err)
			}
			logf := func(f string, a ...any) { fmt.Fprintf(c.ErrOrStderr(), f+"\n", a...) }
			o.Client, o.Accounts, o.PerAcct, o.GasPrice, o.Workers, o.Batch, o.Timeout, o.Logf = client, accounts, per, price, workers, batch, timeout, logf
			rep, err := loadgen.Run(ctx, o)
			if err != nil {
				return err
			}
			return printOut(c, rep, func(w io.Writer) {
				fmt.Fprintf(w, "committed %d transfers (%d failed) in %s: %.0f transfers/s; submit-to-commit p50 %s, p95 %s; this tool's CPU %s a transfer\n",
					rep.Committed, rep.Failed, rep.Elapsed.Round(time.Millisecond), rep.PerSecond, rep.P50.Round(time.Millisecond), rep.P95.Round(time.Millisecond),
					(rep.ToolCPU / time.Duration(max(rep.Submitted, 1))).Round(time.Microsecond))
				if rep.Resent > 0 {
					fmt.Fprintf(w, "the node's mempool was full: %d transfers waited %s and went again (the load outran the chain; latencies include the waits)\n",
						rep.Resent, loadgen.ResendPause)
				}
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
	c.Flags().Float64("rate", 0, "pace submission at this many transactions a second (0: as fast as the node takes them)")
	c.Flags().Bool("funded", false, "the accounts are funded already (a genesis from 'bttcd bench accounts'): no funding round")
	c.Flags().Bool("kvstore", false, "send accounts × per-account opaque key=value transactions instead, to a CometBFT kvstore node (the engine's ceiling)")
	addNodeFlag(c)
	addKeyringFlags(c)
	addOutputFlag(c)
	return c
}

func newBenchAccountsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "accounts --count N",
		Short: "Print the load generator's accounts as a fund file, for a genesis of many funded accounts",
		Long: `Print the first --count accounts that 'bttcd bench load' sends from, one
ADDRESS,AMOUNT a line: the format of 'init --fund-file'. A chain started from
such a genesis is loaded with 'bench load --funded' and needs no funding round,
so that a load among 100,000 or a million funded accounts starts at once.`,
		Example: "  bttcd bench accounts --count 100000 > accounts.csv\n" +
			"  bttcd init bench --chain-id bttc-local-bench --fund-file accounts.csv --fund <OPERATOR>=1000000btt",
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			n, _ := c.Flags().GetInt("count")
			if n < 1 || n > 10_000_000 {
				return cli.Usage(c, fmt.Errorf("--count %d: want 1 to 10000000", n))
			}
			text, _ := c.Flags().GetString("amount")
			amount, err := btt.Parse(text)
			if err != nil {
				return cli.Usage(c, fmt.Errorf("--amount: %w", err))
			}
			return loadgen.FundFile(c.OutOrStdout(), n, amount)
		},
	}
	c.Flags().Int("count", 100_000, "how many accounts")
	c.Flags().String("amount", "1000btt", "each account's balance")
	return c
}
