package node

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/rpc/client/local"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The metrics port (config.toml's instrumentation.prometheus_listen_addr)
// is served by the node rather than by CometBFT, so that it answers
// monitoring and probes alike:
//
//	/metrics  CometBFT's series and the node's own (bttc_*), for Prometheus
//	/health   200 while the process answers (a liveness probe)
//	/ready    200 when the node is caught up, has its peers and, if it is a
//	          validator, signs; 503 with what is missing otherwise (a
//	          readiness probe, for load balancers and systemd or Kubernetes)

// signWindow is how many recent blocks a validator must have signed one
// of to count as signing: one missed block is no reason to take a node
// out of a load balancer.
const signWindow = 3

// Readiness is /ready's answer.
type Readiness struct {
	Ready     bool   `json:"ready"`
	Height    int64  `json:"height"`
	CaughtUp  bool   `json:"caught_up"`
	Peers     int    `json:"peers"`
	PeersOK   bool   `json:"peers_ok"` // some peers, or none configured (a lone node)
	Validator bool   `json:"validator"`
	Signing   bool   `json:"signing"` // signed one of the last blocks; true for a non-validator
	Problem   string `json:"problem,omitempty"`
}

// readiness asks the running node, through its in-process RPC.
func readiness(ctx context.Context, n *cmtnode.Node) Readiness {
	rpc := local.New(n)
	var r Readiness
	st, err := rpc.Status(ctx)
	if err != nil {
		r.Problem = "status: " + err.Error()
		return r
	}
	r.Height, r.CaughtUp = st.SyncInfo.LatestBlockHeight, !st.SyncInfo.CatchingUp
	p2p := n.Config().P2P
	r.Peers = n.Switch().Peers().Size()
	r.PeersOK = r.Peers > 0 || p2p.PersistentPeers == "" && p2p.Seeds == ""
	r.Validator = st.ValidatorInfo.VotingPower > 0
	r.Signing = !r.Validator || signedRecently(ctx, rpc, st.ValidatorInfo.Address, r.Height)
	var missing []string
	if !r.CaughtUp {
		missing = append(missing, "catching up")
	}
	if !r.PeersOK {
		missing = append(missing, "no peers")
	}
	if !r.Signing {
		missing = append(missing, fmt.Sprintf("this validator signed none of the last %d blocks", signWindow))
	}
	r.Ready = len(missing) == 0
	if !r.Ready {
		r.Problem = strings.Join(missing, "; ")
	}
	return r
}

// signedRecently says whether addr's signature is in one of the commits of
// the last signWindow blocks.
func signedRecently(ctx context.Context, rpc *local.Local, addr cmttypes.Address, height int64) bool {
	for h := height; h > 0 && h > height-signWindow; h-- {
		c, err := rpc.Commit(ctx, &h)
		if err != nil || c.Commit == nil {
			continue
		}
		for _, sig := range c.Commit.Signatures {
			if sig.BlockIDFlag == cmttypes.BlockIDFlagCommit && bytes.Equal(sig.ValidatorAddress, addr) {
				return true
			}
		}
	}
	// A chain younger than the window has not had the chance.
	return height < signWindow
}

// localServer is an HTTP server of the node (the metrics port, the
// dashboard); Close stops it.
type localServer struct {
	srv  *http.Server
	done chan struct{}
}

// serveProbes listens on addr for /metrics, /health and /ready.
func serveProbes(addr string, n *cmtnode.Node, gatherer prometheus.Gatherer, log *slog.Logger) (*localServer, error) {
	if gatherer == nil {
		gatherer = prometheus.DefaultGatherer
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics address %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		rd := readiness(ctx, n)
		w.Header().Set("Content-Type", "application/json")
		if !rd.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(rd)
	})
	p := &localServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	return p, nil
}

func (p *localServer) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = p.srv.Shutdown(ctx)
	<-p.done
}
