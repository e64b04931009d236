package relay

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
)

// DeployArgs are the root contract's constructor settings: the BTTC chain
// and signer set it trusts, the token it holds, and its own exit limits.
type DeployArgs struct {
	BTTCChainID string
	Set         bridge.Hash
	Token       address.Address
	// Guardian may pause the contract, and nothing else.
	Guardian address.Address
	// RateLimit is how much may exit per RateWindow; an exit of at least
	// DelayThreshold waits Delay after its checkpoint landed.
	RateLimit, DelayThreshold *uint256.Int
	RateWindow, Delay         time.Duration
}

// Deployed is a root contract just deployed.
type Deployed struct {
	Contract address.Address
	ChainID  uint64
	Tx       common.Hash
	// Tron is set when the chain is TRON: its people read addresses T….
	Tron bool
}

// Deploy deploys the root contract on the chain at rpcURL, paid by key's
// account there, and waits until it is mined.
func Deploy(ctx context.Context, rpcURL string, key *ecdsa.PrivateKey, a DeployArgs) (*Deployed, error) {
	if a.Token == (address.Address{}) || a.Guardian == (address.Address{}) {
		return nil, errors.New("the token and the guardian must not be the zero address")
	}
	if a.RateLimit == nil || a.RateLimit.IsZero() || a.RateWindow < time.Second {
		return nil, errors.New("the rate limit and its window must be positive")
	}
	l, err := dialLink(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	defer l.close()
	// A token address without code would take deposits that lock nothing.
	if code, err := l.eth.CodeAt(ctx, common.Address(a.Token), nil); err != nil {
		return nil, fmt.Errorf("rpc %q: %w", rpcURL, err)
	} else if len(code) == 0 {
		return nil, fmt.Errorf("the token %s has no code on chain %s", l.show(a.Token), l.chainID)
	}
	threshold := a.DelayThreshold
	if threshold == nil {
		threshold = a.RateLimit
	}
	input := contracts.NewBTTCRoot().PackConstructor(l.chainID, crypto.Keccak256Hash([]byte(a.BTTCChainID)), common.Address(a.Token),
		a.Set, common.Address(a.Guardian), a.RateLimit.ToBig(), big.NewInt(int64(a.RateWindow/time.Second)),
		threshold.ToBig(), big.NewInt(int64(a.Delay/time.Second)))
	code := append(append([]byte{}, contracts.RootArtifact.Bytecode...), input...)
	s, err := l.deploy(ctx, key, "BTTCRoot", contracts.RootArtifact.ABIJSON, code)
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	return &Deployed{Contract: address.Address(s.contract), ChainID: l.chainID.Uint64(), Tx: s.tx, Tron: l.isTron()}, nil
}
