package staking

import (
	"crypto/sha256"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
)

// Status is where a validator's stake sits.
type Status uint8

// Validator statuses. A bonded validator is in CometBFT's set and its
// tokens are in the bonded pool; leaving the set starts an unbonding that
// lasts the unbonding period, during which it can still be slashed.
const (
	Unbonded  Status = 1
	Unbonding Status = 2
	Bonded    Status = 3
)

func (s Status) String() string {
	switch s {
	case Unbonded:
		return "unbonded"
	case Unbonding:
		return "unbonding"
	case Bonded:
		return "bonded"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// ParseStatus reads a status name.
func ParseStatus(s string) (Status, error) {
	for _, st := range []Status{Unbonded, Unbonding, Bonded} {
		if st.String() == s {
			return st, nil
		}
	}
	return 0, fmt.Errorf("unknown validator status %q (want bonded, unbonding or unbonded)", s)
}

// PowerReduction is the wei per unit of voting power: 1 BTT is 1 power,
// which keeps the total power of all 990 trillion BTT below CometBFT's
// limit of 2^60.
var PowerReduction = btt.OneBTT()

// PowerOf is the voting power of an amount of bonded wei.
func PowerOf(tokens *uint256.Int) int64 {
	p := new(uint256.Int).Div(tokens, PowerReduction)
	if !p.IsUint64() || p.Uint64() > 1<<62 {
		return 1 << 62
	}
	return int64(p.Uint64())
}

// RewardScale is the fixed-point scale of a validator's cumulative reward
// per share.
var RewardScale = new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(27))

// Description is what a validator tells delegators about itself.
type Description struct {
	Moniker string `json:"moniker"`
	Website string `json:"website,omitempty"`
	Details string `json:"details,omitempty"`
}

// Description limits, as the Cosmos SDK's.
const (
	MaxMonikerLen = 70
	MaxWebsiteLen = 140
	MaxDetailsLen = 280
)

// Validate checks the lengths; a moniker is required.
func (d Description) Validate() error {
	switch {
	case d.Moniker == "":
		return fmt.Errorf("%w: moniker is required", ErrBadDescription)
	case len(d.Moniker) > MaxMonikerLen:
		return fmt.Errorf("%w: moniker is %d bytes, limit %d", ErrBadDescription, len(d.Moniker), MaxMonikerLen)
	case len(d.Website) > MaxWebsiteLen:
		return fmt.Errorf("%w: website is %d bytes, limit %d", ErrBadDescription, len(d.Website), MaxWebsiteLen)
	case len(d.Details) > MaxDetailsLen:
		return fmt.Errorf("%w: details are %d bytes, limit %d", ErrBadDescription, len(d.Details), MaxDetailsLen)
	}
	return nil
}

// Commission is a validator's cut of its delegators' rewards.
type Commission struct {
	Rate      dec.Dec `json:"rate"`
	MaxRate   dec.Dec `json:"max_rate"`
	MaxChange dec.Dec `json:"max_change_rate"`
	// UpdatedAt is the block time (unix ns) of the last rate change.
	UpdatedAt uint64 `json:"updated_at"`
}

// Validate checks 0 ≤ rate ≤ max rate ≤ 1 and max change ≤ max rate.
func (c Commission) Validate() error {
	switch {
	case c.MaxRate.GT(dec.One()):
		return fmt.Errorf("%w: max rate %s is above 1", ErrBadCommission, c.MaxRate)
	case c.Rate.GT(c.MaxRate):
		return fmt.Errorf("%w: rate %s is above the max rate %s", ErrBadCommission, c.Rate, c.MaxRate)
	case c.MaxChange.GT(c.MaxRate):
		return fmt.Errorf("%w: max change %s is above the max rate %s", ErrBadCommission, c.MaxChange, c.MaxRate)
	}
	return nil
}

// ConsPubKeyLen is the length of an Ed25519 consensus public key.
const ConsPubKeyLen = 32

// ConsAddress is CometBFT's address of a consensus key: the first 20
// bytes of its SHA-256.
func ConsAddress(pub []byte) [20]byte {
	h := sha256.Sum256(pub)
	var a [20]byte
	copy(a[:], h[:20])
	return a
}

// Validator is one validator's record.
type Validator struct {
	Operator          address.Address
	ConsPubKey        []byte
	BridgeSigner      address.Address
	Description       Description
	Status            Status
	Jailed            bool
	Tokens            *uint256.Int // wei staked with it, after slashes
	Shares            *uint256.Int // delegator shares outstanding
	Commission        Commission
	MinSelfDelegation *uint256.Int
	UnbondingHeight   uint64
	UnbondingTime     uint64 // unix ns when its unbonding completes
	// RewardPerShare is the cumulative reward per share, scaled by
	// RewardScale. It only grows, modulo 2^256: differences taken with
	// wrapping subtraction stay right even after it wraps.
	RewardPerShare *uint256.Int
	// AccruedCommission is commission not yet withdrawn.
	AccruedCommission *uint256.Int
}

// ConsAddress is the validator's consensus address.
func (v *Validator) ConsAddress() [20]byte { return ConsAddress(v.ConsPubKey) }

// Power is the validator's voting power if bonded.
func (v *Validator) Power() int64 { return PowerOf(v.Tokens) }

// TokensFor is the value of shares in wei, rounded down.
func (v *Validator) TokensFor(shares *uint256.Int) *uint256.Int {
	if v.Shares.IsZero() {
		return new(uint256.Int)
	}
	t, _ := new(uint256.Int).MulDivOverflow(shares, v.Tokens, v.Shares)
	return t
}

// SharesFor is the shares that amount wei buys, rounded down; ok is false
// when the validator has shares but no tokens (everything was slashed).
func (v *Validator) SharesFor(amount *uint256.Int) (shares *uint256.Int, ok bool) {
	if v.Shares.IsZero() {
		return new(uint256.Int).Set(amount), true
	}
	if v.Tokens.IsZero() {
		return nil, false
	}
	s, _ := new(uint256.Int).MulDivOverflow(amount, v.Shares, v.Tokens)
	return s, true
}

// Delegation is a delegator's stake with one validator.
type Delegation struct {
	Shares *uint256.Int
	// RewardBase is the validator's RewardPerShare when the delegation's
	// rewards were last settled.
	RewardBase *uint256.Int
}

// UnbondingEntry is stake on its way out.
type UnbondingEntry struct {
	CreationHeight uint64
	CompletionTime uint64 // unix ns
	InitialBalance *uint256.Int
	Balance        *uint256.Int // after slashes and cancellations
}

// UnbondingDelegation holds a pair's entries, oldest first.
type UnbondingDelegation struct{ Entries []UnbondingEntry }

// RedelegationEntry is stake moved from one validator to another that
// stays slashable for the source's earlier faults until it matures.
type RedelegationEntry struct {
	CreationHeight uint64
	CompletionTime uint64
	InitialBalance *uint256.Int
	SharesDst      *uint256.Int
}

// Redelegation holds a (delegator, source, destination) triple's entries.
type Redelegation struct{ Entries []RedelegationEntry }

// SigningInfo tracks a consensus key's liveness.
type SigningInfo struct {
	// StartHeight is where the current window began: a validator is judged
	// only after a full window.
	StartHeight uint64
	// Window is the window length the bitmap was built for; a change of
	// the parameter resets the bitmap rather than misread it.
	Window      uint64
	Missed      uint64
	JailedUntil uint64 // unix ns
	Tombstoned  bool
}

// Reasons of slashes.
const (
	ReasonDowntime   = "downtime"
	ReasonDoubleSign = "double_sign"
)

// SlashRecord is one entry of a validator's slash history.
type SlashRecord struct {
	Height           uint64
	Time             uint64
	InfractionHeight uint64
	Reason           string
	Fraction         dec.Dec
	Burned           *uint256.Int
}

// ValidatorSetEntry is one member of a consensus validator set.
type ValidatorSetEntry struct {
	Operator   address.Address
	ConsPubKey []byte
	Power      uint64
}

func zeroIfNil(v **uint256.Int) {
	if *v == nil {
		*v = new(uint256.Int)
	}
}

func (v *Validator) normalize() {
	for _, p := range []**uint256.Int{&v.Tokens, &v.Shares, &v.MinSelfDelegation, &v.RewardPerShare, &v.AccruedCommission} {
		zeroIfNil(p)
	}
}

// encode and decode are the kernel's record encoding, with this module's
// corruption error.
var encode = state.EncodeRecord

func decode(b []byte, v any) error { return state.DecodeRecord(b, v, ErrCorrupt) }

// unixNano and timeOf convert block times to and from the stored form.
var (
	unixNano = state.UnixNano
	timeOf   = state.TimeOf
)
