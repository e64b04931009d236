package node

import (
	"context"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/rootchain"
)

func levels(checks []Check) map[string]Check {
	m := map[string]Check{}
	for _, c := range checks {
		m[c.Name] = c
	}
	return m
}

// TestDoctor checks a real home: running (the node is asked), stopped
// (its files are read), and then with things broken: a key of the wrong
// type, the signing state lost after blocks were signed, a port taken by
// another program.
func TestDoctor(t *testing.T) {
	h := newTestHome(t, btt.FromBTT(1), nil)
	cfg := h.cfg
	ctx := context.Background()

	stopped := levels(Doctor(ctx, cfg, DefaultAppConfig()))
	if Worst(Doctor(ctx, cfg, DefaultAppConfig())) != OK || stopped["node"].Level != OK || stopped["signing state"].Level != OK {
		t.Fatalf("a new home: %+v", stopped)
	}

	n, stop := h.run(DefaultAppConfig())
	waitHeight(t, n, 3, 30*time.Second)
	live := levels(Doctor(ctx, cfg, DefaultAppConfig()))
	for _, name := range []string{"sync", "clock", "peers", "validator", "missed blocks", "P2P port", "RPC port", "bridge key"} {
		if c, ok := live[name]; !ok || c.Level != OK {
			t.Errorf("running: %s is %+v", name, c)
		}
	}
	// A bridge key other than the one registered for the validator.
	bridgeKey, _ := os.ReadFile(BridgeKeyFile(cfg))
	other, _ := crypto.GenerateKey()
	if err := WriteBridgeKey(cfg, other); err != nil {
		t.Fatal(err)
	}
	if c := levels(Doctor(ctx, cfg, DefaultAppConfig()))["bridge key"]; c.Level != Problem || !strings.Contains(c.Fix, "set-bridge-signer") {
		t.Errorf("a bridge key not registered: %+v", c)
	}
	os.WriteFile(BridgeKeyFile(cfg), bridgeKey, 0o600)
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// A root chain's RPC: a local chain where the bridge key holds
	// nothing, and one nobody serves.
	rc, err := rootchain.Start(rootchain.Options{BlockTime: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	app := DefaultAppConfig()
	app.Bridge = map[string]BridgeRPC{"local": {RPC: rc.URL}, "gone": {RPC: "http://127.0.0.1:1"}}
	withBridge := levels(Doctor(ctx, cfg, app))
	if c := withBridge["root chain local"]; c.Level == Problem || !strings.Contains(c.Detail, "chain 1337") {
		t.Errorf("a local root chain: %+v", c)
	}
	if c := withBridge["root chain local signer"]; c.Level != Warning || !strings.Contains(c.Fix, "fund") {
		t.Errorf("an unfunded bridge key: %+v", c)
	}
	if c := withBridge["root chain gone"]; c.Level != Problem {
		t.Errorf("a root chain nobody serves: %+v", c)
	}

	// The signing state lost after blocks were signed.
	state, _ := os.ReadFile(cfg.PrivValidatorStateFile())
	os.Remove(cfg.PrivValidatorStateFile())
	if c := levels(Doctor(ctx, cfg, DefaultAppConfig()))["signing state"]; c.Level != Problem || c.Fix == "" {
		t.Errorf("signing state lost: %+v", c)
	}
	os.WriteFile(cfg.PrivValidatorStateFile(), state, 0o600)

	// A node key of the wrong type.
	nodeKey, _ := os.ReadFile(cfg.NodeKeyFile())
	os.WriteFile(cfg.NodeKeyFile(), []byte(`{"priv_key":{"type":"tendermint/PrivKeySecp256k1","value":"AAAA"}}`), 0o600)
	if c := levels(Doctor(ctx, cfg, DefaultAppConfig()))["node key"]; c.Level != Problem {
		t.Errorf("a secp256k1 node key: %+v", c)
	}
	os.WriteFile(cfg.NodeKeyFile(), nodeKey, 0o600)

	// Another program on the RPC port.
	ln, err := net.Listen("tcp", strings.TrimPrefix(cfg.RPC.ListenAddress, "tcp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	checks := Doctor(ctx, cfg, DefaultAppConfig())
	if c := levels(checks)["RPC port"]; c.Level != Problem || Worst(checks) != Problem {
		t.Errorf("RPC port taken: %+v", c)
	}
}
