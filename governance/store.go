package governance

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
)

// Store is the governance module's typed view of a KV: a block cache, a
// transaction's branch or a saved version.
type Store struct {
	raw  state.KV // the whole store, for content that reaches other modules
	kv   state.Prefixed
	bank bank.Store
	deps Deps
}

// New returns the governance view of kv.
func New(kv state.KV, deps Deps) Store {
	return Store{raw: kv, kv: state.NewPrefixed(kv, state.PrefixGovernance), bank: bank.New(kv), deps: deps}
}

// Module accounts governance moves BTT through.
var (
	desk          = address.Module(bank.GovernanceDesk)
	communityPool = address.Module(bank.CommunityPool)
)

func (s Store) get(k []byte, v any) (bool, error) { return state.GetRecord(s.kv, k, v, ErrCorrupt) }

func (s Store) set(k []byte, v any) error { return state.SetRecord(s.kv, k, v) }

// Proposal reads a proposal; ok is false if there is none.
func (s Store) Proposal(id uint64) (p *Proposal, ok bool, err error) {
	p = new(Proposal)
	if ok, err = s.get(proposalKey(id), p); !ok || err != nil {
		return nil, false, err
	}
	p.normalize()
	return p, true, nil
}

func (s Store) mustProposal(id uint64) (*Proposal, error) {
	p, ok, err := s.Proposal(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrNoProposal, id)
	}
	return p, nil
}

func (s Store) setProposal(p *Proposal) error { return s.set(proposalKey(p.ID), p) }

// nextID hands out proposal ids from 1.
func (s Store) nextID() (uint64, error) {
	var id uint64
	if _, err := s.get(key(prefixNextID), &id); err != nil {
		return 0, err
	}
	id = max(id, 1)
	return id, s.set(key(prefixNextID), id+1)
}

// vote reads a voter's weights on a proposal.
func (s Store) vote(id uint64, voter address.Address) (w weights, ok bool, err error) {
	ok, err = s.get(voteKey(id, voter), &w)
	return w, ok, err
}

// validatorTally reads the running tally at a validator; absent is empty.
func (s Store) validatorTally(id uint64, op address.Address) (*validatorTally, error) {
	t := newValidatorTally()
	ok, err := s.get(tallyKey(id, op), t)
	if err != nil || !ok {
		return t, err
	}
	for len(t.Shares) < numOptions {
		t.Shares = append(t.Shares, new(uint256.Int))
	}
	return t, nil
}

// openVotes lists the proposals in voting that voter has voted on.
func (s Store) openVotes(voter address.Address) ([]uint64, error) {
	var ids []uint64
	_, err := s.get(voterOpenKey(voter), &ids)
	return ids, err
}

func (s Store) setOpenVotes(voter address.Address, ids []uint64) error {
	if len(ids) == 0 {
		return s.kv.Delete(voterOpenKey(voter))
	}
	return s.set(voterOpenKey(voter), ids)
}

// rangeKeys visits the keys under a prefix of the module (without the
// module byte) and stops at the first error fn returns. fn must not write.
func (s Store) rangeKeys(prefix []byte, fn func(k, v []byte) error) error {
	return state.EachPrefix(s.kv, prefix, fn)
}

// collect gathers the keys and values under a prefix, so that the caller
// may write while it walks them.
func (s Store) collect(prefix []byte) (keys, values [][]byte, err error) {
	err = s.rangeKeys(prefix, func(k, v []byte) error {
		keys = append(keys, append([]byte(nil), k...))
		values = append(values, append([]byte(nil), v...))
		return nil
	})
	return keys, values, err
}
