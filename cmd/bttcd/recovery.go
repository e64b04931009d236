package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func newRollbackCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "rollback",
		Short: "Undo the last committed height of a stopped node (state only, or --hard)",
		Long: `Roll CometBFT's state and the application's state back one height, to recover a
node that committed a bad block: its app hash disagrees with the network, or a
bug in the binary wrote wrong state. Stop the node, install the fixed binary,
run rollback, start again: CometBFT replays the block from its store against
the rolled-back state. With --hard the block is deleted too and fetched again
from peers. Run it again with --hard to go back further.

It touches only the chain data of this home; keys and the signing state
(priv_validator_state.json) stay as they are.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := loadCometConfig(c, homeOf(c))
			if err != nil {
				return err
			}
			hard, _ := c.Flags().GetBool("hard")
			r, err := node.Rollback(cfg, hard)
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			if r.AlreadyBack {
				fmt.Fprintf(out, "The state was already at height %d (app hash %X), one below the last stored block.\n", r.Height, r.AppHash)
			} else {
				fmt.Fprintf(out, "Rolled back from height %d (app hash %X) to height %d (app hash %X).\n", r.From, r.FromHash, r.Height, r.AppHash)
			}
			switch {
			case r.BlockRemoved:
				fmt.Fprintf(out, "Block %d was deleted; the node will fetch it from its peers.\n", r.Height+1)
			case r.AlreadyBack:
				fmt.Fprintf(out, "On start the node re-executes block %d; use --hard to delete it and go back further.\n", r.Height+1)
			default:
				fmt.Fprintf(out, "On start the node re-executes block %d from its store.\n", r.Height+1)
			}
			return nil
		},
	}
	c.Flags().Bool("hard", false, "also delete the last block, so that it is fetched again from peers")
	return c
}

func newUnsafeResetAllCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "unsafe-reset-all",
		Short: "Delete this node's chain data so it syncs again from genesis",
		Long: `Delete the blocks, CometBFT state, application state, consensus WAL, evidence
and tx index of a stopped node, and its address book unless --keep-addr-book.
Keys, config.toml, app.toml and genesis.json stay.

priv_validator_state.json stays too unless --reset-signing-state: it records the
last height this consensus key signed and is what keeps a resynced validator
from signing a second, conflicting block (a double sign is slashed and
tombstoned for good).

On a home whose key is in the active validator set the command asks first;
without a terminal it needs --yes.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := loadCometConfig(c, homeOf(c))
			if err != nil {
				return err
			}
			var o node.ResetOptions
			o.KeepAddrBook, _ = c.Flags().GetBool("keep-addr-book")
			o.ResetSigningState, _ = c.Flags().GetBool("reset-signing-state")
			yes, _ := c.Flags().GetBool("yes")
			active, height, err := node.ActiveValidator(cfg)
			if err != nil {
				return err
			}
			if active && !yes {
				warning := fmt.Sprintf("this home's consensus key is in the active validator set at height %d; once reset, the node signs nothing until it has synced again", height)
				ok, err := confirm("Warning: " + warning + ". Delete its chain data?")
				if errors.Is(err, errNoTerminal) {
					return fmt.Errorf("%s: pass --yes to reset it anyway", warning)
				}
				if err != nil {
					return err
				}
				if !ok {
					return errors.New("nothing was deleted")
				}
			}
			removed, err := node.ResetAll(cfg, o)
			for _, p := range removed {
				fmt.Fprintln(c.OutOrStdout(), "removed", p)
			}
			if err != nil {
				return err
			}
			if !o.ResetSigningState {
				fmt.Fprintln(c.OutOrStdout(), "kept", cfg.PrivValidatorStateFile())
			}
			return nil
		},
	}
	c.Flags().Bool("keep-addr-book", false, "keep config/addrbook.json")
	c.Flags().Bool("reset-signing-state", false, "also reset priv_validator_state.json (risks a double sign: only for a key that will never sign on this chain's past heights again)")
	c.Flags().BoolP("yes", "y", false, "reset a validator home without asking")
	return c
}

func newReindexEventCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "reindex-event",
		Short: "Index committed blocks' transactions and events again, for tx_search and query tx",
		Long: `Index the transactions and events of committed blocks again, from the blocks
and results the node stored. A stopped node only. The node already does this on
start for blocks committed just before it was killed; use this command after
changing which events are indexed, or to repair an index.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := loadCometConfig(c, homeOf(c))
			if err != nil {
				return err
			}
			from, _ := c.Flags().GetInt64("start-height")
			to, _ := c.Flags().GetInt64("end-height")
			if from < 0 || to < 0 {
				return cli.Usage(c, errors.New("heights are positive (0: the first or last stored)"))
			}
			from, to, err = node.Reindex(cfg, from, to)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "Indexed heights %d to %d.\n", from, to)
			return nil
		},
	}
	c.Flags().Int64("start-height", 0, "first height to index (default: the first stored)")
	c.Flags().Int64("end-height", 0, "last height to index (default: the last committed)")
	return c
}
