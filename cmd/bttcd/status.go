package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newStatusCmd() *cobra.Command {
	return queryCmd("status", "Show a node's network, height and sync state", cli.ExactArgs(0, "none"),
		func(_ *cobra.Command, ctx context.Context, client *rpcclient.Client, _ []string) (any, func(io.Writer), error) {
			st, err := client.Status(ctx)
			if err != nil {
				return nil, nil, err
			}
			return st, func(w io.Writer) {
				s := st.SyncInfo
				fmt.Fprintf(w, "network:      %s\nmoniker:      %s\nnode id:      %s\nlatest block: %d (%s)\napp hash:     %s\ncatching up:  %v\nvalidator:    %s (power %d)\n",
					st.NodeInfo.Network, st.NodeInfo.Moniker, st.NodeInfo.DefaultNodeID, s.LatestBlockHeight, formatTime(s.LatestBlockTime),
					s.LatestAppHash, s.CatchingUp, st.ValidatorInfo.Address, st.ValidatorInfo.VotingPower)
			}, nil
		})
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of bttcd and of CometBFT inside it",
		Args:  cli.ExactArgs(0, "none"),
		Run: func(c *cobra.Command, _ []string) {
			comet, commit := "unknown", ""
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, d := range info.Deps {
					if d.Path == "github.com/cometbft/cometbft" {
						comet = d.Version
					}
				}
				for _, s := range info.Settings {
					if s.Key == "vcs.revision" {
						commit = s.Value
					}
				}
			}
			fmt.Fprintf(c.OutOrStdout(), "bttcd %s\ncometbft %s\n", version, comet)
			if commit != "" {
				fmt.Fprintf(c.OutOrStdout(), "commit %s\n", commit)
			}
		},
	}
}

func newCometCmd() *cobra.Command {
	c := &cobra.Command{Use: "comet", Short: "CometBFT identity and data of this node"}
	c.AddCommand(newUnsafeResetAllCmd(), newReindexEventCmd())
	c.AddCommand(&cobra.Command{
		Use:   "show-node-id",
		Short: "Print this node's P2P id (for persistent_peers)",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			k, err := p2p.LoadNodeKey(filepath.Join(homeOf(c), "config", "node_key.json"))
			if err != nil {
				return fmt.Errorf("node key: %w", err)
			}
			fmt.Fprintln(c.OutOrStdout(), k.ID())
			return nil
		},
	}, &cobra.Command{
		Use:   "show-validator",
		Short: "Print this node's consensus public key as JSON",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := loadCometConfig(c, homeOf(c))
			if err != nil {
				return err
			}
			pub, err := node.ValidatorPubKey(cfg)
			if err != nil {
				return err
			}
			out, err := cmtjson.Marshal(pub)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), string(out))
			return nil
		},
	}, &cobra.Command{
		Use:   "show-bridge-signer",
		Short: "Print the address of this node's bridge-signer key (for tx staking set-bridge-signer)",
		Args:  cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			key, err := homeBridgeKey(c, "this node signs no bridge checkpoints")
			if err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), address.FromPublicKey(&key.PublicKey).Hex())
			return nil
		},
	})
	return c
}

// homeBridgeKey loads the bridge-signer key of the home, refusing a home
// without one with why.
func homeBridgeKey(c *cobra.Command, why string) (*ecdsa.PrivateKey, error) {
	cfg, err := loadCometConfig(c, homeOf(c))
	if err != nil {
		return nil, err
	}
	key, ok, err := node.LoadBridgeKey(cfg)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s does not exist: %s", node.BridgeKeyFile(cfg), why)
	}
	return key, nil
}
