package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/crypto"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/staking"
)

// ErrHomeExists is returned by InitHome for a home that already has a
// genesis, unless Overwrite is set.
var ErrHomeExists = errors.New("home is already initialized")

// InitOptions describe a new home.
type InitOptions struct {
	Home    string
	Moniker string
	ChainID string
	// Overwrite replaces config.toml, app.toml and genesis.json; keys and
	// data are kept.
	Overwrite bool
	// Funded accounts written into genesis.
	Funded map[address.Address]*uint256.Int
	// Operator runs this node's genesis validator; SelfBond (default
	// DefaultSelfBond) is added to its genesis balance and bonded.
	Operator    address.Address
	SelfBond    *uint256.Int
	GenesisTime time.Time
	// Tune adjusts CometBFT's config before it is written.
	Tune func(*cmtcfg.Config)
	// TuneGenesis adjusts the app state before the genesis is written.
	TuneGenesis func(*genesis.AppState)
}

// InitResult tells what InitHome made.
type InitResult struct {
	NodeID    string
	Validator types.GenesisValidator
	Genesis   string
}

// DefaultSelfBond is the genesis validator's self-bond when none is given.
var DefaultSelfBond = btt.FromBTT(1_000_000)

// ErrNoOperator is returned by InitHome when no operator is named.
var ErrNoOperator = errors.New("the genesis validator needs an operator address (--operator ADDRESS)")

// DefaultCometConfig is CometBFT's default, adjusted for BTTC: every
// listener on localhost, a mempool large enough for busy blocks.
func DefaultCometConfig(home, moniker string) *cmtcfg.Config {
	c := cmtcfg.DefaultConfig()
	c.SetRoot(home)
	c.Moniker = moniker
	c.P2P.ListenAddress = "tcp://127.0.0.1:26656"
	c.RPC.ListenAddress = "tcp://127.0.0.1:26657"
	// Metrics on, as operators expect, and on loopback like every listener.
	c.Instrumentation.Prometheus = true
	c.Instrumentation.PrometheusListenAddr = "127.0.0.1:26660"
	c.Mempool.Size = 20_000
	c.Mempool.MaxTxBytes = 64 << 10
	c.Consensus.TimeoutCommit = time.Second
	return c
}

// InitHome creates a single-validator home: keys, config files and a
// genesis whose only validator is this node.
func InitHome(o InitOptions) (*InitResult, error) {
	if err := CheckHomeFree(o.Home); err != nil {
		return nil, err
	}
	if o.ChainID == "" {
		return nil, errors.New("a chain id is required")
	}
	cfg := DefaultCometConfig(o.Home, o.Moniker)
	if o.Tune != nil {
		o.Tune(cfg)
	}
	if _, err := os.Stat(cfg.GenesisFile()); err == nil && !o.Overwrite {
		return nil, fmt.Errorf("%w: %s exists (pass --overwrite to replace config and genesis; keys and data are kept)", ErrHomeExists, cfg.GenesisFile())
	}
	if o.Operator.IsZero() {
		return nil, ErrNoOperator
	}
	if o.SelfBond == nil {
		o.SelfBond = DefaultSelfBond
	}
	pub, nodeID, err := makeKeys(cfg)
	if err != nil {
		return nil, err
	}
	if err := writeConfig(cfg); err != nil {
		return nil, err
	}
	val := types.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: staking.PowerOf(o.SelfBond), Name: o.Moniker}
	app := genesis.DefaultAppState()
	app.Bank.Accounts = bank.Funded(o.Funded)
	if err := genesis.AddValidator(&app, o.Operator, pub.Bytes(), o.Moniker, o.SelfBond); err != nil {
		return nil, err
	}
	signer, err := loadOrGenBridgeKey(cfg)
	if err != nil {
		return nil, err
	}
	app.Staking.Validators[len(app.Staking.Validators)-1].BridgeSigner = signer
	raw, err := genesisBytes(o.ChainID, o.GenesisTime, app, o.TuneGenesis)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(cfg.GenesisFile(), raw, 0o644); err != nil {
		return nil, err
	}
	return &InitResult{NodeID: nodeID, Validator: val, Genesis: cfg.GenesisFile()}, nil
}

