package governance_test

import (
	"fmt"
	"sort"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// checkInvariants checks staking's invariants and governance's after a
// block: the desk holds exactly the open deposits, only proposals in voting
// have votes, and every running tally equals one computed from scratch.
func (f *fixture) checkInvariants() {
	f.t.Helper()
	if err := invariants(f.kv); err != nil {
		f.t.Fatalf("height %d: %v", f.height, err)
	}
}

func invariants(kv state.KV) error {
	if err := staking.New(kv).Invariants(); err != nil {
		return err
	}
	g := governance.New(kv, deps(kv))
	props, err := g.QueryProposals(governance.ProposalFilter{})
	if err != nil {
		return err
	}
	open := new(uint256.Int)
	for _, p := range props {
		deposited, err := btt.Parse(p.TotalDeposit)
		if err != nil {
			return err
		}
		votes, err := g.QueryVotes(p.ID)
		if err != nil {
			return err
		}
		deposits, err := g.QueryDeposits(p.ID)
		if err != nil {
			return err
		}
		switch p.Status {
		case "deposit_period", "voting_period":
			open.Add(open, deposited)
		default:
			if len(deposits) > 0 {
				return fmt.Errorf("proposal %d is %s and still holds deposits", p.ID, p.Status)
			}
		}
		if p.Status != "voting_period" {
			if len(votes) > 0 {
				return fmt.Errorf("proposal %d is %s and still has %d votes", p.ID, p.Status, len(votes))
			}
			continue
		}
		running, err := g.CurrentTally(p.ID)
		if err != nil {
			return err
		}
		model, err := scratchTally(kv, votes)
		if err != nil {
			return err
		}
		for o := range 4 {
			if r, m := option(running, o), option(model, o); !r.Eq(m) {
				return fmt.Errorf("proposal %d: running tally of %s is %s wei, from scratch %s wei", p.ID, governance.Option(o+1), r.Dec(), m.Dec())
			}
		}
	}
	desk, err := bank.New(kv).Balance(address.Module(bank.GovernanceDesk))
	if err != nil {
		return err
	}
	if !desk.Eq(open) {
		return fmt.Errorf("governance desk holds %s wei, open deposits are %s wei", desk.Dec(), open.Dec())
	}
	return nil
}

func option(t governance.Tally, o int) *uint256.Int {
	return []*uint256.Int{t.Yes, t.Abstain, t.No, t.NoWithVeto}[o]
}

// scratchTally is the model: the Cosmos SDK's tally, computed from the
// votes and the current delegations with no running state. Per validator
// it sums each voting delegator's shares per option (each rounded down, as
// the running tally does) and the shares that voted; a validator that voted
// adds its other shares with its own weights; bonded validators' shares are
// valued at their tokens per share.
func scratchTally(kv state.KV, votes []governance.VoteView) (governance.Tally, error) {
	sk := staking.New(kv)
	type acc struct {
		deducted *uint256.Int
		opts     [4]*uint256.Int
		own      []governance.WeightedOption
	}
	per := map[address.Address]*acc{}
	get := func(op address.Address) *acc {
		if per[op] == nil {
			a := &acc{deducted: new(uint256.Int)}
			for i := range a.opts {
				a.opts[i] = new(uint256.Int)
			}
			per[op] = a
		}
		return per[op]
	}
	for _, v := range votes {
		if _, _, shares, err := sk.ValidatorStake(v.Voter); err != nil {
			return governance.Tally{}, err
		} else if !shares.IsZero() {
			get(v.Voter).own = v.Options
		}
		err := sk.RangeDelegations(v.Voter, func(op address.Address, shares *uint256.Int) error {
			a := get(op)
			a.deducted.Add(a.deducted, shares)
			for _, o := range v.Options {
				a.opts[o.Option-1].Add(a.opts[o.Option-1], o.Weight.MulInt(shares))
			}
			return nil
		})
		if err != nil {
			return governance.Tally{}, err
		}
	}
	ops := make([]address.Address, 0, len(per))
	for op := range per {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Hex() < ops[j].Hex() })
	sums := [4]*uint256.Int{new(uint256.Int), new(uint256.Int), new(uint256.Int), new(uint256.Int)}
	for _, op := range ops {
		a := per[op]
		bonded, tokens, shares, err := sk.ValidatorStake(op)
		if err != nil {
			return governance.Tally{}, err
		}
		if !bonded || shares.IsZero() {
			continue
		}
		value := func(sh *uint256.Int) *uint256.Int {
			v, _ := new(uint256.Int).MulDivOverflow(sh, tokens, shares)
			return v
		}
		for o := range 4 {
			sums[o].Add(sums[o], value(a.opts[o]))
		}
		if a.own != nil && a.deducted.Lt(shares) {
			rest := new(uint256.Int).Sub(shares, a.deducted)
			for _, o := range a.own {
				sums[o.Option-1].Add(sums[o.Option-1], value(o.Weight.MulInt(rest)))
			}
		}
	}
	return governance.Tally{Yes: sums[0], Abstain: sums[1], No: sums[2], NoWithVeto: sums[3]}, nil
}
