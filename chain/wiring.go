package chain

import (
	"errors"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/staking"
)

// Modules are the modules over one view of state, wired to each other:
// governance reads staking's stake, and staking reports share changes to
// governance's running tallies. Each view (a transaction's branch, the
// block cache, a query's version) is wired once.
type Modules struct {
	Staking    staking.Store
	Governance governance.Store
	Bridge     bridge.Store
	Speed      speed.Store
	Storage    storage.Store
	kv         state.KV // for the bank, whose handler is a function of it
}

// Wire builds the modules over kv, as the application runs them. The
// modules' own tests use it too, so that they test the wiring production
// runs.
func Wire(kv state.KV) *Modules {
	gov := governance.New(kv, GovernanceDeps(kv))
	return &Modules{Staking: staking.New(kv).WithObserver(gov), Governance: gov, Bridge: bridge.New(kv, staking.New(kv)), Speed: speed.New(kv), Storage: storage.New(kv), kv: kv}
}

// GovernanceDeps is what governance is wired with over kv: staking's
// stake and the parameter spaces of every module.
func GovernanceDeps(kv state.KV) governance.Deps {
	return governance.Deps{Stake: staking.New(kv), Params: paramSpaces, Contents: contentKinds}
}

// contentKinds are the proposal contents other modules own.
var contentKinds = func() []governance.ContentKind {
	var out []governance.ContentKind
	for _, k := range bridge.Contents() {
		out = append(out, governance.ContentKind{
			Name:    k.Name,
			New:     k.New,
			Check:   func(kv state.KV, _ tx.Env, c tx.Msg) error { return bridgeOf(kv).CheckContent(c) },
			Execute: func(kv state.KV, _ tx.Env, c tx.Msg) ([]tx.Event, error) { return bridgeOf(kv).ExecuteContent(c) },
		})
	}
	return out
}()

// ContentKinds are the proposal contents beyond governance's own, for
// clients that read proposal files.
func ContentKinds() []governance.ContentKind { return contentKinds }

// bridgeOf is the bridge over kv, for the callers that need only it.
func bridgeOf(kv state.KV) bridge.Store { return bridge.New(kv, staking.New(kv)) }

// govOf is governance over kv, for the callers that need only it.
func govOf(kv state.KV) governance.Store { return Wire(kv).Governance }

// paramSpaces are the modules whose parameters governance can change, by
// the name a parameter-change proposal uses ("staking.max_validators").
var paramSpaces = map[string]governance.ParamSpace{
	"tx": governance.ParamSpaceOf(func(kv state.KV) (tx.Params, error) { return readTxParams(kv) }, func(kv state.KV, p tx.Params) error {
		if err := p.Validate(); err != nil {
			return err
		}
		return state.SetJSON(kv, keyTxParams, p)
	}),
	"bridge": governance.ParamSpaceOf(func(kv state.KV) (bridge.Params, error) { return bridgeOf(kv).Params() },
		func(kv state.KV, p bridge.Params) error { return bridgeOf(kv).SetParams(p) }),
	"bank": governance.ParamSpaceOf(func(kv state.KV) (bank.Params, error) { return bank.New(kv).Params() },
		func(kv state.KV, p bank.Params) error { return bank.New(kv).SetParams(p) }),
	"speed": governance.ParamSpaceOf(func(kv state.KV) (speed.Params, error) { return speed.New(kv).Params() },
		func(kv state.KV, p speed.Params) error { return speed.New(kv).SetParams(p) }),
	"storage": governance.ParamSpaceOf(func(kv state.KV) (storage.Params, error) { return storage.New(kv).Params() },
		func(kv state.KV, p storage.Params) error { return storage.New(kv).SetParams(p) }),
	"staking": governance.ParamSpaceOf(func(kv state.KV) (staking.Params, error) { return staking.New(kv).Params() },
		func(kv state.KV, p staking.Params) error { return staking.New(kv).SetParams(p) }),
}

// errCorruptTxParams is the store fault of tx params that do not decode.
var errCorruptTxParams = state.Corruption("stored tx params are corrupt")

// readTxParams reads the transaction pipeline's params from state.
func readTxParams(g state.Getter) (tx.Params, error) {
	var p tx.Params
	found, err := state.GetJSON(g, keyTxParams, &p, errCorruptTxParams)
	if err != nil {
		return p, err
	}
	if !found {
		return p, errors.New("tx params are missing from state")
	}
	return p, nil
}
