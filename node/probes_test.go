package node

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
)

// TestProbes runs a real single-validator node with its metrics port on:
// /health answers at once; /ready says ready once blocks come, with this
// validator signing; /metrics has CometBFT's series. A second node whose
// only persistent peer is down is not ready, and says why (asked in
// process: CometBFT registers its series once a process, so only one node
// here can have the port).
func TestProbes(t *testing.T) {
	var first *testHome
	start := func(t *testing.T, peers string, withMetrics bool) (string, *cmtnode.Node) {
		h := newTestHome(t, btt.FromBTT(1_000_000), func(c *cmtcfg.Config) {
			c.P2P.PersistentPeers = peers
			c.Instrumentation.Prometheus = withMetrics
		})
		n, _ := h.run(DefaultAppConfig())
		if first == nil {
			first = h
		}
		return "http://" + h.cfg.Instrumentation.PrometheusListenAddr, n
	}
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	base, _ := start(t, "", true)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if code, _ := get(base + "/health"); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/health never answered")
		}
	}
	var rd Readiness
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		code, body := get(base + "/ready")
		if err := json.Unmarshal([]byte(body), &rd); err != nil {
			t.Fatalf("/ready: %d %q", code, body)
		}
		if code == http.StatusOK && rd.Height > signWindow {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/ready never said ready: %d %s", code, body)
		}
	}
	if !rd.Ready || !rd.Validator || !rd.Signing || !rd.CaughtUp || !rd.PeersOK {
		t.Fatalf("/ready: %+v", rd)
	}
	// A transfer that goes through and one that fails (more than the
	// sender has), for the transactions counted by result.
	ctx := context.Background()
	gas := rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}
	if _, err := first.sender().Commit(ctx, gas, &bank.MsgSend{To: address.Address{1}, Amount: btt.FromBTT(1)}); err != nil {
		t.Fatal(err)
	}
	gas.GasLimit = 100_000 // given, so that it is sent without a simulation
	if _, err := first.sender().Commit(ctx, gas, &bank.MsgSend{To: address.Address{1}, Amount: btt.FromBTT(5_000_000)}); !errors.Is(err, rpcclient.ErrTxFailed) {
		t.Fatalf("a transfer of more than the balance: %v", err)
	}
	code, body := get(base + "/metrics")
	bond := inBTT(DefaultSelfBond.Dec())
	supply := 1_000_000 + bond // funded, and the self-bond added to the operator's balance and bonded
	for _, want := range []string{"cometbft_consensus_height", "bttc_state_up 1",
		"bttc_supply_btt " + strconv.FormatFloat(supply, 'g', -1, 64),
		"bttc_staking_bonded_ratio " + strconv.FormatFloat(bond/supply, 'g', -1, 64),
		`bttc_staking_validators{status="bonded"} 1`, "bttc_staking_missed_blocks 0", "bttc_gov_proposals_voting 0",
		`bttc_module_balance_btt{account="speed_escrow"} 0`, "bttc_speed_channels_unsettled 0", "bttc_storage_contracts_live 0",
		`bttc_txs_total{result="bank"} 1`, `bttc_events_total{type="transfer"}`, "bttc_block_execution_seconds_count"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("/metrics: %d, no %q in:\n%s", code, want, grepLines(body, "bttc_"))
		}
	}

	// Every series the sample dashboard graphs is served (the bridge's
	// come with a relayer, which this node does not run, and CometBFT's
	// peer count once a peer connects, which a lone node never sees).
	dash, err := os.ReadFile("../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`\b(?:bttc|cometbft)_[a-z0-9_]+`).FindAllString(string(dash), -1)
	if len(names) < 10 {
		t.Fatalf("the dashboard names %d series", len(names))
	}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimSuffix(name, "_sum"), "_count")
		lazy := strings.HasPrefix(name, "bttc_bridge_") || strings.HasPrefix(name, "cometbft_p2p_")
		if !lazy && !strings.Contains(body, "\n"+base) {
			t.Errorf("the dashboard graphs %s, which /metrics does not serve", name)
		}
	}

	// A node whose only peer is gone: not ready, and it says so.
	_, n := start(t, "0123456789abcdef0123456789abcdef01234567@127.0.0.1:1", false)
	rd = readiness(context.Background(), n)
	if rd.Ready || rd.PeersOK || !strings.Contains(rd.Problem, "no peers") {
		t.Fatalf("a node without its peer: %+v", rd)
	}
}

func grepLines(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
