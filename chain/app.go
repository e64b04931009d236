package chain

import (
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/staking"
)

// AppVersion is the application protocol version reported to CometBFT.
const AppVersion uint64 = 1

// Config is the node-local configuration of the application; nothing in it
// affects consensus.
type Config struct {
	// MinGasPrice is the lowest gas price this node admits to its mempool.
	MinGasPrice *uint256.Int
	// SenderCacheSize bounds the cache of recovered senders.
	SenderCacheSize int
	// Logger receives the application's logs; nil discards them.
	Logger *slog.Logger
	// Version is the software version reported by Info.
	Version string
	// Upgrades are the software upgrades this binary knows.
	Upgrades []Upgrade
	// BridgeKey is this validator's secp256k1 bridge-signer key, which
	// signs bridge checkpoints in its vote extensions; nil signs nothing.
	BridgeKey *ecdsa.PrivateKey
	// Observer reports root-chain deposits for this validator's vote
	// extensions; nil reports none.
	Observer DepositObserver
	// PruneKeepRecent, when positive, keeps only that many recent saved
	// versions of the state, deleting older ones every PruneInterval
	// blocks; 0 keeps them all.
	PruneKeepRecent, PruneInterval int64
	// MinRetainBlocks, when positive, lets CometBFT delete blocks older
	// than that many (Commit's retain height); 0 keeps them all.
	MinRetainBlocks int64
}

// Handler applies one message to the modules over a transaction's branch.
type Handler func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error)

// App is the BTTC ABCI application.
type App struct {
	abci.BaseApplication

	cfg      Config
	log      *slog.Logger
	store    *state.Store
	codec    *tx.Codec
	handlers map[string]Handler
	senders  *senderCache
	cores    *cores
	exts     []VoteExtender

	// Set by InitChain or loaded from state.
	chainID  string
	veHeight int64 // first height whose votes carry extensions; 0: never
	// The tx params of the last committed state; queries read them on
	// their own goroutine while Commit replaces them.
	txParams atomic.Pointer[tx.Params]
	// The genesis state between InitChain and the first Commit, when there
	// is no saved version to read yet; nil after it.
	genesis atomic.Pointer[state.Cache]

	// The check state: admitted-but-uncommitted nonces and fees; checkMu
	// serialises the CheckTx calls that CometBFT makes concurrently.
	check   *state.Cache
	checkMu sync.Mutex
	// The block being finalized, between FinalizeBlock and Commit.
	block *state.Cache

	halt chan error // see Halted

	// The time of the block being finalized, and of the last committed
	// one (unix ns): the clock simulations run on, so that a simulated
	// unjail sees what the next block will. Kept out of state, so that an
	// empty block leaves the app hash alone; until the first block after
	// a start it is the zero time.
	blockTime, lastBlockTime atomic.Int64
}

var _ abci.Application = (*App)(nil)

// New builds the application over an opened store.
func New(store *state.Store, cfg Config) (*App, error) {
	if cfg.MinGasPrice == nil {
		cfg.MinGasPrice = new(uint256.Int)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	a := &App{
		cfg:      cfg,
		log:      cfg.Logger,
		store:    store,
		codec:    NewCodec(),
		handlers: map[string]Handler{},
		senders:  newSenderCache(cfg.SenderCacheSize),
		cores:    newCores(),
		halt:     make(chan error, 1),
	}
	for _, m := range modules {
		for _, k := range m.kinds() {
			a.handlers[k.Name] = m.handle
		}
	}
	a.exts = append(a.exts, bridgeExtender{a})
	a.txParams.Store(&tx.Params{}) // until InitChain or loadMeta
	if err := a.loadMeta(); err != nil {
		return nil, err
	}
	if err := a.checkUpgradeOnStart(); err != nil {
		return nil, err
	}
	a.resetCheckState()
	return a, nil
}

// modules lists every module's message kinds and handler: the one place
// a new module is wired in.
var modules = []struct {
	kinds  func() []tx.MsgKind
	handle Handler
}{
	{bank.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return bank.Handle(mods.kv, env, m) }},
	{staking.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return mods.Staking.Handle(env, m) }},
	{governance.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return mods.Governance.Handle(env, m) }},
	{bridge.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return mods.Bridge.Handle(env, m) }},
	{speed.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return mods.Speed.Handle(env, m) }},
	{storage.Kinds, func(mods *Modules, env tx.Env, m tx.Msg) ([]tx.Event, error) { return mods.Storage.Handle(env, m) }},
}

