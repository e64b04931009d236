package staking

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
)

// Genesis is the staking part of app_state. Validators and delegations are
// created as if their transactions ran at the initial height, from the
// operators' and delegators' genesis balances, so the bank part must fund
// them.
type Genesis struct {
	Params      Params              `json:"params"`
	Validators  []GenesisValidator  `json:"validators"`
	Delegations []GenesisDelegation `json:"delegations,omitempty"`
}

// GenesisValidator is a validator that exists from the first block.
type GenesisValidator struct {
	Operator     address.Address `json:"operator"`
	ConsPubKey   []byte          `json:"cons_pub_key"` // base64 of the 32-byte Ed25519 key
	BridgeSigner address.Address `json:"bridge_signer"`
	Description  Description     `json:"description"`
	Commission   struct {
		Rate      dec.Dec `json:"rate"`
		MaxRate   dec.Dec `json:"max_rate"`
		MaxChange dec.Dec `json:"max_change_rate"`
	} `json:"commission"`
	MinSelfDelegation btt.Amount `json:"min_self_delegation"`
	SelfBond          btt.Amount `json:"self_bond"`
}

// GenesisDelegation is a delegation that exists from the first block.
type GenesisDelegation struct {
	Delegator address.Address `json:"delegator"`
	Validator address.Address `json:"validator"`
	Amount    btt.Amount      `json:"amount"`
}

// DefaultGenesis has default params and no validators.
func DefaultGenesis() Genesis {
	return Genesis{Params: DefaultParams(), Validators: []GenesisValidator{}}
}

// Validate checks the part on its own; errors name the field.
func (g *Genesis) Validate() error {
	if err := g.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	ops := map[address.Address]bool{}
	cons := map[[20]byte]bool{}
	signers := map[address.Address]bool{}
	for i, v := range g.Validators {
		m := v.msg()
		if err := m.Validate(); err != nil {
			return fmt.Errorf("validators[%d]: %w", i, err)
		}
		if ops[v.Operator] {
			return fmt.Errorf("validators[%d].operator: %s is listed twice", i, v.Operator)
		}
		if cons[ConsAddress(v.ConsPubKey)] {
			return fmt.Errorf("validators[%d].cons_pub_key: used by two validators", i)
		}
		if signers[v.BridgeSigner] {
			return fmt.Errorf("validators[%d].bridge_signer: %s is used by two validators", i, v.BridgeSigner)
		}
		ops[v.Operator], cons[ConsAddress(v.ConsPubKey)], signers[v.BridgeSigner] = true, true, true
	}
	for i, d := range g.Delegations {
		if !ops[d.Validator] {
			return fmt.Errorf("delegations[%d].validator: %s is not a genesis validator", i, d.Validator)
		}
		if d.Amount.IsZero() {
			return fmt.Errorf("delegations[%d].amount: %w", i, ErrZeroAmount)
		}
	}
	return nil
}

func (v *GenesisValidator) msg() *MsgCreateValidator {
	return &MsgCreateValidator{
		ConsPubKey: v.ConsPubKey, BridgeSigner: v.BridgeSigner, Description: v.Description,
		Rate: v.Commission.Rate, MaxRate: v.Commission.MaxRate, MaxChange: v.Commission.MaxChange,
		MinSelfDelegation: v.MinSelfDelegation.Wei(), SelfBond: v.SelfBond.Wei(),
	}
}

// InitGenesis creates the genesis validators and delegations and returns
// the first validator set for CometBFT.
func (s Store) InitGenesis(g *Genesis, chainID string, height int64, t time.Time) ([]ValidatorUpdate, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if err := s.SetParams(g.Params); err != nil {
		return nil, err
	}
	for i, v := range g.Validators {
		env := tx.Env{ChainID: chainID, Height: height, Time: t, Sender: v.Operator}
		if _, err := s.CreateValidator(env, v.msg()); err != nil {
			return nil, fmt.Errorf("validators[%d]: %w", i, err)
		}
	}
	for i, d := range g.Delegations {
		env := tx.Env{ChainID: chainID, Height: height, Time: t, Sender: d.Delegator}
		if _, err := s.Delegate(env, &MsgDelegate{Validator: d.Validator, Amount: d.Amount.Wei()}); err != nil {
			return nil, fmt.Errorf("delegations[%d]: %w", i, err)
		}
	}
	updates, _, err := s.EndBlock(tx.Env{ChainID: chainID, Height: height - 1, Time: t})
	if err != nil {
		return nil, err
	}
	// The genesis set is in force from the initial height itself.
	if err := s.recordValidatorSet(uint64(height)); err != nil {
		return nil, err
	}
	return updates, nil
}

// ResumeAt hands CometBFT the validator set of a chain that goes on at
// height from an exported state (bttcd export): the set last sent, which
// the new chain uses from its first height. An update the old chain sent
// in its last block would have taken effect a height later; the new
// chain's history records it from height, so that what validators sign
// there is checked against the keys that really sign.
func (s Store) ResumeAt(height uint64) ([]ValidatorUpdate, error) {
	set, err := s.lastSet()
	if err != nil {
		return nil, err
	}
	if len(set) == 0 {
		return nil, errors.New("the exported state has no validator set")
	}
	inForce, err := s.ValidatorSetAt(height)
	if err != nil {
		return nil, err
	}
	if !slices.EqualFunc(set, inForce, func(a, b ValidatorSetEntry) bool {
		return a.Operator == b.Operator && a.Power == b.Power && bytes.Equal(a.ConsPubKey, b.ConsPubKey)
	}) {
		if err := s.recordValidatorSet(height); err != nil {
			return nil, err
		}
	}
	updates := make([]ValidatorUpdate, len(set))
	for i, v := range set {
		updates[i] = ValidatorUpdate{ConsPubKey: v.ConsPubKey, Power: int64(v.Power)}
	}
	return updates, nil
}
