package chain

import (
	"context"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/core/state"
)

// CheckTx admits a transaction to the mempool if it is valid against the
// check state and pays at least this node's minimum gas price.
func (a *App) CheckTx(_ context.Context, req *abci.RequestCheckTx) (*abci.ResponseCheckTx, error) {
	// Calls come concurrently (one per RPC submission, beside FinalizeBlock):
	// the stateless part, the sender's recovery, runs on all cores, and the
	// stateful check one at a time on the check state. CometBFT keeps CheckTx
	// away from Commit, which replaces the check state.
	release := a.cores.hold()
	v := a.verify(req.Tx)
	release()
	defer a.store.ReadLock()()
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	if err := a.admit(a.check, v, policy{minGasPrice: a.cfg.MinGasPrice}); err != nil {
		if errors.Is(err, state.ErrFault) {
			a.log.Error("store fault in CheckTx", "err", err)
		}
		space, c := CodeOf(err)
		return &abci.ResponseCheckTx{Code: c, Codespace: space, Log: err.Error()}, nil
	}
	return &abci.ResponseCheckTx{GasWanted: int64(v.tx.Body.GasLimit)}, nil
}

// PrepareProposal keeps, in mempool order, the transactions that are valid
// one after another, pay this node's minimum gas price, and fit the block's
// bytes and gas.
func (a *App) PrepareProposal(_ context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	defer a.cores.hold()()
	scratch := state.NewCache(a.lastState())
	vs := a.verifyAll(req.Txs)
	txs := make([][]byte, 0, len(req.Txs)+1)
	var size int64
	if a.extensionsAt(req.Height - 1) {
		inj, err := a.buildInjection(a.lastState(), req.Height, req.LocalLastCommit)
		if err != nil {
			return nil, fmt.Errorf("height %d: inject vote extensions: %w", req.Height, err)
		}
		txs = append(txs, inj)
		size += int64(len(inj))
	}
	var gas uint64
	// The node's minimum gas price applies to what it proposes too; it is
	// local policy, so ProcessProposal does not check it.
	p := policy{minGasPrice: a.cfg.MinGasPrice, blockGas: &gas}
	for i, raw := range req.Txs {
		if size+int64(len(raw)) > req.MaxTxBytes {
			continue
		}
		if err := a.admit(scratch, vs[i], p); err != nil {
			if errors.Is(err, state.ErrFault) {
				return nil, fmt.Errorf("height %d: %w", req.Height, err)
			}
			continue
		}
		size += int64(len(raw))
		txs = append(txs, raw)
	}
	return &abci.ResponsePrepareProposal{Txs: txs}, nil
}

// ProcessProposal accepts a block only if PrepareProposal could have built
// it: every transaction valid in order, the gas within the block's limit.
func (a *App) ProcessProposal(_ context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	defer a.cores.hold()()
	reject := &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}
	if err := a.checkUpgradeAt(a.lastState(), req.Height); err != nil {
		a.log.Warn("rejecting proposal", "height", req.Height, "err", err)
		return reject, nil
	}
	if err := a.checkInjection(a.lastState(), req.Height, req.Txs, req.ProposedLastCommit); err != nil {
		a.log.Warn("rejecting proposal: vote extensions", "height", req.Height, "err", err)
		return reject, nil
	}
	txs := req.Txs
	if len(txs) > 0 && IsInjected(txs[0]) {
		txs = txs[1:]
	}
	scratch := state.NewCache(a.lastState())
	var gas uint64
	p := policy{blockGas: &gas}
	for i, v := range a.verifyAll(txs) {
		if err := a.admit(scratch, v, p); err != nil {
			if errors.Is(err, state.ErrFault) {
				return nil, fmt.Errorf("height %d: %w", req.Height, err)
			}
			a.log.Warn("rejecting proposal: invalid transaction", "height", req.Height, "index", i, "err", err)
			return reject, nil
		}
	}
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
}
