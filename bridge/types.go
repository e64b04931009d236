package bridge

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

// RootChain is a registered root chain: where its contract is, how its
// finality is judged, how often checkpoints go there and how much may
// leave for it.
type RootChain struct {
	// Name is how people and commands name it: ethereum, bsc, tron.
	Name string `json:"name"`
	// ChainID is the root chain's EVM chain id, as configured here and in
	// the contract (never read from the chain: TRON's TVM answers
	// differently).
	ChainID  uint64          `json:"chain_id"`
	Contract address.Address `json:"contract"`
	Token    address.Address `json:"token"`
	// Confirmations a deposit needs; 0 means the RPC's finalized block.
	Confirmations uint64 `json:"confirmations"`
	// CheckpointInterval is the least number of BTTC blocks between two
	// checkpoints to this chain.
	CheckpointInterval uint64 `json:"checkpoint_interval"`
	// RateLimit is how much may be withdrawn to this chain per RateWindow.
	RateLimit     btt.Amount   `json:"rate_limit"`
	RateWindow    dec.Duration `json:"rate_window"`
	MinWithdrawal btt.Amount   `json:"min_withdrawal"`
	MaxWithdrawal btt.Amount   `json:"max_withdrawal"`
	Paused        bool         `json:"paused"`
}

// Domain is what signatures for this chain are bound to.
func (c *RootChain) Domain(bttcChainID string) Domain {
	return Domain{RootChainID: c.ChainID, Contract: c.Contract, BTTCChainID: bttcChainID}
}

// Validate checks the settings.
func (c *RootChain) Validate() error {
	switch {
	case !validName(c.Name):
		return fmt.Errorf("%w: name %q: want 1 to 32 lower-case letters, digits or '-'", ErrBadChain, c.Name)
	case c.ChainID == 0:
		return fmt.Errorf("%w: %s: chain_id must be set", ErrBadChain, c.Name)
	case c.Contract.IsZero():
		return fmt.Errorf("%w: %s: contract must be set", ErrBadChain, c.Name)
	case c.Token.IsZero():
		return fmt.Errorf("%w: %s: token must be set", ErrBadChain, c.Name)
	case c.CheckpointInterval == 0:
		return fmt.Errorf("%w: %s: checkpoint_interval must be at least 1 block", ErrBadChain, c.Name)
	case c.RateWindow.Duration <= 0:
		return fmt.Errorf("%w: %s: rate_window must be positive", ErrBadChain, c.Name)
	case c.RateLimit.IsZero():
		return fmt.Errorf("%w: %s: rate_limit must be positive", ErrBadChain, c.Name)
	case c.MinWithdrawal.IsZero():
		return fmt.Errorf("%w: %s: min_withdrawal must be positive", ErrBadChain, c.Name)
	case c.MaxWithdrawal.Wei().Lt(c.MinWithdrawal.Wei()):
		return fmt.Errorf("%w: %s: max_withdrawal %s is below min_withdrawal %s", ErrBadChain, c.Name, c.MaxWithdrawal, c.MinWithdrawal)
	}
	return nil
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// SignerSet is who must sign: bridge-signer addresses, strictly
// ascending, with their voting power. The root contract stores only its
// hash.
type SignerSet struct {
	Signers []address.Address
	Powers  []uint64
}

// NewSignerSet sorts signers by address, keeping each one's power.
func NewSignerSet(signers []address.Address, powers []uint64) SignerSet {
	idx := make([]int, len(signers))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return bytes.Compare(signers[idx[a]][:], signers[idx[b]][:]) < 0 })
	s := SignerSet{Signers: make([]address.Address, len(idx)), Powers: make([]uint64, len(idx))}
	for i, j := range idx {
		s.Signers[i], s.Powers[i] = signers[j], powers[j]
	}
	return s
}

// Total is the set's power.
func (s SignerSet) Total() uint64 {
	var t uint64
	for _, p := range s.Powers {
		t += p
	}
	return t
}

// PowerOf is a signer's power in the set, 0 if it is not in it.
func (s SignerSet) PowerOf(a address.Address) uint64 {
	i := sort.Search(len(s.Signers), func(i int) bool { return bytes.Compare(s.Signers[i][:], a[:]) >= 0 })
	if i < len(s.Signers) && s.Signers[i] == a {
		return s.Powers[i]
	}
	return 0
}

