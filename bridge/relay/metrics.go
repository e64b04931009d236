package relay

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the relayer's Prometheus series, labelled by root chain,
// served with CometBFT's at its instrumentation address. A nil *Metrics
// records nothing.
type Metrics struct {
	// CheckpointBTTC is the highest checkpoint the submitter saw final on
	// BTTC; CheckpointRoot the root contract's last. A gap that lasts
	// means nobody is landing checkpoints.
	CheckpointBTTC, CheckpointRoot *prometheus.GaugeVec
	// PendingDeposits are deposits seen final on the root chain and not
	// yet minted on BTTC.
	PendingDeposits *prometheus.GaugeVec
	// LagBlocks is how far the watcher's scan is behind the root chain's
	// latest block (the finality depth, in a healthy relayer).
	LagBlocks *prometheus.GaugeVec
	// SignerBalance is the bridge key's balance on the root chain, in the
	// chain's coin (ETH, BNB), which pays for checkpoint submissions.
	SignerBalance *prometheus.GaugeVec
	// RPCErrors counts failed polls of the root chain's RPC.
	RPCErrors *prometheus.CounterVec
}

// NewMetrics registers the series with reg; series another relayer in
// the process registered already are shared.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	gauge := func(name, help string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "bttc", Subsystem: "bridge", Name: name, Help: help}, []string{"chain"})
		return register(reg, g)
	}
	return &Metrics{
		CheckpointBTTC:  gauge("checkpoint_bttc", "Highest checkpoint final on BTTC that the submitter has seen."),
		CheckpointRoot:  gauge("checkpoint_root", "The root contract's last accepted checkpoint."),
		PendingDeposits: gauge("pending_deposits", "Deposits final on the root chain, not yet minted on BTTC."),
		LagBlocks:       gauge("observation_lag_blocks", "Root-chain blocks between the latest and the last scanned."),
		SignerBalance:   gauge("signer_balance", "The bridge key's balance on the root chain, in its coin."),
		RPCErrors: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "bttc", Subsystem: "bridge",
			Name: "rpc_errors_total", Help: "Failed polls of the root chain's RPC."}, []string{"chain"})),
	}
}

func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var taken prometheus.AlreadyRegisteredError
		if errors.As(err, &taken) {
			if existing, ok := taken.ExistingCollector.(C); ok {
				return existing
			}
		}
		// Only a programming error (a clashing name) gets here; the series
		// then go unexported rather than stopping the node.
	}
	return c
}

func (m *Metrics) set(g func(*Metrics) *prometheus.GaugeVec, chain string, v float64) {
	if m != nil {
		g(m).WithLabelValues(chain).Set(v)
	}
}

// The gauges, as set's first argument.
func checkpointBTTC(m *Metrics) *prometheus.GaugeVec  { return m.CheckpointBTTC }
func checkpointRoot(m *Metrics) *prometheus.GaugeVec  { return m.CheckpointRoot }
func pendingDeposits(m *Metrics) *prometheus.GaugeVec { return m.PendingDeposits }
func lagBlocks(m *Metrics) *prometheus.GaugeVec       { return m.LagBlocks }
func signerBalance(m *Metrics) *prometheus.GaugeVec   { return m.SignerBalance }

func (m *Metrics) rpcError(chain string) {
	if m != nil {
		m.RPCErrors.WithLabelValues(chain).Inc()
	}
}
