package governance

import (
	"fmt"
	"strconv"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
)

// Submit is the "gov/submit-proposal" transition. Every content is decoded
// and checked by its owner now, so that a bad parameter value or a past
// upgrade height never reaches a vote.
func (s Store) Submit(env tx.Env, m *MsgSubmitProposal) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	contents, err := s.decodeContents(m.Contents)
	if err != nil {
		return nil, err
	}
	for i, c := range contents {
		if err := s.checkContent(env, c); err != nil {
			return nil, fmt.Errorf("content %d (%s): %w", i, c.Kind(), err)
		}
	}
	minInitial := p.MinInitialDepositRatio.MulInt(p.minDeposit(m.Expedited))
	if m.InitialDeposit.Lt(minInitial) {
		return nil, fmt.Errorf("%w: %s given, %s needed", ErrInitialDeposit, btt.Format(m.InitialDeposit), btt.Format(minInitial))
	}
	id, err := s.nextID()
	if err != nil {
		return nil, err
	}
	now := unixNano(env.Time)
	prop := &Proposal{
		ID: id, Proposer: env.Sender, Title: m.Title, Summary: m.Summary, Metadata: m.Metadata,
		Contents: m.Contents, Expedited: m.Expedited, Status: DepositPeriod,
		SubmitTime: now, DepositEnd: now + uint64(p.MaxDepositPeriod.Duration), TotalDeposit: new(uint256.Int),
	}
	prop.normalize()
	if err := s.kv.Set(queueKey(prefixDepositQ, prop.DepositEnd, id), present); err != nil {
		return nil, err
	}
	events := []tx.Event{tx.NewEvent(EventSubmitProposal, AttrProposalID, idText(id), AttrProposer, env.Sender.Hex(),
		AttrExpedited, strconv.FormatBool(m.Expedited))}
	if !m.InitialDeposit.IsZero() {
		ev, err := s.addDeposit(env, p, prop, m.InitialDeposit)
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	return events, s.setProposal(prop)
}

// Deposit is the "gov/deposit" transition. Deposits are taken while the
// proposal is open, in the voting period too.
func (s Store) Deposit(env tx.Env, m *MsgDeposit) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	prop, err := s.mustProposal(m.ProposalID)
	if err != nil {
		return nil, err
	}
	if !prop.Status.Open() {
		return nil, fmt.Errorf("%w: proposal %d is %s", ErrNotOpen, prop.ID, prop.Status)
	}
	if least := p.MinDepositRatio.MulInt(p.minDeposit(prop.Expedited)); m.Amount.Lt(least) {
		return nil, fmt.Errorf("%w: %s given, at least %s needed", ErrDepositTooSmall, btt.Format(m.Amount), btt.Format(least))
	}
	events, err := s.addDeposit(env, p, prop, m.Amount)
	if err != nil {
		return nil, err
	}
	return events, s.setProposal(prop)
}

// addDeposit escrows amount from the sender and starts the vote once the
// minimum is reached. The caller saves prop.
func (s Store) addDeposit(env tx.Env, p Params, prop *Proposal, amount *uint256.Int) ([]tx.Event, error) {
	if err := s.bank.Transfer(env.Sender, desk, amount); err != nil {
		return nil, err
	}
	var have uint256.Int
	if _, err := s.get(depositKey(prop.ID, env.Sender), &have); err != nil {
		return nil, err
	}
	if err := s.set(depositKey(prop.ID, env.Sender), new(uint256.Int).Add(&have, amount)); err != nil {
		return nil, err
	}
	prop.TotalDeposit = new(uint256.Int).Add(prop.TotalDeposit, amount)
	events := []tx.Event{tx.NewEvent(EventDeposit, AttrProposalID, idText(prop.ID), AttrDepositor, env.Sender.Hex(), AttrAmount, amount.Dec())}
	if prop.Status == DepositPeriod && !prop.TotalDeposit.Lt(p.minDeposit(prop.Expedited)) {
		if err := s.kv.Delete(queueKey(prefixDepositQ, prop.DepositEnd, prop.ID)); err != nil {
			return nil, err
		}
		prop.Status = VotingPeriod
		prop.VotingStart = unixNano(env.Time)
		if err := s.setVotingEnd(prop, p.votingPeriod(prop.Expedited)); err != nil {
			return nil, err
		}
		events = append(events, tx.NewEvent(EventVotingStarted, AttrProposalID, idText(prop.ID)))
	}
	return events, nil
}

