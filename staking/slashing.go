package staking

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
)

// Slashing follows the stake back to the infraction: stake that began
// unbonding or was redelegated away at or after the infraction height is
// slashed too, each entry by the fraction of what it held then, and the
// rest comes from the validator's tokens. Each unit of stake pays at most
// once per infraction: a redelegated entry is taken from the destination
// delegation first and, if the delegator has since unbonded it there, from
// those unbonding entries, never from both beyond its share (the Cosmos
// SDK overslashed here, cosmos-sdk#20688).

// Infraction is one fault to punish.
type Infraction struct {
	ConsAddress [20]byte
	Height      int64 // where the fault happened
	Power       int64 // the validator's power at that height
	Reason      string
}

// jailForever is JailedUntil for tombstoned validators.
const jailForever = ^uint64(0)

// slash burns fraction of the stake the validator had at the infraction
// and returns what was burned.
func (s Store) slash(env tx.Env, v *Validator, inf Infraction, fraction dec.Dec) (*uint256.Int, error) {
	target := fraction.MulInt(new(uint256.Int).Mul(uint256.NewInt(uint64(inf.Power)), PowerReduction))
	burned := new(uint256.Int)
	now := unixNano(env.Time)
	if inf.Height < env.Height {
		b, err := s.slashUnbondings(v.Operator, uint64(inf.Height), now, fraction)
		if err != nil {
			return nil, err
		}
		burned.Add(burned, b)
		b, err = s.slashRedelegations(v.Operator, uint64(inf.Height), now, fraction)
		if err != nil {
			return nil, err
		}
		burned.Add(burned, b)
	}
	fromValidator := new(uint256.Int)
	if target.Gt(burned) {
		fromValidator.Sub(target, burned)
	}
	if fromValidator.Gt(v.Tokens) {
		fromValidator.Set(v.Tokens)
	}
	if !fromValidator.IsZero() {
		if err := s.bank.Burn(poolOf(v), fromValidator); err != nil {
			return nil, err
		}
		v.Tokens = new(uint256.Int).Sub(v.Tokens, fromValidator)
		burned.Add(burned, fromValidator)
	}
	if err := s.saveValidator(v); err != nil {
		return nil, err
	}
	rec := SlashRecord{
		Height: uint64(env.Height), Time: now, InfractionHeight: uint64(inf.Height),
		Reason: inf.Reason, Fraction: fraction, Burned: burned,
	}
	if err := s.appendSlashRecord(v.Operator, rec); err != nil {
		return nil, err
	}
	return burned, nil
}

// slashUnbondings slashes op's unbonding entries created at or after the
// infraction that have not matured.
func (s Store) slashUnbondings(op address.Address, infraction, now uint64, fraction dec.Dec) (*uint256.Int, error) {
	burned := new(uint256.Int)
	dels, err := s.collectPrefix(key(prefixUnbondByVal, op[:]))
	if err != nil {
		return nil, err
	}
	for _, k := range dels {
		del := addrAt(k, 1+address.Length)
		u, err := s.Unbonding(del, op)
		if err != nil {
			return nil, err
		}
		b, err := s.slashEntries(u, infraction, now, nil, fraction.MulInt)
		if err != nil {
			return nil, err
		}
		if err := s.setUnbonding(del, op, u); err != nil {
			return nil, err
		}
		burned.Add(burned, b)
	}
	return burned, nil
}

