package bridge

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Withdraw burns the amount from the sender and records the withdrawal
// for the next checkpoint to the chain.
func (s Store) Withdraw(env tx.Env, m *MsgWithdraw) ([]tx.Event, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	c, err := s.Chain(m.Chain)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Paused:
		return nil, fmt.Errorf("%w: %s", ErrPaused, c.Name)
	case m.Amount.Lt(c.MinWithdrawal.Wei()):
		return nil, fmt.Errorf("%w: %s to %s, the minimum is %s", ErrBelowMinimum, btt.Format(m.Amount), c.Name, c.MinWithdrawal)
	case m.Amount.Gt(c.MaxWithdrawal.Wei()):
		return nil, fmt.Errorf("%w: %s to %s, the maximum is %s", ErrAboveMaximum, btt.Format(m.Amount), c.Name, c.MaxWithdrawal)
	}
	st, err := s.chainState(c.Name)
	if err != nil {
		return nil, err
	}
	if st.Halted {
		return nil, fmt.Errorf("%w: %s: %s", ErrHalted, c.Name, st.HaltReason)
	}
	if err := st.spend(c, env.Time, m.Amount); err != nil {
		return nil, err
	}
	if err := s.bank.Burn(env.Sender, m.Amount); err != nil {
		return nil, err
	}
	w := &Withdrawal{ID: st.NextWithdrawal, From: env.Sender, To: m.To, Amount: new(uint256.Int).Set(m.Amount), Height: uint64(env.Height)}
	st.NextWithdrawal++
	st.Withdrawn.Add(st.Withdrawn, m.Amount)
	if err := s.set(withdrawalKey(c.Name, w.ID), w); err != nil {
		return nil, err
	}
	if err := s.kv.Set(byAccountKey(env.Sender, c.Name, w.ID), []byte{1}); err != nil {
		return nil, err
	}
	if err := s.setChainState(c.Name, st); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventWithdraw, AttrChain, c.Name, AttrID, fmt.Sprint(w.ID), AttrSender, env.Sender.Hex(),
		AttrRecipient, m.To.Hex(), AttrAmount, m.Amount.Dec())}, nil
}

// spend counts amount against the chain's rate limit for the window that
// holds now, starting a new window once the old one has passed.
func (st *chainState) spend(c *RootChain, now time.Time, amount *uint256.Int) error {
	at := state.UnixNano(now)
	window := uint64(c.RateWindow.Duration)
	if at >= st.WindowStart+window || st.WindowStart == 0 {
		st.WindowStart, st.WindowUsed = at, new(uint256.Int)
	}
	used, overflow := new(uint256.Int).AddOverflow(st.WindowUsed, amount)
	if overflow || used.Gt(c.RateLimit.Wei()) {
		left := new(uint256.Int)
		if c.RateLimit.Wei().Gt(st.WindowUsed) {
			left.Sub(c.RateLimit.Wei(), st.WindowUsed)
		}
		frees := state.TimeOf(st.WindowStart + window)
		return fmt.Errorf("%w: %s may leave for %s per %s, %s is left in this window; capacity frees at %s",
			ErrRateLimited, c.RateLimit, c.Name, c.RateWindow.Duration, btt.Format(left), frees.Format(time.RFC3339))
	}
	st.WindowUsed = used
	return nil
}
