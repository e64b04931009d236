package node

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

// AppConfig is the typed content of app.toml.
type AppConfig struct {
	// MinimumGasPrice is the lowest gas price, with a unit, that this node
	// admits to its mempool and proposes.
	MinimumGasPrice string `mapstructure:"minimum-gas-price"`
	// IAVLCacheNodes sizes the IAVL node cache.
	IAVLCacheNodes int `mapstructure:"iavl-cache-nodes"`
	// SenderCacheSize bounds the recovered-sender cache.
	SenderCacheSize int `mapstructure:"sender-cache-size"`
	// LogFormat is auto (JSON unless stderr is a terminal), json or text.
	LogFormat string `mapstructure:"log-format"`
	// Pruning is default, nothing, everything or custom (with
	// PruningKeepRecent and PruningInterval), as Cosmos operators know it.
	Pruning           string `mapstructure:"pruning"`
	PruningKeepRecent int64  `mapstructure:"pruning-keep-recent"`
	PruningInterval   int64  `mapstructure:"pruning-interval"`
	// MinRetainBlocks keeps at least that many recent blocks and lets
	// CometBFT delete older ones; 0 keeps every block.
	MinRetainBlocks int64 `mapstructure:"min-retain-blocks"`
	// SnapshotInterval makes a state-sync snapshot every that many
	// heights, for new nodes to start from (0: none); SnapshotKeepRecent
	// is how many are kept.
	SnapshotInterval   int64 `mapstructure:"snapshot-interval"`
	SnapshotKeepRecent int   `mapstructure:"snapshot-keep-recent"`
	// Bridge names, per registered root chain, the JSON-RPC this
	// validator watches it through ([bridge.ethereum] rpc = "…"). A chain
	// without one is not observed: the validator still signs checkpoints.
	Bridge map[string]BridgeRPC `mapstructure:"bridge"`
}

// BridgeRPC is one root chain's entry in app.toml.
type BridgeRPC struct {
	RPC string `mapstructure:"rpc"`
}

// DefaultMinimumGasPrice is 1 gwei per gas: a plain transfer costs about
// 0.00003 BTT.
const DefaultMinimumGasPrice = api.DefaultGasPrice

// DefaultAppConfig is what init writes.
func DefaultAppConfig() AppConfig {
	return AppConfig{
		MinimumGasPrice:    DefaultMinimumGasPrice,
		IAVLCacheNodes:     state.DefaultCacheNodes,
		SenderCacheSize:    chain.DefaultSenderCacheSize,
		LogFormat:          "auto",
		Pruning:            "default",
		SnapshotKeepRecent: 2,
	}
}

// The pruning strategies' settings: versions kept, and how often older
// ones are deleted. "default" keeps three weeks of 1 s blocks, so that
// queries and rollbacks reach back far; "everything" keeps the two a
// restart or a rollback of one block needs.
const (
	defaultKeepRecent    = 362880
	everythingKeepRecent = 2
	defaultPruneInterval = 10
)

// PruningPlan resolves the pruning strategy to the versions kept (0: all)
// and the interval between prunings, in blocks.
func (c AppConfig) PruningPlan() (keepRecent, interval int64, err error) {
	switch c.Pruning {
	case "default", "":
		return defaultKeepRecent, defaultPruneInterval, nil
	case "nothing":
		return 0, 0, nil
	case "everything":
		return everythingKeepRecent, defaultPruneInterval, nil
	case "custom":
		if c.PruningKeepRecent < 2 || c.PruningInterval < 1 {
			return 0, 0, fmt.Errorf("pruning = \"custom\" needs pruning-keep-recent ≥ 2 and pruning-interval ≥ 1 (have %d and %d)", c.PruningKeepRecent, c.PruningInterval)
		}
		return c.PruningKeepRecent, c.PruningInterval, nil
	}
	return 0, 0, fmt.Errorf("pruning: %q is not default, nothing, everything or custom", c.Pruning)
}

