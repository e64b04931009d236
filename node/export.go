package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	cmtstate "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/genesis"
)

// ExportOptions say which state Export writes and for which chain.
type ExportOptions struct {
	// Height is the height to export; 0 means the last the application
	// saved. Older heights need their state kept (see pruning).
	Height int64
	// ChainID is the new chain's id; empty keeps the exported chain's.
	// The bridge's root contracts hold the chain id they accept
	// checkpoints of, so a chain with a bridge keeps its id.
	ChainID string
	// InitialHeight is the new chain's first height; 0 means Height+1.
	// A restart needs it above every height a validator signed before
	// the halt: CometBFT's double-sign guard keeps a validator from
	// signing those again, and its old votes at those heights would be
	// evidence against it beside new ones.
	InitialHeight int64
}

// ErrNotExportable is returned when the requested height's state or block
// is no longer kept, or not yet made.
var ErrNotExportable = errors.New("cannot export that height")

// Export writes the genesis of a chain that goes on from a stopped node's
// state at a height: initial_height is the next height (or
// o.InitialHeight), genesis_time the
// exported block's time, the consensus params those CometBFT had for the
// next height, and app_state the whole application state (genesis.Export).
// Validators are left out of the document: InitChain hands CometBFT the
// set from the state.
//
// This is how a chain restarts after a halt: every validator stops at the
// same height, each exports it with the same options and gets the same
// file (they compare its sha256), check it (bttcd genesis validate), reset
// their chain data and start from it. Their signing state stays: the new
// chain's heights must be above any they signed (see InitialHeight).
func Export(cfg *cmtcfg.Config, o ExportOptions) (*types.GenesisDoc, *chain.GenesisSummary, error) {
	if err := CheckHomeFree(cfg.RootDir); err != nil {
		return nil, nil, err
	}
	dir := cfg.DBDir()
	for _, name := range []string{"blockstore.db", "state.db", "application.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return nil, nil, fmt.Errorf("%w in %s (no %s): nothing to export", ErrNoChainData, dir, name)
		}
	}
	app, err := state.Open(dir, state.Options{})
	if err != nil {
		return nil, nil, stillRunning(err)
	}
	defer app.Close()
	h := o.Height
	if h == 0 {
		h = app.LastVersion()
	}
	if h < 1 {
		return nil, nil, fmt.Errorf("%w: the node has not committed a block yet", ErrNotExportable)
	}
	if h > app.LastVersion() {
		return nil, nil, fmt.Errorf("%w: height %d is above the last the application saved, %d", ErrNotExportable, h, app.LastVersion())
	}
	v, err := app.At(h)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the state of height %d is pruned (pruning in app.toml keeps fewer heights): %w", ErrNotExportable, h, err)
	}
	blockDB, err := openCometDB(cfg, "blockstore")
	if err != nil {
		return nil, nil, err
	}
	defer blockDB.Close()
	meta := store.NewBlockStore(blockDB).LoadBlockMeta(h)
	if meta == nil {
		return nil, nil, fmt.Errorf("%w: block %d is not in the block store (pruned by min-retain-blocks?)", ErrNotExportable, h)
	}
	stateDB, err := openCometDB(cfg, "state")
	if err != nil {
		return nil, nil, err
	}
	defer stateDB.Close()
	params, err := cmtstate.NewStore(stateDB, cmtstate.StoreOptions{}).LoadConsensusParams(h + 1)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: CometBFT's consensus params for height %d: %w", ErrNotExportable, h+1, err)
	}
	first := o.InitialHeight
	if first == 0 {
		first = h + 1
	}
	if first <= h {
		return nil, nil, fmt.Errorf("%w: the initial height %d is not above the exported height %d", ErrNotExportable, first, h)
	}
	e, err := chain.ExportState(v)
	if err != nil {
		return nil, nil, err
	}
	raw, err := genesis.AppState{Export: e}.MarshalJSON()
	if err != nil {
		return nil, nil, err
	}
	doc := &types.GenesisDoc{
		ChainID:         o.ChainID,
		GenesisTime:     meta.Header.Time,
		InitialHeight:   first,
		ConsensusParams: &params,
		AppState:        raw,
	}
	if doc.ChainID == "" {
		doc.ChainID = meta.Header.ChainID
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", genesis.ErrInvalid, err)
	}
	// The new chain starts from exactly this check, so a state that would
	// not start is never written.
	sum, err := chain.CheckGenesis(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("the state of height %d fails the checks a new chain makes of it, so it is not exported: %w", h, err)
	}
	return doc, sum, nil
}

// LastSignedHeight is the last height the home's consensus key signed a
// vote or proposal at, from priv_validator_state.json (0: none).
func LastSignedHeight(cfg *cmtcfg.Config) (int64, error) {
	raw, err := os.ReadFile(cfg.PrivValidatorStateFile())
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var st privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(raw, &st); err != nil {
		return 0, fmt.Errorf("validator state %s is corrupt: %v", cfg.PrivValidatorStateFile(), err)
	}
	return st.Height, nil
}
