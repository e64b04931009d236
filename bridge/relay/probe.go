package relay

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bttc-network/bttc/core/address"
)

// ProbeResult is what Probe found of a root chain's RPC.
type ProbeResult struct {
	ChainID       uint64
	Latest, Final uint64 // the latest block and the last final by the chain's rule
	Balance       string // the signer's balance in coins (ETH, BNB, TRX)
	Low           bool   // below what a few checkpoints cost
	FinalityErr   error  // the RPC's finality could not be read, or it lies
}

// Probe reads a root chain's RPC once, for `bttcd doctor`: its chain id,
// how far finality trails the latest block (with confirmations as a
// registered chain has them), and signer's balance.
func Probe(ctx context.Context, rpcURL string, confirmations uint64, signer address.Address) (*ProbeResult, error) {
	l, err := dialLink(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	defer l.close()
	r := &ProbeResult{ChainID: l.chainID.Uint64()}
	w := &Watcher{cfg: Config{Confirmations: confirmations}, link: l}
	r.Final, r.Latest, r.FinalityErr = w.finalBlock(ctx)
	bal, err := l.eth.BalanceAt(ctx, common.Address(signer), nil)
	if err != nil {
		return r, fmt.Errorf("balance of %s: %w", signer, err)
	}
	r.Balance, r.Low = l.coins(bal), bal.Cmp(l.lowBalance()) < 0
	return r, nil
}