// NewCodec returns a codec that knows every message kind of the chain, for
// clients that decode transactions.
func NewCodec() *tx.Codec {
	c := tx.NewCodec()
	for _, m := range modules {
		for _, k := range m.kinds() {
			c.Register(k)
		}
	}
	return c
}

// Store returns the application's store.
func (a *App) Store() *state.Store { return a.store }

// Info tells CometBFT the last height and hash the app saved; CometBFT
// replays any later blocks from its own store.
func (a *App) Info(context.Context, *abci.RequestInfo) (*abci.ResponseInfo, error) {
	resp := &abci.ResponseInfo{
		Data:            "bttc",
		Version:         a.cfg.Version,
		AppVersion:      AppVersion,
		LastBlockHeight: a.store.LastVersion(),
	}
	if resp.LastBlockHeight > 0 {
		resp.LastBlockAppHash = a.store.LastHash()
	}
	return resp, nil
}

// InitChain writes the genesis state into the working tree; it is saved
// with block 1 (or the initial height) in the first Commit.
func (a *App) InitChain(_ context.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	app, err := genesis.DecodeAppState(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	if app.Export != nil {
		return a.initFromExport(req, app.Export)
	}
	if req.InitialHeight > 1 {
		a.store.SetInitialVersion(uint64(req.InitialHeight))
	}
	// The genesis is built over the empty saved version and kept, so that
	// CheckTx can read it while block 1 is written into the working tree.
	cache := state.NewCache(a.store.Committed())
	if err := bank.New(cache).InitGenesis(&app.Bank); err != nil {
		return nil, fmt.Errorf("init bank: %w", err)
	}
	height := max(req.InitialHeight, 1)
	updates, err := staking.New(cache).InitGenesis(&app.Staking, req.ChainId, height, req.Time)
	if err != nil {
		return nil, fmt.Errorf("%w: app_state.staking.%w", genesis.ErrInvalid, err)
	}
	if err := govOf(cache).InitGenesis(&app.Governance); err != nil {
		return nil, fmt.Errorf("%w: app_state.governance.%w", genesis.ErrInvalid, err)
	}
	if err := bridgeOf(cache).InitGenesis(&app.Bridge); err != nil {
		return nil, fmt.Errorf("%w: app_state.bridge.%w", genesis.ErrInvalid, err)
	}
	if err := speed.New(cache).InitGenesis(&app.Speed); err != nil {
		return nil, fmt.Errorf("%w: app_state.speed.%w", genesis.ErrInvalid, err)
	}
	if err := storage.New(cache).InitGenesis(&app.Storage); err != nil {
		return nil, fmt.Errorf("%w: app_state.storage.%w", genesis.ErrInvalid, err)
	}
	res, err := a.finishInit(cache, req, app.Tx, updates)
	if err == nil {
		a.log.Info("genesis loaded", "chain_id", req.ChainId, "accounts", len(app.Bank.Accounts), "validators", len(updates))
	}
	return res, err
}

// finishInit writes the chain's metadata over the genesis state in cache,
// puts it in the working tree and serves CheckTx from it until block one.
func (a *App) finishInit(cache *state.Cache, req *abci.RequestInitChain, p tx.Params, updates []staking.ValidatorUpdate) (*abci.ResponseInitChain, error) {
	veHeight := req.ConsensusParams.GetAbci().GetVoteExtensionsEnableHeight()
	if err := writeMeta(cache, req.ChainId, p, veHeight); err != nil {
		return nil, err
	}
	if err := cache.CopyTo(a.store.Working()); err != nil {
		return nil, err
	}
	a.genesis.Store(cache)
	a.chainID, a.veHeight = req.ChainId, veHeight
	a.txParams.Store(&p)
	a.lastBlockTime.Store(req.Time.UnixNano())
	a.resetCheckState()
	return &abci.ResponseInitChain{AppHash: a.store.WorkingHash(), Validators: abciUpdates(updates)}, nil
}

// Commit saves the block and resets the check state over it.
func (a *App) Commit(context.Context, *abci.RequestCommit) (*abci.ResponseCommit, error) {
	defer a.cores.hold()()
	_, version, err := a.store.Commit()
	if err != nil {
		return nil, err
	}
	if k, every := a.cfg.PruneKeepRecent, max(a.cfg.PruneInterval, 1); k > 0 && version%every == 0 {
		// Pruning never changes the state's hash; a failure (a query
		// still reading an old version) waits for the next interval.
		if err := a.store.Prune(k); err != nil {
			a.log.Warn("pruning the state", "err", err)
		}
	}
	res := &abci.ResponseCommit{}
	if m := a.cfg.MinRetainBlocks; m > 0 && version > m {
		res.RetainHeight = version - m + 1
	}
	a.block = nil
	a.lastBlockTime.Store(a.blockTime.Load())
	// Governance may have changed the pipeline's params in this block;
	// they apply from the next.
	p, err := readTxParams(a.store.Committed())
	if err != nil {
		return nil, err
	}
	a.txParams.Store(&p)
	a.genesis.Store(nil)
	a.resetCheckState()
	a.haltIfUpgradeNext()
	return res, nil
}

func (a *App) resetCheckState() {
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	a.check = state.NewCache(a.lastState())
}

// lastState is the state the next block starts from: the last saved
// version, or, before the first Commit, the genesis state InitChain built.
func (a *App) lastState() state.Getter {
	if g := a.genesis.Load(); g != nil && a.store.LastVersion() == 0 {
		return g
	}
	return a.store.Committed()
}

// params are the tx params of the last committed state.
func (a *App) params() *tx.Params { return a.txParams.Load() }

// App metadata under state.PrefixApp.
var (
	keyChainID  = []byte{state.PrefixApp, 0x01}
	keyTxParams = []byte{state.PrefixApp, 0x02}
	keyVEHeight = []byte{state.PrefixApp, 0x03}
)

func writeMeta(kv state.KV, chainID string, p tx.Params, veHeight int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := kv.Set(keyChainID, []byte(chainID)); err != nil {
		return err
	}
	if veHeight > 0 {
		if err := kv.Set(keyVEHeight, binary.BigEndian.AppendUint64(nil, uint64(veHeight))); err != nil {
			return err
		}
	}
	return kv.Set(keyTxParams, raw)
}

func (a *App) loadMeta() error {
	if a.store.LastVersion() == 0 {
		return nil // InitChain will set them
	}
	g := a.store.Committed()
	id, err := g.Get(keyChainID)
	if err != nil {
		return err
	}
	p, err := readTxParams(g)
	if err != nil {
		return err
	}
	a.txParams.Store(&p)
	ve, err := g.Get(keyVEHeight)
	if err != nil {
		return err
	}
	if len(ve) == 8 {
		a.veHeight = int64(binary.BigEndian.Uint64(ve))
	}
	a.chainID = string(id)
	return nil
}

// Restored loads what the application keeps beside its state, as on a
// start, once the store was restored from a state-sync snapshot.
func (a *App) Restored() error {
	if err := a.loadMeta(); err != nil {
		return err
	}
	if err := a.checkUpgradeOnStart(); err != nil {
		return err
	}
	a.resetCheckState()
	return nil
}

// ChainID is the chain this application runs.
func (a *App) ChainID() string { return a.chainID }
