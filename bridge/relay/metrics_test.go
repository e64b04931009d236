package relay

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
)

// value is the series name{chain="ethereum"} in reg; ok is false when it
// was never set.
func value(t *testing.T, reg *prometheus.Registry, name string) (v float64, ok bool) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == "ethereum" {
				if m.GetCounter() != nil {
					return m.GetCounter().GetValue(), true
				}
				return m.GetGauge().GetValue(), true
			}
		}
	}
	return 0, false
}

// noCheckpoints is a BTTC with no checkpoint to carry.
type noCheckpoints struct{}

func (noCheckpoints) Checkpoint(string, uint64) (*bridge.CheckpointView, error) {
	return nil, errors.New("none")
}

// The watcher exports its pending deposits and its lag, the submitter the
// contract's checkpoint and its key's balance (low, for an empty account),
// and a down RPC counts errors. A second registration shares the series.
func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	if again := NewMetrics(reg); again.PendingDeposits != m.PendingDeposits {
		t.Fatal("a second relayer in the process got series of its own")
	}
	r := newRootRPC(t)
	id := params.AllDevChainProtocolChanges.ChainID.Uint64()
	w, err := NewWatcher(Config{Chain: "ethereum", RPC: r.url, ChainID: id, Contract: address.Address(r.addr),
		Confirmations: 2, StateFile: filepath.Join(t.TempDir(), "s.json"), Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.deposit(t, address.Address{0xa1}, 5)
	r.deposit(t, address.Address{0xa2}, 6)
	r.mineTo(t, r.head(t)+2)
	if err := w.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v, _ := value(t, reg, "bttc_bridge_pending_deposits"); v != 2 {
		t.Fatalf("pending deposits %v, want 2", v)
	}
	if v, _ := value(t, reg, "bttc_bridge_observation_lag_blocks"); v != 2 {
		t.Fatalf("lag %v blocks, want the 2 confirmations", v)
	}
	w.Deposits("ethereum", 2, 10) // BTTC minted nonce 1
	if v, _ := value(t, reg, "bttc_bridge_pending_deposits"); v != 1 {
		t.Fatalf("pending deposits after a mint %v, want 1", v)
	}

	seed := sha256.Sum256([]byte("an unfunded bridge key"))
	key, _ := crypto.ToECDSA(seed[:])
	s, err := NewSubmitter(SubmitterConfig{Chain: "ethereum", RPC: r.url, ChainID: id, Contract: address.Address(r.addr), Key: key, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Step(context.Background(), noCheckpoints{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if v, ok := value(t, reg, "bttc_bridge_signer_balance"); !ok || v != 0 || !s.Low() {
		t.Fatalf("an empty signer account: balance %v (set %v), low %v", v, ok, s.Low())
	}
	if _, ok := value(t, reg, "bttc_bridge_checkpoint_root"); !ok {
		t.Fatal("the contract's checkpoint was not exported")
	}
	// The owner's account holds ether: not low.
	owner, err := NewSubmitter(SubmitterConfig{Chain: "ethereum", RPC: r.url, ChainID: id, Contract: address.Address(r.addr),
		Key: ownerKey(t), Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := owner.Step(context.Background(), noCheckpoints{}, time.Now()); err != nil || owner.Low() {
		t.Fatalf("a funded signer: %v, low %v", err, owner.Low())
	}
	if v, _ := value(t, reg, "bttc_bridge_signer_balance"); v < 1 {
		t.Fatalf("a funded signer's balance %v", v)
	}

	down, err := NewWatcher(Config{Chain: "ethereum", RPC: fmt.Sprintf("http://127.0.0.1:%d", freePort(t)), ChainID: id,
		Contract: address.Address(r.addr), StateFile: filepath.Join(t.TempDir(), "d.json"), Poll: 10 * time.Millisecond, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	down.Run(ctx)
	if v, _ := value(t, reg, "bttc_bridge_rpc_errors_total"); v < 1 {
		t.Fatalf("rpc errors %v after polling a closed port", v)
	}
}
