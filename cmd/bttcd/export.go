package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func newExportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Write a genesis of a stopped node's state, to restart the chain from it",
		Long: `Write the genesis of a chain that goes on from this node's state at a height:
its initial_height is the next height (or --initial-height) and its app_state
the whole application state (balances, staking with delegations and
unbondings, governance, the bridge, channels, storage contracts, params). A
stopped node only.

This is how a halted chain restarts. The validators stop and agree on the
height to export (the highest all of them committed) and on the new chain's
first height: above the highest height any of them signed, which this command
prints as "last signed" (CometBFT's double-sign guard keeps a validator from
signing a height twice). Each exports with the same flags and compares the
sha256 printed (the export is the same byte for byte on every honest node),
checks the file with 'bttcd genesis validate', runs 'bttcd comet
unsafe-reset-all --yes', puts the file in as config/genesis.json and starts.
The export is the state's exact keys, guarded by a digest: it is not for
editing by hand.

The genesis goes to standard output, or to --output-document; a summary goes
to standard error.`,
		Example: `  bttcd export --output-document exported.json
  bttcd export --height 1200 --initial-height 1203 > exported.json`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			var o node.ExportOptions
			o.Height, _ = c.Flags().GetInt64("height")
			o.ChainID, _ = c.Flags().GetString("chain-id")
			o.InitialHeight, _ = c.Flags().GetInt64("initial-height")
			file, _ := c.Flags().GetString("output-document")
			if o.Height < 0 {
				return cli.Usage(c, errors.New("--height: want a height, or 0 for the last saved"))
			}
			if o.InitialHeight < 0 {
				return cli.Usage(c, errors.New("--initial-height: want a height, or 0 for the one after --height"))
			}
			cfg, err := loadCometConfig(c, homeOf(c))
			if err != nil {
				return err
			}
			doc, sum, err := node.Export(cfg, o)
			if err != nil {
				return err
			}
			raw, err := genesis.Encode(doc)
			if err != nil {
				return err
			}
			raw = append(raw, '\n')
			if file == "" {
				if _, err := c.OutOrStdout().Write(raw); err != nil {
					return err
				}
			} else if err := writeFileAtomic(file, raw); err != nil {
				return err
			}
			w := c.ErrOrStderr()
			printGenesisSummary(w, sum, raw)
			if signed, err := node.LastSignedHeight(cfg); err != nil {
				fmt.Fprintf(w, "Warning: %v\n", err)
			} else if signed > 0 {
				fmt.Fprintf(w, "last signed     %d by this home's validator key\n", signed)
				if signed >= doc.InitialHeight {
					fmt.Fprintf(w, "Warning: this validator signed height %d, at or above the new chain's first, %d: its double-sign guard will keep it from signing "+
						"there. Agree with the other validators on an --initial-height above the highest height any of them signed.\n", signed, doc.InitialHeight)
				}
			}
			if file != "" {
				fmt.Fprintf(w, "Wrote %s.\n", file)
			}
			return nil
		},
	}
	c.Flags().Int64("height", 0, "height to export (default: the last the node saved)")
	c.Flags().Int64("initial-height", 0, "the new chain's first height, above every height a validator signed (default: the one after --height)")
	c.Flags().String("chain-id", "", "the new chain's id (default: this chain's; a chain with a bridge keeps it, as the root contracts hold it)")
	c.Flags().String("output-document", "", "write the genesis to this file instead of standard output")
	return c
}

func newGenesisCmd() *cobra.Command {
	c := &cobra.Command{Use: "genesis", Short: "Check genesis files"}
	validate := &cobra.Command{
		Use:   "validate [file]",
		Short: "Check a genesis file as a node starting from it would, without starting one",
		Long: `Check a genesis file (default: this home's config/genesis.json) as a node
starting from it would: CometBFT's part, every module's section, and for a file
written by 'bttcd export' the exported state's digest and every module's
invariants (balances sum to the supply, pools match stakes, escrows match
channels and contracts). Prints what the chain starts with and the file's
sha256, to compare with other validators'. Exits non-zero on a problem.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cli.Usage(c, fmt.Errorf("want at most 1 argument (the genesis file), got %d", len(args)))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			path := filepath.Join(homeOf(c), "config", "genesis.json")
			if len(args) == 1 {
				path = args[0]
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("read genesis: %w", err)
			}
			doc, _, err := genesis.Parse(path, raw)
			if err != nil {
				return err
			}
			sum, err := chain.CheckGenesis(doc)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			return printOut(c, genesisView(sum, raw), func(w io.Writer) {
				printGenesisSummary(w, sum, raw)
				fmt.Fprintf(w, "%s is valid.\n", path)
			})
		},
	}
	addOutputFlag(validate)
	c.AddCommand(validate)
	return c
}

// genesisSummaryView is a GenesisSummary as -o json shows it.
type genesisSummaryView struct {
	ChainID        string         `json:"chain_id"`
	InitialHeight  int64          `json:"initial_height"`
	ExportedFrom   string         `json:"exported_from,omitempty"`
	ExportedHeight int64          `json:"exported_height,omitempty"`
	Entries        map[string]int `json:"entries"`
	Accounts       int            `json:"accounts"`
	Supply         string         `json:"supply"`
	SupplyWei      string         `json:"supply_wei"`
	Validators     int            `json:"validators"`
	Power          int64          `json:"power"`
	SHA256         string         `json:"sha256"`
}

func genesisView(s *chain.GenesisSummary, raw []byte) genesisSummaryView {
	v := genesisSummaryView{ChainID: s.ChainID, InitialHeight: s.InitialHeight, ExportedFrom: s.ExportedFrom,
		ExportedHeight: s.ExportedHeight, Entries: s.Entries, Accounts: s.Accounts, Supply: btt.Format(s.Supply),
		SupplyWei: s.Supply.Dec(), Validators: len(s.Validators), SHA256: fileSHA256(raw)}
	for _, u := range s.Validators {
		v.Power += u.Power
	}
	return v
}

// fileSHA256 is what operators compare to agree on a genesis file.
func fileSHA256(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

func printGenesisSummary(w io.Writer, s *chain.GenesisSummary, raw []byte) {
	v := genesisView(s, raw)
	fmt.Fprintf(w, "chain id        %s, first height %d\n", v.ChainID, v.InitialHeight)
	if v.ExportedHeight > 0 {
		fmt.Fprintf(w, "exported from   %s at height %d\n", v.ExportedFrom, v.ExportedHeight)
	}
	modules := make([]string, 0, len(v.Entries))
	total := 0
	for m, n := range v.Entries {
		modules = append(modules, fmt.Sprintf("%s %d", m, n))
		total += n
	}
	sort.Strings(modules)
	fmt.Fprintf(w, "state entries   %d (%s)\n", total, strings.Join(modules, ", "))
	fmt.Fprintf(w, "accounts        %d, supply %s\n", v.Accounts, v.Supply)
	fmt.Fprintf(w, "validators      %d, power %d\n", v.Validators, v.Power)
	fmt.Fprintf(w, "sha256          %s\n", v.SHA256)
}

// writeFileAtomic writes raw to path through a temporary file beside it,
// so that an interrupted write never leaves half a genesis. A path that is
// not a regular file (/dev/stdout, a pipe) is written as it is.
func writeFileAtomic(path string, raw []byte) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return os.WriteFile(path, raw, 0o644)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
