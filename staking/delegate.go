package staking

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// poolOf is the module account holding a validator's tokens.
func poolOf(v *Validator) address.Address {
	if v.Status == Bonded {
		return bondedPool
	}
	return notBondedPool
}

// moveBetweenPools moves amount when stake changes from one status's pool
// to another's.
func (s Store) moveBetweenPools(from, to address.Address, amount *uint256.Int) error {
	if from == to || amount.IsZero() {
		return nil
	}
	return s.bank.Transfer(from, to, amount)
}

// addStake gives del shares of v for amount wei that the caller has already
// put in v's pool. The delegation's rewards are settled first.
func (s Store) addStake(del address.Address, v *Validator, amount *uint256.Int) (*uint256.Int, error) {
	shares, ok := v.SharesFor(amount)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrValidatorWipedOut, v.Operator)
	}
	d, exists, err := s.Delegation(del, v.Operator)
	if err != nil {
		return nil, err
	}
	if exists {
		if err := s.settle(del, v, d); err != nil {
			return nil, err
		}
	} else {
		d = &Delegation{Shares: new(uint256.Int), RewardBase: new(uint256.Int).Set(v.RewardPerShare)}
	}
	before := d.Shares
	v.Tokens = new(uint256.Int).Add(v.Tokens, amount)
	v.Shares = new(uint256.Int).Add(v.Shares, shares)
	d.Shares = new(uint256.Int).Add(d.Shares, shares)
	if err := s.saveValidator(v); err != nil {
		return nil, err
	}
	if err := s.setDelegation(del, v.Operator, d); err != nil {
		return nil, err
	}
	return shares, s.sharesChanged(del, v.Operator, before, d.Shares)
}

// removeStake burns shares of del's delegation to v and returns their value
// in wei, which stays in v's pool for the caller to move. The rewards are
// settled first. An operator whose self-bond falls below its minimum is
// jailed.
func (s Store) removeStake(del address.Address, v *Validator, shares *uint256.Int) (*uint256.Int, error) {
	d, ok, err := s.Delegation(del, v.Operator)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoDelegation, v.Operator)
	}
	if shares.Gt(d.Shares) {
		return nil, ErrInsufficientStake
	}
	if err := s.settle(del, v, d); err != nil {
		return nil, err
	}
	tokens := v.TokensFor(shares)
	before := d.Shares
	v.Tokens = new(uint256.Int).Sub(v.Tokens, tokens)
	v.Shares = new(uint256.Int).Sub(v.Shares, shares)
	d.Shares = new(uint256.Int).Sub(d.Shares, shares)
	if del == v.Operator && !v.Jailed && v.TokensFor(d.Shares).Lt(v.MinSelfDelegation) {
		v.Jailed = true
	}
	if err := s.setDelegation(del, v.Operator, d); err != nil {
		return nil, err
	}
	if err := s.sharesChanged(del, v.Operator, before, d.Shares); err != nil {
		return nil, err
	}
	return tokens, s.saveValidator(v)
}

// sharesToRemove converts a wei amount of del's stake with v to shares. An
// amount within rounding of the whole delegation takes all of it, so that
// "unbond everything" leaves no dust.
func (s Store) sharesToRemove(del address.Address, v *Validator, amount *uint256.Int) (*uint256.Int, error) {
	d, ok, err := s.Delegation(del, v.Operator)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoDelegation, v.Operator)
	}
	held := v.TokensFor(d.Shares)
	if amount.Gt(held) {
		return nil, fmt.Errorf("%w: asked %s, delegation is worth %s", ErrInsufficientStake, btt.Format(amount), btt.Format(held))
	}
	if v.Tokens.IsZero() {
		return nil, fmt.Errorf("%w: %s", ErrValidatorWipedOut, v.Operator)
	}
	// Round the shares up so the delegator never takes more than it owns.
	shares, _ := new(uint256.Int).MulDivOverflow(amount, v.Shares, v.Tokens)
	if back := v.TokensFor(shares); back.Lt(amount) {
		shares.AddUint64(shares, 1)
	}
	if shares.Gt(d.Shares) || amount.Eq(held) {
		shares = new(uint256.Int).Set(d.Shares)
	}
	return shares, nil
}

// Delegate is the "staking/delegate" transition.
func (s Store) Delegate(env tx.Env, m *MsgDelegate) ([]tx.Event, error) {
	v, err := s.mustValidator(m.Validator)
	if err != nil {
		return nil, err
	}
	if err := s.bank.Transfer(env.Sender, poolOf(v), m.Amount); err != nil {
		return nil, err
	}
	shares, err := s.addStake(env.Sender, v, m.Amount)
	if err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventDelegate, AttrDelegator, env.Sender.Hex(), AttrValidator, v.Operator.Hex(),
		AttrAmount, m.Amount.Dec(), AttrShares, shares.Dec())}, nil
}

