package node

import (
	"fmt"
	"os"
	"strings"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/p2p"

	"github.com/bttc-network/bttc/genesis"
)

// JoinOptions describe a home for a node that joins a running network.
type JoinOptions struct {
	Home    string
	Moniker string
	// GenesisFile is the network's genesis.json, copied byte for byte:
	// CometBFT's handshake compares its hash with the peers'.
	GenesisFile string
	// ChainID, if set, must be the genesis's chain id.
	ChainID string
	// Peers are ID@host:port addresses of the network's nodes.
	Peers     []string
	Overwrite bool
}

// JoinHome creates the home of a full node of an existing network: fresh
// node and consensus keys, the network's genesis, its peers. The node
// block-syncs from them when started and becomes a validator only through
// a create-validator transaction.
func JoinHome(o JoinOptions) (*JoinResult, error) {
	if err := CheckHomeFree(o.Home); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(o.GenesisFile)
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	doc, _, err := genesis.Parse(o.GenesisFile, raw)
	if err != nil {
		return nil, err
	}
	if o.ChainID != "" && o.ChainID != doc.ChainID {
		return nil, fmt.Errorf("the genesis is chain %s's, not %s's", doc.ChainID, o.ChainID)
	}
	for _, p := range o.Peers {
		if _, err := p2p.NewNetAddressString(p); err != nil {
			return nil, fmt.Errorf("peer %q: want NODE_ID@HOST:PORT: %v", p, err)
		}
	}
	cfg := DefaultCometConfig(o.Home, o.Moniker)
	cfg.P2P.PersistentPeers = strings.Join(o.Peers, ",")
	if _, err := os.Stat(cfg.GenesisFile()); err == nil && !o.Overwrite {
		return nil, fmt.Errorf("%w: %s exists (pass --overwrite to replace config and genesis; keys and data are kept)", ErrHomeExists, cfg.GenesisFile())
	}
	pub, nodeID, err := makeKeys(cfg)
	if err == nil {
		// A joining node may become a validator: it gets its bridge key
		// now, as an init home does.
		_, err = loadOrGenBridgeKey(cfg)
	}
	if err != nil {
		return nil, err
	}
	if err := writeConfig(cfg); err != nil {
		return nil, err
	}
	if err := os.WriteFile(cfg.GenesisFile(), raw, 0o644); err != nil {
		return nil, err
	}
	return &JoinResult{NodeID: nodeID, ChainID: doc.ChainID, ConsensusKey: pub}, nil
}

// JoinResult tells what JoinHome made.
type JoinResult struct {
	NodeID       string
	ChainID      string
	ConsensusKey crypto.PubKey
}
