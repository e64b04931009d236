package governance

import (
	"fmt"
	"slices"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// Vote is the "gov/vote" transition: cast or change the sender's vote. The
// running tally moves at once: the voter's shares at each validator it
// delegates to leave the validator's inherited vote and count for the
// voter's own options.
func (s Store) Vote(env tx.Env, m *MsgVote) ([]tx.Event, error) {
	w, err := validateOptions(m.Options)
	if err != nil {
		return nil, err
	}
	prop, err := s.mustProposal(m.ProposalID)
	if err != nil {
		return nil, err
	}
	if prop.Status != VotingPeriod {
		return nil, fmt.Errorf("%w: proposal %d is %s", ErrNotVoting, prop.ID, prop.Status)
	}
	voter := env.Sender
	old, had, err := s.vote(prop.ID, voter)
	if err != nil {
		return nil, err
	}
	if had {
		if err := s.countDelegations(prop.ID, voter, old, -1); err != nil {
			return nil, err
		}
	} else {
		ids, err := s.openVotes(voter)
		if err != nil {
			return nil, err
		}
		if err := s.setOpenVotes(voter, append(ids, prop.ID)); err != nil {
			return nil, err
		}
	}
	if err := s.countDelegations(prop.ID, voter, w, +1); err != nil {
		return nil, err
	}
	if err := s.set(voteKey(prop.ID, voter), w); err != nil {
		return nil, err
	}
	// A validator's vote is read at tally time from its tally record's
	// validator; make sure the record exists even if no shares voted yet.
	if _, _, shares, err := s.deps.Stake.ValidatorStake(voter); err != nil {
		return nil, err
	} else if !shares.IsZero() {
		t, err := s.validatorTally(prop.ID, voter)
		if err != nil {
			return nil, err
		}
		if err := s.set(tallyKey(prop.ID, voter), t); err != nil {
			return nil, err
		}
	}
	return []tx.Event{tx.NewEvent(EventVote, AttrProposalID, idText(prop.ID), AttrVoter, voter.Hex(), AttrOptions, w.String())}, nil
}

// countDelegations adds (sign > 0) or removes a voter's shares at every
// validator it delegates to.
func (s Store) countDelegations(id uint64, voter address.Address, w weights, sign int) error {
	return s.deps.Stake.RangeDelegations(voter, func(op address.Address, shares *uint256.Int) error {
		return s.countShares(id, op, shares, w, sign)
	})
}

func (s Store) countShares(id uint64, op address.Address, shares *uint256.Int, w weights, sign int) error {
	t, err := s.validatorTally(id, op)
	if err != nil {
		return err
	}
	t.add(shares, w, sign)
	return s.set(tallyKey(id, op), t)
}

// SharesChanged keeps the running tally of every open proposal the
// delegator voted on in step with its delegation: staking calls it on
// every change of shares. For a delegator that has not voted it costs one
// read.
func (s Store) SharesChanged(del, op address.Address, before, after *uint256.Int) error {
	ids, err := s.openVotes(del)
	if err != nil {
		return err
	}
	for _, id := range slices.Clone(ids) {
		w, ok, err := s.vote(id, del)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: %s is listed as a voter on proposal %d without a vote", ErrCorrupt, del, id)
		}
		if err := s.countShares(id, op, before, w, -1); err != nil {
			return err
		}
		if err := s.countShares(id, op, after, w, +1); err != nil {
			return err
		}
	}
	return nil
}
