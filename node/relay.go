package node

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/chain"
)

// relays are this validator's root-chain watchers, one per registered
// chain that app.toml gives an RPC for. A watcher starts the first time
// the vote extension asks about its chain, so that chains registered by
// the genesis or by governance while the node runs are watched alike.
type relays struct {
	ctx  context.Context
	rpcs map[string]BridgeRPC
	dir  string
	log  *slog.Logger
	// key signs and pays for checkpoint submissions; nil submits nothing.
	key    *ecdsa.PrivateKey
	source relay.Source

	mu       sync.Mutex
	watchers map[string]*relay.Watcher // nil: not watched
	all      []*relay.Watcher
	subs     []*relay.Submitter
}

// relayMetrics are the relayers' series, registered once per process with
// the registry CometBFT serves at its Prometheus address.
var relayMetrics = sync.OnceValue(func() *relay.Metrics { return relay.NewMetrics(prometheus.DefaultRegisterer) })

func newRelays(ctx context.Context, rpcs map[string]BridgeRPC, dir string, log *slog.Logger) *relays {
	return &relays{ctx: ctx, rpcs: rpcs, dir: dir, log: log, watchers: map[string]*relay.Watcher{}}
}

// submitWith makes the relays also submit final checkpoints, read from
// source, paying with key.
func (r *relays) submitWith(key *ecdsa.PrivateKey, source relay.Source) {
	r.key, r.source = key, source
}

// Deposits is chain.DepositObserver: what the chain's watcher holds.
func (r *relays) Deposits(c *bridge.RootChain, from uint64, max int) []bridge.Observation {
	w := r.watcher(c)
	if w == nil {
		return nil
	}
	return w.Deposits(c.Name, from, max)
}

func (r *relays) watcher(c *bridge.RootChain) *relay.Watcher {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w, seen := r.watchers[c.Name]; seen {
		return w
	}
	b, ok := r.rpcs[c.Name]
	if !ok {
		r.watchers[c.Name] = nil
		return nil
	}
	w, err := relay.NewWatcher(relay.Config{Chain: c.Name, RPC: b.RPC, ChainID: c.ChainID, Contract: c.Contract,
		Confirmations: c.Confirmations, StateFile: filepath.Join(r.dir, c.Name+".json"), Logger: r.log, Metrics: relayMetrics()})
	if err != nil {
		r.log.Error("bridge: cannot watch the chain", "chain", c.Name, "err", err)
		r.watchers[c.Name] = nil
		return nil
	}
	r.log.Info("bridge: watching deposits", "chain", c.Name, "rpc", b.RPC, "contract", c.Contract.Hex())
	r.watchers[c.Name] = w
	r.all = append(r.all, w)
	go w.Run(r.ctx)
	if r.key != nil && r.source != nil {
		s, err := relay.NewSubmitter(relay.SubmitterConfig{Chain: c.Name, RPC: b.RPC, ChainID: c.ChainID, Contract: c.Contract, Key: r.key, Logger: r.log, Metrics: relayMetrics()})
		if err != nil {
			r.log.Error("bridge: cannot submit checkpoints", "chain", c.Name, "err", err)
		} else {
			r.subs = append(r.subs, s)
			go s.Run(r.ctx, r.source)
		}
	}
	return w
}

// close closes the watchers' connections once the node has stopped.
func (r *relays) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.all {
		w.Close()
	}
	for _, s := range r.subs {
		s.Close()
	}
}

// appCheckpoints is the node's application as the submitter's source.
type appCheckpoints struct{ app *chain.App }

func (s appCheckpoints) Checkpoint(name string, n uint64) (*bridge.CheckpointView, error) {
	return s.app.BridgeCheckpoint(name, n)
}
