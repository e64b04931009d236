package bridge

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// Deposits: BTT locked in a root contract is minted on BTTC once
// validators holding more than 2/3 of the active set's power have reported
// the same deposit in their vote extensions. Each contract numbers its
// deposits without gaps, and BTTC mints them strictly in that order: a
// later nonce waits for the earlier ones. Two different contents reported
// for one nonce mean a validator's observer is wrong or lying; the lane of
// that chain halts (nothing more is minted from it) until governance
// unhalts it, naming the nonce to resume from.

// Observation is one deposit as a validator's node saw it on a root chain.
type Observation struct {
	Chain     string
	Nonce     uint64
	Depositor address.Address
	Recipient address.Address
	Amount    *uint256.Int
	RootTx    Hash
}

// hash identifies an observation's content: two validators agree on a
// deposit when their observations hash the same.
func (o *Observation) hash() Hash {
	return Hash(crypto.Keccak256Hash(EncodeRecordRLP(o)))
}

// EncodeRecordRLP is o's RLP, for hashing.
func EncodeRecordRLP(o *Observation) []byte {
	b, err := rlp.EncodeToBytes(o)
	if err != nil {
		panic(fmt.Sprintf("bridge: encode observation: %v", err))
	}
	return b
}

// check is what an observation must be on its own.
func (o *Observation) check() error {
	switch {
	case !validName(o.Chain):
		return fmt.Errorf("%w: observation of chain %q", ErrBadObservation, o.Chain)
	case o.Nonce == 0:
		return fmt.Errorf("%w: deposit nonces start at 1", ErrBadObservation)
	case o.Recipient.IsZero():
		return fmt.Errorf("%w: deposit %d to the zero address", ErrBadObservation, o.Nonce)
	case bank.IsModuleAccount(o.Recipient):
		// Module accounts hold what their modules account for: minting
		// into one would break that. The root contract refuses none, so
		// such a deposit waits for governance.
		return fmt.Errorf("%w: deposit %d to a module account", ErrBadObservation, o.Nonce)
	case o.Amount == nil || o.Amount.IsZero():
		return fmt.Errorf("%w: deposit %d of nothing", ErrBadObservation, o.Nonce)
	}
	return nil
}

// depositVote is one validator's report of a nonce: which content.
type depositVote struct {
	Content Hash
}

// Deposit is a minted deposit.
type Deposit struct {
	Observation
	Height uint64
}

// addObservations records one validator's reports. Reports of nonces
// already minted are dropped; a validator reporting two contents for one
// nonce keeps its first.
func (s Store) addObservations(cons [20]byte, obs []Observation) error {
	for i := range obs {
		o := &obs[i]
		if o.check() != nil {
			continue
		}
		if _, err := s.Chain(o.Chain); err != nil {
			continue // an unknown chain: nothing to record
		}
		st, err := s.chainState(o.Chain)
		if err != nil {
			return err
		}
		if st.Halted || o.Nonce < st.NextDeposit || o.Nonce > st.NextDeposit+maxPendingNonces {
			continue
		}
		h := o.hash()
		vk := depositVoteKey(o.Chain, o.Nonce, cons)
		var prev depositVote
		found, err := s.get(vk, &prev)
		if err != nil {
			return err
		}
		if found {
			if prev.Content != h {
				// The same validator now reports another content: a
				// conflict, which halts the lane when the nonce is tallied.
				if err := s.set(depositConflictKey(o.Chain, o.Nonce), &depositVote{Content: h}); err != nil {
					return err
				}
			}
			continue
		}
		if err := s.set(vk, &depositVote{Content: h}); err != nil {
			return err
		}
		if err := s.set(depositContentKey(o.Chain, o.Nonce, h), o); err != nil {
			return err
		}
	}
	return nil
}

// tallyDeposits mints, for each chain, the deposits whose next nonces have
// more than 2/3 of the active set's power behind one content, in order, and
// halts a chain's lane at a nonce with two contents.
func (s Store) tallyDeposits(env tx.Env) ([]tx.Event, error) {
	chains, err := s.Chains()
	if err != nil {
		return nil, err
	}
	_, powers, err := s.stake.BridgeSigners()
	if err != nil {
		return nil, err
	}
	var total uint64
	for _, p := range powers {
		total += p
	}
	var events []tx.Event
	for i := range chains {
		name := chains[i].Name
		st, err := s.chainState(name)
		if err != nil {
			return nil, err
		}
		for !st.Halted {
			ev, minted, err := s.tallyNonce(env, name, st, total)
			if err != nil {
				return nil, err
			}
			events = append(events, ev...)
			if !minted {
				break
			}
		}
		if err := s.setChainState(name, st); err != nil {
			return nil, err
		}
	}
	return events, nil
}