// Undelegate is the "staking/unbond" transition: the stake stops earning at
// once and is paid out when the unbonding period ends (at once if the
// validator is unbonded, since it can no longer be slashed).
func (s Store) Undelegate(env tx.Env, m *MsgUndelegate) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	v, err := s.mustValidator(m.Validator)
	if err != nil {
		return nil, err
	}
	shares, err := s.sharesToRemove(env.Sender, v, m.Amount)
	if err != nil {
		return nil, err
	}
	pool := poolOf(v)
	tokens, err := s.removeStake(env.Sender, v, shares)
	if err != nil {
		return nil, err
	}
	completion := env.Time.Add(p.UnbondingTime.Duration)
	if v.Status == Unbonded {
		completion = env.Time
		if err := s.bank.Transfer(pool, env.Sender, tokens); err != nil {
			return nil, err
		}
	} else {
		if err := s.moveBetweenPools(pool, notBondedPool, tokens); err != nil {
			return nil, err
		}
		if err := s.addUnbondingEntry(env, p, env.Sender, v.Operator, tokens, completion); err != nil {
			return nil, err
		}
	}
	if err := s.removeIfEmpty(v); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventUnbond, AttrDelegator, env.Sender.Hex(), AttrValidator, v.Operator.Hex(),
		AttrAmount, tokens.Dec(), AttrCompletionTime, completion.UTC().Format(time.RFC3339Nano))}, nil
}

// addUnbondingEntry records stake leaving del's delegation to op. Entries
// created in the same block merge, so the cap counts blocks, not messages.
func (s Store) addUnbondingEntry(env tx.Env, p Params, del, op address.Address, amount *uint256.Int, completion time.Time) error {
	u, err := s.Unbonding(del, op)
	if err != nil {
		return err
	}
	h, t := uint64(env.Height), unixNano(completion)
	if n := len(u.Entries); n > 0 && u.Entries[n-1].CreationHeight == h && u.Entries[n-1].CompletionTime == t {
		e := &u.Entries[n-1]
		e.InitialBalance = new(uint256.Int).Add(e.InitialBalance, amount)
		e.Balance = new(uint256.Int).Add(e.Balance, amount)
	} else {
		if uint32(len(u.Entries)) >= p.MaxEntries {
			return fmt.Errorf("%w: %d entries", ErrTooManyEntries, len(u.Entries))
		}
		u.Entries = append(u.Entries, UnbondingEntry{
			CreationHeight: h, CompletionTime: t,
			InitialBalance: new(uint256.Int).Set(amount), Balance: new(uint256.Int).Set(amount),
		})
	}
	if err := s.setUnbonding(del, op, u); err != nil {
		return err
	}
	return s.kv.Set(unbondQueueKey(t, del, op), present)
}

// Redelegate is the "staking/redelegate" transition: the stake moves at
// once and keeps earning, but stays slashable for the source's earlier
// faults until the unbonding period passes, and may not hop again until
// then.
func (s Store) Redelegate(env tx.Env, m *MsgRedelegate) ([]tx.Event, error) {
	del := env.Sender
	if n, err := s.counter(redelIntoKey(del, m.Src)); err != nil || n > 0 {
		return nil, orErr(err, fmt.Errorf("%w: %s", ErrTransitiveRedelegation, m.Src))
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	src, err := s.mustValidator(m.Src)
	if err != nil {
		return nil, err
	}
	dst, err := s.mustValidator(m.Dst)
	if err != nil {
		return nil, err
	}
	if dst.Shares.Sign() > 0 && dst.Tokens.IsZero() {
		return nil, fmt.Errorf("%w: %s", ErrValidatorWipedOut, dst.Operator)
	}
	shares, err := s.sharesToRemove(del, src, m.Amount)
	if err != nil {
		return nil, err
	}
	srcPool := poolOf(src)
	tokens, err := s.removeStake(del, src, shares)
	if err != nil {
		return nil, err
	}
	if err := s.moveBetweenPools(srcPool, poolOf(dst), tokens); err != nil {
		return nil, err
	}
	sharesDst, err := s.addStake(del, dst, tokens)
	if err != nil {
		return nil, err
	}
	completion := env.Time.Add(p.UnbondingTime.Duration)
	if src.Status != Unbonded { // an unbonded source can no longer be slashed
		if err := s.addRedelegationEntry(env, p, del, src.Operator, dst.Operator, tokens, sharesDst, completion); err != nil {
			return nil, err
		}
	}
	if err := s.removeIfEmpty(src); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventRedelegate, AttrDelegator, del.Hex(), AttrSrcValidator, src.Operator.Hex(),
		AttrDstValidator, dst.Operator.Hex(), AttrAmount, tokens.Dec(), AttrCompletionTime, completion.UTC().Format(time.RFC3339Nano))}, nil
}

