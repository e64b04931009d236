package staking

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
)

// Params are the module's governance-changeable settings. Defaults are the
// Cosmos SDK's unless noted.
type Params struct {
	// UnbondingTime is how long stake stays slashable after it leaves.
	UnbondingTime dec.Duration `json:"unbonding_time"`
	// MaxValidators is the size of the active set.
	MaxValidators uint32 `json:"max_validators"`
	// MaxEntries caps maturing unbonding (or redelegation) entries per pair.
	MaxEntries uint32 `json:"max_entries"`
	// BlockReward is paid each block from the reward pool while it lasts.
	BlockReward btt.Amount `json:"block_reward"`
	// CommunityTax is the community pool's share of rewards and fees.
	CommunityTax dec.Dec `json:"community_tax"`
	// SignedBlocksWindow is the span over which liveness is judged (10,000
	// blocks, about 3 hours at 1 s blocks; the Cosmos SDK default of 100 is
	// under 2 minutes at our block time).
	SignedBlocksWindow uint64 `json:"signed_blocks_window"`
	// MinSignedPerWindow is the fraction of the window a validator must sign.
	MinSignedPerWindow dec.Dec `json:"min_signed_per_window"`
	// DowntimeJailDuration is how long a validator that missed too many blocks stays jailed.
	DowntimeJailDuration dec.Duration `json:"downtime_jail_duration"`
	// SlashFractionDoubleSign is burned from a double signer's stake.
	SlashFractionDoubleSign dec.Dec `json:"slash_fraction_double_sign"`
	// SlashFractionDowntime is burned from a validator jailed for downtime
	// (0.01%, BTTC's own choice; the Cosmos SDK's default is 1%).
	SlashFractionDowntime dec.Dec `json:"slash_fraction_downtime"`
}

// DefaultParams are the mainnet defaults.
func DefaultParams() Params {
	return Params{
		UnbondingTime:           dec.Of(21 * 24 * time.Hour),
		MaxValidators:           100,
		MaxEntries:              7,
		BlockReward:             btt.NewAmount(btt.FromBTT(0)),
		CommunityTax:            dec.Percent(2),
		SignedBlocksWindow:      10_000,
		MinSignedPerWindow:      dec.Percent(50),
		DowntimeJailDuration:    dec.Of(10 * time.Minute),
		SlashFractionDoubleSign: dec.Percent(5),
		SlashFractionDowntime:   dec.MustParse("0.0001"),
	}
}

// Bounds that keep the chain live and state small.
const (
	MaxMaxValidators  = 10_000
	MaxWindow         = 1_000_000
	maxUnbondingYears = 10
)

// Validate checks every field on its own.
func (p Params) Validate() error {
	bad := func(field, why string, args ...any) error {
		return fmt.Errorf("%w: %s %s", ErrBadParams, field, fmt.Sprintf(why, args...))
	}
	switch {
	case p.UnbondingTime.Duration <= 0 || p.UnbondingTime.Duration > maxUnbondingYears*365*24*time.Hour:
		return bad("unbonding_time", "must be positive and at most %d years", maxUnbondingYears)
	case p.MaxValidators == 0 || p.MaxValidators > MaxMaxValidators:
		return bad("max_validators", "must be between 1 and %d", MaxMaxValidators)
	case p.MaxEntries == 0 || p.MaxEntries > 100:
		return bad("max_entries", "must be between 1 and 100")
	case p.CommunityTax.GT(dec.One()):
		return bad("community_tax", "must be at most 1")
	case p.SignedBlocksWindow < 10 || p.SignedBlocksWindow > MaxWindow:
		return bad("signed_blocks_window", "must be between 10 and %d", MaxWindow)
	case p.MinSignedPerWindow.GT(dec.One()):
		return bad("min_signed_per_window", "must be at most 1")
	case p.DowntimeJailDuration.Duration <= 0:
		return bad("downtime_jail_duration", "must be positive")
	case p.SlashFractionDoubleSign.GT(dec.One()):
		return bad("slash_fraction_double_sign", "must be at most 1")
	case p.SlashFractionDowntime.GT(dec.One()):
		return bad("slash_fraction_downtime", "must be at most 1")
	}
	return nil
}

// maxMissed is how many blocks of the window may be missed.
func (p Params) maxMissed() uint64 {
	signed := p.MinSignedPerWindow.MulInt(uint256.NewInt(p.SignedBlocksWindow)).Uint64()
	return p.SignedBlocksWindow - signed
}

// Params reads the module's parameters.
func (s Store) Params() (Params, error) {
	p := DefaultParams()
	if _, err := state.GetJSON(s.kv, key(prefixParams), &p, ErrCorrupt); err != nil {
		return Params{}, fmt.Errorf("params: %w", err)
	}
	return p, nil
}

// SetParams validates and writes the parameters.
func (s Store) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return state.SetJSON(s.kv, key(prefixParams), p)
}
