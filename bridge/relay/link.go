package relay

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"strings"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay/tron"
	"github.com/bttc-network/bttc/core/address"
)

// link reaches one root chain. Reads go through its Ethereum JSON-RPC on
// every chain; writes are signed Ethereum transactions, except on TRON,
// whose JSON-RPC only reads: there they go through its HTTP API, and the
// JSON-RPC is the API's /jsonrpc.
type link struct {
	eth     *ethclient.Client
	chainID *big.Int
	tron    *tron.Client // nil on an EVM chain
}

// sent is a write in a block, its call successful.
type sent struct {
	tx       common.Hash
	contract common.Address // a deployment's
	logs     []*types.Log
}

// newLink prepares the link to a chain whose id is known, without
// connecting: url is its JSON-RPC, or for TRON its HTTP API's base.
func newLink(url string, chainID uint64) (*link, error) {
	l := &link{chainID: new(big.Int).SetUint64(chainID)}
	rpcURL := url
	if tron.IsChainID(chainID) {
		base := tronBase(url)
		l.tron, rpcURL = tron.NewClient(base), base+"/jsonrpc"
	}
	var err error
	if l.eth, err = ethclient.Dial(rpcURL); err != nil {
		return nil, fmt.Errorf("rpc %q: %w", url, err)
	}
	return l, nil
}

// tronBase is a TRON node's API base, given it or its /jsonrpc.
func tronBase(url string) string {
	return strings.TrimSuffix(strings.TrimRight(url, "/"), "/jsonrpc")
}

// dialLink connects to the chain at url and asks its id: a JSON-RPC, or a
// TRON node's API (whose JSON-RPC is at /jsonrpc beneath it).
func dialLink(ctx context.Context, url string) (*link, error) {
	eth, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("rpc %q: %w", url, err)
	}
	id, err := eth.ChainID(ctx)
	eth.Close()
	if err != nil && tronBase(url) == url {
		if l, e := newLink(url, tron.Mainnet); e == nil {
			if tid, e := l.eth.ChainID(ctx); e == nil && tid.IsUint64() && tron.IsChainID(tid.Uint64()) {
				l.chainID = tid
				return l, nil
			}
			l.close()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("rpc %q: chain id: %w", url, err)
	}
	if !id.IsUint64() {
		return nil, fmt.Errorf("rpc %q: chain id %s does not fit 64 bits", url, id)
	}
	return newLink(url, id.Uint64())
}

func (l *link) close() { l.eth.Close() }

// isTron reports whether the chain is TRON.
func (l *link) isTron() bool { return l.tron != nil }

// decimals of the chain's coin: TRX has 6, ether and BNB 18.
func (l *link) decimals() int {
	if l.isTron() {
		return 6
	}
	return 18
}

// coin is an amount of the chain's coin, in its smallest unit, as a
// number of coins, for a gauge.
func (l *link) coin(v *big.Int) float64 {
	f, _ := new(big.Float).Quo(new(big.Float).SetInt(v), new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(l.decimals())), nil))).Float64()
	return f
}

// coins writes an amount of the chain's coin exactly, in coins.
func (l *link) coins(v *big.Int) string {
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(l.decimals())), nil)
	whole, frac := new(big.Int).QuoRem(v, unit, new(big.Int))
	if frac.Sign() == 0 {
		return whole.String()
	}
	digits := fmt.Sprintf("%0*s", l.decimals(), frac.String())
	return whole.String() + "." + strings.TrimRight(digits, "0")
}

// lowBalance is the default balance below which a bridge key's account is
// reported low: LowBalance in wei, 100 TRX on TRON (energy is dearer than
// gas: a checkpoint can burn tens of TRX).
func (l *link) lowBalance() *big.Int {
	if l.isTron() {
		return big.NewInt(100_000_000)
	}
	return LowBalance
}

// transact calls contract to with data from key's account and waits until
// it is in a block. A call the contract refuses fails with an error whose
// revert data isRevert reads, on either kind of chain.
func (l *link) transact(ctx context.Context, key *ecdsa.PrivateKey, to common.Address, data []byte) (*sent, error) {
	if l.isTron() {
		s, err := l.tron.Call(ctx, key, address.Address(to), data, tron.DefaultFeeLimit)
		if err != nil {
			return nil, refusal(err)
		}
		return &sent{tx: common.HexToHash(s.TxID), logs: s.Logs}, nil
	}
	opts := bind.NewKeyedTransactor(key, l.chainID)
	opts.Context = ctx
	// The calldata is packed already; the ABI only names errors.
	tx, err := bind.Transact(bind.NewBoundContract(to, contracts.RootArtifact.ABI, l.eth, l.eth, l.eth), opts, data)
	if err != nil {
		return nil, refusal(err)
	}
	return l.mined(ctx, tx.Hash())
}

// deploy creates a contract of code (creation code and constructor input)
// from key's account and waits until it is in a block.
func (l *link) deploy(ctx context.Context, key *ecdsa.PrivateKey, name, abiJSON string, code []byte) (*sent, error) {
	if l.isTron() {
		s, err := l.tron.Create(ctx, key, name, abiJSON, code, tron.DefaultFeeLimit)
		if err != nil {
			return nil, err
		}
		return &sent{tx: common.HexToHash(s.TxID), contract: common.Address(s.Contract), logs: s.Logs}, nil
	}
	opts := bind.NewKeyedTransactor(key, l.chainID)
	opts.Context = ctx
	_, tx, err := bind.DeployContract(opts, code, l.eth, nil)
	if err != nil {
		return nil, err
	}
	return l.mined(ctx, tx.Hash())
}

// mined waits for an Ethereum transaction's receipt.
func (l *link) mined(ctx context.Context, hash common.Hash) (*sent, error) {
	rc, err := bind.WaitMined(ctx, l.eth, hash)
	if err != nil {
		// It may still be mined: name it, so that it can be looked up.
		return nil, fmt.Errorf("transaction %s was sent but is not mined yet: %w", hash, err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return nil, fmt.Errorf("transaction %s reverted", hash)
	}
	return &sent{tx: hash, contract: rc.ContractAddress, logs: rc.Logs}, nil
}

// show prints an address as people of the chain read it: T… on TRON.
func (l *link) show(a address.Address) string {
	if l.isTron() {
		return a.Tron()
	}
	return a.Hex()
}
