package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/staking"
)

// Errors that decide a query's code.
var (
	// errNoBlockYet answers queries before the first block is committed:
	// until then there is no committed state to read.
	errNoBlockYet = errors.New("the node has not committed its first block yet; try again in a moment")
)

// Query answers reads of committed state.
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	// Queries run on their own goroutine, beside FinalizeBlock and Commit.
	defer a.store.ReadLock()()
	if a.store.LastVersion() == 0 {
		return queryError(api.CodeNoHeight, errNoBlockYet), nil
	}
	tree, err := a.store.At(req.Height)
	if err != nil {
		return queryError(api.CodeNoHeight, err), nil
	}
	height := tree.Version()
	var value any
	module := a.moduleQuery(req.Path)
	switch {
	case strings.HasPrefix(req.Path, api.PathAccount):
		value, err = a.queryAccount(tree, strings.TrimPrefix(req.Path, api.PathAccount))
	case req.Path == api.PathSupply:
		value, err = querySupply(tree)
	case req.Path == api.PathParams:
		value, err = a.queryParams(tree)
	case req.Path == api.PathSimulate:
		value, err = a.simulate(req.Data)
	case module != nil:
		value, err = module(state.ReadOnly{Getter: tree})
	case req.Path == api.PathStore:
		return queryStore(tree, req)
	default:
		return queryError(api.CodeUnknownPath, fmt.Errorf("%w %q", state.ErrUnknownQuery, req.Path)), nil
	}
	if err != nil {
		c := api.CodeInternalRead
		switch {
		case errors.Is(err, state.ErrUnknownQuery):
			c = api.CodeUnknownPath
		case errors.Is(err, address.ErrBadAddress), errors.Is(err, tx.ErrMalformed), errors.Is(err, state.ErrBadQuery), errors.Is(err, paych.ErrBadChannelID), errors.Is(err, deal.ErrBadID), errors.Is(err, deal.ErrWrongPeriod):
			c = api.CodeBadRequest
		case errors.Is(err, staking.ErrNoValidator), errors.Is(err, governance.ErrNoProposal), errors.Is(err, bridge.ErrUnknownChain),
			errors.Is(err, bridge.ErrNoCheckpoint), errors.Is(err, bridge.ErrNoWithdrawal), errors.Is(err, bridge.ErrNotCheckpointed),
			errors.Is(err, paych.ErrNoChannel), errors.Is(err, deal.ErrNoContract):
			c = api.CodeNotFound
		}
		return queryError(c, err), nil
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return &abci.ResponseQuery{Value: raw, Height: height}, nil
}

// moduleQueries route a path prefix to the module that answers it.
var moduleQueries = []struct {
	prefix string
	answer func(kv state.KV, chainID, path string) (any, error)
}{
	{api.PathStaking, func(kv state.KV, _, path string) (any, error) { return staking.New(kv).Answer(path) }},
	{api.PathGov, func(kv state.KV, _, path string) (any, error) { return govOf(kv).Answer(path) }},
	{api.PathBridge, func(kv state.KV, chainID, path string) (any, error) { return bridgeOf(kv).Answer(chainID, path) }},
	{api.PathSpeed, func(kv state.KV, _, path string) (any, error) { return speed.New(kv).Answer(path) }},
	{api.PathStorage, func(kv state.KV, _, path string) (any, error) { return storage.New(kv).Answer(path) }},
}

// moduleQuery answers path with the module it belongs to; nil for none.
func (a *App) moduleQuery(path string) func(kv state.KV) (any, error) {
	for _, q := range moduleQueries {
		if rest, ok := strings.CutPrefix(path, q.prefix); ok {
			return func(kv state.KV) (any, error) { return q.answer(kv, a.chainID, rest) }
		}
	}
	return nil
}

func queryError(code uint32, err error) *abci.ResponseQuery {
	return &abci.ResponseQuery{Code: code, Codespace: api.CodespaceQuery, Log: err.Error()}
}

func (a *App) queryAccount(g state.Getter, text string) (*api.AccountView, error) {
	addr, err := address.Parse(text)
	if err != nil {
		return nil, err
	}
	acc, err := bank.New(state.ReadOnly{Getter: g}).Account(addr)
	if err != nil {
		return nil, err
	}
	return &api.AccountView{Address: addr, Balance: btt.Format(&acc.Balance), BalanceWei: acc.Balance.Dec(), Nonce: acc.Nonce}, nil
}

func querySupply(g state.Getter) (*api.SupplyView, error) {
	s, err := bank.New(state.ReadOnly{Getter: g}).Supply()
	if err != nil {
		return nil, err
	}
	return &api.SupplyView{Supply: btt.Format(s), SupplyWei: s.Dec()}, nil
}

func (a *App) queryParams(g state.Getter) (*api.ParamsView, error) {
	ro := state.ReadOnly{Getter: g}
	v := &api.ParamsView{ChainID: a.chainID}
	var err error
	if v.Tx, err = readTxParams(g); err != nil {
		return nil, err
	}
	bp, err := bank.New(ro).Params()
	if err != nil {
		return nil, err
	}
	sp, err := staking.New(ro).Params()
	if err != nil {
		return nil, err
	}
	gp, err := govOf(ro).Params()
	if err != nil {
		return nil, err
	}
	if v.Bank, err = json.Marshal(bp); err != nil {
		return nil, err
	}
	if v.Staking, err = json.Marshal(sp); err != nil {
		return nil, err
	}
	if v.Governance, err = json.Marshal(gp); err != nil {
		return nil, err
	}
	spp, err := speed.New(ro).Params()
	if err != nil {
		return nil, err
	}
	if v.Speed, err = json.Marshal(spp); err != nil {
		return nil, err
	}
	stp, err := storage.New(ro).Params()
	if err != nil {
		return nil, err
	}
	v.Storage, err = json.Marshal(stp)
	return v, err
}

func queryStore(tree state.Version, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	value, err := tree.Get(req.Data)
	if err != nil {
		return queryError(api.CodeInternalRead, err), nil
	}
	resp := &abci.ResponseQuery{Key: req.Data, Value: value, Height: tree.Version()}
	if req.Prove {
		proof, err := state.Proof(tree, req.Data)
		if err != nil {
			return queryError(api.CodeInternalRead, err), nil
		}
		data, err := proof.Marshal()
		if err != nil {
			return nil, err
		}
		resp.ProofOps = &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: api.ProofOpIAVL, Key: req.Data, Data: data}}}
	}
	return resp, nil
}

// lastTime is the last committed block's time, zero before the first
// block after a start.
func (a *App) lastTime() time.Time {
	if ns := a.lastBlockTime.Load(); ns != 0 {
		return time.Unix(0, ns).UTC()
	}
	return time.Time{}
}

// simulate runs a signed transaction on a scratch copy of committed state
// and reports the gas it used, so that clients can size their gas limit.
func (a *App) simulate(raw []byte) (*api.SimulateView, error) {
	v := a.verifyStateless(raw)
	if v.err != nil {
		return nil, fmt.Errorf("%w", v.err)
	}
	scratch := state.NewCache(a.lastState())
	res, err := a.deliver(scratch, tx.Env{ChainID: a.chainID, Height: a.store.LastVersion() + 1, Time: a.lastTime()}, v, policy{}, new(uint256.Int))
	if err != nil {
		return nil, err
	}
	return &api.SimulateView{GasUsed: uint64(res.GasUsed), Code: res.Code, Codespace: res.Codespace, Log: res.Log}, nil
}
