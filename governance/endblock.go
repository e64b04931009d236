package governance

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// EndBlock ends the proposals whose periods ran out by the block's time:
// those short of their deposit lapse (deposits burned); those whose vote
// ended are tallied and, if they passed, run. Its work is O(votes of the
// proposals that end), never O(delegations).
func (s Store) EndBlock(env tx.Env) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	now := unixNano(env.Time)
	var events []tx.Event
	lapsed, err := s.due(prefixDepositQ, now)
	if err != nil {
		return nil, err
	}
	for _, id := range lapsed {
		prop, err := s.mustProposal(id)
		if err != nil {
			return nil, err
		}
		burned, err := s.closeProposal(prop, DepositLapsed, "deposit period ended below the minimum deposit", dec.One())
		if err != nil {
			return nil, err
		}
		events = append(events, endedEvent(prop, burned))
	}
	ended, err := s.due(prefixVotingQ, now)
	if err != nil {
		return nil, err
	}
	for _, id := range ended {
		ev, err := s.endVoting(env, p, id)
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	return events, nil
}

// due lists the ids in a queue whose time is at or before now.
func (s Store) due(queue byte, now uint64) ([]uint64, error) {
	var ids []uint64
	start := key(queue)
	err := s.kv.Range(start, key(queue, be64(now+1)), func(k, _ []byte) bool {
		ids = append(ids, idAt(k, 9))
		return true
	})
	return ids, err
}

// endVoting tallies a proposal whose voting period is over. An expedited
// proposal that does not pass becomes a regular one and votes on until the
// regular period ends; any other proposal is closed, and run if it passed.
func (s Store) endVoting(env tx.Env, p Params, id uint64) ([]tx.Event, error) {
	prop, err := s.mustProposal(id)
	if err != nil {
		return nil, err
	}
	t, err := s.CurrentTally(id)
	if err != nil {
		return nil, err
	}
	bonded, err := s.deps.Stake.BondedTokens()
	if err != nil {
		return nil, err
	}
	v := decide(p, t, bonded, prop.Expedited)
	if prop.Expedited && !v.pass {
		if err := s.kv.Delete(queueKey(prefixVotingQ, prop.VotingEnd, id)); err != nil {
			return nil, err
		}
		prop.Expedited = false
		if err := s.setVotingEnd(prop, p.VotingPeriod.Duration); err != nil {
			return nil, err
		}
		return []tx.Event{tx.NewEvent(EventVotingStarted, AttrProposalID, idText(id), AttrExpedited, "false", AttrReason, "expedited vote "+v.outcome)},
			s.setProposal(prop)
	}
	prop.FinalTally = t
	status, outcome := Rejected, v.outcome
	var events []tx.Event
	if v.pass {
		status = Passed
		ev, err := s.run(env, prop)
		if err != nil {
			status, outcome = Failed, "passed, but its content failed: "+err.Error()
		}
		events = ev
	}
	burn := dec.Zero()
	if v.burn {
		burn = dec.One()
	}
	burned, err := s.closeProposal(prop, status, outcome, burn)
	if err != nil {
		return nil, err
	}
	return append([]tx.Event{endedEvent(prop, burned)}, events...), nil
}

// run executes a passed proposal's contents on a branch that is kept only
// if all of them succeed.
func (s Store) run(env tx.Env, prop *Proposal) ([]tx.Event, error) {
	contents, err := s.decodeContents(prop.Contents)
	if err != nil {
		return nil, err
	}
	branch := state.NewCache(s.raw)
	inner := New(branch, s.deps)
	var events []tx.Event
	for i, c := range contents {
		ev, err := inner.executeContent(env, c)
		if err != nil {
			return nil, fmt.Errorf("content %d (%s): %w", i, c.Kind(), err)
		}
		events = append(events, ev...)
	}
	return events, branch.Flush(s.raw)
}

func endedEvent(p *Proposal, burned *uint256.Int) tx.Event {
	return tx.NewEvent(EventProposalEnded, AttrProposalID, idText(p.ID), AttrStatus, p.Status.String(), AttrReason, p.Outcome,
		AttrBurned, burned.Dec())
}
