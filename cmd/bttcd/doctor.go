package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

// errProblems makes doctor exit non-zero once it has printed its checks.
var errProblems = errors.New("doctor found problems (above)")

func newDoctorCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "doctor",
		Short: "Check a node's home, running or stopped, and say what to fix",
		Long: `Check the home and print one line a check: ok, warning or problem, and for
the last two what to do. Checked: app.toml and the genesis; the node and
validator key files; priv_validator_state.json against the blocks this key
signed (stopped node); the P2P, RPC and metrics ports (free, or held by
the running node); free disk; and of a running node: caught up, the clock
against the last block's time, peers, and for a validator its status,
jail and missed blocks. Nothing is changed. The exit code is 1 when a
problem was found.`,
		Example: "  bttcd doctor --home ~/.bttcd",
		Args:    cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			home := homeOf(c)
			cfg, err := loadCometConfig(c, home)
			if err != nil {
				return fmt.Errorf("config.toml: %w", err)
			}
			appCfg, err := loadAppConfig(c, home)
			if err != nil {
				return fmt.Errorf("app.toml: %w", err)
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			checks := node.Doctor(ctx, cfg, appCfg)
			for _, w := range configWarnings(home) {
				checks = append(checks, node.Check{Name: "config", Level: node.Warning, Detail: w})
			}
			if err := printOut(c, checks, func(w io.Writer) {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				for _, ch := range checks {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", ch.Level, ch.Name, ch.Detail)
					if ch.Fix != "" {
						fmt.Fprintf(tw, "\t\t→ %s\n", ch.Fix)
					}
				}
				tw.Flush()
			}); err != nil {
				return err
			}
			if node.Worst(checks) == node.Problem {
				return errProblems
			}
			return nil
		},
	}
	addOutputFlag(c)
	return c
}