// slashEntries takes share(initial balance) from each entry of u created at
// or after minHeight and not yet mature, capped at what it holds, at most
// limit in all when a limit is given.
func (s Store) slashEntries(u *UnbondingDelegation, minHeight, now uint64, limit *uint256.Int, share func(*uint256.Int) *uint256.Int) (*uint256.Int, error) {
	burned := new(uint256.Int)
	for i := range u.Entries {
		e := &u.Entries[i]
		if e.CreationHeight < minHeight || e.CompletionTime <= now || e.Balance.IsZero() {
			continue
		}
		amt := share(e.InitialBalance)
		if amt.Gt(e.Balance) {
			amt = new(uint256.Int).Set(e.Balance)
		}
		if limit != nil {
			left := new(uint256.Int).Sub(limit, burned)
			if amt.Gt(left) {
				amt = left
			}
		}
		if amt.IsZero() {
			continue
		}
		if err := s.bank.Burn(notBondedPool, amt); err != nil {
			return nil, err
		}
		e.Balance = new(uint256.Int).Sub(e.Balance, amt)
		burned.Add(burned, amt)
	}
	return burned, nil
}

// slashRedelegations slashes stake redelegated away from src at or after
// the infraction, where it now is.
func (s Store) slashRedelegations(src address.Address, infraction, now uint64, fraction dec.Dec) (*uint256.Int, error) {
	burned := new(uint256.Int)
	keys, err := s.collectPrefix(key(prefixRedelBySrc, src[:]))
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		del, dst := addrAt(k, 1+address.Length), addrAt(k, 1+2*address.Length)
		r, err := s.Redelegation(del, src, dst)
		if err != nil {
			return nil, err
		}
		for _, e := range r.Entries {
			if e.CreationHeight < infraction || e.CompletionTime <= now {
				continue
			}
			b, err := s.slashRedelegated(del, dst, e, now, fraction)
			if err != nil {
				return nil, err
			}
			burned.Add(burned, b)
		}
	}
	return burned, nil
}

// slashRedelegated burns one redelegation entry's share: first from the
// delegation at the destination, then, for what the delegator has unbonded
// since, from its unbonding entries there.
func (s Store) slashRedelegated(del, dst address.Address, e RedelegationEntry, now uint64, fraction dec.Dec) (*uint256.Int, error) {
	target := fraction.MulInt(e.InitialBalance)
	burned := new(uint256.Int)
	v, ok, err := s.Validator(dst)
	if err != nil || !ok {
		return burned, err
	}
	d, ok, err := s.Delegation(del, dst)
	if err != nil {
		return nil, err
	}
	wanted := fraction.MulInt(e.SharesDst)
	taken := new(uint256.Int)
	if ok {
		taken.Set(wanted)
		if taken.Gt(d.Shares) {
			taken.Set(d.Shares)
		}
	}
	if !taken.IsZero() {
		pool := poolOf(v)
		tokens, err := s.removeStake(del, v, taken)
		if err != nil {
			return nil, err
		}
		if err := s.bank.Burn(pool, tokens); err != nil {
			return nil, err
		}
		burned.Add(burned, tokens)
	}
	if taken.Lt(wanted) {
		// The delegator unbonded some of the redelegated shares since: take
		// the rest of this entry's share from those unbonding entries, in
		// proportion to the shares that were missing.
		missing := new(uint256.Int).Sub(wanted, taken)
		limit, _ := new(uint256.Int).MulDivOverflow(target, missing, wanted)
		u, err := s.Unbonding(del, dst)
		if err != nil {
			return nil, err
		}
		b, err := s.slashEntries(u, e.CreationHeight, now, limit, func(initial *uint256.Int) *uint256.Int { return initial })
		if err != nil {
			return nil, err
		}
		if err := s.setUnbonding(del, dst, u); err != nil {
			return nil, err
		}
		burned.Add(burned, b)
	}
	return burned, nil
}

