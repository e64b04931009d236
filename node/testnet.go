package node

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/keyring"
)

// TestnetOptions describe a local network of validators on one machine.
type TestnetOptions struct {
	Dir        string // node i's home is Dir/node<i>
	Validators int
	ChainID    string // must name a local chain (keys are stored without a passphrase)
	// StartingPort is node 0's P2P port; node i listens on StartingPort +
	// 10i (P2P), +1 (RPC) and +2 (Prometheus).
	StartingPort int
	SelfBond     *uint256.Int // each validator's; default DefaultSelfBond
	Funds        *uint256.Int // each operator's spendable balance on top of its self-bond
	// KeystoreDir is where, inside each home, the operator key is written
	// (the test backend's directory).
	KeystoreDir   string
	TimeoutCommit time.Duration
	GenesisTime   time.Time
	TuneGenesis   func(*genesis.AppState)
}

// TestnetNode is one node InitTestnet made.
type TestnetNode struct {
	Home     string
	NodeID   string
	Operator address.Address
	Mnemonic string // of the operator key, named "operator" in the node's keyring
	P2PPort  int
	RPCPort  int
}

// OperatorKeyName names each node's operator key in its keyring.
const OperatorKeyName = "operator"

// MaxTestnetValidators bounds a local network.
const MaxTestnetValidators = 64

// InitTestnet writes the homes of a local network: keys for every node, one
// genesis holding all of them as validators with funded operators, and
// config files with distinct loopback ports and every other node as a
// persistent peer.
func InitTestnet(o TestnetOptions) ([]TestnetNode, error) {
	switch {
	case o.Validators < 1 || o.Validators > MaxTestnetValidators:
		return nil, fmt.Errorf("--validators %d: want 1 to %d", o.Validators, MaxTestnetValidators)
	case !keyring.IsLocalChain(o.ChainID):
		return nil, fmt.Errorf("chain id %q: a testnet's keys have no passphrase, so its chain id must name a local chain (with dev, local or localnet in it)", o.ChainID)
	case o.StartingPort < 1024 || o.StartingPort+10*o.Validators > 65535:
		return nil, fmt.Errorf("--starting-port %d: the ports of %d nodes must lie between 1024 and 65535", o.StartingPort, o.Validators)
	}
	if o.SelfBond == nil {
		o.SelfBond = DefaultSelfBond
	}
	if o.Funds == nil {
		o.Funds = new(uint256.Int)
	}
	if _, err := os.Stat(o.Dir); err == nil {
		if entries, _ := os.ReadDir(o.Dir); len(entries) > 0 {
			return nil, fmt.Errorf("%w: %s is not empty", ErrHomeExists, o.Dir)
		}
	}
	nodes := make([]TestnetNode, o.Validators)
	cfgs := make([]*cmtcfg.Config, o.Validators)
	app := genesis.DefaultAppState()
	funded := map[address.Address]*uint256.Int{}
	consKeys := make([][]byte, o.Validators)
	signers := make([]address.Address, o.Validators)
	for i := range nodes {
		n := &nodes[i]
		n.Home = filepath.Join(o.Dir, fmt.Sprintf("node%d", i))
		n.P2PPort, n.RPCPort = o.StartingPort+10*i, o.StartingPort+10*i+1
		cfg := DefaultCometConfig(n.Home, fmt.Sprintf("node%d", i))
		cfg.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", n.P2PPort)
		cfg.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", n.RPCPort)
		cfg.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", n.P2PPort+2)
		cfg.P2P.AllowDuplicateIP = true
		cfg.P2P.AddrBookStrict = false
		if o.TimeoutCommit > 0 {
			cfg.Consensus.TimeoutCommit = o.TimeoutCommit
		}
		cfgs[i] = cfg
		pub, nodeID, err := makeKeys(cfg)
		if err != nil {
			return nil, err
		}
		consKeys[i], n.NodeID = pub.Bytes(), nodeID
		if signers[i], err = loadOrGenBridgeKey(cfg); err != nil {
			return nil, err
		}
		if n.Mnemonic, err = keyring.NewMnemonic(); err != nil {
			return nil, err
		}
		key, err := keyring.KeyFromMnemonic(n.Mnemonic, 0)
		if err != nil {
			return nil, err
		}
		kr, err := keyring.Open(filepath.Join(n.Home, o.KeystoreDir), keyring.BackendTest)
		if err != nil {
			return nil, err
		}
		info, err := kr.Add(OperatorKeyName, key, "")
		if err != nil {
			return nil, err
		}
		n.Operator = info.Address
		funded[n.Operator] = o.Funds
	}
	app.Bank.Accounts = bank.Funded(funded)
	for i, n := range nodes {
		if err := genesis.AddValidator(&app, n.Operator, consKeys[i], fmt.Sprintf("node%d", i), o.SelfBond); err != nil {
			return nil, err
		}
		app.Staking.Validators[i].BridgeSigner = signers[i]
	}
	raw, err := genesisBytes(o.ChainID, o.GenesisTime, app, o.TuneGenesis)
	if err != nil {
		return nil, err
	}
	for i := range nodes {
		var peers []string
		for j, p := range nodes {
			if j != i {
				peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", p.NodeID, p.P2PPort))
			}
		}
		cfg := cfgs[i]
		cfg.P2P.PersistentPeers = strings.Join(peers, ",")
		if err := writeConfig(cfg); err != nil {
			return nil, err
		}
		if err := os.WriteFile(cfg.GenesisFile(), raw, 0o644); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}
