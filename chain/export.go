package chain

import (
	"bytes"
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/cometbft/cometbft/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/staking"
)

// ExportState reads every key of a saved version into an export, for the
// genesis of a chain that goes on from the version's next height.
func ExportState(v state.Version) (*genesis.Export, error) {
	e := &genesis.Export{Height: v.Version(), AppHash: v.Hash()}
	err := v.Range(nil, nil, func(k, val []byte) bool {
		e.Entries = append(e.Entries, genesis.Entry{k, val})
		return true
	})
	if err != nil {
		return nil, err
	}
	e.Digest = genesis.EntriesDigest(e.Entries)
	return e, nil
}

// GenesisSummary is what CheckGenesis found in a genesis.
type GenesisSummary struct {
	ChainID       string
	InitialHeight int64
	// ExportedFrom and ExportedHeight name the chain and height a genesis
	// written by bttcd export continues; empty for a new chain's.
	ExportedFrom   string
	ExportedHeight int64
	Entries        map[string]int // keys by module
	Accounts       int
	Supply         *uint256.Int
	Validators     []abci.ValidatorUpdate // the set CometBFT starts with
}

// CheckGenesis runs InitChain on doc over a state in memory, so that a
// genesis is checked without starting a node as thoroughly as by starting
// one: every module's part (validators funded, params in range), and for
// an export every module's invariants (balances sum to the supply, pools
// match stakes, escrows match channels and contracts).
func CheckGenesis(doc *types.GenesisDoc) (*GenesisSummary, error) {
	mem, err := state.OpenMemory(state.Options{})
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	a, err := New(mem, Config{})
	if err != nil {
		return nil, err
	}
	var params *cmtproto.ConsensusParams
	if doc.ConsensusParams != nil {
		p := doc.ConsensusParams.ToProto()
		params = &p
	}
	res, err := a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: doc.ChainID, InitialHeight: doc.InitialHeight,
		Time: doc.GenesisTime, AppStateBytes: doc.AppState, ConsensusParams: params})
	if err != nil {
		return nil, err
	}
	g := a.genesis.Load()
	sum := &GenesisSummary{ChainID: doc.ChainID, InitialHeight: doc.InitialHeight, Entries: map[string]int{}, Validators: res.Validators}
	err = g.Range(nil, nil, func(k, _ []byte) bool {
		sum.Entries[moduleNames[k[0]]]++
		return true
	})
	if err != nil {
		return nil, err
	}
	ro := bank.New(state.ReadOnly{Getter: g})
	if sum.Accounts, err = bank.SupplyInvariant(ro); err != nil {
		return nil, err
	}
	if sum.Supply, err = ro.Supply(); err != nil {
		return nil, err
	}
	if app, err := genesis.DecodeAppState(doc.AppState); err == nil && app.Export != nil {
		sum.ExportedHeight = app.Export.Height
		for _, en := range app.Export.Entries {
			if bytes.Equal(en[0], keyChainID) {
				sum.ExportedFrom = string(en[1])
			}
		}
	}
	return sum, nil
}

// moduleNames name the state's prefixes in summaries.
var moduleNames = map[byte]string{
	state.PrefixApp: "app", state.PrefixBank: "bank", state.PrefixStaking: "staking", state.PrefixGovernance: "governance",
	state.PrefixBridge: "bridge", state.PrefixSpeed: "speed", state.PrefixStorage: "storage",
}

// loadExport writes an export's entries into kv and checks the modules'
// invariants over them. It returns the exported chain's id.
func loadExport(kv state.KV, e *genesis.Export) (string, error) {
	for _, en := range e.Entries {
		if err := kv.Set(en[0], en[1]); err != nil {
			return "", err
		}
	}
	id, err := kv.Get(keyChainID)
	if err != nil {
		return "", err
	}
	ro := state.ReadOnly{Getter: kv}
	checks := []func() error{
		func() error { _, err := bank.SupplyInvariant(bank.New(ro)); return err },
		staking.New(ro).Invariants,
		func() error { return speed.Invariant(speed.New(ro)) },
		func() error { return storage.Invariant(storage.New(ro)) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return "", fmt.Errorf("%w: app_state.export: %w", genesis.ErrInvalid, err)
		}
	}
	return string(id), nil
}

// initFromExport is InitChain for a genesis written by bttcd export: the
// exported state goes into the working tree whole; only the chain id and
// the vote-extension height are taken from the new genesis document. The
// chain may go on above the next height (see node.ExportOptions): the
// modules count heights as passed, never as run one by one, so a skipped
// height is like a slow block.
func (a *App) initFromExport(req *abci.RequestInitChain, e *genesis.Export) (*abci.ResponseInitChain, error) {
	if req.InitialHeight <= e.Height {
		return nil, fmt.Errorf("%w: initial_height is %d but the export is of height %d: the chain must go on above it",
			genesis.ErrInvalid, req.InitialHeight, e.Height)
	}
	a.store.SetInitialVersion(uint64(req.InitialHeight))
	cache := state.NewCache(a.store.Committed())
	from, err := loadExport(cache, e)
	if err != nil {
		return nil, err
	}
	// Heights between the export and the first are never run: an upgrade
	// planned at one would never happen.
	if p, ok, err := pendingPlan(cache); err != nil {
		return nil, err
	} else if ok && p.Height > uint64(e.Height) && p.Height < uint64(req.InitialHeight) {
		return nil, fmt.Errorf("%w: the upgrade %q is planned at height %d, which the chain skips from %d to %d",
			genesis.ErrInvalid, p.Name, p.Height, e.Height, req.InitialHeight)
	}
	updates, err := staking.New(cache).ResumeAt(uint64(req.InitialHeight))
	if err != nil {
		return nil, fmt.Errorf("%w: app_state.export: %w", genesis.ErrInvalid, err)
	}
	p, err := readTxParams(cache)
	if err != nil {
		return nil, err
	}
	res, err := a.finishInit(cache, req, p, updates)
	if err == nil {
		a.log.Info("genesis loaded from an export", "chain_id", req.ChainId, "exported_chain", from,
			"height", e.Height, "entries", len(e.Entries), "validators", len(updates))
	}
	return res, err
}
