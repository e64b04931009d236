package bridge

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

// ChainView is a root chain with its bridge totals.
type ChainView struct {
	RootChain
	LastCheckpoint uint64 `json:"last_checkpoint"`
	Withdrawals    uint64 `json:"withdrawals"`
	// Unchecked are the withdrawals no checkpoint carries yet.
	Unchecked    uint64 `json:"withdrawals_unchecked"`
	Withdrawn    string `json:"withdrawn"`
	WithdrawnWei string `json:"withdrawn_wei"`
	SignerSet    string `json:"signer_set"` // hash of the set the contract holds after the last checkpoint
	NextDeposit  uint64 `json:"next_deposit"`
	Minted       string `json:"minted"`
	MintedWei    string `json:"minted_wei"`
	Halted       bool   `json:"halted"`
	HaltReason   string `json:"halt_reason,omitempty"`
}

// CheckpointView is a checkpoint with what submitting it takes: the set
// that must sign it and the signatures, sorted by signer as the contract
// expects them.
type CheckpointView struct {
	Chain           string            `json:"chain"`
	Number          uint64            `json:"number"`
	StartHeight     uint64            `json:"start_height"`
	EndHeight       uint64            `json:"end_height"`
	FirstWithdrawal uint64            `json:"first_withdrawal"`
	Withdrawals     uint64            `json:"withdrawals"`
	WithdrawalsRoot string            `json:"withdrawals_root"`
	Final           bool              `json:"final"`
	SignedPower     uint64            `json:"signed_power"`
	TotalPower      uint64            `json:"total_power"`
	Digest          string            `json:"digest"`
	Set             SetView           `json:"set"`
	Next            SetView           `json:"next_set"`
	Signers         []address.Address `json:"signers"`
	Signatures      []string          `json:"signatures"`
}

// SetView is a signer set and its hash.
type SetView struct {
	Hash    string            `json:"hash"`
	Signers []address.Address `json:"signers"`
	Powers  []uint64          `json:"powers"`
}

func setView(s SignerSet) SetView {
	h := s.Hash()
	return SetView{Hash: "0x" + hex.EncodeToString(h[:]), Signers: s.Signers, Powers: s.Powers}
}

// WithdrawalView is a withdrawal.
type WithdrawalView struct {
	Chain     string          `json:"chain"`
	ID        uint64          `json:"id"`
	From      address.Address `json:"from"`
	To        address.Address `json:"to"`
	Amount    string          `json:"amount"`
	AmountWei string          `json:"amount_wei"`
	Height    uint64          `json:"height"`
	// Checkpoint is the number of the checkpoint that carries it, 0 while
	// none does.
	Checkpoint uint64 `json:"checkpoint"`
}

// ProofView is everything the root contract's exit call needs.
type ProofView struct {
	WithdrawalView
	RootChainID uint64   `json:"root_chain_id"`
	Contract    string   `json:"contract"`
	Final       bool     `json:"final"`
	Index       uint64   `json:"index"`
	Proof       []string `json:"proof"`
	Root        string   `json:"root"`
}