// HandleDoubleSign punishes a duplicate vote reported by CometBFT: slash,
// jail forever, tombstone. Evidence for an unknown or already tombstoned
// key, or older than the unbonding period (its stake is gone), is ignored.
func (s Store) HandleDoubleSign(env tx.Env, inf Infraction, infractionTime time.Time) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	if env.Time.Sub(infractionTime) > p.UnbondingTime.Duration {
		return nil, nil
	}
	v, ok, err := s.ValidatorByConsAddr(inf.ConsAddress)
	if err != nil || !ok {
		return nil, err
	}
	si, ok, err := s.SigningInfo(inf.ConsAddress)
	if err != nil {
		return nil, err
	}
	if !ok {
		si = &SigningInfo{StartHeight: uint64(env.Height), Window: p.SignedBlocksWindow}
	}
	if si.Tombstoned {
		return nil, nil
	}
	inf.Reason = ReasonDoubleSign
	burned, err := s.slash(env, v, inf, p.SlashFractionDoubleSign)
	if err != nil {
		return nil, err
	}
	si.Tombstoned, si.JailedUntil = true, jailForever
	if err := s.setSigningInfo(inf.ConsAddress, si); err != nil {
		return nil, err
	}
	if err := s.jail(v); err != nil {
		return nil, err
	}
	return []tx.Event{
		tx.NewEvent(EventSlash, AttrValidator, v.Operator.Hex(), AttrReason, ReasonDoubleSign, AttrAmount, burned.Dec(), AttrPower, fmt.Sprint(inf.Power)),
		tx.NewEvent(EventJail, AttrValidator, v.Operator.Hex(), AttrReason, ReasonDoubleSign, AttrJailedUntil, "forever"),
	}, nil
}

func (s Store) jail(v *Validator) error {
	v.Jailed = true
	return s.saveValidator(v)
}

