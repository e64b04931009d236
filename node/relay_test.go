package node

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
)

func TestBridgeRPCConfig(t *testing.T) {
	c := DefaultAppConfig()
	c.Bridge = map[string]BridgeRPC{"ethereum": {RPC: "localhost:8545"}}
	if _, err := c.Validate(); err == nil || !strings.Contains(err.Error(), "bridge.ethereum.rpc") {
		t.Fatalf("an RPC without a scheme: %v", err)
	}
	c.Bridge["ethereum"] = BridgeRPC{RPC: "http://127.0.0.1:8545"}
	if _, err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A chain without an RPC in app.toml is not watched; one with an RPC gets
// one watcher, started once, whatever it reports.
func TestRelaysStartOneWatcherPerConfiguredChain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := newRelays(ctx, map[string]BridgeRPC{"ethereum": {RPC: "http://127.0.0.1:1"}}, t.TempDir(), slog.New(slog.DiscardHandler))
	defer r.close()
	eth := &bridge.RootChain{Name: "ethereum", ChainID: 1, Contract: address.Address{1}}
	bsc := &bridge.RootChain{Name: "bsc", ChainID: 56, Contract: address.Address{2}}
	if got := r.Deposits(bsc, 1, 10); got != nil || r.watchers["bsc"] != nil {
		t.Fatalf("an unconfigured chain: %v", got)
	}
	if got := r.Deposits(eth, 1, 10); len(got) != 0 {
		t.Fatalf("a down RPC reported %v", got)
	}
	first := r.watchers["ethereum"]
	r.Deposits(eth, 1, 10)
	if first == nil || r.watchers["ethereum"] != first || len(r.all) != 1 {
		t.Fatalf("watchers: %v, %d started", r.watchers, len(r.all))
	}
}