// Answer answers a query path under the module's prefix:
//
//	chains   chain/NAME   checkpoints/NAME   checkpoint/NAME/N
//	deposits/NAME   withdrawals/ADDRESS   withdrawal-proof/NAME/ID   params
//	signers (the set a contract deployed now must hold)
func (s Store) Answer(bttcChainID, path string) (any, error) {
	parts := strings.Split(path, "/")
	arg := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	num := func(i int) (uint64, error) {
		n, err := strconv.ParseUint(arg(i), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q is not a number", state.ErrBadQuery, arg(i))
		}
		return n, nil
	}
	want := func(n int) error {
		if len(parts) != n {
			return fmt.Errorf("%w: bridge query %q takes %d arguments", state.ErrBadQuery, parts[0], n-1)
		}
		return nil
	}
	switch parts[0] {
	case "params":
		return s.Params()
	case "signers":
		set, err := s.currentSet()
		if err != nil {
			return nil, err
		}
		return setView(set), nil
	case "chains":
		chains, err := s.Chains()
		if err != nil {
			return nil, err
		}
		out := make([]ChainView, len(chains))
		for i := range chains {
			v, err := s.chainView(&chains[i])
			if err != nil {
				return nil, err
			}
			out[i] = *v
		}
		return out, nil
	case "chain":
		if err := want(2); err != nil {
			return nil, err
		}
		c, err := s.Chain(arg(1))
		if err != nil {
			return nil, err
		}
		return s.chainView(c)
	case "checkpoints":
		if err := want(2); err != nil {
			return nil, err
		}
		return s.checkpoints(bttcChainID, arg(1))
	case "checkpoint":
		if err := want(3); err != nil {
			return nil, err
		}
		n, err := num(2)
		if err != nil {
			return nil, err
		}
		c, err := s.Chain(arg(1))
		if err != nil {
			return nil, err
		}
		return s.checkpointView(bttcChainID, c, n)
	case "withdrawals":
		if err := want(2); err != nil {
			return nil, err
		}
		a, err := address.Parse(arg(1))
		if err != nil {
			return nil, err
		}
		return s.withdrawalsOf(a)
	case "deposits":
		if err := want(2); err != nil {
			return nil, err
		}
		return s.deposits(arg(1))
	case "withdrawal-proof":
		if err := want(3); err != nil {
			return nil, err
		}
		id, err := num(2)
		if err != nil {
			return nil, err
		}
		return s.proof(arg(1), id)
	}
	return nil, fmt.Errorf("%w: unknown bridge query %q", state.ErrUnknownQuery, parts[0])
}

func (s Store) chainView(c *RootChain) (*ChainView, error) {
	st, err := s.chainState(c.Name)
	if err != nil {
		return nil, err
	}
	h := st.ContractSet.Hash()
	return &ChainView{RootChain: *c, LastCheckpoint: st.LastCheckpoint, Withdrawals: st.NextWithdrawal - 1,
		Unchecked: st.NextWithdrawal - st.Checkpointed,
		Withdrawn: btt.Format(st.Withdrawn), WithdrawnWei: st.Withdrawn.Dec(), SignerSet: "0x" + hex.EncodeToString(h[:]),
		NextDeposit: st.NextDeposit, Minted: btt.Format(st.Minted), MintedWei: st.Minted.Dec(), Halted: st.Halted, HaltReason: st.HaltReason}, nil
}

func (s Store) checkpointView(bttcChainID string, c *RootChain, n uint64) (*CheckpointView, error) {
	cp, err := s.Checkpoint(c.Name, n)
	if err != nil {
		return nil, err
	}
	signers, sigs, err := s.Signatures(c.Name, n)
	if err != nil {
		return nil, err
	}
	d := c.Domain(bttcChainID).CheckpointDigest(cp)
	v := &CheckpointView{Chain: c.Name, Number: cp.Number, StartHeight: cp.StartHeight, EndHeight: cp.EndHeight,
		FirstWithdrawal: cp.FirstWithdrawal, Withdrawals: cp.Withdrawals, WithdrawalsRoot: "0x" + hex.EncodeToString(cp.WithdrawalsRoot[:]),
		Final: cp.Final, SignedPower: cp.SignedPower, TotalPower: cp.Set.Total(), Digest: "0x" + hex.EncodeToString(d[:]),
		Set: setView(cp.Set), Next: setView(cp.Next), Signers: signers, Signatures: make([]string, len(sigs))}
	if v.Signers == nil {
		v.Signers = []address.Address{}
	}
	for i, sig := range sigs {
		v.Signatures[i] = "0x" + hex.EncodeToString(sig)
	}
	return v, nil
}