// Hash is keccak256(abi.encode(address[] signers, uint256[] powers)), as
// the root contract hashes the set it is given.
func (s SignerSet) Hash() Hash {
	n := uint64(len(s.Signers))
	parts := [][]byte{wordUint(64), wordUint(64 + 32 + 32*n), wordUint(n)}
	for _, a := range s.Signers {
		parts = append(parts, wordAddr(a))
	}
	parts = append(parts, wordUint(n))
	for _, p := range s.Powers {
		parts = append(parts, wordUint(p))
	}
	return Hash(crypto.Keccak256Hash(concat(parts...)))
}

// Checkpoint carries the withdrawals of a range of BTTC heights to one
// root chain, and moves its contract from one signer set to the next.
type Checkpoint struct {
	Number      uint64
	StartHeight uint64
	EndHeight   uint64
	// The withdrawals FirstWithdrawal .. FirstWithdrawal+Withdrawals-1.
	FirstWithdrawal uint64
	Withdrawals     uint64
	WithdrawalsRoot Hash
	// Set must sign it; Next is the set the contract holds after it.
	Set  SignerSet
	Next SignerSet
	// SignedPower is the power of Set whose signatures are stored; the
	// checkpoint is final once it exceeds 2/3 of Set's total.
	SignedPower uint64
	Final       bool
}

// encode is the checkpoint as the contract's abi.encode of (number,
// startHeight, endHeight, firstWithdrawal, withdrawals, withdrawalsRoot,
// setHash, nextSetHash).
func (c *Checkpoint) encode() []byte {
	set, next := c.Set.Hash(), c.Next.Hash()
	return concat(wordUint(c.Number), wordUint(c.StartHeight), wordUint(c.EndHeight), wordUint(c.FirstWithdrawal),
		wordUint(c.Withdrawals), c.WithdrawalsRoot[:], set[:], next[:])
}

// enoughPower reports whether signed is more than 2/3 of total.
func enoughPower(signed, total uint64) bool {
	return new(uint256.Int).Mul(uint256.NewInt(signed), uint256.NewInt(3)).Gt(new(uint256.Int).Mul(uint256.NewInt(total), uint256.NewInt(2)))
}

// Withdrawal is BTT burned on BTTC for a recipient on a root chain.
type Withdrawal struct {
	ID     uint64
	From   address.Address
	To     address.Address
	Amount *uint256.Int
	Height uint64
}

// chainState is what the module keeps per root chain besides its
// settings.
type chainState struct {
	// LastCheckpoint is the number of the newest checkpoint, final or
	// pending; LastEndHeight its end height.
	LastCheckpoint uint64
	LastEndHeight  uint64
	// NextWithdrawal is the id the next withdrawal gets (from 1);
	// Checkpointed is the first id no checkpoint carries yet.
	NextWithdrawal uint64
	Checkpointed   uint64
	// Withdrawn is the sum of all withdrawals to the chain.
	Withdrawn *uint256.Int
	// The rate limit's current window: its start (unix ns) and how much
	// was withdrawn in it.
	WindowStart uint64
	WindowUsed  *uint256.Int
	// NextDeposit is the deposit nonce to mint next (from 1); Minted the
	// sum of the minted deposits. A halted lane mints nothing until
	// governance unhalts it.
	NextDeposit uint64
	Minted      *uint256.Int
	Halted      bool
	HaltReason  string
	// ContractSet is the signer set the contract holds once every
	// checkpoint so far has landed: the Next of the newest checkpoint, or
	// the set the chain was registered with.
	ContractSet SignerSet
}

func (s *chainState) normalize() {
	for _, p := range []**uint256.Int{&s.Withdrawn, &s.WindowUsed, &s.Minted} {
		if *p == nil {
			*p = new(uint256.Int)
		}
	}
	if s.NextWithdrawal == 0 {
		s.NextWithdrawal = 1
	}
	if s.Checkpointed == 0 {
		s.Checkpointed = 1
	}
	if s.NextDeposit == 0 {
		s.NextDeposit = 1
	}
}
