package staking

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// Rewards use a cumulative reward per share for each validator: allocating
// a reward to a validator is one write, whatever its number of delegators,
// and a delegation's pending reward is shares × (current − base). Slashes
// lower a validator's tokens, not its shares, so they need no bookkeeping
// here: every share of a validator earns the same.
//
// Allocated rewards sit in the distribution module account until they are
// withdrawn; every settlement rounds down, so the account always covers
// what is owed.

// pendingReward is what d has earned since it was last settled.
func pendingReward(v *Validator, d *Delegation) *uint256.Int {
	delta := new(uint256.Int).Sub(v.RewardPerShare, d.RewardBase) // wraps with the accumulator
	r, overflow := new(uint256.Int).MulDivOverflow(d.Shares, delta, RewardScale)
	if overflow {
		return new(uint256.Int) // unreachable for amounts below 2^256 wei; never pay garbage
	}
	return r
}

// settle pays d's pending reward to del and moves its base up to date. Every
// change to a delegation's shares settles first.
func (s Store) settle(del address.Address, v *Validator, d *Delegation) error {
	r := pendingReward(v, d)
	d.RewardBase = new(uint256.Int).Set(v.RewardPerShare)
	if r.IsZero() {
		return nil
	}
	return s.bank.Transfer(distribution, del, r)
}

// Vote is one validator's part in the last block, as CometBFT reports it.
type Vote struct {
	ConsAddress [20]byte
	Power       int64
	Signed      bool
}

// AllocateRewards pays the block reward (from the reward pool, while it
// lasts) and the previous block's fees to the community pool's share and
// to the validators that signed the previous block, by power. It returns
// the amount distributed, and nothing happens when nobody signed.
func (s Store) AllocateRewards(votes []Vote) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	var signedPower uint64
	for _, v := range votes {
		if v.Signed && v.Power > 0 {
			signedPower += uint64(v.Power)
		}
	}
	if signedPower == 0 {
		return nil, nil
	}
	fees, err := s.bank.Balance(feeCollector)
	if err != nil {
		return nil, err
	}
	reward := p.BlockReward.Wei()
	poolLeft, err := s.bank.Balance(rewardPool)
	if err != nil {
		return nil, err
	}
	if reward.Gt(poolLeft) {
		reward = poolLeft
	}
	total := new(uint256.Int).Add(fees, reward)
	if total.IsZero() {
		return nil, nil
	}
	if err := s.moveBetweenPools(feeCollector, distribution, fees); err != nil {
		return nil, err
	}
	if err := s.moveBetweenPools(rewardPool, distribution, reward); err != nil {
		return nil, err
	}
	community := p.CommunityTax.MulInt(total)
	toValidators := new(uint256.Int).Sub(total, community)
	paid := new(uint256.Int)
	for _, vote := range votes {
		if !vote.Signed || vote.Power <= 0 {
			continue
		}
		share, _ := new(uint256.Int).MulDivOverflow(toValidators, uint256.NewInt(uint64(vote.Power)), uint256.NewInt(signedPower))
		v, ok, err := s.ValidatorByConsAddr(vote.ConsAddress)
		if err != nil {
			return nil, err
		}
		if !ok || share.IsZero() {
			continue // a validator removed since it signed: its share goes to the community
		}
		if err := s.creditValidator(v, share); err != nil {
			return nil, err
		}
		paid.Add(paid, share)
	}
	// Rounding dust and unclaimed shares go to the community pool too.
	community.Add(community, new(uint256.Int).Sub(toValidators, paid))
	if err := s.moveBetweenPools(distribution, communityPool, community); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventRewards, AttrAmount, total.Dec(), AttrCommunity, community.Dec())}, nil
}

// creditValidator splits a validator's reward into commission and the
// delegators' part.
func (s Store) creditValidator(v *Validator, amount *uint256.Int) error {
	commission := v.Commission.Rate.MulInt(amount)
	rest := new(uint256.Int).Sub(amount, commission)
	if v.Shares.IsZero() {
		v.AccruedCommission = new(uint256.Int).Add(v.AccruedCommission, amount) // nobody to share with
		return s.saveValidator(v)
	}
	perShare, _ := new(uint256.Int).MulDivOverflow(rest, RewardScale, v.Shares)
	// What delegators can claim of this allocation is at most
	// ⌈perShare × shares / scale⌉ (the ceiling, because claims round
	// across allocations). The rest of their part would be stranded in the
	// distribution account: give it to the operator as commission. The
	// product fits: perShare × shares ≤ rest × scale < 2^256.
	credited, rem := new(uint256.Int), new(uint256.Int)
	credited.DivMod(new(uint256.Int).Mul(perShare, v.Shares), RewardScale, rem)
	if !rem.IsZero() {
		credited.AddUint64(credited, 1)
	}
	commission.Add(commission, new(uint256.Int).Sub(rest, credited))
	v.RewardPerShare = new(uint256.Int).Add(v.RewardPerShare, perShare)
	v.AccruedCommission = new(uint256.Int).Add(v.AccruedCommission, commission)
	return s.saveValidator(v)
}

// WithdrawRewards is the "staking/withdraw-rewards" transition.
func (s Store) WithdrawRewards(env tx.Env, m *MsgWithdrawRewards) ([]tx.Event, error) {
	del := env.Sender
	vals := m.Validators
	if len(vals) == 0 {
		var err error
		if vals, err = s.delegatedValidators(del); err != nil {
			return nil, err
		}
	}
	var events []tx.Event
	for _, op := range vals {
		v, err := s.mustValidator(op)
		if err != nil {
			return nil, err
		}
		d, ok, err := s.Delegation(del, op)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNoDelegation, op)
		}
		r := pendingReward(v, d)
		if err := s.settle(del, v, d); err != nil {
			return nil, err
		}
		if err := s.setDelegation(del, op, d); err != nil {
			return nil, err
		}
		if !r.IsZero() {
			events = append(events, tx.NewEvent(EventWithdrawRewards, AttrDelegator, del.Hex(), AttrValidator, op.Hex(), AttrAmount, r.Dec()))
		}
	}
	if m.Commission {
		v, err := s.mustValidator(del)
		if err != nil {
			return nil, err
		}
		if c := v.AccruedCommission; !c.IsZero() {
			if err := s.bank.Transfer(distribution, del, c); err != nil {
				return nil, err
			}
			events = append(events, tx.NewEvent(EventWithdrawComm, AttrValidator, del.Hex(), AttrAmount, c.Dec()))
			v.AccruedCommission = new(uint256.Int)
			if err := s.saveValidator(v); err != nil {
				return nil, err
			}
		}
	}
	if len(events) == 0 {
		return nil, ErrNothingToWithdraw
	}
	return events, nil
}

// delegatedValidators lists the validators del delegates to.
func (s Store) delegatedValidators(del address.Address) ([]address.Address, error) {
	var ops []address.Address
	err := s.rangeKeys(key(prefixDelegation, del[:]), func(k, _ []byte) error {
		ops = append(ops, addrAt(k, 1+address.Length))
		return nil
	})
	return ops, err
}

// PendingRewards is what del would receive from op if it withdrew now.
func (s Store) PendingRewards(del, op address.Address) (*uint256.Int, error) {
	v, err := s.mustValidator(op)
	if err != nil {
		return nil, err
	}
	d, ok, err := s.Delegation(del, op)
	if err != nil || !ok {
		return new(uint256.Int), err
	}
	return pendingReward(v, d), nil
}
