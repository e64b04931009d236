package node

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtstate "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"

	"github.com/bttc-network/bttc/core/state"
)

// ErrNoChainData is returned by Rollback for a home whose node never ran.
var ErrNoChainData = errors.New("no chain data")

// RollbackResult tells where Rollback left the node.
type RollbackResult struct {
	From     int64  // the application's height before
	FromHash []byte // and its hash then
	Height   int64  // the last height both CometBFT and the application now hold
	AppHash  []byte // the application's hash at Height
	// BlockRemoved is set when the block above Height was deleted too.
	BlockRemoved bool
	// AlreadyBack is set when CometBFT's state was already one below its
	// last stored block (an earlier rollback, or a stop between storing a
	// block and applying it): the state did not move, and only --hard
	// goes further, by deleting that block.
	AlreadyBack bool
}

// Rollback moves CometBFT's state and the application's state back one
// height, for an operator whose node committed a bad block (an app hash
// the network disagrees with, after a fixed binary is installed). On the
// next start CometBFT replays the block from its store against the
// rolled-back application, unless hard is set, in which case the block is
// deleted as well and the node fetches it again from its peers.
//
// The node must be stopped: the databases are opened exclusively.
func Rollback(cfg *cmtcfg.Config, hard bool) (*RollbackResult, error) {
	if err := CheckHomeFree(cfg.RootDir); err != nil {
		return nil, err
	}
	dir := cfg.DBDir()
	for _, name := range []string{"blockstore.db", "state.db", "application.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("%w in %s (no %s): nothing to roll back", ErrNoChainData, dir, name)
		}
	}
	blockDB, err := openCometDB(cfg, "blockstore")
	if err != nil {
		return nil, err
	}
	defer blockDB.Close()
	stateDB, err := openCometDB(cfg, "state")
	if err != nil {
		return nil, err
	}
	defer stateDB.Close()
	app, err := state.Open(dir, state.Options{})
	if err != nil {
		return nil, stillRunning(err)
	}
	defer app.Close()

	blocks := store.NewBlockStore(blockDB)
	states := cmtstate.NewStore(stateDB, cmtstate.StoreOptions{DiscardABCIResponses: cfg.Storage.DiscardABCIResponses})
	last, err := states.Load()
	if err != nil {
		return nil, fmt.Errorf("CometBFT state: %w", err)
	}
	// CometBFT's rollback targets last-1, or last when a block above it
	// was stored but never applied. The application can be at most one
	// height ahead of either; below the target CometBFT could not replay.
	if app.LastVersion() < last.LastBlockHeight-1 {
		return nil, fmt.Errorf("the application is at height %d, more than one below CometBFT's %d: start the node and let it replay instead", app.LastVersion(), last.LastBlockHeight)
	}
	from, fromHash := app.LastVersion(), app.LastHash()
	// The state rolled back to is the one block `last` was built from;
	// read the app version that block carries before --hard deletes it.
	top := blocks.LoadBlockMeta(last.LastBlockHeight)
	height, appHash, err := cmtstate.Rollback(blocks, states, hard)
	if err != nil {
		return nil, fmt.Errorf("roll back CometBFT state: %w", err)
	}
	if height < last.LastBlockHeight && top != nil {
		if err := restoreAppVersion(states, top.Header.Version.App); err != nil {
			return nil, err
		}
	}
	if app.LastVersion() > height {
		if err := app.RollbackTo(height); err != nil {
			return nil, err
		}
	}
	if !bytes.Equal(app.LastHash(), appHash) {
		return nil, fmt.Errorf("after rollback the application's hash at height %d is %X but CometBFT expects %X", height, app.LastHash(), appHash)
	}
	return &RollbackResult{From: from, FromHash: fromHash, Height: height, AppHash: appHash, BlockRemoved: hard,
		AlreadyBack: height == last.LastBlockHeight}, nil
}