// checkpoints lists a chain's checkpoints, newest first, at most 100.
func (s Store) checkpoints(bttcChainID, name string) ([]CheckpointView, error) {
	c, err := s.Chain(name)
	if err != nil {
		return nil, err
	}
	st, err := s.chainState(name)
	if err != nil {
		return nil, err
	}
	out := []CheckpointView{}
	for n := st.LastCheckpoint; n > 0 && len(out) < 100; n-- {
		v, err := s.checkpointView(bttcChainID, c, n)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

func (s Store) withdrawalView(chain string, w *Withdrawal) (*WithdrawalView, error) {
	v := &WithdrawalView{Chain: chain, ID: w.ID, From: w.From, To: w.To, Amount: btt.Format(w.Amount), AmountWei: w.Amount.Dec(), Height: w.Height}
	n, err := s.carrying(chain, w.ID)
	v.Checkpoint = n
	return v, err
}

// carrying is the number of the checkpoint that carries withdrawal id, 0
// for none yet. Checkpoints carry consecutive ids, so it is found by
// binary search over the chain's checkpoints.
func (s Store) carrying(chain string, id uint64) (uint64, error) {
	st, err := s.chainState(chain)
	if err != nil || id >= st.Checkpointed {
		return 0, err
	}
	lo, hi := uint64(1), st.LastCheckpoint
	for lo <= hi {
		mid := lo + (hi-lo)/2
		cp, err := s.Checkpoint(chain, mid)
		if err != nil {
			return 0, err
		}
		switch {
		case id < cp.FirstWithdrawal:
			hi = mid - 1
		case id >= cp.FirstWithdrawal+cp.Withdrawals:
			lo = mid + 1
		default:
			return mid, nil
		}
	}
	return 0, fmt.Errorf("%w: withdrawal %d of %s is counted as carried but no checkpoint holds it", ErrCorrupt, id, chain)
}

func (s Store) withdrawalsOf(a address.Address) ([]WithdrawalView, error) {
	prefix := key(prefixByAccount, a[:])
	out := []WithdrawalView{}
	err := s.eachPrefix(prefix, func(k, _ []byte) error {
		rest := k[len(prefix):]
		i := strings.IndexByte(string(rest), 0)
		if i < 0 || len(rest) != i+1+8 {
			return fmt.Errorf("%w: account index key %x", ErrCorrupt, k)
		}
		chain := string(rest[:i])
		id := beUint(rest[i+1:])
		w, err := s.Withdrawal(chain, id)
		if err != nil {
			return err
		}
		v, err := s.withdrawalView(chain, w)
		if err != nil {
			return err
		}
		out = append(out, *v)
		return nil
	})
	return out, err
}

func beUint(b []byte) uint64 {
	var n uint64
	for _, x := range b {
		n = n<<8 | uint64(x)
	}
	return n
}

func (s Store) proof(chain string, id uint64) (*ProofView, error) {
	c, err := s.Chain(chain)
	if err != nil {
		return nil, err
	}
	w, err := s.Withdrawal(chain, id)
	if err != nil {
		return nil, err
	}
	wv, err := s.withdrawalView(chain, w)
	if err != nil {
		return nil, err
	}
	if wv.Checkpoint == 0 {
		return nil, fmt.Errorf("%w: %s withdrawal %d waits for the next checkpoint", ErrNotCheckpointed, chain, id)
	}
	cp, err := s.Checkpoint(chain, wv.Checkpoint)
	if err != nil {
		return nil, err
	}
	leaves := make([]Hash, 0, cp.Withdrawals)
	for i := cp.FirstWithdrawal; i < cp.FirstWithdrawal+cp.Withdrawals; i++ {
		x, err := s.Withdrawal(chain, i)
		if err != nil {
			return nil, err
		}
		leaves = append(leaves, Leaf(c.ChainID, c.Contract, x.ID, x.To, x.Amount))
	}
	index := id - cp.FirstWithdrawal
	siblings, err := Proof(leaves, int(index))
	if err != nil {
		return nil, err
	}
	v := &ProofView{WithdrawalView: *wv, RootChainID: c.ChainID, Contract: c.Contract.Hex(), Final: cp.Final, Index: index,
		Root: "0x" + hex.EncodeToString(cp.WithdrawalsRoot[:]), Proof: make([]string, len(siblings))}
	for i, h := range siblings {
		v.Proof[i] = "0x" + hex.EncodeToString(h[:])
	}
	return v, nil
}

// deposits lists a chain's minted deposits, newest first, at most 100.
func (s Store) deposits(name string) ([]DepositView, error) {
	st, err := s.chainState(name)
	if err != nil {
		return nil, err
	}
	if _, err := s.Chain(name); err != nil {
		return nil, err
	}
	out := []DepositView{}
	for n := st.NextDeposit - 1; n > 0 && len(out) < 100; n-- {
		var d Deposit
		found, err := s.get(depositKey(name, n), &d)
		if err != nil {
			return nil, err
		}
		if !found {
			break // before an unhalt that skipped nonces
		}
		out = append(out, mintedView(&d, name))
	}
	return out, nil
}
