package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/crypto/secp256k1"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

func newTestHome(t *testing.T) (string, *cmtcfg.Config) {
	t.Helper()
	home := t.TempDir()
	ports := freePorts(t, 2)
	tune := func(c *cmtcfg.Config) {
		c.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
		c.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
		c.Consensus.TimeoutCommit = 100 * time.Millisecond
		c.P2P.PexReactor = false
		c.Instrumentation.Prometheus = false // 26660 may be taken on this machine
	}
	op := address.Address{7}
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-test-1", Operator: op, Tune: tune,
		Funded: map[address.Address]*uint256.Int{op: btt.FromBTT(1_000_000)}}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultCometConfig(home, "m")
	tune(cfg)
	return home, cfg
}

// Key files CometBFT would crash on, or run idle with, are refused with one
// message naming the file.
func TestBadKeyFilesAreRefused(t *testing.T) {
	_, cfg := newTestHome(t)
	good, err := os.ReadFile(cfg.PrivValidatorKeyFile())
	if err != nil {
		t.Fatal(err)
	}
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(good, &key); err != nil {
		t.Fatal(err)
	}
	priv := key.PrivKey.Bytes()
	other := secp256k1.GenPrivKey()
	secpKey := privval.FilePVKey{Address: other.PubKey().Address(), PubKey: other.PubKey(), PrivKey: other}
	secpJSON, err := cmtjson.MarshalIndent(secpKey, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	short := strings.Replace(string(good), fmt.Sprintf("%q", b64(priv)), `"AAAA"`, 1)
	for _, tc := range []struct{ name, content, want string }{
		{"short key", short, "Ed25519 private key is 64 bytes"},
		{"empty file", "", "not a CometBFT validator key file"},
		{"truncated", "{", "not a CometBFT validator key file"},
		{"empty object", "{}", "holds no private key"},
		{"secp256k1 key", string(secpJSON), "holds a secp256k1 key"},
		{"foreign pub key", strings.Replace(string(good), fmt.Sprintf("%q", b64(key.PubKey.Bytes())), fmt.Sprintf("%q", b64(make([]byte, 32))), 1), "pub_key does not belong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.content == string(good) {
				t.Fatal("the case leaves the key file as it was")
			}
			if err := os.WriteFile(cfg.PrivValidatorKeyFile(), []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loadPV(cfg)
			if !errors.Is(err, ErrBadKeyFile) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), cfg.PrivValidatorKeyFile()) {
				t.Fatalf("loadPV: %v, want ErrBadKeyFile naming the file and %q", err, tc.want)
			}
		})
	}
	if err := os.WriteFile(cfg.NodeKeyFile(), []byte(`{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"AAAA"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadNodeKey(cfg); !errors.Is(err, ErrBadKeyFile) || !strings.Contains(err.Error(), "node_key.json") {
		t.Fatalf("loadNodeKey of a short key: %v", err)
	}
}

func b64(b []byte) string {
	out, _ := cmtjson.Marshal(b)
	return strings.Trim(string(out), `"`)
}

// A validator that signed blocks will not start without the signing state
// that covers them.
func TestSigningStateLostIsRefused(t *testing.T) {
	_, cfg := newTestHome(t)
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() {
		ran <- Run(ctx, Options{Comet: cfg, App: DefaultAppConfig(), Logger: slog.New(slog.DiscardHandler), Version: "test"})
	}()
	client, err := rpcclient.Dial(cfg.RPC.ListenAddress)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; {
		if st, err := client.Status(context.Background()); err == nil && st.SyncInfo.LatestBlockHeight >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no block 3 within a minute")
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if _, err := loadPV(cfg); err != nil {
		t.Fatalf("with its state file the validator starts: %v", err)
	}
	saved, err := os.ReadFile(cfg.PrivValidatorStateFile())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(cfg.PrivValidatorStateFile()); err != nil {
		t.Fatal(err)
	}
	if _, err := loadPV(cfg); !errors.Is(err, ErrSigningStateLost) || !strings.Contains(err.Error(), "is missing") {
		t.Fatalf("without its state file: %v", err)
	}
	stale := `{"height": "1", "round": 0, "step": 3}`
	if err := os.WriteFile(cfg.PrivValidatorStateFile(), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadPV(cfg); !errors.Is(err, ErrSigningStateLost) || !strings.Contains(err.Error(), "says height 1") {
		t.Fatalf("with a state file behind: %v", err)
	}
	if err := os.WriteFile(cfg.PrivValidatorStateFile(), saved, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadPV(cfg); err != nil {
		t.Fatalf("restored: %v", err)
	}
}
