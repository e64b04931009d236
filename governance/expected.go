package governance

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Stake is what governance reads of staking; staking.Store implements it.
type Stake interface {
	// ValidatorStake returns a validator's tokens and shares; bonded is
	// false for a validator outside the active set, and shares are zero
	// for an address that runs no validator.
	ValidatorStake(op address.Address) (bonded bool, tokens, shares *uint256.Int, err error)
	// RangeDelegations calls fn with each of del's delegations.
	RangeDelegations(del address.Address, fn func(op address.Address, shares *uint256.Int) error) error
	// BondedTokens is the stake of the active set.
	BondedTokens() (*uint256.Int, error)
}

// ParamSpace is one module's parameters as a JSON object whose keys
// parameter-change proposals set. Set decodes strictly and validates with
// the owning module's rules, so a bad value is refused by the module that
// knows what it means.
type ParamSpace interface {
	Get(kv state.KV) (json.RawMessage, error)
	Set(kv state.KV, raw json.RawMessage) error
}

// ContentKind is a kind of proposal content that another module owns (the
// bridge's root-chain registration, for one). Check runs when the proposal
// is submitted, so that content that could never run is refused before
// anyone deposits; Execute runs when it passes, on a branch that is kept
// only if every content of the proposal succeeds.
type ContentKind struct {
	Name    string
	New     func() tx.Msg
	Check   func(kv state.KV, env tx.Env, c tx.Msg) error
	Execute func(kv state.KV, env tx.Env, c tx.Msg) ([]tx.Event, error)
}

// Deps are what chain wires in.
type Deps struct {
	Stake Stake
	// Params maps a module name to its parameters; "governance" is built in.
	Params map[string]ParamSpace
	// Contents are kinds of content beyond the built-in ones.
	Contents []ContentKind
}

// ParamSpaceOf adapts a module's typed Params reader and validating writer.
func ParamSpaceOf[P any](get func(state.KV) (P, error), set func(state.KV, P) error) ParamSpace {
	return paramSpace[P]{get, set}
}

type paramSpace[P any] struct {
	get func(state.KV) (P, error)
	set func(state.KV, P) error
}

func (s paramSpace[P]) Get(kv state.KV) (json.RawMessage, error) {
	p, err := s.get(kv)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

func (s paramSpace[P]) Set(kv state.KV, raw json.RawMessage) error {
	var p P
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return fmt.Errorf("%w", err)
	}
	return s.set(kv, p)
}
