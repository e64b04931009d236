package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/genesis"
)

// Options configure Run.
type Options struct {
	// Comet is CometBFT's config with its root set to the home.
	Comet *cmtcfg.Config
	App   AppConfig
	// Logger receives both CometBFT's and the application's logs.
	Logger  *slog.Logger
	Version string
	// Started, if set, is called once the node is running.
	Started func(*cmtnode.Node)
	// Upgrades are the software upgrades this binary knows.
	Upgrades []chain.Upgrade
	// Observer reports root-chain deposits for this validator's vote
	// extensions (the relayer); nil reports none.
	Observer chain.DepositObserver
	// Wrap, if set, stands between CometBFT and the application. Only the
	// end-to-end tests' misbehaving validator sets it (cmd/bttcd built
	// with the e2e_byzantine tag).
	Wrap func(abci.Application) abci.Application
	// Dashboard, when set, is the address of the read-only web page of
	// the chain (dashboard.go).
	Dashboard string
}

// Run starts the node and blocks until ctx ends, then stops it cleanly. It
// also stops, and returns a *chain.UpgradeNeededError, when the chain
// reaches an upgrade this binary does not know.
func Run(ctx context.Context, o Options) error {
	cfg := o.Comet
	unlock, err := LockHome(cfg.RootDir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := cfg.ValidateBasic(); err != nil {
		return fmt.Errorf("config.toml: %w", err)
	}
	minGas, err := o.App.Validate()
	if err != nil {
		return err
	}
	doc, _, err := genesis.Load(cfg.GenesisFile())
	if err != nil {
		return err
	}
	pv, err := loadPV(cfg)
	if err != nil {
		return err
	}
	nodeKey, err := loadNodeKey(cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.DBDir(), 0o700); err != nil {
		return err
	}
	if heights, err := IndexMissing(cfg); err != nil {
		return fmt.Errorf("index the blocks committed before the last stop: %w", err)
	} else if len(heights) > 0 {
		o.Logger.Info("indexed blocks committed before the last stop", "from", heights[0], "to", heights[len(heights)-1])
	}
	store, err := state.Open(cfg.DBDir(), state.Options{CacheNodes: o.App.IAVLCacheNodes, InitialVersion: uint64(doc.InitialHeight)})
	if err != nil {
		return err
	}
	defer store.Close()
	// The cache warms beside the handshake and the first blocks; it must
	// be done before the store closes.
	warmCtx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	defer func() { stopWarm(); <-warmed }()
	go func() {
		defer close(warmed)
		start := time.Now()
		if n, err := store.Warm(warmCtx); err != nil {
			o.Logger.Error("warming the state cache", "err", err)
		} else if n > 0 {
			o.Logger.Info("warmed the state cache", "leaves", n, "took", time.Since(start).Round(time.Millisecond))
		}
	}()
	bridgeKey, _, err := LoadBridgeKey(cfg)
	if err != nil {
		return err
	}
	observer := o.Observer
	var rl *relays
	if observer == nil && len(o.App.Bridge) > 0 {
		rl = newRelays(ctx, o.App.Bridge, filepath.Join(cfg.DBDir(), "bridge"), o.Logger.With("module", "bridge"))
		defer rl.close()
		observer = rl
	}
	keep, every, err := o.App.PruningPlan()
	if err != nil {
		return err
	}
	app, err := chain.New(store, chain.Config{MinGasPrice: minGas, SenderCacheSize: o.App.SenderCacheSize, Logger: o.Logger.With("module", "app"),
		Version: o.Version, Upgrades: o.Upgrades, BridgeKey: bridgeKey, Observer: observer,
		PruneKeepRecent: keep, PruneInterval: every, MinRetainBlocks: o.App.MinRetainBlocks})
	if err != nil {
		return err
	}
	if rl != nil && bridgeKey != nil {
		rl.submitWith(bridgeKey, appCheckpoints{app})
	}
	var abciApp abci.Application = app
	if o.Wrap != nil {
		abciApp = o.Wrap(app)
	}
	inst := *cfg.Instrumentation
	reg := prometheus.NewRegistry()
	if inst.IsPrometheusEnabled() {
		abciApp = newMeteredApp(abciApp, reg)
	}
	snapshots := newSnapshotApp(abciApp, app, filepath.Join(cfg.DBDir(), "snapshots"), o.App.SnapshotInterval,
		o.App.SnapshotKeepRecent, o.Logger.With("module", "statesync"))
	defer snapshots.wait() // before the store closes
	abciApp = snapshots
	if lives := o.App.SnapshotInterval * int64(o.App.SnapshotKeepRecent); lives > 0 && lives < minSnapshotLife {
		o.Logger.Warn("state-sync snapshots are deleted before a joining node may have fetched one, and it then stalls: raise snapshot-interval or snapshot-keep-recent in app.toml",
			"kept-for-blocks", lives, "snapshot-interval", o.App.SnapshotInterval, "snapshot-keep-recent", o.App.SnapshotKeepRecent)
	}
	// One mutex per ABCI connection, not one for all: CheckTx and queries
	// go on while a block executes (the chain package says why it is
	// safe); and none for CheckTx, whose submissions run on all cores.
	// The node serves the metrics port itself, beside /health and /ready
	// (probes.go): CometBFT makes its series but does not listen.
	comet, off := *cfg, inst
	off.Prometheus = false
	comet.Instrumentation = &off
	n, err := cmtnode.NewNode(&comet, pv, nodeKey, parallelCheckCreator{abciApp},
		func() (*types.GenesisDoc, error) { return doc, nil },
		dbProvider, cmtnode.DefaultMetricsProvider(&inst), CometLogger(o.Logger))
	if err != nil {
		return fmt.Errorf("start CometBFT: %w", err)
	}
	if err := n.Start(); err != nil {
		return fmt.Errorf("start CometBFT: %w", err)
	}
	if o.Dashboard != "" {
		if dash, err := serveDashboard(o.Dashboard, n, app, o.Logger); err != nil {
			o.Logger.Error("no dashboard", "err", err)
		} else {
			defer dash.Close()
			o.Logger.Info("dashboard", "url", "http://"+o.Dashboard+"/")
		}
	}
	if inst.IsPrometheusEnabled() {
		// A port taken is no reason to stop a validator: it is logged,
		// as CometBFT's own server did.
		cons := ""
		if pk, err := pv.GetPubKey(); err == nil {
			cons = pk.Address().String()
		}
		reg.MustRegister(newStateCollector(app, cons))
		gather := prometheus.Gatherers{prometheus.DefaultGatherer, reg}
		if probes, err := serveProbes(inst.PrometheusListenAddr, n, gather, o.Logger); err != nil {
			o.Logger.Error("no metrics, /health or /ready", "err", err)
		} else {
			defer probes.Close()
		}
	}
	if o.Started != nil {
		o.Started(n)
	}
	var halt error
	select {
	case <-ctx.Done():
	case halt = <-app.Halted():
	}
	o.Logger.Info("stopping node")
	if err := n.Stop(); err != nil && !errors.Is(err, context.Canceled) {
		o.Logger.Error("stopping CometBFT", "err", err)
	}
	n.Wait()
	return halt
}
