package governance

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
)

// Params are the module's settings, changeable by governance itself.
// Defaults are the Cosmos SDK's x/gov v1, with deposits sized for BTT.
type Params struct {
	// MinDeposit starts the voting period once deposits reach it.
	MinDeposit btt.Amount `json:"min_deposit"`
	// ExpeditedMinDeposit is MinDeposit for expedited proposals.
	ExpeditedMinDeposit btt.Amount `json:"expedited_min_deposit"`
	// MinInitialDepositRatio of the minimum deposit must come with the
	// proposal itself, against spam.
	MinInitialDepositRatio dec.Dec `json:"min_initial_deposit_ratio"`
	// MinDepositRatio of the minimum deposit is the least any one deposit
	// may add, against dust.
	MinDepositRatio dec.Dec `json:"min_deposit_ratio"`
	// MaxDepositPeriod is how long a proposal may gather deposits; if it
	// falls short, its deposits are burned.
	MaxDepositPeriod dec.Duration `json:"max_deposit_period"`
	// VotingPeriod is how long votes are taken.
	VotingPeriod dec.Duration `json:"voting_period"`
	// ExpeditedVotingPeriod is VotingPeriod for expedited proposals; it
	// must be shorter.
	ExpeditedVotingPeriod dec.Duration `json:"expedited_voting_period"`
	// Quorum is the share of bonded stake that must vote.
	Quorum dec.Dec `json:"quorum"`
	// Threshold is the share of non-abstaining votes that must be yes.
	Threshold dec.Dec `json:"threshold"`
	// ExpeditedThreshold is Threshold for expedited proposals; an expedited
	// proposal that misses it becomes a regular one.
	ExpeditedThreshold dec.Dec `json:"expedited_threshold"`
	// VetoThreshold is the share of all votes that, voting no with veto,
	// rejects the proposal and burns its deposits.
	VetoThreshold dec.Dec `json:"veto_threshold"`
	// BurnVoteQuorum burns the deposits of a proposal that missed quorum.
	BurnVoteQuorum bool `json:"burn_vote_quorum"`
	// BurnVoteVeto burns the deposits of a vetoed proposal.
	BurnVoteVeto bool `json:"burn_vote_veto"`
	// ProposalCancelRatio of the deposits is burned when the proposer
	// cancels; the rest is refunded.
	ProposalCancelRatio dec.Dec `json:"proposal_cancel_ratio"`
}

// DefaultParams are the mainnet defaults: 1 billion BTT to bring a
// proposal to a vote (about the value of the Cosmos Hub's), two days to
// deposit and two to vote.
func DefaultParams() Params {
	return Params{
		MinDeposit:             btt.NewAmount(btt.FromBTT(1_000_000_000)),
		ExpeditedMinDeposit:    btt.NewAmount(btt.FromBTT(5_000_000_000)),
		MinInitialDepositRatio: dec.Percent(25),
		MinDepositRatio:        dec.Percent(1),
		MaxDepositPeriod:       dec.Of(48 * time.Hour),
		VotingPeriod:           dec.Of(48 * time.Hour),
		ExpeditedVotingPeriod:  dec.Of(24 * time.Hour),
		Quorum:                 dec.MustParse("0.334"),
		Threshold:              dec.MustParse("0.5"),
		ExpeditedThreshold:     dec.MustParse("0.667"),
		VetoThreshold:          dec.MustParse("0.334"),
		BurnVoteQuorum:         false,
		BurnVoteVeto:           true,
		ProposalCancelRatio:    dec.Percent(50),
	}
}

// maxPeriod bounds every period, so that an end time never overflows.
const maxPeriod = 365 * 24 * time.Hour

// Validate checks each field and how they relate.
func (p Params) Validate() error {
	bad := func(field, why string, args ...any) error {
		return fmt.Errorf("%w: %s %s", ErrBadParams, field, fmt.Sprintf(why, args...))
	}
	one := dec.One()
	switch {
	case p.MinDeposit.IsZero():
		return bad("min_deposit", "must be positive")
	case p.ExpeditedMinDeposit.Wei().Lt(p.MinDeposit.Wei()):
		return bad("expedited_min_deposit", "must be at least min_deposit")
	case p.MinInitialDepositRatio.GT(one):
		return bad("min_initial_deposit_ratio", "must be at most 1")
	case p.MinDepositRatio.GT(one):
		return bad("min_deposit_ratio", "must be at most 1")
	case p.MaxDepositPeriod.Duration <= 0 || p.MaxDepositPeriod.Duration > maxPeriod:
		return bad("max_deposit_period", "must be positive and at most a year")
	case p.VotingPeriod.Duration <= 0 || p.VotingPeriod.Duration > maxPeriod:
		return bad("voting_period", "must be positive and at most a year")
	case p.ExpeditedVotingPeriod.Duration <= 0 || p.ExpeditedVotingPeriod.Duration >= p.VotingPeriod.Duration:
		return bad("expedited_voting_period", "must be positive and shorter than voting_period")
	case p.Quorum.IsZero() || p.Quorum.GT(one):
		return bad("quorum", "must be above 0 and at most 1")
	case p.Threshold.IsZero() || p.Threshold.GT(one):
		return bad("threshold", "must be above 0 and at most 1")
	case !p.ExpeditedThreshold.GT(p.Threshold) || p.ExpeditedThreshold.GT(one):
		return bad("expedited_threshold", "must be above threshold and at most 1")
	case p.VetoThreshold.IsZero() || p.VetoThreshold.GT(one):
		return bad("veto_threshold", "must be above 0 and at most 1")
	case p.ProposalCancelRatio.GT(one):
		return bad("proposal_cancel_ratio", "must be at most 1")
	}
	return nil
}

// minDeposit is what a proposal needs to reach a vote.
func (p Params) minDeposit(expedited bool) *uint256.Int {
	if expedited {
		return p.ExpeditedMinDeposit.Wei()
	}
	return p.MinDeposit.Wei()
}

func (p Params) votingPeriod(expedited bool) time.Duration {
	if expedited {
		return p.ExpeditedVotingPeriod.Duration
	}
	return p.VotingPeriod.Duration
}

func (p Params) threshold(expedited bool) dec.Dec {
	if expedited {
		return p.ExpeditedThreshold
	}
	return p.Threshold
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