func (s Store) addRedelegationEntry(env tx.Env, p Params, del, src, dst address.Address, amount, sharesDst *uint256.Int, completion time.Time) error {
	r, err := s.Redelegation(del, src, dst)
	if err != nil {
		return err
	}
	h, t := uint64(env.Height), unixNano(completion)
	if n := len(r.Entries); n > 0 && r.Entries[n-1].CreationHeight == h && r.Entries[n-1].CompletionTime == t {
		e := &r.Entries[n-1]
		e.InitialBalance = new(uint256.Int).Add(e.InitialBalance, amount)
		e.SharesDst = new(uint256.Int).Add(e.SharesDst, sharesDst)
	} else {
		if uint32(len(r.Entries)) >= p.MaxEntries {
			return fmt.Errorf("%w: %d entries", ErrTooManyEntries, len(r.Entries))
		}
		r.Entries = append(r.Entries, RedelegationEntry{
			CreationHeight: h, CompletionTime: t,
			InitialBalance: new(uint256.Int).Set(amount), SharesDst: new(uint256.Int).Set(sharesDst),
		})
		if err := s.addCounter(redelIntoKey(del, dst), 1); err != nil {
			return err
		}
	}
	if err := s.setRedelegation(del, src, dst, r); err != nil {
		return err
	}
	return s.kv.Set(redelQueueKey(t, del, src, dst), present)
}

// CancelUnbond is the "staking/cancel-unbond" transition.
func (s Store) CancelUnbond(env tx.Env, m *MsgCancelUnbond) ([]tx.Event, error) {
	del := env.Sender
	v, err := s.mustValidator(m.Validator)
	if err != nil {
		return nil, err
	}
	if v.Jailed {
		return nil, fmt.Errorf("%w: %s", ErrValidatorJailed, v.Operator)
	}
	u, err := s.Unbonding(del, v.Operator)
	if err != nil {
		return nil, err
	}
	i := -1
	for j, e := range u.Entries {
		if e.CreationHeight == m.CreationHeight && e.CompletionTime > unixNano(env.Time) {
			i = j
			break
		}
	}
	if i < 0 {
		return nil, fmt.Errorf("%w: height %d", ErrNoUnbondingEntry, m.CreationHeight)
	}
	e := &u.Entries[i]
	if m.Amount.Gt(e.Balance) {
		return nil, fmt.Errorf("%w: asked %s, the entry holds %s", ErrInsufficientStake, btt.Format(m.Amount), btt.Format(e.Balance))
	}
	e.Balance = new(uint256.Int).Sub(e.Balance, m.Amount)
	if e.InitialBalance.Lt(m.Amount) {
		e.InitialBalance = new(uint256.Int)
	} else {
		e.InitialBalance = new(uint256.Int).Sub(e.InitialBalance, m.Amount)
	}
	if e.Balance.IsZero() {
		u.Entries = append(u.Entries[:i], u.Entries[i+1:]...)
	}
	if err := s.setUnbonding(del, v.Operator, u); err != nil {
		return nil, err
	}
	if err := s.moveBetweenPools(notBondedPool, poolOf(v), m.Amount); err != nil {
		return nil, err
	}
	shares, err := s.addStake(del, v, m.Amount)
	if err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventCancelUnbond, AttrDelegator, del.Hex(), AttrValidator, v.Operator.Hex(),
		AttrAmount, m.Amount.Dec(), AttrShares, shares.Dec(), AttrCreationHeight, fmt.Sprint(m.CreationHeight))}, nil
}

// removeIfEmpty deletes an unbonded validator nobody delegates to any more,
// paying out its commission first.
func (s Store) removeIfEmpty(v *Validator) error {
	if v.Status != Unbonded || !v.Shares.IsZero() {
		return nil
	}
	if !v.AccruedCommission.IsZero() {
		if err := s.bank.Transfer(distribution, v.Operator, v.AccruedCommission); err != nil {
			return err
		}
	}
	// Tokens left with no shares (rounding dust) go to the community pool.
	if !v.Tokens.IsZero() {
		if err := s.bank.Transfer(notBondedPool, communityPool, v.Tokens); err != nil {
			return err
		}
	}
	if v.indexed() {
		if err := s.kv.Delete(powerKey(v.Power(), v.Operator)); err != nil {
			return err
		}
	}
	for _, k := range [][]byte{validatorKey(v.Operator), consAddrKey(v.ConsAddress()), signerKey(v.BridgeSigner)} {
		if err := s.kv.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
