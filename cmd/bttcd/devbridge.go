package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/staking"
)

// The dev chain's bridge: the root chain's name in its registry, what the
// dev key gets there, and what the validator's bridge key gets for gas.
const (
	devRootName      = "local"
	devRootTokensBTT = 1_000_000
	devConfirmations = 3
)

var devSignerGas = new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18))

// devBridge sets up the dev chain's bridge on a local root chain (such as
// bttc-rootchain) while the dev home is made: it deploys a test BTT token
// there and mints the dev key a million, funds the validator's bridge key
// for gas, deploys the root contract trusting the dev validator, and
// registers it in the genesis as "local".
type devBridge struct {
	url     string
	chainID string // BTTC's
	key     *ecdsa.PrivateKey
	out     io.Writer
	err     error
}

// tune is the genesis hook; the failure, if any, is kept in b.err, since
// the dev home must not be kept without the bridge that was asked for.
func (b *devBridge) tune(g *genesis.AppState) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	entry, err := b.setUp(ctx, g)
	if err != nil {
		b.err = fmt.Errorf("the dev chain's bridge on %s: %w", b.url, err)
		return
	}
	g.Bridge.Chains = append(g.Bridge.Chains, *entry)
}

func (b *devBridge) setUp(ctx context.Context, g *genesis.AppState) (*bridge.RootChain, error) {
	if len(g.Staking.Validators) != 1 {
		return nil, errors.New("the dev genesis should have one validator")
	}
	val := g.Staking.Validators[0]
	client, id, err := dialRootChain(ctx, b.url)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	fmt.Fprintf(b.out, "Setting up the bridge on the root chain at %s (chain %s)...\n", b.url, id)
	send := func(what string, to *common.Address, data []byte, value *big.Int) (*types.Receipt, error) {
		opts := bind.NewKeyedTransactor(b.key, id)
		opts.Context, opts.Value = ctx, value
		var tx *types.Transaction
		var err error
		switch {
		case to == nil:
			_, tx, err = bind.DeployContract(opts, contracts.TestTokenArtifact.Bytecode, client, data)
		case data == nil: // coins to an account: bind calls contracts only
			tx, err = sendCoins(ctx, client, opts, *to, value)
		default:
			tx, err = bind.Transact(bind.NewBoundContract(*to, contracts.TestTokenArtifact.ABI, client, client, client), opts, data)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		rc, err := bind.WaitMined(ctx, client, tx.Hash())
		if err != nil || rc.Status != types.ReceiptStatusSuccessful {
			return nil, fmt.Errorf("%s: transaction %s did not succeed (%v)", what, tx.Hash(), err)
		}
		return rc, nil
	}
	token := contracts.NewTestToken()
	rc, err := send("deploy the test token", nil, token.PackConstructor(0), nil)
	if err != nil {
		return nil, err
	}
	tokenAt := rc.ContractAddress
	dev := address.FromPublicKey(&b.key.PublicKey)
	if _, err := send("mint test BTT", &tokenAt, token.PackMint(common.Address(dev), btt.FromBTT(devRootTokensBTT).ToBig()), nil); err != nil {
		return nil, err
	}
	signer := common.Address(val.BridgeSigner)
	if _, err := send("fund the bridge key", &signer, nil, devSignerGas); err != nil {
		return nil, err
	}
	set := bridge.NewSignerSet([]address.Address{val.BridgeSigner}, []uint64{uint64(staking.PowerOf(val.SelfBond.Wei()))})
	limit, threshold := btt.FromBTT(1_000_000), btt.FromBTT(100_000)
	d, err := relay.Deploy(ctx, b.url, b.key, relay.DeployArgs{BTTCChainID: b.chainID, Set: set.Hash(), Token: address.Address(tokenAt),
		Guardian: dev, RateLimit: limit, RateWindow: time.Hour, DelayThreshold: threshold, Delay: time.Hour})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(b.out, "  test BTT token %s (%d for the dev key), root contract %s\n", address.Address(tokenAt).Hex(), devRootTokensBTT, d.Contract.Hex())
	// A deposit is final after devConfirmations blocks rather than at the
	// dev beacon's finalized block (up to 32 blocks), and checkpoints come
	// every 5 BTTC blocks: the round trip takes seconds.
	return &bridge.RootChain{Name: devRootName, ChainID: d.ChainID, Contract: d.Contract, Token: address.Address(tokenAt),
		Confirmations: devConfirmations, CheckpointInterval: 5, RateLimit: btt.NewAmount(limit), RateWindow: dec.Of(time.Hour),
		MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(threshold)}, nil
}

// sendCoins sends value of the chain's coin from opts' account to to.
func sendCoins(ctx context.Context, client *ethclient.Client, opts *bind.TransactOpts, to common.Address, value *big.Int) (*types.Transaction, error) {
	nonce, err := client.PendingNonceAt(ctx, opts.From)
	if err != nil {
		return nil, err
	}
	price, err := client.SuggestGasPrice(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := opts.Signer(opts.From, types.NewTx(&types.LegacyTx{Nonce: nonce, GasPrice: price, Gas: 21_000, To: &to, Value: value}))
	if err != nil {
		return nil, err
	}
	return tx, client.SendTransaction(ctx, tx)
}

// dialRootChain connects to a root chain's JSON-RPC, waiting a little for
// one that is starting beside this command (make run starts both).
func dialRootChain(ctx context.Context, url string) (*ethclient.Client, *big.Int, error) {
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		id, err := client.ChainID(ctx)
		if err == nil {
			return client, id, nil
		}
		if time.Now().After(deadline) {
			client.Close()
			return nil, nil, fmt.Errorf("no root chain answers (start one with bttc-rootchain): %w", err)
		}
		select {
		case <-ctx.Done():
			client.Close()
			return nil, nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// errNoDevBridge is returned by checkDevBridge for a dev chain made
// without a bridge.
var errNoDevBridge = errors.New("this dev chain was made without a bridge, and runs without one: 'bttcd dev --reset --bridge URL' starts one with it")

// checkDevBridge looks, before an existing dev chain starts with --bridge,
// at whether it has a bridge and whether its root contract is still on the
// root chain at url: a root chain started afresh has lost it.
func checkDevBridge(ctx context.Context, genesisFile, url string) error {
	_, g, err := genesis.Load(genesisFile)
	if err != nil {
		return err
	}
	var local *bridge.RootChain
	for i := range g.Bridge.Chains {
		if g.Bridge.Chains[i].Name == devRootName {
			local = &g.Bridge.Chains[i]
		}
	}
	if local == nil {
		return errNoDevBridge
	}
	client, _, err := dialRootChain(ctx, url)
	if err != nil {
		return err
	}
	defer client.Close()
	code, err := client.CodeAt(ctx, common.Address(local.Contract), nil)
	if err != nil {
		return err
	}
	if len(code) == 0 {
		return fmt.Errorf("the root chain at %s has no root contract at %s: it is not the chain this dev chain was made with; 'bttcd dev --reset --bridge %s' starts both afresh", url, local.Contract.Hex(), url)
	}
	return nil
}
