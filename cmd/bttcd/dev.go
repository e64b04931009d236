package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/node"
)

// The development chain's embedded defaults. The mnemonic is the one every
// Ethereum tool uses for local chains: never send real funds to its keys.
const (
	devChainID  = "bttc-dev"
	devMnemonic = "test test test test test test test test test test test junk"
	devKeyName  = "dev"
	devFundsBTT = 1_000_000_000
)

func newDevCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "dev",
		Short: "Run a single-validator development chain with a funded, well-known key",
		Long: `Run a single-validator development chain. The first run creates its home
(default ~/.bttcd-dev) with chain id bttc-dev and a key named "dev", made from
the well-known mnemonic "test test ... junk" and funded with 1,000,000,000 BTT,
in the home's test keyring. Later runs continue the same chain; --reset starts
it afresh. Never use the dev key on a real network.`,
		Args: exactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			home := homeOf(c)
			if !c.Flags().Changed(flagHome) && os.Getenv(envPrefix+"_HOME") == "" {
				home = filepath.Join(filepath.Dir(defaultHome()), ".bttcd-dev")
			}
			reset, _ := c.Flags().GetBool("reset")
			if reset {
				if err := resetDevHome(c, home); err != nil {
					return err
				}
			}
			key, err := keyring.KeyFromMnemonic(devMnemonic, 0)
			if err != nil {
				return err
			}
			dev := address.FromPublicKey(&key.PublicKey)
			if _, err := os.Stat(filepath.Join(home, "config", "genesis.json")); errors.Is(err, os.ErrNotExist) {
				_, err := node.InitHome(node.InitOptions{
					Home: home, Moniker: "dev", ChainID: devChainID,
					Funded:   map[address.Address]*uint256.Int{dev: btt.FromBTT(devFundsBTT)},
					Operator: dev,
					Tune: func(c *cmtcfg.Config) {
						c.Consensus.TimeoutCommit = time.Second
						// Quiet, so that the banner stays on screen; the
						// README says how to see more.
						c.LogLevel = "warn"
					},
					TuneGenesis: genesis.Dev,
				})
				if err != nil {
					return err
				}
				kr, err := keyring.Open(filepath.Join(home, keystoreTestDir), keyring.BackendTest)
				if err != nil {
					return err
				}
				if _, err := kr.Show(devKeyName); err != nil { // kept by --reset
					if _, err := kr.Add(devKeyName, key, ""); err != nil {
						return err
					}
				}
			}
			banner := func(n *cmtnode.Node) {
				w := c.ErrOrStderr()
				laddr := n.Config().RPC.ListenAddress
				flags := "--home " + home
				if laddr != node.DefaultCometConfig(home, "").RPC.ListenAddress {
					flags += " --node " + laddr
				}
				fmt.Fprintf(w, "\nBTTC development chain %q is running (home %s)\n", devChainID, home)
				fmt.Fprintf(w, "  RPC:       %s\n", strings.Replace(laddr, "tcp://", "http://", 1))
				fmt.Fprintf(w, "  dev key:   %s (TRON form %s), funded in genesis\n", dev.Hex(), dev.Tron())
				fmt.Fprintf(w, "  mnemonic:  %s   (well known: never use it for real funds)\n", devMnemonic)
				fmt.Fprintf(w, "Try:\n  bttcd query balance %s %s\n", dev.Hex(), flags)
				fmt.Fprintf(w, "  bttcd tx bank send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 12.5btt --from dev --keyring-backend test %s -y\n", flags)
				fmt.Fprintf(w, "Logs: warnings and errors only (bttcd dev --log_level info shows every block). Ctrl-C stops the chain; run again to continue it.\n\n")
			}
			return runNode(c, home, banner)
		},
	}
	c.Flags().Bool("reset", false, "delete the development home and start a new chain")
	addStartFlags(c)
	return c
}

// resetDevHome deletes the dev chain's config and data, refusing while a
// node runs on it, and keeps the keys the user made there.
func resetDevHome(c *cobra.Command, home string) error {
	if _, err := os.Stat(home); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	unlock, err := node.LockHome(home)
	if err != nil {
		return err
	}
	defer unlock()
	entries, err := os.ReadDir(home)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); n == keystoreDir || n == keystoreTestDir || n == node.LockFile {
			continue
		}
		if err := os.RemoveAll(filepath.Join(home, e.Name())); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.ErrOrStderr(), "Deleted the development chain in %s; kept the keys in %s.\n", home, filepath.Join(home, keystoreDir))
	return nil
}
