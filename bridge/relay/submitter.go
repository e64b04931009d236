package relay

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
)

// Source gives the submitter BTTC's checkpoints; the node reads them from
// its committed state.
type Source interface {
	// Checkpoint returns checkpoint n of chain as `query bridge
	// checkpoint` shows it; an error when there is none.
	Checkpoint(chain string, n uint64) (*bridge.CheckpointView, error)
}

// SubmitterConfig is one root chain's submitter.
type SubmitterConfig struct {
	Chain    string
	RPC      string
	ChainID  uint64
	Contract address.Address
	// Key is the validator's bridge key: it pays the root chain's gas.
	Key *ecdsa.PrivateKey
	// Grace is how long a validator waits per place after the one whose
	// turn it is before it submits itself.
	Grace  time.Duration
	Poll   time.Duration
	Logger *slog.Logger
	// LowBalance is the balance below which the key's account is
	// reported low, in the chain's smallest unit (default 0.05 ether or
	// BNB, 100 TRX).
	LowBalance *big.Int
	Metrics    *Metrics
}

// LowBalance is the default balance, in wei, below which a bridge key's
// account is reported low: 0.05 of the chain's coin, some tens of
// checkpoint submissions at usual gas prices.
var LowBalance = big.NewInt(5e16)

// Submitter carries final checkpoints to a root contract. The validator
// whose turn it is (by the checkpoint's number, over the set that signed
// it) submits at once; the next in the rotation after one grace period,
// and so on, so that one stopped validator delays a checkpoint by one
// grace at most. A checkpoint the contract already has counts as done.
type Submitter struct {
	cfg   SubmitterConfig
	link  *link
	root  *contracts.BTTCRoot
	bound *bind.BoundContract
	me    address.Address

	mu        sync.Mutex
	seenFinal map[uint64]time.Time // when each checkpoint was first seen final
	submitted uint64
	lastErr   error
	low       bool // the balance was low at the last look
}

// NewSubmitter dials the RPC (lazily).
func NewSubmitter(cfg SubmitterConfig) (*Submitter, error) {
	if cfg.Grace == 0 {
		cfg.Grace = 30 * time.Second
	}
	if cfg.Poll == 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	l, err := newLink(cfg.RPC, cfg.ChainID)
	if err != nil {
		return nil, fmt.Errorf("bridge %s: %w", cfg.Chain, err)
	}
	if cfg.LowBalance == nil {
		cfg.LowBalance = l.lowBalance()
	}
	root := contracts.NewBTTCRoot()
	return &Submitter{cfg: cfg, link: l, root: root, bound: root.Instance(l.eth, common.Address(cfg.Contract)),
		me: address.FromPublicKey(&cfg.Key.PublicKey), seenFinal: map[uint64]time.Time{}}, nil
}

// Close closes the RPC connection.
func (s *Submitter) Close() { s.link.close() }

// Submitted is the number of checkpoints this submitter itself landed.
func (s *Submitter) Submitted() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.submitted
}

// Run submits until ctx ends; failures are logged and retried.
func (s *Submitter) Run(ctx context.Context, src Source) {
	for {
		err := s.Step(ctx, src, time.Now())
		s.mu.Lock()
		s.lastErr = err
		s.mu.Unlock()
		if err != nil {
			s.cfg.Logger.Warn("bridge submitter", "chain", s.cfg.Chain, "err", err)
			s.cfg.Metrics.rpcError(s.cfg.Chain)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.Poll):
		}
	}
}

// Step looks at the contract's next checkpoint once and submits it if it
// is final on BTTC and it is this validator's turn.
func (s *Submitter) Step(ctx context.Context, src Source, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	last, err := bind.Call(s.bound, &bind.CallOpts{Context: ctx}, s.root.PackLastCheckpoint(), s.root.UnpackLastCheckpoint)
	if err != nil {
		return fmt.Errorf("last checkpoint on %s: %w", s.cfg.Chain, err)
	}
	s.cfg.Metrics.set(checkpointRoot, s.cfg.Chain, float64(last.Uint64()))
	if err := s.checkBalance(ctx); err != nil {
		return err
	}
	n := last.Uint64() + 1
	cp, err := src.Checkpoint(s.cfg.Chain, n)
	if err != nil || !cp.Final {
		s.cfg.Metrics.set(checkpointBTTC, s.cfg.Chain, float64(last.Uint64()))
		return nil // nothing to carry yet
	}
	s.cfg.Metrics.set(checkpointBTTC, s.cfg.Chain, float64(n))
	s.mu.Lock()
	first, seen := s.seenFinal[n]
	if !seen {
		first = now
		s.seenFinal[n] = now
	}
	s.mu.Unlock()
	if wait := time.Duration(s.place(cp)) * s.cfg.Grace; now.Sub(first) < wait {
		return nil // another validator's turn, for now
	}
	return s.submit(ctx, cp)
}