// tallyNonce settles st.NextDeposit if it can: minted reports whether the
// lane moved on.
func (s Store) tallyNonce(env tx.Env, name string, st *chainState, total uint64) ([]tx.Event, bool, error) {
	nonce := st.NextDeposit
	byContent := map[Hash]uint64{}
	var contents []Hash // in key order, for a deterministic walk
	prefix := depositVotePrefix(name, nonce)
	err := s.eachPrefix(prefix, func(k, v []byte) error {
		var cons [20]byte
		copy(cons[:], k[len(prefix):])
		var vote depositVote
		if err := decode(v, &vote); err != nil {
			return err
		}
		_, power, _, err := s.stake.BridgeSignerOf(cons)
		if err != nil {
			return err
		}
		if _, seen := byContent[vote.Content]; !seen {
			contents = append(contents, vote.Content)
		}
		byContent[vote.Content] += power
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	conflict, err := s.kv.Get(depositConflictKey(name, nonce))
	if err != nil {
		return nil, false, err
	}
	staked := 0
	for _, h := range contents {
		if byContent[h] > 0 {
			staked++
		}
	}
	if staked > 1 || conflict != nil {
		st.Halted = true
		st.HaltReason = fmt.Sprintf("deposit %d was reported with %d different contents", nonce, max(staked, 2))
		return []tx.Event{tx.NewEvent(EventLaneHalted, AttrChain, name, AttrNonce, fmt.Sprint(nonce), AttrReason, st.HaltReason)}, false, nil
	}
	for _, h := range contents {
		if !enoughPower(byContent[h], total) {
			continue
		}
		var o Observation
		if _, err := s.get(depositContentKey(name, nonce, h), &o); err != nil {
			return nil, false, err
		}
		if err := s.bank.Mint(o.Recipient, o.Amount); errors.Is(err, bank.ErrSupplyOverflow) {
			// No real deposit is that large: the observers agree on
			// nonsense. Stop the lane rather than the chain.
			st.Halted = true
			st.HaltReason = fmt.Sprintf("deposit %d of %s wei would overflow the supply", nonce, o.Amount.Dec())
			return []tx.Event{tx.NewEvent(EventLaneHalted, AttrChain, name, AttrNonce, fmt.Sprint(nonce), AttrReason, st.HaltReason)}, false, nil
		} else if err != nil {
			return nil, false, err
		}
		if err := s.set(depositKey(name, nonce), &Deposit{Observation: o, Height: uint64(env.Height)}); err != nil {
			return nil, false, err
		}
		if err := s.clearNonce(name, nonce); err != nil {
			return nil, false, err
		}
		st.NextDeposit++
		st.Minted.Add(st.Minted, o.Amount)
		return []tx.Event{tx.NewEvent(EventDeposit, AttrChain, name, AttrNonce, fmt.Sprint(nonce), AttrRecipient, o.Recipient.Hex(),
			AttrAmount, o.Amount.Dec(), AttrRootTx, fmt.Sprintf("%x", o.RootTx))}, true, nil
	}
	return nil, false, nil
}

// clearNonce deletes the votes, contents and conflict mark of a nonce.
func (s Store) clearNonce(name string, nonce uint64) error {
	var keys [][]byte
	for _, prefix := range [][]byte{depositVotePrefix(name, nonce), depositContentPrefix(name, nonce), depositConflictKey(name, nonce)} {
		if err := s.eachPrefix(prefix, func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		}); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := s.kv.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Unhalt reopens a halted lane from nonce: the reports of the nonces from
// there on are dropped, so that every validator reports them afresh.
func (s Store) Unhalt(name string, nonce uint64) ([]tx.Event, error) {
	st, err := s.chainState(name)
	if err != nil {
		return nil, err
	}
	if !st.Halted {
		return nil, fmt.Errorf("%w: the %s lane is not halted", ErrBadChain, name)
	}
	if nonce == 0 {
		return nil, fmt.Errorf("%w: deposit nonces start at 1", ErrBadChain)
	}
	for n := min(nonce, st.NextDeposit); n <= st.NextDeposit+maxPendingNonces; n++ {
		if err := s.clearNonce(name, n); err != nil {
			return nil, err
		}
	}
	st.Halted, st.HaltReason, st.NextDeposit = false, "", nonce
	return []tx.Event{tx.NewEvent(EventLaneUnhalted, AttrChain, name, AttrNonce, fmt.Sprint(nonce))}, s.setChainState(name, st)
}

// maxPendingNonces bounds how far ahead of the next nonce reports are
// kept: an observer cannot fill the store with far-future nonces.
const maxPendingNonces = 256

// mintedView is for queries.
func mintedView(d *Deposit, chain string) DepositView {
	return DepositView{Chain: chain, Nonce: d.Nonce, Depositor: d.Depositor, Recipient: d.Recipient, Amount: btt.Format(d.Amount),
		AmountWei: d.Amount.Dec(), RootTx: fmt.Sprintf("0x%x", d.RootTx), Height: d.Height}
}

// DepositView is a minted deposit.
type DepositView struct {
	Chain     string          `json:"chain"`
	Nonce     uint64          `json:"nonce"`
	Depositor address.Address `json:"depositor"`
	Recipient address.Address `json:"recipient"`
	Amount    string          `json:"amount"`
	AmountWei string          `json:"amount_wei"`
	RootTx    string          `json:"root_tx"`
	Height    uint64          `json:"height"`
}

// Lane tells where a chain's deposits stand: the nonce to mint next, and
// whether the lane is halted.
func (s Store) Lane(name string) (next uint64, halted bool, err error) {
	st, err := s.chainState(name)
	if err != nil {
		return 0, false, err
	}
	return st.NextDeposit, st.Halted, nil
}
