package testnode

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"net"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/node"
)

// ChainID is the test node's chain.
const ChainID = "bttc-test-1"

// FunderBTT is the funder's genesis balance.
const FunderBTT = 1_000_000

// Node is a running test node.
type Node struct {
	// RPC is its CometBFT RPC address.
	RPC    string
	Client *rpcclient.Client
	// Funder holds FunderBTT at genesis and operates the validator.
	Funder     *ecdsa.PrivateKey
	FunderAddr address.Address
	Home       string
	// Comet is the node's CometBFT config (its files under Home).
	Comet *cmtcfg.Config
}

// Options change what Start runs.
type Options struct {
	// TuneGenesis makes a last change to the genesis app state.
	TuneGenesis func(*genesis.AppState)
	// BridgeKey, if set, is the validator's bridge signer (else init
	// makes one).
	BridgeKey *ecdsa.PrivateKey
	// Observer reports root-chain deposits in the validator's vote
	// extensions; Bridge, instead, names root-chain RPCs for the node's
	// own relayer, as app.toml would.
	Observer chain.DepositObserver
	Bridge   map[string]node.BridgeRPC
	// Logger takes the node's log; nil discards it.
	Logger *slog.Logger
}

// Start runs a node with 200 ms blocks and waits for its first block.
func Start(t testing.TB) *Node { return StartWith(t, Options{}) }

// StartWith is Start with options.
func StartWith(t testing.TB, o Options) *Node {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	n := &Node{Funder: key, FunderAddr: address.FromPublicKey(&key.PublicKey), Home: t.TempDir()}
	ports := FreePorts(t, 2)
	n.RPC = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
	tune := func(c *cmtcfg.Config) {
		c.RPC.ListenAddress = n.RPC
		c.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
		c.Consensus.TimeoutCommit = 200 * time.Millisecond
		// A lone node needs no peer exchange, whose address book saves
		// itself after the node stops, into a removed temp dir; and
		// 26660 may be taken on this machine.
		c.P2P.PexReactor = false
		c.Instrumentation.Prometheus = false
	}
	if o.BridgeKey != nil {
		cfg := node.DefaultCometConfig(n.Home, "test")
		tune(cfg)
		if err := node.WriteBridgeKey(cfg, o.BridgeKey); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := node.InitHome(node.InitOptions{Home: n.Home, Moniker: "test", ChainID: ChainID, Operator: n.FunderAddr, Tune: tune, TuneGenesis: o.TuneGenesis,
		Funded: map[address.Address]*uint256.Int{n.FunderAddr: btt.FromBTT(FunderBTT)}}); err != nil {
		t.Fatal(err)
	}
	cfg := node.DefaultCometConfig(n.Home, "test")
	tune(cfg)
	n.Comet = cfg
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	go func() {
		app := node.DefaultAppConfig()
		app.Bridge = o.Bridge
		ran <- node.Run(ctx, node.Options{Comet: cfg, App: app, Logger: logger, Version: "test", Observer: o.Observer})
	}()
	t.Cleanup(func() {
		stop()
		if err := <-ran; err != nil {
			t.Errorf("the test node stopped with %v", err)
		}
	})
	if n.Client, err = rpcclient.Dial(n.RPC); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := n.Client.Supply(context.Background(), 0); err == nil {
			return n
		}
		select {
		case err := <-ran:
			t.Fatalf("the test node stopped before its first block: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the test node made no first block in 30 s")
		}
	}
}

// FreePorts returns n distinct free ports on 127.0.0.1. It holds each
// listener until all are chosen: a port closed at once can come back from
// the next call.
func FreePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}