// checkBalance reads the key's balance, exports it, and warns once each
// time it falls below LowBalance: a validator that cannot pay gas leaves
// its turns to the others, one grace period later each.
func (s *Submitter) checkBalance(ctx context.Context) error {
	bal, err := s.link.eth.BalanceAt(ctx, common.Address(s.me), nil)
	if err != nil {
		return fmt.Errorf("balance on %s: %w", s.cfg.Chain, err)
	}
	s.cfg.Metrics.set(signerBalance, s.cfg.Chain, s.link.coin(bal))
	low := bal.Cmp(s.cfg.LowBalance) < 0
	s.mu.Lock()
	was := s.low
	s.low = low
	s.mu.Unlock()
	if low && !was {
		s.cfg.Logger.Warn("bridge: the bridge key's balance is low: fund it to pay for checkpoints", "chain", s.cfg.Chain,
			"address", s.link.show(s.me), "balance", s.link.coin(bal))
	}
	return nil
}

// Low reports whether the key's balance was below LowBalance at the last
// look.
func (s *Submitter) Low() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.low
}

// place is how many validators come before this one in the rotation for
// cp: 0 when it is this validator's turn.
func (s *Submitter) place(cp *bridge.CheckpointView) int {
	set := cp.Set.Signers
	if len(set) == 0 {
		return 0
	}
	turn := int(cp.Number % uint64(len(set)))
	for i, a := range set {
		if a == s.me {
			return (i - turn + len(set)) % len(set)
		}
	}
	return len(set) // not a signer: after everyone
}

func (s *Submitter) submit(ctx context.Context, cp *bridge.CheckpointView) error {
	arg, signers, powers, sigs, err := Assemble(cp)
	if err != nil {
		return err
	}
	tx, err := s.link.transact(ctx, s.cfg.Key, common.Address(s.cfg.Contract), s.root.PackSubmitCheckpoint(arg, signers, powers, sigs))
	if isRevert(err, "WrongCheckpointNumber") {
		return nil // another validator landed it first: done
	}
	if err != nil {
		return fmt.Errorf("submit %s checkpoint %d: %w", s.cfg.Chain, cp.Number, err)
	}
	s.mu.Lock()
	s.submitted++
	delete(s.seenFinal, cp.Number)
	s.mu.Unlock()
	s.cfg.Logger.Info("bridge: checkpoint submitted", "chain", s.cfg.Chain, "number", cp.Number, "tx", tx.tx.Hex())
	return nil
}

// isRevert reports whether err is the contract's custom error name.
func isRevert(err error, name string) bool {
	if err == nil {
		return false
	}
	var de interface{ ErrorData() interface{} }
	if !errors.As(err, &de) {
		return false
	}
	data, _ := de.ErrorData().(string)
	want := contracts.RootArtifact.ABI.Errors[name].ID
	raw := common.FromHex(data)
	return len(raw) >= 4 && string(raw[:4]) == string(want[:4])
}

// Assemble turns a checkpoint as BTTC shows it into the contract's
// submitCheckpoint arguments: the set in order, and the signatures packed
// 65 bytes a signer, zero for those that did not sign.
func Assemble(cp *bridge.CheckpointView) (contracts.BTTCRootCheckpoint, []common.Address, []*big.Int, []byte, error) {
	h := func(s string) ([32]byte, error) {
		out, err := bridge.ParseHash(s)
		if err != nil {
			return out, fmt.Errorf("checkpoint %d: %w", cp.Number, err)
		}
		return out, nil
	}
	var arg contracts.BTTCRootCheckpoint
	var err error
	u := func(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
	arg.Number, arg.StartHeight, arg.EndHeight, arg.FirstWithdrawal, arg.Withdrawals = u(cp.Number), u(cp.StartHeight), u(cp.EndHeight), u(cp.FirstWithdrawal), u(cp.Withdrawals)
	if arg.WithdrawalsRoot, err = h(cp.WithdrawalsRoot); err != nil {
		return arg, nil, nil, nil, err
	}
	if arg.SetHash, err = h(cp.Set.Hash); err != nil {
		return arg, nil, nil, nil, err
	}
	if arg.NextSetHash, err = h(cp.Next.Hash); err != nil {
		return arg, nil, nil, nil, err
	}
	signers := make([]common.Address, len(cp.Set.Signers))
	powers := make([]*big.Int, len(cp.Set.Signers))
	sigs := make([]byte, 65*len(cp.Set.Signers))
	for i, a := range cp.Set.Signers {
		signers[i], powers[i] = common.Address(a), u(cp.Set.Powers[i])
		for j, sa := range cp.Signers {
			if sa != a || j >= len(cp.Signatures) {
				continue
			}
			sig, err := hex.DecodeString(strings.TrimPrefix(cp.Signatures[j], "0x"))
			if err != nil || len(sig) != 65 {
				return arg, nil, nil, nil, fmt.Errorf("checkpoint %d: signature %d is not 65 bytes of hex", cp.Number, j)
			}
			copy(sigs[65*i:], sig)
		}
	}
	return arg, signers, powers, sigs, nil
}
