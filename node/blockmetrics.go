package node

import (
	"context"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"
)

// meteredApp times each block's execution and counts its transactions by
// result and its events by type, as bttc_* series. It measures around the
// application, so that the state machine itself never reads the clock.
type meteredApp struct {
	abci.Application
	exec   prometheus.Histogram
	txs    *prometheus.CounterVec
	events *prometheus.CounterVec
}

func newMeteredApp(app abci.Application, reg prometheus.Registerer) *meteredApp {
	m := &meteredApp{Application: app,
		exec: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "bttc", Name: "block_execution_seconds",
			Help:    "Time the application took to execute a block (FinalizeBlock).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}),
		txs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "bttc", Name: "txs_total",
			Help: `Transactions in committed blocks by result: "ok", or the codespace of the rule that failed them.`}, []string{"result"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "bttc", Name: "events_total",
			Help: "Events of committed blocks by type: storage_missed counts missed storage proofs, speed_open and speed_closed channels."}, []string{"type"}),
	}
	reg.MustRegister(m.exec, m.txs, m.events)
	return m
}

// FinalizeBlock runs the block and records what it did. The counts are
// summed per block first: a block of thousands of transfers costs a few
// counter updates, not thousands.
func (m *meteredApp) FinalizeBlock(ctx context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	start := time.Now()
	res, err := m.Application.FinalizeBlock(ctx, req)
	if err != nil {
		return res, err
	}
	m.exec.Observe(time.Since(start).Seconds())
	results, events := map[string]int{}, map[string]int{}
	for _, r := range res.TxResults {
		if r.Code == abci.CodeTypeOK {
			results["ok"]++
		} else {
			results[r.Codespace]++
		}
		for _, e := range r.Events {
			events[e.Type]++
		}
	}
	for _, e := range res.Events {
		events[e.Type]++
	}
	for k, n := range results {
		m.txs.WithLabelValues(k).Add(float64(n))
	}
	for k, n := range events {
		m.events.WithLabelValues(k).Add(float64(n))
	}
	return res, nil
}
