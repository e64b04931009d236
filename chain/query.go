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

	"github.com/bttc-network/bttc/chain/address"
	"github.com/bttc-network/bttc/chain/bank"
	"github.com/bttc-network/bttc/chain/btt"
	"github.com/bttc-network/bttc/chain/state"
	"github.com/bttc-network/bttc/chain/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// Query paths. Every answer is JSON except /store, which returns the raw
// value (with an ICS23 proof when asked).
const (
	PathAccount  = "/account/" // + address in either form
	PathSupply   = "/supply"
	PathParams   = "/params"
	PathStore    = "/store" // Data: the full store key
	PathSimulate = "/simulate"
)

// ProofOpIAVL is the type of the proof op returned with /store queries.
const ProofOpIAVL = "ics23:iavl"

// Query result codes, in codespace "query".
const (
	CodespaceQuery          = "query"
	CodeUnknownPath  uint32 = 1
	CodeBadRequest   uint32 = 2
	CodeNoHeight     uint32 = 3
	CodeInternalRead uint32 = 4
	CodeNotFound     uint32 = 5
)

// Errors that decide a query's code.
var (
	errUnknownPath = errors.New("unknown query path")
	errBadQuery    = errors.New("bad query")
	// errNoBlockYet answers queries before the first block is committed:
	// until then there is no committed state to read.
	errNoBlockYet = errors.New("the node has not committed its first block yet; try again in a moment")
)

// AccountView is the JSON answer of /account.
type AccountView struct {
	Address    address.Address `json:"address"`
	Balance    string          `json:"balance"`
	BalanceWei string          `json:"balance_wei"`
	Nonce      uint64          `json:"nonce"`
}

// SupplyView is the JSON answer of /supply.
type SupplyView struct {
	Supply    string `json:"supply"`
	SupplyWei string `json:"supply_wei"`
}

// ParamsView is the JSON answer of /params.
type ParamsView struct {
	ChainID    string            `json:"chain_id"`
	Tx         tx.Params         `json:"tx"`
	Bank       bank.Params       `json:"bank"`
	Staking    staking.Params    `json:"staking"`
	Governance governance.Params `json:"governance"`
}

// SimulateView is the JSON answer of /simulate: what the transaction would
// do if it were the next one in a block on top of the last committed state.
type SimulateView struct {
	GasUsed   uint64 `json:"gas_used"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
}

// Query answers reads of committed state.
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	// Queries run on their own goroutine, beside FinalizeBlock and Commit.
	defer a.store.ReadLock()()
	if a.store.LastVersion() == 0 {
		return queryError(CodeNoHeight, errNoBlockYet), nil
	}
	tree, err := a.store.At(req.Height)
	if err != nil {
		return queryError(CodeNoHeight, err), nil
	}
	height := tree.Version()
	var value any
	switch {
	case strings.HasPrefix(req.Path, PathAccount):
		value, err = a.queryAccount(tree, strings.TrimPrefix(req.Path, PathAccount))
	case req.Path == PathSupply:
		value, err = querySupply(tree)
	case req.Path == PathParams:
		value, err = a.queryParams(tree)
	case req.Path == PathSimulate:
		value, err = a.simulate(req.Data)
	case strings.HasPrefix(req.Path, PathStaking):
		value, err = queryStaking(tree, req.Path)
	case strings.HasPrefix(req.Path, PathGov):
		value, err = queryGov(tree, req.Path)
	case req.Path == PathStore:
		return queryStore(tree, req)
	default:
		return queryError(CodeUnknownPath, fmt.Errorf("%w %q", errUnknownPath, req.Path)), nil
	}
	if err != nil {
		c := CodeInternalRead
		switch {
		case errors.Is(err, errUnknownPath):
			c = CodeUnknownPath
		case errors.Is(err, address.ErrBadAddress), errors.Is(err, tx.ErrMalformed), errors.Is(err, errBadQuery):
			c = CodeBadRequest
		case errors.Is(err, staking.ErrNoValidator), errors.Is(err, governance.ErrNoProposal):
			c = CodeNotFound
		}
		return queryError(c, err), nil
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return &abci.ResponseQuery{Value: raw, Height: height}, nil
}

func queryError(code uint32, err error) *abci.ResponseQuery {
	return &abci.ResponseQuery{Code: code, Codespace: CodespaceQuery, Log: err.Error()}
}

func (a *App) queryAccount(g state.Getter, text string) (*AccountView, error) {
	addr, err := address.Parse(text)
	if err != nil {
		return nil, err
	}
	acc, err := bank.New(state.ReadOnly{Getter: g}).Account(addr)
	if err != nil {
		return nil, err
	}
	return &AccountView{Address: addr, Balance: btt.Format(&acc.Balance), BalanceWei: acc.Balance.Dec(), Nonce: acc.Nonce}, nil
}

func querySupply(g state.Getter) (*SupplyView, error) {
	s, err := bank.New(state.ReadOnly{Getter: g}).Supply()
	if err != nil {
		return nil, err
	}
	return &SupplyView{Supply: btt.Format(s), SupplyWei: s.Dec()}, nil
}

func (a *App) queryParams(g state.Getter) (*ParamsView, error) {
	ro := state.ReadOnly{Getter: g}
	v := &ParamsView{ChainID: a.chainID}
	var err error
	if v.Tx, err = readTxParams(g); err != nil {
		return nil, err
	}
	if v.Bank, err = bank.New(ro).Params(); err != nil {
		return nil, err
	}
	if v.Staking, err = staking.New(ro).Params(); err != nil {
		return nil, err
	}
	if v.Governance, err = govOf(ro).Params(); err != nil {
		return nil, err
	}
	return v, nil
}

func queryStore(tree state.Version, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	value, err := tree.Get(req.Data)
	if err != nil {
		return queryError(CodeInternalRead, err), nil
	}
	resp := &abci.ResponseQuery{Key: req.Data, Value: value, Height: tree.Version()}
	if req.Prove {
		proof, err := state.Proof(tree, req.Data)
		if err != nil {
			return queryError(CodeInternalRead, err), nil
		}
		data, err := proof.Marshal()
		if err != nil {
			return nil, err
		}
		resp.ProofOps = &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: ProofOpIAVL, Key: req.Data, Data: data}}}
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
func (a *App) simulate(raw []byte) (*SimulateView, error) {
	v := a.verifyStateless(raw)
	if v.err != nil {
		return nil, fmt.Errorf("%w", v.err)
	}
	scratch := state.NewCache(a.lastState())
	res, err := a.deliver(scratch, tx.Env{ChainID: a.chainID, Height: a.store.LastVersion() + 1, Time: a.lastTime()}, v, new(uint256.Int))
	if err != nil {
		return nil, err
	}
	return &SimulateView{GasUsed: uint64(res.GasUsed), Code: res.Code, Codespace: res.Codespace, Log: res.Log}, nil
}
