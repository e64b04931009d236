package chain

import (
	"context"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/staking"
)

// Event types the pipeline itself emits for every transaction, so that
// clients can search by sender ("tx.sender='0x…'").
const (
	EventTx      = "tx"
	AttrTxSender = "sender"
	AttrTxNonce  = "nonce"
)

// FinalizeBlock applies the block to the working tree and returns its hash.
// It never fails for anything in the block: a bad transaction becomes a
// result code. It fails only when the store does (state.ErrFault) or a
// module breaks an invariant; then the block is not committed, the node is
// asked to stop (Halted), and a restart replays the block.
func (a *App) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	defer a.cores.hold()()
	res, err := a.finalize(req)
	if err != nil {
		a.block = nil
		return nil, a.stop(fmt.Errorf("height %d: %w", req.Height, err))
	}
	return res, nil
}

func (a *App) finalize(req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	// Every write of the block goes to this cache; the working tree is
	// touched only by the flush at the end.
	a.block = state.NewCache(a.store.Working())
	blockEnv := tx.Env{ChainID: a.chainID, Height: req.Height, Time: req.Time}
	a.blockTime.Store(req.Time.UnixNano())
	upgradeEvents, err := a.applyUpgrade(a.block, blockEnv)
	if err != nil {
		return nil, err
	}
	blockEvents, err := a.beginBlock(a.block, blockEnv, req)
	if err != nil {
		return nil, fmt.Errorf("begin block: %w", err)
	}
	blockEvents = append(upgradeEvents, blockEvents...)
	fees := new(uint256.Int)
	var gas uint64
	verified := a.verifyStream(req.Txs)
	results := make([]*abci.ExecTxResult, len(req.Txs))
	for i := range req.Txs {
		v := verified(i)
		if i == 0 && IsInjected(req.Txs[0]) {
			// The previous height's vote extensions: data for modules,
			// checked by ProcessProposal, never run as a transaction.
			results[0] = &abci.ExecTxResult{Log: "vote extensions of the previous height"}
			continue
		}
		res, err := a.deliver(a.block, blockEnv, v, policy{blockGas: &gas}, fees)
		if err != nil {
			return nil, fmt.Errorf("transaction %d: %w", i, err)
		}
		results[i] = res
	}
	if !fees.IsZero() {
		if err := bank.New(a.block).AddBalance(address.Module(bank.FeeCollector), fees); err != nil {
			return nil, fmt.Errorf("credit fees: %w", err)
		}
	}
	// Governance ends first, as in the Cosmos SDK: a passed change of
	// staking's params shapes this block's validator set.
	mods := Wire(a.block)
	if len(req.Txs) > 0 && IsInjected(req.Txs[0]) {
		ev, err := a.applyBridgeSignatures(mods.Bridge, req.Txs[0])
		if err != nil {
			return nil, fmt.Errorf("bridge signatures: %w", err)
		}
		blockEvents = append(blockEvents, ev...)
	}
	govEvents, err := mods.Governance.EndBlock(blockEnv)
	if err != nil {
		return nil, fmt.Errorf("end block: governance: %w", err)
	}
	updates, endEvents, err := mods.Staking.EndBlock(blockEnv)
	if err != nil {
		return nil, fmt.Errorf("end block: %w", err)
	}
	bridgeEvents, err := mods.Bridge.EndBlock(blockEnv)
	if err != nil {
		return nil, fmt.Errorf("end block: bridge: %w", err)
	}
	storageEvents, err := mods.Storage.EndBlock(blockEnv, req.Hash)
	if err != nil {
		return nil, fmt.Errorf("end block: storage: %w", err)
	}
	endEvents = append(append(append(govEvents, endEvents...), bridgeEvents...), storageEvents...)
	if err := a.block.Flush(a.store.Working()); err != nil {
		// The flush may have written part of the block into the tree.
		a.store.Rollback()
		return nil, fmt.Errorf("write block: %w", err)
	}
	return &abci.ResponseFinalizeBlock{
		TxResults:        results,
		Events:           abciEvents(append(blockEvents, endEvents...)),
		ValidatorUpdates: abciUpdates(updates),
		AppHash:          a.store.WorkingHash(),
	}, nil
}

// stop reports a block the application could not finalize and asks the
// node to stop; it returns err for CometBFT, which then runs no more blocks.
func (a *App) stop(err error) error {
	if errors.Is(err, state.ErrFault) {
		err = fmt.Errorf("%w; the block was not committed: check the disk and the database under data/, then start the node again and it replays the block", err)
	} else {
		err = fmt.Errorf("%w; the block was not committed (this is a bug: please report it with the log)", err)
	}
	a.log.Error("cannot finalize the block, stopping", "err", err)
	a.signalHalt(err)
	return err
}

// beginBlock does the work a block owes before its transactions: pay the
// rewards of the previous block to those who signed it, count who did not,
// and punish the misbehavior CometBFT reports.
func (a *App) beginBlock(kv state.KV, env tx.Env, req *abci.RequestFinalizeBlock) ([]tx.Event, error) {
	sk := Wire(kv).Staking
	votes := make([]staking.Vote, 0, len(req.DecidedLastCommit.Votes))
	for _, v := range req.DecidedLastCommit.Votes {
		if cons, ok := consAddress(v.Validator); ok {
			votes = append(votes, staking.Vote{ConsAddress: cons, Power: v.Validator.Power, Signed: v.BlockIdFlag == cmtproto.BlockIDFlagCommit})
		}
	}
	events, err := sk.AllocateRewards(votes)
	if err != nil {
		return nil, fmt.Errorf("rewards: %w", err)
	}
	for _, m := range req.Misbehavior {
		cons, ok := consAddress(m.Validator)
		if !ok {
			continue
		}
		inf := staking.Infraction{ConsAddress: cons, Height: m.Height, Power: m.Validator.Power}
		ev, err := sk.HandleDoubleSign(env, inf, m.Time)
		if err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
		events = append(events, ev...)
	}
	ev, err := sk.HandleLiveness(env, votes)
	if err != nil {
		return nil, fmt.Errorf("liveness: %w", err)
	}
	return append(events, ev...), nil
}