// makeKeys creates a home's directories and its consensus and node keys,
// keeping keys that exist.
func makeKeys(cfg *cmtcfg.Config) (consPub crypto.PubKey, nodeID string, err error) {
	dirs := []string{filepath.Join(cfg.RootDir, "config"), filepath.Join(cfg.RootDir, "data")}
	// config.toml may put the keys elsewhere; CometBFT's writers panic on
	// a missing directory.
	for _, f := range []string{cfg.PrivValidatorKeyFile(), cfg.PrivValidatorStateFile(), cfg.NodeKeyFile()} {
		dirs = append(dirs, filepath.Dir(f))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, "", err
		}
	}
	pv, err := loadOrGenPV(cfg)
	if err != nil {
		return nil, "", err
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(cfg.NodeKeyFile())
	if err != nil {
		return nil, "", fmt.Errorf("node key: %w", err)
	}
	consPub, err = pv.GetPubKey()
	return consPub, string(nodeKey.ID()), err
}

// writeConfig validates CometBFT's config and writes config.toml and a
// default app.toml.
func writeConfig(cfg *cmtcfg.Config) error {
	if err := cfg.ValidateBasic(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	cmtcfg.WriteConfigFile(filepath.Join(cfg.RootDir, "config", "config.toml"), cfg)
	return WriteAppConfig(filepath.Join(cfg.RootDir, "config", "app.toml"), DefaultAppConfig())
}

// genesisBytes applies tune to the app state and encodes the genesis
// document; a zero genesis time is now.
func genesisBytes(chainID string, gt time.Time, app genesis.AppState, tune func(*genesis.AppState)) ([]byte, error) {
	if tune != nil {
		tune(&app)
	}
	if gt.IsZero() {
		gt = time.Now().UTC()
	}
	doc, err := genesis.New(genesis.Options{ChainID: chainID, GenesisTime: gt, AppState: app})
	if err != nil {
		return nil, err
	}
	return genesis.Encode(doc)
}

func loadOrGenPV(cfg *cmtcfg.Config) (*privval.FilePV, error) {
	if _, err := os.Stat(cfg.PrivValidatorKeyFile()); err == nil {
		return loadPV(cfg)
	}
	pv := privval.GenFilePV(cfg.PrivValidatorKeyFile(), cfg.PrivValidatorStateFile())
	pv.Save()
	return pv, nil
}

// loadPV checks the validator key and state files before handing them to
// CometBFT, whose loader exits the process on a bad file.
func loadPV(cfg *cmtcfg.Config) (*privval.FilePV, error) {
	key, err := loadPVKey(cfg)
	if err != nil {
		return nil, err
	}
	var st privval.FilePVLastSignState
	raw, err := os.ReadFile(cfg.PrivValidatorStateFile())
	exists := err == nil
	if exists {
		if err := cmtjson.Unmarshal(raw, &st); err != nil {
			return nil, fmt.Errorf("validator state %s is corrupt: %v (it guards against double signing: restore it, do not delete it)", cfg.PrivValidatorStateFile(), err)
		}
	}
	if err := checkSigningState(cfg, key.Address, st.Height, exists); err != nil {
		return nil, err
	}
	if exists {
		return privval.LoadFilePV(cfg.PrivValidatorKeyFile(), cfg.PrivValidatorStateFile()), nil
	}
	return privval.LoadFilePVEmptyState(cfg.PrivValidatorKeyFile(), cfg.PrivValidatorStateFile()), nil
}

// ValidatorPubKey reads the node's consensus public key from the key file
// its config names (priv_validator_key_file).
func ValidatorPubKey(cfg *cmtcfg.Config) (crypto.PubKey, error) {
	key, err := loadPVKey(cfg)
	if err != nil {
		return nil, err
	}
	return key.PubKey, nil
}
