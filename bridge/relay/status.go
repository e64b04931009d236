package relay

import (
	"context"
	"fmt"
	"math/big"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
)

// RootStatus is what a root chain says of the bridge.
type RootStatus struct {
	ChainID        uint64 `json:"chain_id"`
	Latest         uint64 `json:"latest_block"`
	LastCheckpoint uint64 `json:"last_checkpoint"`
	DepositNonce   uint64 `json:"deposit_nonce"`
	Paused         bool   `json:"paused"`
	// SignerBalance is the bridge key's balance there, in the coin's
	// smallest unit (wei; sun on TRON): it pays for checkpoint submissions.
	SignerBalance string `json:"signer_balance_wei"`
	// SignerCoins is that balance in whole coins (ether, BNB, TRX), and Low
	// whether it is below what a few checkpoints need.
	SignerCoins string `json:"signer_balance"`
	Low         bool   `json:"signer_balance_low"`
	// Tron is set for TRON, whose coin is TRX and addresses T….
	Tron bool `json:"tron,omitempty"`
}

// ReadRootStatus asks a root chain's RPC about the contract and signer.
func ReadRootStatus(ctx context.Context, rpcURL string, contract, signer address.Address) (*RootStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	l, err := dialLink(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	defer l.close()
	client := l.eth
	latest, err := client.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	root := contracts.NewBTTCRoot()
	c := root.Instance(client, common.Address(contract))
	opts := &bind.CallOpts{Context: ctx}
	last, err := bind.Call(c, opts, root.PackLastCheckpoint(), root.UnpackLastCheckpoint)
	if err != nil {
		return nil, fmt.Errorf("the contract at %s: %w", contract, err)
	}
	nonce, err := bind.Call(c, opts, root.PackDepositNonce(), root.UnpackDepositNonce)
	if err != nil {
		return nil, err
	}
	paused, err := bind.Call(c, opts, root.PackPaused(), root.UnpackPaused)
	if err != nil {
		return nil, err
	}
	bal, err := client.BalanceAt(ctx, common.Address(signer), nil)
	if err != nil {
		return nil, err
	}
	return &RootStatus{ChainID: l.chainID.Uint64(), Latest: latest, LastCheckpoint: u64(last), DepositNonce: u64(nonce), Paused: paused,
		SignerBalance: bal.String(), SignerCoins: l.coins(bal), Low: bal.Cmp(l.lowBalance()) < 0, Tron: l.isTron()}, nil
}

func u64(v *big.Int) uint64 {
	if !v.IsUint64() {
		return 0
	}
	return v.Uint64()
}