// consAddress is a validator's 20-byte consensus address; ok is false for
// any other length, which CometBFT never sends.
func consAddress(v abci.Validator) (cons [20]byte, ok bool) {
	if len(v.Address) != len(cons) {
		return cons, false
	}
	copy(cons[:], v.Address)
	return cons, true
}

// abciUpdates turns staking's validator updates into CometBFT's.
func abciUpdates(updates []staking.ValidatorUpdate) []abci.ValidatorUpdate {
	out := make([]abci.ValidatorUpdate, len(updates))
	for i, u := range updates {
		out[i] = abci.Ed25519ValidatorUpdate(u.ConsPubKey, u.Power)
	}
	return out
}

// deliver applies one transaction to the block cache: it admits it (which
// takes the whole fee up front), runs its messages in a branch kept only
// if they all succeed, then refunds the gas left over, so that the fee
// paid is gas used × gas price, as on Ethereum. The returned error is a
// store fault only; everything the transaction did wrong is in the result.
func (a *App) deliver(block *state.Cache, env tx.Env, v *verified, p policy, fees *uint256.Int) (*abci.ExecTxResult, error) {
	if err := a.admit(block, v, p); err != nil {
		if errors.Is(err, state.ErrFault) {
			return nil, err
		}
		return invalidResult(err), nil
	}
	b := &v.tx.Body
	env.Sender = v.sender
	meter := state.NewMeter(b.GasLimit)
	_ = meter.Consume(v.intrinsic, "intrinsic") // covered: admit compared the limit
	branch := state.NewCache(block)
	msgEvents, runErr := a.run(state.Metered{KV: branch, Meter: meter}, env, v.msgs)
	if errors.Is(runErr, state.ErrFault) {
		return nil, runErr
	}
	if runErr == nil {
		if err := branch.Flush(block); err != nil {
			return nil, err
		}
	}
	fee, err := refund(block, v, meter.Used())
	if err != nil {
		return nil, err
	}
	fees.Add(fees, fee)
	events := []tx.Event{
		tx.NewEvent(EventTx, AttrTxSender, v.sender.Hex(), AttrTxNonce, fmt.Sprint(b.Nonce)),
		bank.FeeEvent(v.sender, fee),
	}
	res := &abci.ExecTxResult{GasWanted: int64(b.GasLimit), GasUsed: int64(meter.Used())}
	if runErr != nil {
		res.Codespace, res.Code = CodeOf(runErr)
		res.Log = runErr.Error()
		res.Events = abciEvents(events)
		return res, nil
	}
	res.Events = abciEvents(append(events, msgEvents...))
	return res, nil
}

// refund gives the sender back the price of the gas it did not use and
// returns the fee it paid.
func refund(kv state.KV, v *verified, used uint64) (*uint256.Int, error) {
	b := &v.tx.Body
	fee := new(uint256.Int).Mul(uint256.NewInt(used), b.GasPrice)
	if used >= b.GasLimit {
		return fee, nil
	}
	back := new(uint256.Int).Mul(uint256.NewInt(b.GasLimit-used), b.GasPrice)
	if err := bank.New(kv).AddBalance(v.sender, back); err != nil {
		return nil, fmt.Errorf("refund unused gas: %w", err)
	}
	return fee, nil
}

// run applies the messages in order; the first failure fails them all.
// Their fixed gas is in the intrinsic gas, charged before; the meter in
// kv charges what they read and write.
func (a *App) run(kv state.KV, env tx.Env, msgs []tx.Msg) ([]tx.Event, error) {
	var events []tx.Event
	mods := Wire(kv)
	for i, m := range msgs {
		ev, err := a.handlers[m.Kind()](mods, env, m)
		if err != nil {
			return nil, fmt.Errorf("message %d (%s): %w", i, m.Kind(), err)
		}
		events = append(events, ev...)
	}
	return events, nil
}

func invalidResult(err error) *abci.ExecTxResult {
	space, c := CodeOf(err)
	return &abci.ExecTxResult{Code: c, Codespace: space, Log: "invalid: " + err.Error()}
}

// indexed lists the attributes CometBFT's indexer keeps, so that
// tx_search finds transactions by who sent or received; amounts and nonces
// are in the results but not indexed, which keeps the indexer off the
// critical path at thousands of transactions per second.
var indexed = map[string]bool{
	EventTx + "." + AttrTxSender:                  true,
	bank.EventTransfer + "." + bank.AttrSender:    true,
	bank.EventTransfer + "." + bank.AttrRecipient: true,
}

func abciEvents(events []tx.Event) []abci.Event {
	out := make([]abci.Event, len(events))
	for i, e := range events {
		attrs := make([]abci.EventAttribute, len(e.Attributes))
		for j, at := range e.Attributes {
			attrs[j] = abci.EventAttribute{Key: at.Key, Value: at.Value, Index: indexed[e.Type+"."+at.Key]}
		}
		out[i] = abci.Event{Type: e.Type, Attributes: attrs}
	}
	return out
}
