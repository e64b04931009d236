package node

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/p2p"

	"github.com/bttc-network/bttc/chain/rpcclient"
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
	// StateSync, if set, are the RPC addresses of two or more of the
	// network's nodes: the node then starts from a state-sync snapshot
	// instead of replaying every block, trusting the latest block they
	// agree on.
	StateSync []string
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
	if len(o.StateSync) > 0 {
		height, hash, err := stateSyncTrust(o.StateSync, doc.ChainID)
		if err != nil {
			return nil, err
		}
		cfg.StateSync.Enable = true
		cfg.StateSync.RPCServers = o.StateSync
		cfg.StateSync.TrustHeight, cfg.StateSync.TrustHash = height, hash
	}
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
	return &JoinResult{NodeID: nodeID, ChainID: doc.ChainID, ConsensusKey: pub, TrustHeight: cfg.StateSync.TrustHeight, TrustHash: cfg.StateSync.TrustHash}, nil
}

// JoinResult tells what JoinHome made.
type JoinResult struct {
	NodeID       string
	ChainID      string
	ConsensusKey crypto.PubKey
	// TrustHeight and TrustHash are the block a state-syncing node trusts.
	TrustHeight int64
	TrustHash   string
}

// ErrStateSync is returned when the state-sync servers cannot give a
// block to trust.
var ErrStateSync = errors.New("state sync")

// stateSyncTrust asks the first server for its latest block and checks
// that every other server has the same block at that height: the height
// and hash a state-syncing node's light client starts from.
func stateSyncTrust(servers []string, chainID string) (int64, string, error) {
	if len(servers) < 2 {
		return 0, "", fmt.Errorf("%w: give two or more RPC servers (the light client checks one against the other), have %d", ErrStateSync, len(servers))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var height int64
	var hash string
	for i, addr := range servers {
		cl, err := rpcclient.Dial(addr)
		if err != nil {
			return 0, "", fmt.Errorf("%w: %w", ErrStateSync, err)
		}
		b, err := cl.Block(ctx, height)
		if err != nil {
			return 0, "", fmt.Errorf("%w: block %d from %s: %w", ErrStateSync, height, addr, err)
		}
		if b.Block.ChainID != chainID {
			return 0, "", fmt.Errorf("%w: %s runs chain %s, the genesis is %s's", ErrStateSync, addr, b.Block.ChainID, chainID)
		}
		if i == 0 {
			height, hash = b.Block.Height, b.BlockID.Hash.String()
		} else if b.BlockID.Hash.String() != hash {
			return 0, "", fmt.Errorf("%w: %s and %s disagree on block %d: do not trust them", ErrStateSync, servers[0], addr, height)
		}
	}
	return height, hash, nil
}
