package node

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/secp256k1"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"

	"github.com/bttc-network/bttc/core/btt"
)

// Key files CometBFT would crash on, or run idle with, are refused with one
// message naming the file.
func TestBadKeyFilesAreRefused(t *testing.T) {
	cfg := newTestHome(t, btt.FromBTT(1), nil).cfg
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
	h := newTestHome(t, btt.FromBTT(1), nil)
	cfg := h.cfg
	n, stop := h.run(DefaultAppConfig())
	waitHeight(t, n, 3, time.Minute)
	if err := stop(); err != nil {
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