// HandleLiveness records who signed the previous block and jails (and
// slightly slashes) a validator that missed too many blocks of its window.
// Only changes are written: a validator that keeps signing costs one read.
func (s Store) HandleLiveness(env tx.Env, votes []Vote) ([]tx.Event, error) {
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	var events []tx.Event
	for _, vote := range votes {
		ev, err := s.handleVote(env, p, vote)
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	return events, nil
}

func (s Store) handleVote(env tx.Env, p Params, vote Vote) ([]tx.Event, error) {
	v, ok, err := s.ValidatorByConsAddr(vote.ConsAddress)
	if err != nil || !ok || v.Jailed {
		return nil, err
	}
	si, ok, err := s.SigningInfo(vote.ConsAddress)
	if err != nil {
		return nil, err
	}
	height := uint64(env.Height)
	if !ok || si.Window != p.SignedBlocksWindow || height < si.StartHeight {
		// A changed window would misread the bitmap (cosmos-sdk#12541):
		// start a fresh window instead.
		if si, err = s.resetWindow(vote.ConsAddress, si, height, p.SignedBlocksWindow); err != nil {
			return nil, err
		}
	}
	idx := (height - si.StartHeight) % si.Window
	missed := !vote.Signed
	was, err := s.setMissedBit(vote.ConsAddress, idx, missed)
	if err != nil {
		return nil, err
	}
	if was != missed {
		if missed {
			si.Missed++
		} else {
			si.Missed--
		}
		if err := s.setSigningInfo(vote.ConsAddress, si); err != nil {
			return nil, err
		}
	}
	if height < si.StartHeight+si.Window || si.Missed <= p.maxMissed() {
		return nil, nil
	}
	// Down: slash at the height the missed votes were counted against,
	// jail, and start the window over when the validator returns.
	inf := Infraction{ConsAddress: vote.ConsAddress, Height: env.Height - 2, Power: vote.Power, Reason: ReasonDowntime}
	if inf.Height < 1 {
		inf.Height = 1
	}
	burned, err := s.slash(env, v, inf, p.SlashFractionDowntime)
	if err != nil {
		return nil, err
	}
	if err := s.jail(v); err != nil {
		return nil, err
	}
	until := env.Time.Add(p.DowntimeJailDuration.Duration)
	if si, err = s.resetWindow(vote.ConsAddress, si, height, si.Window); err != nil {
		return nil, err
	}
	si.JailedUntil = unixNano(until)
	if err := s.setSigningInfo(vote.ConsAddress, si); err != nil {
		return nil, err
	}
	return []tx.Event{
		tx.NewEvent(EventSlash, AttrValidator, v.Operator.Hex(), AttrReason, ReasonDowntime, AttrAmount, burned.Dec(), AttrPower, fmt.Sprint(vote.Power)),
		tx.NewEvent(EventJail, AttrValidator, v.Operator.Hex(), AttrReason, ReasonDowntime, AttrJailedUntil, until.UTC().Format(time.RFC3339)),
	}, nil
}

// resetWindow clears the bitmap (of the window it was built for) and
// starts a new window at height, keeping jail and tombstone state. It
// returns the new record.
func (s Store) resetWindow(cons [20]byte, old *SigningInfo, height, window uint64) (*SigningInfo, error) {
	si := &SigningInfo{StartHeight: height, Window: window}
	if old != nil {
		for c := uint64(0); c*missedChunkBits < old.Window; c++ {
			if err := s.kv.Delete(missedKey(cons, c)); err != nil {
				return nil, err
			}
		}
		si.JailedUntil, si.Tombstoned = old.JailedUntil, old.Tombstoned
	}
	return si, s.setSigningInfo(cons, si)
}

const missedChunkBits = 1024

// setMissedBit sets bit idx of the bitmap and returns its old value; the
// chunk is written only when the bit changes.
func (s Store) setMissedBit(cons [20]byte, idx uint64, missed bool) (bool, error) {
	k := missedKey(cons, idx/missedChunkBits)
	chunk, err := s.kv.Get(k)
	if err != nil {
		return false, err
	}
	bit := idx % missedChunkBits
	var was bool
	if chunk != nil {
		if len(chunk) != missedChunkBits/8 {
			return false, fmt.Errorf("%w: missed-block chunk of %d bytes", ErrCorrupt, len(chunk))
		}
		was = chunk[bit/8]&(1<<(bit%8)) != 0
	}
	if was == missed {
		return was, nil
	}
	next := make([]byte, missedChunkBits/8)
	copy(next, chunk)
	next[bit/8] ^= 1 << (bit % 8)
	if allZero(next) {
		return was, s.kv.Delete(k)
	}
	return was, s.kv.Set(k, next)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// Unjail is the "staking/unjail" transition.
func (s Store) Unjail(env tx.Env) ([]tx.Event, error) {
	v, err := s.mustValidator(env.Sender)
	if err != nil {
		return nil, err
	}
	if !v.Jailed {
		return nil, ErrNotJailed
	}
	si, ok, err := s.SigningInfo(v.ConsAddress())
	if err != nil {
		return nil, err
	}
	if ok && si.Tombstoned {
		return nil, ErrTombstoned
	}
	if ok && unixNano(env.Time) < si.JailedUntil {
		// To the nanosecond, with the chain's time beside it: rounded to
		// the second, the end could read as already past.
		until := time.Unix(0, int64(si.JailedUntil)).UTC()
		return nil, fmt.Errorf("%w until %s (block time %s)", ErrStillJailed, until.Format(time.RFC3339Nano), env.Time.UTC().Format(time.RFC3339Nano))
	}
	self, err := s.selfBond(v)
	if err != nil {
		return nil, err
	}
	if self.IsZero() || self.Lt(v.MinSelfDelegation) {
		return nil, fmt.Errorf("%w: self-bond %s, minimum %s", ErrSelfBondTooLow, btt.Format(self), btt.Format(v.MinSelfDelegation))
	}
	v.Jailed = false
	if err := s.saveValidator(v); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventUnjail, AttrValidator, v.Operator.Hex())}, nil
}

// appendSlashRecord adds to the validator's slash history.
func (s Store) appendSlashRecord(op address.Address, rec SlashRecord) error {
	seq := uint64(0)
	err := s.rangeKeys(key(prefixSlashLog, op[:]), func(k, _ []byte) error {
		seq = binary.BigEndian.Uint64(k[1+address.Length:]) + 1
		return nil
	})
	if err != nil {
		return err
	}
	return s.set(slashLogKey(op, seq), rec)
}
