package staking

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Message kinds of the staking module.
const (
	KindCreateValidator = "staking/create-validator"
	KindEditValidator   = "staking/edit-validator"
	KindSetBridgeSigner = "staking/set-bridge-signer"
	KindDelegate        = "staking/delegate"
	KindUndelegate      = "staking/unbond"
	KindRedelegate      = "staking/redelegate"
	KindCancelUnbond    = "staking/cancel-unbond"
	KindWithdrawRewards = "staking/withdraw-rewards"
	KindUnjail          = "staking/unjail"
)

// MsgCreateValidator registers the sender as a validator operator and
// bonds its self-delegation.
type MsgCreateValidator struct {
	ConsPubKey        []byte
	BridgeSigner      address.Address
	Description       Description
	Rate              dec.Dec
	MaxRate           dec.Dec
	MaxChange         dec.Dec
	MinSelfDelegation *uint256.Int
	SelfBond          *uint256.Int
}

// Kind is "staking/create-validator".
func (*MsgCreateValidator) Kind() string { return KindCreateValidator }

// Validate checks the key, description, commission and amounts.
func (m *MsgCreateValidator) Validate() error {
	if len(m.ConsPubKey) != ConsPubKeyLen {
		return fmt.Errorf("%w: got %d bytes", ErrBadConsKey, len(m.ConsPubKey))
	}
	if m.BridgeSigner.IsZero() {
		return fmt.Errorf("%w: bridge signer is the zero address", ErrSignerInUse)
	}
	if err := m.Description.Validate(); err != nil {
		return err
	}
	if err := (Commission{Rate: m.Rate, MaxRate: m.MaxRate, MaxChange: m.MaxChange}).Validate(); err != nil {
		return err
	}
	if m.SelfBond == nil || m.SelfBond.IsZero() {
		return fmt.Errorf("%w: self-bond", ErrZeroAmount)
	}
	if m.MinSelfDelegation != nil && m.SelfBond.Lt(m.MinSelfDelegation) {
		return fmt.Errorf("%w: self-bond %s, minimum %s", ErrSelfBondTooLow, btt.Format(m.SelfBond), btt.Format(m.MinSelfDelegation))
	}
	return nil
}

// MsgEditValidator changes what the flags say should change.
type MsgEditValidator struct {
	SetDescription bool
	Description    Description
	SetRate        bool
	Rate           dec.Dec
	// MinSelfDelegation, if non-zero, raises the minimum.
	MinSelfDelegation *uint256.Int
}

// Kind is "staking/edit-validator".
func (*MsgEditValidator) Kind() string { return KindEditValidator }

// Validate checks that something changes and the description is sound.
func (m *MsgEditValidator) Validate() error {
	if m.SetDescription {
		if err := m.Description.Validate(); err != nil {
			return err
		}
	}
	if m.Rate.GT(dec.One()) {
		return fmt.Errorf("%w: rate %s is above 1", ErrBadCommission, m.Rate)
	}
	if !m.SetDescription && !m.SetRate && (m.MinSelfDelegation == nil || m.MinSelfDelegation.IsZero()) {
		return fmt.Errorf("%w: the edit changes nothing", ErrBadDescription)
	}
	return nil
}

// MsgSetBridgeSigner rotates the validator's secp256k1 bridge signer.
type MsgSetBridgeSigner struct{ Signer address.Address }

// Kind is "staking/set-bridge-signer".
func (*MsgSetBridgeSigner) Kind() string { return KindSetBridgeSigner }

// Validate refuses the zero address.
func (m *MsgSetBridgeSigner) Validate() error {
	if m.Signer.IsZero() {
		return fmt.Errorf("%w: the zero address", ErrSignerInUse)
	}
	return nil
}

// MsgDelegate stakes Amount wei of the sender's with Validator.
type MsgDelegate struct {
	Validator address.Address
	Amount    *uint256.Int
}

// Kind is "staking/delegate".
func (*MsgDelegate) Kind() string { return KindDelegate }

// Validate checks the amount.
func (m *MsgDelegate) Validate() error { return positive(m.Amount) }

// MsgUndelegate starts unbonding Amount wei of the sender's stake.
type MsgUndelegate struct {
	Validator address.Address
	Amount    *uint256.Int
}

// Kind is "staking/unbond".
func (*MsgUndelegate) Kind() string { return KindUndelegate }

