package node

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/rpc/client/local"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
)

// The dashboard is a read-only web page of the chain as this node sees it
// (dashboard.html): height and recent blocks, validators with power,
// commission, uptime and jail, proposals with their live tallies, the
// bridge's root chains and checkpoints, the escrows, and the Speed channels
// and storage contracts of an address one looks up. Its JSON comes from
// the node in process: CometBFT's local RPC and the application's queries,
// the answers of the node's public RPC.
//
//	GET /                       the page
//	GET /api/overview           chain, height, the last blocks, escrows
//	GET /api/validators         validators with their signing info
//	GET /api/proposals          proposals, with tallies of those in voting
//	GET /api/bridge             root chains and their last checkpoints
//	GET /api/address/ADDRESS    an address's balance, channels and contracts

//go:embed dashboard.html
var dashboardPage []byte

// recentBlocks is how many blocks the overview lists.
const recentBlocks = 12

type dashboard struct {
	n   *cmtnode.Node
	app querier
}

// serveDashboard listens on addr for the dashboard.
func serveDashboard(addr string, n *cmtnode.Node, app querier, log *slog.Logger) (*localServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dashboard address %s: %w", addr, err)
	}
	d := &dashboard{n: n, app: app}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
		w.Write(dashboardPage)
	})
	for path, fn := range map[string]func(context.Context, *http.Request) (any, error){
		"/api/overview":          d.overview,
		"/api/validators":        d.validators,
		"/api/proposals":         d.proposals,
		"/api/bridge":            d.bridge,
		"/api/address/{address}": d.address,
	} {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
			defer cancel()
			v, err := fn(ctx, r)
			w.Header().Set("Content-Type", "application/json")
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				v = map[string]string{"error": err.Error()}
			}
			_ = json.NewEncoder(w).Encode(v)
		})
	}
	p := &localServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("dashboard server", "err", err)
		}
	}()
	return p, nil
}

// query answers an application query path as JSON into out.
func (d *dashboard) query(ctx context.Context, path string, out any) error {
	res, err := d.app.Query(ctx, &abci.RequestQuery{Path: path})
	if err != nil {
		return err
	}
	if res.Code != 0 {
		return errors.New(res.Log)
	}
	return json.Unmarshal(res.Value, out)
}

type blockRow struct {
	Height   int64  `json:"height"`
	Time     string `json:"time"`
	Txs      int    `json:"txs"`
	Proposer string `json:"proposer"`
	Hash     string `json:"hash"`
}

func (d *dashboard) overview(ctx context.Context, _ *http.Request) (any, error) {
	rpc := local.New(d.n)
	st, err := rpc.Status(ctx)
	if err != nil {
		return nil, err
	}
	h := st.SyncInfo.LatestBlockHeight
	min := max(1, h-recentBlocks+1)
	bc, err := rpc.BlockchainInfo(ctx, min, h)
	if err != nil {
		return nil, err
	}
	blocks := make([]blockRow, 0, len(bc.BlockMetas))
	for _, m := range bc.BlockMetas {
		blocks = append(blocks, blockRow{Height: m.Header.Height, Time: m.Header.Time.UTC().Format(time.RFC3339), Txs: m.NumTxs,
			Proposer: m.Header.ProposerAddress.String(), Hash: m.BlockID.Hash.String()})
	}
	var supply api.SupplyView
	if err := d.query(ctx, api.PathSupply, &supply); err != nil {
		return nil, err
	}
	escrows := map[string]string{}
	for _, name := range []string{bank.SpeedEscrow, bank.StorageEscrow, bank.BridgeEscrow, bank.BondedPool, bank.CommunityPool} {
		var acc api.AccountView
		if err := d.query(ctx, api.PathAccount+address.Module(name).String(), &acc); err != nil {
			return nil, err
		}
		escrows[name] = acc.Balance
	}
	return map[string]any{"chain_id": st.NodeInfo.Network, "height": h, "catching_up": st.SyncInfo.CatchingUp,
		"latest_time": st.SyncInfo.LatestBlockTime.UTC().Format(time.RFC3339), "peers": d.n.Switch().Peers().Size(),
		"supply": supply.Supply, "escrows": escrows, "blocks": blocks, "moniker": st.NodeInfo.Moniker}, nil
}

func (d *dashboard) validators(ctx context.Context, _ *http.Request) (any, error) {
	var vals []map[string]any
	if err := d.query(ctx, api.PathStaking+"validators", &vals); err != nil {
		return nil, err
	}
	for _, v := range vals {
		var si map[string]any
		if op, ok := v["operator"].(string); ok && d.query(ctx, api.PathStaking+"signing-info/"+op, &si) == nil {
			v["signing"] = si
		}
	}
	return vals, nil
}

func (d *dashboard) proposals(ctx context.Context, _ *http.Request) (any, error) {
	var props []map[string]any
	if err := d.query(ctx, api.PathGov+"proposals", &props); err != nil {
		return nil, err
	}
	for _, p := range props {
		if p["status"] == "voting_period" {
			var tally map[string]any
			if d.query(ctx, fmt.Sprintf("%stally/%v", api.PathGov, p["id"]), &tally) == nil {
				p["tally"] = tally
			}
		}
	}
	return props, nil
}

func (d *dashboard) bridge(ctx context.Context, _ *http.Request) (any, error) {
	var chains []map[string]any
	if err := d.query(ctx, api.PathBridge+"chains", &chains); err != nil {
		return nil, err
	}
	return chains, nil
}

func (d *dashboard) address(ctx context.Context, r *http.Request) (any, error) {
	a, err := address.Parse(r.PathValue("address"))
	if err != nil {
		return nil, err
	}
	var acc api.AccountView
	if err := d.query(ctx, api.PathAccount+a.String(), &acc); err != nil {
		return nil, err
	}
	out := map[string]any{"address": a.String(), "balance": acc.Balance}
	for _, q := range []struct{ key, path string }{
		{"channels_as_payer", api.PathSpeed + "channels/payer/" + a.String()},
		{"channels_as_payee", api.PathSpeed + "channels/payee/" + a.String()},
		{"contracts_as_renter", api.PathStorage + "contracts/renter/" + a.String()},
		{"contracts_as_host", api.PathStorage + "contracts/host/" + a.String()},
	} {
		var page map[string]any
		if err := d.query(ctx, q.path, &page); err != nil {
			return nil, err
		}
		out[q.key] = page
	}
	return out, nil
}
