package relay

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// What a user does on a root chain: lock tokens for BTTC, and exit a
// withdrawal. `bttcd bridge deposit` and `bttcd bridge exit` use these.

// ERC-20's approve(address,uint256) and balanceOf(address).
var (
	approveSelector   = crypto.Keccak256([]byte("approve(address,uint256)"))[:4]
	balanceOfSelector = crypto.Keccak256([]byte("balanceOf(address)"))[:4]
)

// ErrInsufficientTokens is returned when a deposit exceeds what the key
// holds of the token.
var ErrInsufficientTokens = errors.New("not enough of the token")

// Root is a registered root chain reached through its JSON-RPC with a
// user's key.
type Root struct {
	Chain *bridge.RootChain
	link  *link
	key   *ecdsa.PrivateKey
	root  *contracts.BTTCRoot
	bound *bind.BoundContract
}

// DialRoot connects to c's RPC (on TRON, its HTTP API's base) and checks
// it serves c's chain id.
func DialRoot(ctx context.Context, c *bridge.RootChain, rpcURL string, key *ecdsa.PrivateKey) (*Root, error) {
	l, err := dialLink(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	if l.chainID.Uint64() != c.ChainID {
		l.close()
		return nil, fmt.Errorf("%w: %s serves chain %s, %s is %d", ErrWrongChain, rpcURL, l.chainID, c.Name, c.ChainID)
	}
	root := contracts.NewBTTCRoot()
	return &Root{Chain: c, link: l, key: key, root: root, bound: root.Instance(l.eth, common.Address(c.Contract))}, nil
}

// Close closes the connection.
func (r *Root) Close() { r.link.close() }

// Show prints an address as the chain's people read it: T… on TRON.
func (r *Root) Show(a address.Address) string { return r.link.show(a) }

// Deposit approves the root contract for amount of the token and locks it
// for recipient on BTTC; it returns the deposit's nonce.
func (r *Root) Deposit(ctx context.Context, recipient address.Address, amount *uint256.Int) (uint64, error) {
	from := crypto.PubkeyToAddress(r.key.PublicKey)
	out, err := r.link.eth.CallContract(ctx, ethereum.CallMsg{To: (*common.Address)(&r.Chain.Token),
		Data: append(append([]byte{}, balanceOfSelector...), common.LeftPadBytes(from[:], 32)...)}, nil)
	if err != nil {
		return 0, fmt.Errorf("the token's balanceOf: %w", err)
	}
	if have := new(uint256.Int).SetBytes(out); have.Lt(amount) {
		return 0, fmt.Errorf("%w: %s holds %s on %s, the deposit is %s", ErrInsufficientTokens, r.Show(address.Address(from)), btt.Format(have), r.Chain.Name, btt.Format(amount))
	}
	approve := append(append([]byte{}, approveSelector...), common.LeftPadBytes(r.Chain.Contract[:], 32)...)
	approve = append(approve, common.LeftPadBytes(amount.Bytes(), 32)...)
	if _, err := r.link.transact(ctx, r.key, common.Address(r.Chain.Token), approve); err != nil {
		return 0, fmt.Errorf("approve: %w", err)
	}
	rc, err := r.link.transact(ctx, r.key, common.Address(r.Chain.Contract), r.root.PackDeposit(common.Address(recipient), amount.ToBig()))
	if err != nil {
		return 0, fmt.Errorf("deposit: %w", err)
	}
	for _, l := range rc.logs {
		if ev, err := r.root.UnpackDepositEvent(l); err == nil {
			return ev.Nonce.Uint64(), nil
		}
	}
	return 0, errors.New("deposit: the receipt has no Deposit event")
}

// LastCheckpoint is the contract's last accepted checkpoint.
func (r *Root) LastCheckpoint(ctx context.Context) (uint64, error) {
	n, err := bind.Call(r.bound, &bind.CallOpts{Context: ctx}, r.root.PackLastCheckpoint(), r.root.UnpackLastCheckpoint)
	if err != nil {
		return 0, err
	}
	return u64(n), nil
}

// Exited is what an exit did: paid at once, or queued for a claim after
// the contract's delay (an exit above its delay threshold).
type Exited struct {
	Tx        common.Hash
	Queued    bool
	ReleaseAt time.Time // root chain time, when queued
}

// Exit waits until the contract holds the checkpoint carrying the
// withdrawal (progress, if set, hears of each wait), then pays it out
// with its proof, or queues it when it is above the delay threshold.
func (r *Root) Exit(ctx context.Context, p *bridge.ProofView, progress func(have, want uint64)) (*Exited, error) {
	if !p.Final {
		return nil, fmt.Errorf("%s withdrawal %d: its checkpoint %d is not final on BTTC yet", p.Chain, p.ID, p.Checkpoint)
	}
	for {
		have, err := r.LastCheckpoint(ctx)
		if err != nil && ctx.Err() != nil {
			return nil, fmt.Errorf("checkpoint %d did not land on %s in time: %w", p.Checkpoint, p.Chain, ctx.Err())
		}
		if err != nil {
			return nil, err
		}
		if have >= p.Checkpoint {
			break
		}
		if progress != nil {
			progress(have, p.Checkpoint)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("checkpoint %d did not land on %s in time (it holds %d): %w", p.Checkpoint, p.Chain, have, ctx.Err())
		case <-time.After(2 * time.Second):
		}
	}
	siblings := make([][32]byte, len(p.Proof))
	for i, s := range p.Proof {
		b := common.FromHex(s)
		if len(b) != 32 {
			return nil, fmt.Errorf("proof hash %d is not 32 bytes", i)
		}
		copy(siblings[i][:], b)
	}
	amount, ok := new(big.Int).SetString(p.AmountWei, 10)
	if !ok {
		return nil, fmt.Errorf("amount %q is not a number", p.AmountWei)
	}
	s, err := r.link.transact(ctx, r.key, common.Address(r.Chain.Contract), r.root.PackExit(new(big.Int).SetUint64(p.Checkpoint),
		new(big.Int).SetUint64(p.ID), common.Address(p.To), amount, siblings))
	if err != nil {
		return nil, fmt.Errorf("%s withdrawal %d: %w", p.Chain, p.ID, err)
	}
	out := &Exited{Tx: s.tx}
	for _, l := range s.logs {
		if q, err := r.root.UnpackExitQueuedEvent(l); err == nil {
			out.Queued, out.ReleaseAt = true, time.Unix(q.ReleaseAt.Int64(), 0).UTC()
		}
	}
	return out, nil
}

// Claim pays out a queued exit once its delay has passed.
func (r *Root) Claim(ctx context.Context, id uint64) error {
	if _, err := r.link.transact(ctx, r.key, common.Address(r.Chain.Contract), r.root.PackClaim(new(big.Int).SetUint64(id))); err != nil {
		return fmt.Errorf("%s withdrawal %d: %w", r.Chain.Name, id, err)
	}
	return nil
}
