package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func addStartFlags(c *cobra.Command) {
	c.Flags().String("minimum-gas-price", "", "lowest gas price admitted to the mempool, e.g. 1000000000wei (app.toml)")
	c.Flags().String("log-format", "", "auto, json or text (app.toml)")
	c.Flags().String("rpc.laddr", "", "RPC listen address, e.g. tcp://127.0.0.1:26657 (config.toml)")
	c.Flags().String("p2p.laddr", "", "P2P listen address, e.g. tcp://127.0.0.1:26656 (config.toml)")
	c.Flags().String("p2p.persistent_peers", "", "comma-separated ID@host:port peers (config.toml)")
	c.Flags().String("log_level", "", "debug, info, warn or error (config.toml)")
	c.Flags().String("instrumentation.prometheus_listen_addr", "", "Prometheus metrics address, e.g. 127.0.0.1:26660 (config.toml)")
	c.Flags().String("dashboard", "", "serve a read-only web page of the chain at this address, e.g. 127.0.0.1:26680")
	_ = c.Flags().SetAnnotation("dashboard", notConfig, []string{"true"})
}

func newStartCmd() *cobra.Command {
	var upgradeDir string
	c := &cobra.Command{
		Use:   "start",
		Short: "Run the node until SIGINT or SIGTERM",
		Long: `Run the node: CometBFT consensus and networking with the BTTC application, in
one process. Settings come from config.toml and app.toml in the home, overridden
by BTTCD_* environment variables (BTTCD_MINIMUM_GAS_PRICE, BTTCD_RPC_LADDR, ...)
and then by flags. SIGINT or SIGTERM stops it cleanly.

With --upgrade-dir DIR, a node that halts for a software upgrade named NAME
runs DIR/NAME/bin/bttcd in its place, with the same arguments, as Cosmovisor
does: install the release there before the upgrade height and the node
upgrades itself. Without that binary it stays halted, saying what it needs.`,
		Example: `  bttcd start
  bttcd start --upgrade-dir ~/.bttcd/upgrades   # ~/.bttcd/upgrades/v2/bin/bttcd for upgrade "v2"`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			err := runNode(c, homeOf(c), nil)
			var need *chain.UpgradeNeededError
			if upgradeDir == "" || !errors.As(err, &need) {
				return err
			}
			return execUpgrade(c, upgradeDir, need, err)
		},
	}
	addStartFlags(c)
	c.Flags().StringVar(&upgradeDir, "upgrade-dir", "", "run DIR/NAME/bin/bttcd when the chain halts for upgrade NAME")
	return c
}

// execUpgrade replaces this process with the release of the upgrade the
// chain halted for, or returns halted (with where the release was looked
// for) when there is none.
func execUpgrade(c *cobra.Command, dir string, need *chain.UpgradeNeededError, halted error) error {
	bin := filepath.Join(dir, need.Plan.Name, "bin", "bttcd")
	fi, err := os.Stat(bin)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("%w; no executable %s to run instead", halted, bin)
	}
	fmt.Fprintf(c.ErrOrStderr(), "upgrade %s at height %d: running %s\n", need.Plan.Name, need.Plan.Height, bin)
	return syscall.Exec(bin, append([]string{bin}, os.Args[1:]...), os.Environ())
}

// runNode starts the node in home and blocks until a signal.
func runNode(c *cobra.Command, home string, started func(*cmtnode.Node)) error {
	cfg, err := loadCometConfig(c, home)
	if err != nil {
		return err
	}
	appCfg, err := loadAppConfig(c, home)
	if err != nil {
		return err
	}
	if _, err := appCfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(c.ErrOrStderr(), appCfg.LogFormat, cfg.LogLevel)
	for _, w := range configWarnings(home) {
		logger.Warn(w)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dashboard, _ := c.Flags().GetString("dashboard")
	return node.Run(ctx, node.Options{Comet: cfg, App: appCfg, Logger: logger, Version: version, Started: started, Upgrades: upgrades, Wrap: wrapApp,
		Dashboard: dashboard})
}
