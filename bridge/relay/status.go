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
	// SignerBalance is the bridge key's balance there, in wei: it pays for
	// checkpoint submissions.
	SignerBalance string `json:"signer_balance_wei"`
}

// ReadRootStatus asks a root chain's RPC about the contract and signer.
func ReadRootStatus(ctx context.Context, rpcURL string, contract, signer address.Address) (*RootStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	client, id, err := dialChain(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	defer client.Close()
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
	return &RootStatus{ChainID: id.Uint64(), Latest: latest, LastCheckpoint: u64(last), DepositNonce: u64(nonce), Paused: paused, SignerBalance: bal.String()}, nil
}

func u64(v *big.Int) uint64 {
	if !v.IsUint64() {
		return 0
	}
	return v.Uint64()
}
