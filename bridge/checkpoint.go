package bridge

import (
	"fmt"

	"github.com/bttc-network/bttc/core/tx"
)

// currentSet is the bonded validators' signer set now.
func (s Store) currentSet() (SignerSet, error) {
	signers, powers, err := s.stake.BridgeSigners()
	if err != nil {
		return SignerSet{}, err
	}
	return NewSignerSet(signers, powers), nil
}

// EndBlock mints the deposits that are agreed (deposit.go), then makes the
// checkpoints that are due: for each root chain whose
// last checkpoint is final, whose interval has passed and which has
// something to carry (withdrawals, a new signer set, or a heartbeat).
func (s Store) EndBlock(env tx.Env) ([]tx.Event, error) {
	chains, err := s.Chains()
	if err != nil || len(chains) == 0 {
		return nil, err
	}
	p, err := s.Params()
	if err != nil {
		return nil, err
	}
	set, err := s.currentSet()
	if err != nil {
		return nil, err
	}
	height := uint64(env.Height)
	events, err := s.tallyDeposits(env)
	if err != nil {
		return nil, err
	}
	for i := range chains {
		c := &chains[i]
		st, err := s.chainState(c.Name)
		if err != nil {
			return nil, err
		}
		if st.LastCheckpoint > 0 {
			last, err := s.Checkpoint(c.Name, st.LastCheckpoint)
			if err != nil {
				return nil, err
			}
			if !last.Final {
				continue // one pending checkpoint per chain: sets chain in order
			}
		}
		idle := height - st.LastEndHeight
		if idle < c.CheckpointInterval {
			continue
		}
		withdrawals := st.NextWithdrawal - st.Checkpointed
		if withdrawals == 0 && set.Hash() == st.ContractSet.Hash() && idle < p.HeartbeatBlocks {
			continue
		}
		cp, err := s.makeCheckpoint(c, st, set, height)
		if err != nil {
			return nil, err
		}
		events = append(events, tx.NewEvent(EventCheckpoint, AttrChain, c.Name, AttrNumber, fmt.Sprint(cp.Number),
			AttrStart, fmt.Sprint(cp.StartHeight), AttrEnd, fmt.Sprint(cp.EndHeight), AttrCount, fmt.Sprint(cp.Withdrawals),
			AttrRoot, fmt.Sprintf("%x", cp.WithdrawalsRoot)))
	}
	return events, nil
}

// makeCheckpoint writes the next checkpoint of c, carrying every
// withdrawal since the last one, signed by the set the contract holds and
// moving it to next.
func (s Store) makeCheckpoint(c *RootChain, st *chainState, next SignerSet, height uint64) (*Checkpoint, error) {
	cp := &Checkpoint{
		Number: st.LastCheckpoint + 1, StartHeight: st.LastEndHeight + 1, EndHeight: height,
		FirstWithdrawal: st.Checkpointed, Withdrawals: st.NextWithdrawal - st.Checkpointed,
		Set: st.ContractSet, Next: next,
	}
	leaves := make([]Hash, 0, cp.Withdrawals)
	for id := cp.FirstWithdrawal; id < st.NextWithdrawal; id++ {
		w, err := s.Withdrawal(c.Name, id)
		if err != nil {
			return nil, err
		}
		leaves = append(leaves, Leaf(c.ChainID, c.Contract, w.ID, w.To, w.Amount))
	}
	cp.WithdrawalsRoot = Root(leaves)
	if err := s.set(checkpointKey(c.Name, cp.Number), cp); err != nil {
		return nil, err
	}
	st.LastCheckpoint, st.LastEndHeight = cp.Number, height
	st.Checkpointed = st.NextWithdrawal
	st.ContractSet = next
	return cp, s.setChainState(c.Name, st)
}

// Pending lists, per root chain, the checkpoint that awaits signatures,
// with the digest a signer signs; the vote extender of each validator
// signs these.
func (s Store) Pending(bttcChainID string) ([]PendingCheckpoint, error) {
	chains, err := s.Chains()
	if err != nil {
		return nil, err
	}
	var out []PendingCheckpoint
	for i := range chains {
		c := &chains[i]
		st, err := s.chainState(c.Name)
		if err != nil {
			return nil, err
		}
		if st.LastCheckpoint == 0 {
			continue
		}
		cp, err := s.Checkpoint(c.Name, st.LastCheckpoint)
		if err != nil {
			return nil, err
		}
		if !cp.Final {
			out = append(out, PendingCheckpoint{Chain: c.Name, Number: cp.Number, Digest: c.Domain(bttcChainID).CheckpointDigest(cp)})
		}
	}
	return out, nil
}

// PendingCheckpoint is a checkpoint awaiting signatures.
type PendingCheckpoint struct {
	Chain  string
	Number uint64
	Digest Hash
}
