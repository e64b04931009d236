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
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/node"
)

// The development chain's embedded defaults.
const (
	devChainID  = "bttc-dev"
	devMnemonic = genesis.DevMnemonic
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
it afresh. Never use the dev key on a real network.

With --bridge URL, a new dev chain also gets a bridge to the local root chain
at URL (start one with bttc-rootchain; make run starts both): a test BTT token
there, a million of it for the dev key, the root contract, registered as the
root chain "local", and this validator's relayer watching it.`,
		Args: cli.ExactArgs(0, "none"),
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
			rootURL, _ := c.Flags().GetString("bridge")
			if rootURL != "" && !strings.HasPrefix(rootURL, "http://") && !strings.HasPrefix(rootURL, "https://") &&
				!strings.HasPrefix(rootURL, "ws://") && !strings.HasPrefix(rootURL, "wss://") {
				return cli.Usage(c, fmt.Errorf("--bridge %q: want the root chain's http:// URL, such as http://127.0.0.1:8545", rootURL))
			}
			genesisFile := filepath.Join(home, "config", "genesis.json")
			_, err = os.Stat(genesisFile)
			switch {
			case errors.Is(err, os.ErrNotExist):
				tune := genesis.Dev
				var b *devBridge
				if rootURL != "" {
					b = &devBridge{url: rootURL, chainID: devChainID, key: key, out: c.ErrOrStderr()}
					tune = func(g *genesis.AppState) {
						genesis.Dev(g)
						b.tune(g)
					}
				}
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
					TuneGenesis: tune,
				})
				if err == nil && b != nil && b.err != nil {
					err = b.err
				}
				if err == nil && b != nil {
					err = node.SetBridgeRPC(home, devRootName, rootURL)
				}
				if err != nil {
					// Half a dev home would be continued next time.
					_ = removeDevChain(home)
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
			case err != nil:
				return err
			case rootURL != "":
				err := checkDevBridge(c.Context(), genesisFile, rootURL)
				if errors.Is(err, errNoDevBridge) {
					fmt.Fprintf(c.ErrOrStderr(), "Note: %s.\n", err)
					rootURL = ""
				} else if err != nil {
					return err
				} else if err := node.SetBridgeRPC(home, devRootName, rootURL); err != nil {
					return err
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
				if dash, _ := c.Flags().GetString("dashboard"); dash != "" {
					fmt.Fprintf(w, "  dashboard: http://%s/\n", dash)
				}
				fmt.Fprintf(w, "  dev key:   %s (TRON form %s), funded in genesis\n", dev.Hex(), dev.Tron())
				fmt.Fprintf(w, "  mnemonic:  %s   (well known: never use it for real funds)\n", devMnemonic)
				fmt.Fprintf(w, "Try:\n  bttcd query balance %s %s\n", dev.Hex(), flags)
				fmt.Fprintf(w, "  bttcd tx bank send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 12.5btt --from dev --keyring-backend test %s -y\n", flags)
				if rootURL != "" {
					fmt.Fprintf(w, "  bridge:    root chain %q at %s; the dev key holds test BTT there (bttcd bridge status %s)\n", devRootName, rootURL, flags)
				}
				fmt.Fprintf(w, "Logs: warnings and errors only (bttcd dev --log_level info shows every block). Ctrl-C stops the chain; run again to continue it.\n\n")
			}
			return runNode(c, home, banner)
		},
	}
	c.Flags().Bool("reset", false, "delete the development home and start a new chain")
	c.Flags().String("bridge", "", "a local root chain's JSON-RPC (bttc-rootchain's): a new dev chain gets a bridge to it")
	_ = c.Flags().SetAnnotation("bridge", notConfig, []string{"true"})
	addStartFlags(c)
	// The dev chain's page is on unless --dashboard "" turns it off.
	if f := c.Flags().Lookup("dashboard"); f != nil {
		f.DefValue = devDashboard
		_ = f.Value.Set(devDashboard)
	}
	return c
}

// devDashboard is where bttcd dev serves its web page.
const devDashboard = "127.0.0.1:26680"

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
	if err := removeDevChain(home); err != nil {
		return err
	}
	fmt.Fprintf(c.ErrOrStderr(), "Deleted the development chain in %s; kept the keys in %s.\n", home, filepath.Join(home, keystoreDir))
	return nil
}

// removeDevChain deletes a dev home but for its keys and lock.
func removeDevChain(home string) error {
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
	return nil
}