// Validate checks the amount.
func (m *MsgUndelegate) Validate() error { return positive(m.Amount) }

// MsgRedelegate moves Amount wei of stake from Src to Dst at once.
type MsgRedelegate struct {
	Src, Dst address.Address
	Amount   *uint256.Int
}

// Kind is "staking/redelegate".
func (*MsgRedelegate) Kind() string { return KindRedelegate }

// Validate checks the amount and that the validators differ.
func (m *MsgRedelegate) Validate() error {
	if m.Src == m.Dst {
		return ErrSelfRedelegation
	}
	return positive(m.Amount)
}

// MsgCancelUnbond stakes Amount wei of a maturing unbonding entry (named by
// its creation height) with its validator again.
type MsgCancelUnbond struct {
	Validator      address.Address
	CreationHeight uint64
	Amount         *uint256.Int
}

// Kind is "staking/cancel-unbond".
func (*MsgCancelUnbond) Kind() string { return KindCancelUnbond }

// Validate checks the amount.
func (m *MsgCancelUnbond) Validate() error { return positive(m.Amount) }

// MsgWithdrawRewards pays the sender's rewards from the listed validators
// (all its delegations when the list is empty) and, with Commission, the
// commission of the sender's own validator.
type MsgWithdrawRewards struct {
	Validators []address.Address
	Commission bool
}

// MaxWithdrawValidators bounds one withdrawal's list.
const MaxWithdrawValidators = 100

// Kind is "staking/withdraw-rewards".
func (*MsgWithdrawRewards) Kind() string { return KindWithdrawRewards }

// Validate bounds the list.
func (m *MsgWithdrawRewards) Validate() error {
	if len(m.Validators) > MaxWithdrawValidators {
		return fmt.Errorf("%w: %d validators listed, limit %d", ErrNothingToWithdraw, len(m.Validators), MaxWithdrawValidators)
	}
	return nil
}

// MsgUnjail returns the sender's jailed validator to the candidates.
type MsgUnjail struct{}

// Kind is "staking/unjail".
func (*MsgUnjail) Kind() string { return KindUnjail }

// Validate has nothing to check.
func (*MsgUnjail) Validate() error { return nil }

func positive(a *uint256.Int) error {
	if a == nil || a.IsZero() {
		return ErrZeroAmount
	}
	return nil
}

// Gas of each kind on top of store access.
const (
	GasCreateValidator uint64 = 50_000
	GasStakeChange     uint64 = 10_000
	GasWithdraw        uint64 = 5_000
)

// Kinds registers the module's messages.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindCreateValidator, Gas: GasCreateValidator, New: func() tx.Msg { return new(MsgCreateValidator) }},
		{Name: KindEditValidator, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgEditValidator) }},
		{Name: KindSetBridgeSigner, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgSetBridgeSigner) }},
		{Name: KindDelegate, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgDelegate) }},
		{Name: KindUndelegate, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgUndelegate) }},
		{Name: KindRedelegate, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgRedelegate) }},
		{Name: KindCancelUnbond, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgCancelUnbond) }},
		{Name: KindWithdrawRewards, Gas: GasWithdraw, New: func() tx.Msg { return new(MsgWithdrawRewards) }},
		{Name: KindUnjail, Gas: GasStakeChange, New: func() tx.Msg { return new(MsgUnjail) }},
	}
}

// Handle routes a staking message to its transition on kv.
func Handle(kv state.KV, env tx.Env, m tx.Msg) ([]tx.Event, error) { return New(kv).Handle(env, m) }

// Handle routes a staking message to its transition.
func (s Store) Handle(env tx.Env, m tx.Msg) ([]tx.Event, error) {
	switch m := m.(type) {
	case *MsgCreateValidator:
		return s.CreateValidator(env, m)
	case *MsgEditValidator:
		return s.EditValidator(env, m)
	case *MsgSetBridgeSigner:
		return s.SetBridgeSigner(env, m)
	case *MsgDelegate:
		return s.Delegate(env, m)
	case *MsgUndelegate:
		return s.Undelegate(env, m)
	case *MsgRedelegate:
		return s.Redelegate(env, m)
	case *MsgCancelUnbond:
		return s.CancelUnbond(env, m)
	case *MsgWithdrawRewards:
		return s.WithdrawRewards(env, m)
	case *MsgUnjail:
		return s.Unjail(env)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