// Validate checks the values and returns the parsed gas price.
func (c AppConfig) Validate() (*uint256.Int, error) {
	price, err := btt.Parse(c.MinimumGasPrice)
	if err != nil {
		return nil, fmt.Errorf("app.toml: minimum-gas-price: %w", err)
	}
	if c.IAVLCacheNodes < 0 {
		return nil, fmt.Errorf("app.toml: iavl-cache-nodes: %d is negative", c.IAVLCacheNodes)
	}
	if c.SenderCacheSize < 0 {
		return nil, fmt.Errorf("app.toml: sender-cache-size: %d is negative", c.SenderCacheSize)
	}
	for name, b := range c.Bridge {
		if err := checkRPC(name, b.RPC); err != nil {
			return nil, fmt.Errorf("app.toml: %w", err)
		}
	}
	switch c.LogFormat {
	case "auto", "json", "text":
	default:
		return nil, fmt.Errorf("app.toml: log-format: %q is not auto, json or text", c.LogFormat)
	}
	if _, _, err := c.PruningPlan(); err != nil {
		return nil, fmt.Errorf("app.toml: %w", err)
	}
	if c.MinRetainBlocks < 0 {
		return nil, fmt.Errorf("app.toml: min-retain-blocks: %d is negative", c.MinRetainBlocks)
	}
	if c.SnapshotInterval < 0 {
		return nil, fmt.Errorf("app.toml: snapshot-interval: %d is negative", c.SnapshotInterval)
	}
	if c.SnapshotInterval > 0 && c.SnapshotKeepRecent < 1 {
		return nil, fmt.Errorf("app.toml: snapshot-keep-recent: %d; keep at least 1 snapshot, or set snapshot-interval = 0", c.SnapshotKeepRecent)
	}
	return price, nil
}

var appTOML = template.Must(template.New("app.toml").Parse(`# BTTC application settings. They are this node's own: nothing here
# affects consensus. Every key can also be set as an environment variable
# BTTCD_<KEY> (upper case, '-' as '_') or, for start, as a flag.

# Lowest gas price this node admits to its mempool and puts in its own
# proposals, with a unit (wei or btt).
minimum-gas-price = "{{.MinimumGasPrice}}"

# IAVL nodes kept in memory. The tree holds about two per account; when it
# holds more than the cache, blocks read nodes from disk and slow down.
# Each cached node costs about 500 bytes (the default: up to 2 GiB).
iavl-cache-nodes = {{.IAVLCacheNodes}}

# Transactions whose sender was recovered in CheckTx, kept so that
# FinalizeBlock does not recover them again.
sender-cache-size = {{.SenderCacheSize}}

# Log format: auto (JSON unless the output is a terminal), json or text.
# The level is CometBFT's log_level in config.toml.
log-format = "{{.LogFormat}}"

# Application state kept on disk. default: the last 362880 versions (three
# weeks of 1 s blocks), older ones deleted every 10 blocks; nothing: every
# version (an archive node); everything: the last 2; custom: the two
# settings below. Queries at a pruned height are refused.
pruning = "{{.Pruning}}"
pruning-keep-recent = {{.PruningKeepRecent}}
pruning-interval = {{.PruningInterval}}

# Blocks kept: at least this many recent ones; CometBFT deletes older
# blocks. 0 keeps every block (what a node others sync from should do).
min-retain-blocks = {{.MinRetainBlocks}}

# State-sync snapshots: every snapshot-interval heights (0: none) the node
# writes its state at that height to data/snapshots, in the background,
# and serves it to new nodes that start from it instead of replaying every
# block (statesync in config.toml, on their side). The last
# snapshot-keep-recent are kept. Give it the interval of a few hours of
# blocks on nodes that serve others.
snapshot-interval = {{.SnapshotInterval}}
snapshot-keep-recent = {{.SnapshotKeepRecent}}

# Root chains this validator watches for bridge deposits, one table each,
# named as in 'bttcd query bridge chains' (or BTTCD_BRIDGE_ETHEREUM_RPC).
# For TRON, the node's HTTP API (its JSON-RPC is read at /jsonrpc):
# [bridge.ethereum]
# rpc = "https://ethereum-rpc.example"
# [bridge.tron]
# rpc = "https://api.trongrid.io"
`))

// WriteAppConfig writes app.toml.
func WriteAppConfig(path string, c AppConfig) error {
	var buf bytes.Buffer
	if err := appTOML.Execute(&buf, c); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// SetBridgeRPC gives a home's relayer the RPC of the root chain registered
// as name: it replaces the chain's table in app.toml as init writes it, or
// appends one.
func SetBridgeRPC(home, name, rpcURL string) error {
	if err := checkRPC(name, rpcURL); err != nil {
		return err
	}
	path := filepath.Join(home, "config", "app.toml")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	table := fmt.Sprintf("[bridge.%s]\nrpc = %q\n", name, rpcURL)
	re := regexp.MustCompile(`(?m)^\[bridge\.` + regexp.QuoteMeta(name) + `\]\s*\nrpc\s*=\s*"[^"\n]*"\s*\n`)
	if re.Match(raw) {
		raw = re.ReplaceAllLiteral(raw, []byte(table))
	} else {
		raw = append(raw, "\n"+table...)
	}
	return os.WriteFile(path, raw, 0o644)
}

func checkRPC(name, rpcURL string) error {
	for _, scheme := range []string{"http://", "https://", "ws://", "wss://"} {
		if strings.HasPrefix(rpcURL, scheme) {
			return nil
		}
	}
	return fmt.Errorf("bridge.%s.rpc %q: want an http(s):// or ws(s):// URL", name, rpcURL)
}