// restoreAppVersion puts back the app version CometBFT's rollback takes
// from the consensus params, where our genesis leaves it 0, while the
// blocks carry the version the app reports: CometBFT refuses to replay a
// block whose header disagrees with its state.
func restoreAppVersion(states cmtstate.Store, version uint64) error {
	st, err := states.Load()
	if err != nil {
		return fmt.Errorf("CometBFT state: %w", err)
	}
	if st.Version.Consensus.App == version {
		return nil
	}
	st.Version.Consensus.App = version
	if err := states.Save(st); err != nil {
		return fmt.Errorf("save CometBFT state: %w", err)
	}
	return nil
}

// openCometDB opens one of CometBFT's databases in the home's data dir.
func openCometDB(cfg *cmtcfg.Config, name string) (dbm.DB, error) {
	db, err := dbProvider(&cmtcfg.DBContext{ID: name, Config: cfg})
	if err != nil {
		return nil, stillRunning(fmt.Errorf("open %s database: %w", name, err))
	}
	return db, nil
}

// stillRunning explains the usual reason a database will not open: the
// node holds its lock.
func stillRunning(err error) error {
	if errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("%w (bttcd is still running on this home: stop it first)", err)
	}
	return err
}

// ResetOptions say what ResetAll keeps besides the keys and config.
type ResetOptions struct {
	KeepAddrBook bool
	// ResetSigningState also deletes priv_validator_state.json, the
	// record of the last height, round and step this key signed, which is
	// what stops a restarted validator from signing twice.
	ResetSigningState bool
}

// ResetAll deletes the node's chain data — blocks, CometBFT state, the
// application's state, the consensus WAL, evidence and the tx index — so
// that it syncs again from genesis. Keys, config and genesis stay; so does
// the signing state unless o.ResetSigningState. The node must be stopped.
// It returns the paths it removed.
func ResetAll(cfg *cmtcfg.Config, o ResetOptions) ([]string, error) {
	if err := CheckHomeFree(cfg.RootDir); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(cfg.DBDir())
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	signing := filepath.Clean(cfg.PrivValidatorStateFile())
	var targets []string
	for _, e := range entries {
		if p := filepath.Join(cfg.DBDir(), e.Name()); p != signing {
			targets = append(targets, p)
		}
	}
	if o.ResetSigningState {
		targets = append(targets, signing)
	}
	if !o.KeepAddrBook {
		targets = append(targets, cfg.P2P.AddrBookFile())
	}
	if err := checkStopped(cfg); err != nil {
		return nil, err
	}
	var removed []string
	for _, p := range targets {
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return removed, err
		}
		removed = append(removed, p)
	}
	return removed, os.MkdirAll(cfg.DBDir(), 0o700)
}

// checkStopped fails if a running node holds the home's databases.
func checkStopped(cfg *cmtcfg.Config) error {
	if _, err := os.Stat(filepath.Join(cfg.DBDir(), "state.db")); err != nil {
		return nil
	}
	db, err := openCometDB(cfg, "state")
	if err != nil {
		return err
	}
	return db.Close()
}

// ActiveValidator tells whether the home's consensus key is in the
// validator set of the last state the node saved (this height's or the
// next), and that height. A home that never ran is not active.
func ActiveValidator(cfg *cmtcfg.Config) (bool, int64, error) {
	if _, err := os.Stat(filepath.Join(cfg.DBDir(), "state.db")); err != nil {
		return false, 0, nil
	}
	pub, err := ValidatorPubKey(cfg)
	if err != nil {
		return false, 0, err
	}
	db, err := openCometDB(cfg, "state")
	if err != nil {
		return false, 0, err
	}
	defer db.Close()
	st, err := cmtstate.NewStore(db, cmtstate.StoreOptions{}).Load()
	if err != nil {
		return false, 0, fmt.Errorf("CometBFT state: %w", err)
	}
	addr := pub.Address()
	for _, set := range []*types.ValidatorSet{st.Validators, st.NextValidators} {
		if set != nil && set.HasAddress(addr) {
			return true, st.LastBlockHeight, nil
		}
	}
	return false, st.LastBlockHeight, nil
}