// setVotingEnd puts the proposal in the voting queue, period after its
// voting start.
func (s Store) setVotingEnd(prop *Proposal, period time.Duration) error {
	prop.VotingEnd = prop.VotingStart + uint64(period)
	return s.kv.Set(queueKey(prefixVotingQ, prop.VotingEnd, prop.ID), present)
}

// Cancel is the "gov/cancel-proposal" transition: the proposer withdraws an
// open proposal; ProposalCancelRatio of every deposit is burned, the rest
// refunded.
func (s Store) Cancel(env tx.Env, m *MsgCancelProposal) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	prop, err := s.mustProposal(m.ProposalID)
	if err != nil {
		return nil, err
	}
	if prop.Proposer != env.Sender {
		return nil, ErrNotProposer
	}
	if !prop.Status.Open() {
		return nil, fmt.Errorf("%w: proposal %d is %s", ErrNotOpen, prop.ID, prop.Status)
	}
	burned, err := s.closeProposal(prop, Canceled, "canceled by the proposer", p.ProposalCancelRatio)
	if err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventCancel, AttrProposalID, idText(prop.ID), AttrBurned, burned.Dec())}, nil
}

// closeProposal ends an open proposal with a final status: it leaves its
// queue, burns burn of every deposit and refunds the rest, and forgets its
// votes and running tally. It returns the wei burned and saves prop.
func (s Store) closeProposal(prop *Proposal, status Status, outcome string, burn dec.Dec) (*uint256.Int, error) {
	q, end := prefixDepositQ, prop.DepositEnd
	if prop.Status == VotingPeriod {
		q, end = prefixVotingQ, prop.VotingEnd
	}
	if err := s.kv.Delete(queueKey(q, end, prop.ID)); err != nil {
		return nil, err
	}
	burned, err := s.settleDeposits(prop.ID, burn)
	if err != nil {
		return nil, err
	}
	if err := s.forgetVotes(prop.ID); err != nil {
		return nil, err
	}
	prop.Status, prop.Outcome = status, outcome
	return burned, s.setProposal(prop)
}

// settleDeposits burns the given fraction of each deposit, refunds the
// rest, and deletes the deposit records.
func (s Store) settleDeposits(id uint64, burn dec.Dec) (*uint256.Int, error) {
	keys, values, err := s.collect(key(prefixDeposit, be64(id)))
	if err != nil {
		return nil, err
	}
	burned := new(uint256.Int)
	for i, k := range keys {
		var amount uint256.Int
		if err := decode(values[i], &amount); err != nil {
			return nil, err
		}
		gone := burn.MulInt(&amount)
		if !gone.IsZero() {
			if err := s.bank.Burn(desk, gone); err != nil {
				return nil, err
			}
			burned.Add(burned, gone)
		}
		if back := new(uint256.Int).Sub(&amount, gone); !back.IsZero() {
			if err := s.bank.Transfer(desk, addrAt(k, 9), back); err != nil {
				return nil, err
			}
		}
		if err := s.kv.Delete(k); err != nil {
			return nil, err
		}
	}
	return burned, nil
}

// forgetVotes deletes a proposal's votes and running tally, and takes it
// off its voters' lists of open votes: O(votes + validators).
func (s Store) forgetVotes(id uint64) error {
	keys, _, err := s.collect(key(prefixVote, be64(id)))
	if err != nil {
		return err
	}
	for _, k := range keys {
		voter := addrAt(k, 9)
		if err := s.dropOpenVote(voter, id); err != nil {
			return err
		}
		if err := s.kv.Delete(k); err != nil {
			return err
		}
	}
	tallies, _, err := s.collect(key(prefixTally, be64(id)))
	if err != nil {
		return err
	}
	for _, k := range tallies {
		if err := s.kv.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (s Store) dropOpenVote(voter address.Address, id uint64) error {
	ids, err := s.openVotes(voter)
	if err != nil {
		return err
	}
	kept := ids[:0]
	for _, x := range ids {
		if x != id {
			kept = append(kept, x)
		}
	}
	return s.setOpenVotes(voter, kept)
}

func idText(id uint64) string { return strconv.FormatUint(id, 10) }
