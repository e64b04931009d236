package node

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cmtstate "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/types"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/genesis"
)

// initTestHome makes a single-validator home and returns its config.
func initTestHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	if _, err := InitHome(InitOptions{Home: home, Moniker: "m", ChainID: "bttc-local-1", Operator: address.Address{2}}); err != nil {
		t.Fatal(err)
	}
	return home
}

// saveGenesisState writes CometBFT's state after InitChain into the home's
// state.db, as a node's first start does: the home's key is the one
// validator.
func saveGenesisState(t *testing.T, home string) {
	t.Helper()
	cfg := DefaultCometConfig(home, "m")
	pub, err := ValidatorPubKey(cfg)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := genesis.Load(cfg.GenesisFile())
	if err != nil {
		t.Fatal(err)
	}
	st, err := cmtstate.MakeGenesisState(doc)
	if err != nil {
		t.Fatal(err)
	}
	st.Validators = types.NewValidatorSet([]*types.Validator{types.NewValidator(pub, 10)})
	st.NextValidators = st.Validators.CopyIncrementProposerPriority(1)
	db, err := openCometDB(cfg, "state")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := cmtstate.NewStore(db, cmtstate.StoreOptions{}).Save(st); err != nil {
		t.Fatal(err)
	}
}

func TestActiveValidator(t *testing.T) {
	home := initTestHome(t)
	cfg := DefaultCometConfig(home, "m")
	if active, _, err := ActiveValidator(cfg); err != nil || active {
		t.Fatalf("a home that never ran: active=%v err=%v", active, err)
	}
	saveGenesisState(t, home)
	if active, _, err := ActiveValidator(cfg); err != nil || !active {
		t.Fatalf("the genesis validator's home: active=%v err=%v", active, err)
	}
	// Another key over the same chain data is not in the set.
	other := initTestHome(t)
	raw, err := os.ReadFile(filepath.Join(other, "config", "priv_validator_key.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "config", "priv_validator_key.json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if active, _, err := ActiveValidator(cfg); err != nil || active {
		t.Fatalf("a key outside the set: active=%v err=%v", active, err)
	}
}

func TestResetAll(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      ResetOptions
		keepState bool
		keepBook  bool
	}{
		{"default keeps the signing state", ResetOptions{}, true, false},
		{"keep the address book", ResetOptions{KeepAddrBook: true}, true, true},
		{"reset the signing state", ResetOptions{ResetSigningState: true}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := initTestHome(t)
			cfg := DefaultCometConfig(home, "m")
			saveGenesisState(t, home)
			for _, f := range []string{"data/application.db/x", "data/cs.wal/wal", "config/addrbook.json"} {
				p := filepath.Join(home, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			removed, err := ResetAll(cfg, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"data/application.db", "data/cs.wal", "data/state.db"} {
				if !slices.Contains(removed, filepath.Join(home, f)) {
					t.Errorf("%s not reported removed: %v", f, removed)
				}
				if _, err := os.Stat(filepath.Join(home, f)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s is still there", f)
				}
			}
			for f, want := range map[string]bool{"data/priv_validator_state.json": tc.keepState, "config/addrbook.json": tc.keepBook,
				"config/priv_validator_key.json": true, "config/genesis.json": true, "config/node_key.json": true} {
				if _, err := os.Stat(filepath.Join(home, f)); (err == nil) != want {
					t.Errorf("%s kept = %v, want %v", f, err == nil, want)
				}
			}
		})
	}
}

// TestRecoveryRefusesARunningNode: the databases are locked by the
// process that has them open; both commands say to stop it.
func TestRecoveryRefusesARunningNode(t *testing.T) {
	home := initTestHome(t)
	cfg := DefaultCometConfig(home, "m")
	if _, err := Rollback(cfg, false); !errors.Is(err, ErrNoChainData) {
		t.Fatalf("rollback of a home that never ran: %v", err)
	}
	saveGenesisState(t, home)
	held, err := openCometDB(cfg, "state")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := ResetAll(cfg, ResetOptions{}); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Fatalf("reset of a running node: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, "data", "state.db")); err != nil {
		t.Fatal("reset of a running node deleted its state")
	}
	for _, name := range []string{"blockstore.db", "application.db"} {
		if err := os.MkdirAll(filepath.Join(home, "data", name), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Rollback(cfg, false); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Fatalf("rollback of a running node: %v", err)
	}
}
