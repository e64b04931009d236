package node

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"net"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// testHome is a one-validator home whose node listens on free loopback
// ports, operated by a fresh key holding its genesis funds.
type testHome struct {
	t   *testing.T
	cfg *cmtcfg.Config
	key *ecdsa.PrivateKey
	op  address.Address
}

// newTestHome initialises a home in a temp dir: RPC, P2P and metrics on
// free ports, 200 ms between blocks, no peer exchange (CometBFT's address
// book saves itself in a goroutine that outlives the node, into the dir
// the test is removing) and the metrics server off. tune, if set, changes
// the config after that.
func newTestHome(t *testing.T, funds *uint256.Int, tune func(*cmtcfg.Config)) *testHome {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	h := &testHome{t: t, key: key, op: address.FromPublicKey(&key.PublicKey)}
	ports := freePorts(t, 3)
	all := func(c *cmtcfg.Config) {
		c.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
		c.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
		c.Consensus.TimeoutCommit = 200 * time.Millisecond
		c.P2P.PexReactor = false
		c.Instrumentation.Prometheus = false
		c.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", ports[2])
		if tune != nil {
			tune(c)
		}
	}
	home := t.TempDir()
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-test-1", Operator: h.op, Tune: all,
		Funded: map[address.Address]*uint256.Int{h.op: funds}}); err != nil {
		t.Fatal(err)
	}
	h.cfg = DefaultCometConfig(home, "m")
	all(h.cfg)
	return h
}

// run starts the home's node. stop ends it and returns what Run returned;
// a node still running when the test ends is stopped then, and an error
// fails the test.
func (h *testHome) run(app AppConfig) (n *cmtnode.Node, stop func() error) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	started := make(chan *cmtnode.Node, 1)
	go func() {
		ran <- Run(ctx, Options{Comet: h.cfg, App: app, Logger: slog.New(slog.DiscardHandler), Version: "test",
			Started: func(n *cmtnode.Node) { started <- n }})
	}()
	var err error
	stopped := false
	stop = func() error {
		if !stopped {
			cancel()
			err, stopped = <-ran, true
		}
		return err
	}
	h.t.Cleanup(func() {
		if err := stop(); err != nil {
			h.t.Errorf("node stopped with %v", err)
		}
	})
	select {
	case n = <-started:
	case err := <-ran:
		h.t.Fatalf("the node did not start: %v", err)
	}
	return n, stop
}

// client is an RPC client of the home's node.
func (h *testHome) client() *rpcclient.Client {
	cl, err := rpcclient.Dial(h.cfg.RPC.ListenAddress)
	if err != nil {
		h.t.Fatal(err)
	}
	return cl
}

// sender sends as the home's operator.
func (h *testHome) sender() *rpcclient.Sender {
	return &rpcclient.Sender{Client: h.client(), From: h.op, Signer: tx.KeySigner{Key: h.key}}
}

// waitHeight waits up to d for the node's block store to reach height.
func waitHeight(t *testing.T, n *cmtnode.Node, height int64, d time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(d); n.BlockStore().Height() < height; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("height %d after %v; want %d", n.BlockStore().Height(), d, height)
		}
	}
}

// freePorts returns n distinct free ports on 127.0.0.1. It holds each
// listener until all are chosen: a port closed at once can come back from
// the next call.
func freePorts(t *testing.T, n int) []int {
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
