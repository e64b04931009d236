package node

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
)

func TestInitHome(t *testing.T) {
	home := t.TempDir()
	funded := map[address.Address]*uint256.Int{{1}: btt.FromBTT(5)}
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Funded: funded}); !errors.Is(err, ErrNoOperator) {
		t.Fatalf("init without an operator: %v", err)
	}
	op := address.Address{2}
	res, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Funded: funded, Operator: op})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config/config.toml", "config/app.toml", "config/genesis.json", "config/node_key.json", "config/priv_validator_key.json", "data/priv_validator_state.json"} {
		if _, err := os.Stat(filepath.Join(home, f)); err != nil {
			t.Errorf("init did not write %s", f)
		}
	}
	doc, app, err := genesis.Load(res.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	if doc.ChainID != "bttc-local-1" || len(app.Staking.Validators) != 1 || len(app.Bank.Accounts) != 2 {
		t.Fatalf("genesis %s with %d validators and %d accounts", doc.ChainID, len(app.Staking.Validators), len(app.Bank.Accounts))
	}
	if v := app.Staking.Validators[0]; v.Operator != op || !bytes.Equal(v.ConsPubKey, res.Validator.PubKey.Bytes()) || v.SelfBond.Wei().Cmp(DefaultSelfBond) != 0 {
		t.Fatalf("genesis validator %+v", v)
	}
	key, _ := os.ReadFile(filepath.Join(home, "config", "priv_validator_key.json"))

	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Operator: address.Address{2}}); !errors.Is(err, ErrHomeExists) {
		t.Fatalf("second init: %v", err)
	}
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-2", Overwrite: true, Operator: address.Address{2}}); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(filepath.Join(home, "config", "priv_validator_key.json"))
	if string(again) != string(key) {
		t.Fatal("--overwrite replaced the validator key")
	}
}

func TestAppConfigValidate(t *testing.T) {
	c := DefaultAppConfig()
	price, err := c.Validate()
	if err != nil || price.Uint64() != 1_000_000_000 {
		t.Fatalf("default: %v %v", price, err)
	}
	for name, mutate := range map[string]func(*AppConfig){
		"minimum-gas-price": func(c *AppConfig) { c.MinimumGasPrice = "cheap" },
		"iavl-cache-nodes":  func(c *AppConfig) { c.IAVLCacheNodes = -1 },
		"log-format":        func(c *AppConfig) { c.LogFormat = "xml" },
	} {
		bad := DefaultAppConfig()
		mutate(&bad)
		if _, err := bad.Validate(); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestValidatorPubKeyFollowsConfig: an operator who moves the consensus
// key (priv_validator_key_file) gets that key from show-validator and
// create-validator, not a stale default path.
func TestValidatorPubKeyFollowsConfig(t *testing.T) {
	home := t.TempDir()
	moved := func(c *cmtcfg.Config) { c.PrivValidatorKey = "keys/consensus.json" }
	res, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Operator: address.Address{2}, Tune: moved})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultCometConfig(home, "m")
	moved(cfg)
	pub, err := ValidatorPubKey(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equals(res.Validator.PubKey) {
		t.Fatal("read a different key than the genesis validator's")
	}
	if _, err := ValidatorPubKey(DefaultCometConfig(home, "m")); err == nil {
		t.Fatal("found a key at the default path, where none was written")
	}
}
