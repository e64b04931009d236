package main

import (
	"fmt"
	"strings"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func newInitCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "init MONIKER (--chain-id ID | --genesis FILE)",
		Short: "Create a node home: config, keys and a new genesis, or an existing network's",
		Long: `Create a node home: config/config.toml, config/app.toml, config/genesis.json,
the node key and the validator's consensus key. The genesis makes this node the
only validator, operated by --operator (default: the first --fund address),
whose --self-bond is added to its genesis balance and bonded; --fund adds
funded accounts, and --fund-file adds those of a file (ADDRESS,AMOUNT a line,
streamed: a million accounts take seconds). An existing home is left alone unless --overwrite is given,
which replaces config and genesis but keeps keys and data.

To join a network that is already running, give its genesis with --genesis
and some of its nodes with --peers instead: the home gets fresh keys and the
network's genesis, and the node block-syncs from the peers when started. It is
a full node until its operator sends 'bttcd tx staking create-validator'.`,
		Example: `  bttcd init my-node --chain-id bttc-local-1 --fund 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266=1000000btt
  bttcd init my-node --genesis genesis.json --peers 3b1f...@10.0.0.5:26656
  bttcd init my-node --genesis genesis.json --peers 3b1f...@10.0.0.5:26656 --state-sync 10.0.0.5:26657,10.0.0.6:26657`,
		Args: cli.ExactArgs(1, "MONIKER"),
		RunE: func(c *cobra.Command, args []string) error {
			chainID, _ := c.Flags().GetString("chain-id")
			overwrite, _ := c.Flags().GetBool("overwrite")
			funds, _ := c.Flags().GetStringSlice("fund")
			if path, _ := c.Flags().GetString("genesis"); path != "" {
				return joinNetwork(c, args[0], path, chainID, overwrite)
			}
			for _, f := range []string{"peers", "state-sync"} {
				if c.Flags().Changed(f) {
					return cli.Usage(c, fmt.Errorf("--%s goes with --genesis, to join an existing network", f))
				}
			}
			if chainID == "" {
				return cli.Usage(c, fmt.Errorf("--chain-id is required"))
			}
			funded, order, err := parseFunds(funds)
			if err != nil {
				return cli.Usage(c, err)
			}
			if path, _ := c.Flags().GetString("fund-file"); path != "" {
				more, err := readFundFile(path, funded)
				if err != nil {
					return err
				}
				order = append(order, more...)
			}
			opts := node.InitOptions{Home: homeOf(c), Moniker: args[0], ChainID: chainID, Overwrite: overwrite, Funded: funded}
			if text, _ := c.Flags().GetString("operator"); text != "" {
				if opts.Operator, err = address.Parse(text); err != nil {
					return cli.Usage(c, fmt.Errorf("--operator: %w", err))
				}
			} else if len(order) > 0 {
				opts.Operator = order[0]
			}
			bond, _ := c.Flags().GetString("self-bond")
			if opts.SelfBond, err = btt.Parse(bond); err != nil || opts.SelfBond.IsZero() {
				return cli.Usage(c, fmt.Errorf("--self-bond %q: want a positive amount such as 1000000btt", bond))
			}
			res, err := node.InitHome(opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "Initialized %s for chain %s\n  node id:   %s\n  validator: %X\n  genesis:   %s\nStart it with: bttcd start --home %s\n",
				homeOf(c), chainID, res.NodeID, res.Validator.Address, res.Genesis, homeOf(c))
			return nil
		},
	}
	c.Flags().String("chain-id", "", "the chain id (required)")
	c.Flags().Bool("overwrite", false, "replace an existing config and genesis (keys and data are kept)")
	c.Flags().StringSlice("fund", nil, "ADDRESS=AMOUNT to fund in genesis (repeatable)")
	c.Flags().String("fund-file", "", "fund the accounts of this file in genesis: ADDRESS,AMOUNT a line (a launch's holders)")
	c.Flags().String("operator", "", "address that operates the genesis validator (default: the first --fund address)")
	c.Flags().String("self-bond", "1000000btt", "the genesis validator's self-delegation, added to the operator's balance")
	c.Flags().String("genesis", "", "join an existing network: its genesis.json")
	c.Flags().StringSlice("peers", nil, "with --genesis: NODE_ID@HOST:PORT of the network's nodes (comma-separated)")
	c.Flags().StringSlice("state-sync", nil, "with --genesis: RPC addresses of two or more of the network's nodes; the node starts from their state-sync snapshot, trusting their latest block")
	return c
}

// joinNetwork makes a full node's home for the network whose genesis is
// at path.
func joinNetwork(c *cobra.Command, moniker, path, chainID string, overwrite bool) error {
	for _, f := range []string{"fund", "fund-file", "operator", "self-bond"} {
		if c.Flags().Changed(f) {
			return cli.Usage(c, fmt.Errorf("--%s makes a new genesis and cannot go with --genesis", f))
		}
	}
	peers, _ := c.Flags().GetStringSlice("peers")
	sync, _ := c.Flags().GetStringSlice("state-sync")
	res, err := node.JoinHome(node.JoinOptions{Home: homeOf(c), Moniker: moniker, GenesisFile: path, ChainID: chainID, Peers: peers,
		Overwrite: overwrite, StateSync: sync})
	if err != nil {
		return err
	}
	if res.TrustHeight > 0 {
		fmt.Fprintf(c.OutOrStdout(), "State sync: on start the node restores a snapshot, trusting block %d (%s) as %s served it.\n",
			res.TrustHeight, res.TrustHash, strings.Join(sync, " and "))
	}
	fmt.Fprintf(c.OutOrStdout(), "Initialized %s to join chain %s\n  node id: %s\nStart it with: bttcd start --home %s\nOnce it has caught up, make it a validator with: bttcd tx staking create-validator --home %s ...\n",
		homeOf(c), res.ChainID, res.NodeID, homeOf(c), homeOf(c))
	return nil
}

// parseFunds reads ADDRESS=AMOUNT pairs; order lists the addresses as
// first given.
func parseFunds(list []string) (funds map[address.Address]*uint256.Int, order []address.Address, err error) {
	funds = map[address.Address]*uint256.Int{}
	for _, f := range list {
		addrText, amountText, ok := cutLast(f, "=")
		if !ok {
			return nil, nil, fmt.Errorf("--fund %q: want ADDRESS=AMOUNT", f)
		}
		a, err := address.Parse(addrText)
		if err != nil {
			return nil, nil, fmt.Errorf("--fund: %w", err)
		}
		v, err := btt.Parse(amountText)
		if err != nil {
			return nil, nil, fmt.Errorf("--fund: %w", err)
		}
		if prev, dup := funds[a]; dup {
			v = new(uint256.Int).Add(prev, v)
		} else {
			order = append(order, a)
		}
		funds[a] = v
	}
	return funds, order, nil
}

func cutLast(s, sep string) (before, after string, found bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}
