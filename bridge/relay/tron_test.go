package relay

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay/tron"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/internal/rootchain"
)

// On TRON (here its stand-in, a go-ethereum chain behind TRON's API) the
// watcher follows the solidified block, which it reads from the HTTP API,
// with the chain's confirmations counted below it; a node whose solidified
// block is its latest is refused as lying about finality.
func TestWatcherTronStandInSolidified(t *testing.T) {
	key := ownerKey(t)
	chain, err := rootchain.Start(rootchain.Options{ChainID: tron.Mainnet, Fund: []common.Address{crypto.PubkeyToAddress(key.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	api, err := chain.ServeTron(key)
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	api.SetSolidLag(5)
	opts, _ := bind.NewKeyedTransactorWithChainID(key, chain.ChainID)
	send := func(deploy func() (*types.Transaction, error)) {
		t.Helper()
		tx, err := deploy()
		if err != nil {
			t.Fatal(err)
		}
		chain.Commit()
		if rc, err := bind.WaitMined(context.Background(), chain.Client(), tx); err != nil || rc.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("%v %v", rc, err)
		}
	}
	var tokenAddr, rootAddr common.Address
	var token, root *bind.BoundContract
	send(func() (tx *types.Transaction, err error) {
		tokenAddr, tx, token, err = bind.DeployContract(opts, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, chain.Client(), uint8(0))
		return
	})
	send(func() (tx *types.Transaction, err error) {
		rootAddr, tx, root, err = bind.DeployContract(opts, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, chain.Client(),
			chain.ChainID, crypto.Keccak256Hash([]byte("bttc-test")), tokenAddr, [32]byte{1}, opts.From, big.NewInt(1e18), big.NewInt(3600), big.NewInt(1e18), big.NewInt(600))
		return
	})
	send(func() (*types.Transaction, error) { return token.Transact(opts, "mint", opts.From, big.NewInt(100)) })
	send(func() (*types.Transaction, error) { return token.Transact(opts, "approve", rootAddr, big.NewInt(100)) })
	send(func() (*types.Transaction, error) {
		return root.Transact(opts, "deposit", common.Address{0xa1}, big.NewInt(7))
	})
	deposited := chain.Head()

	w, err := NewWatcher(Config{Chain: "tron", RPC: api.URL, ChainID: tron.Mainnet, Contract: address.Address(rootAddr),
		Confirmations: 2, StateFile: filepath.Join(t.TempDir(), "tron.json")})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx := context.Background()
	for chain.Head() < deposited+5+1 { // solidified past it, but not 2 below
		chain.Commit()
	}
	if err := w.Poll(ctx); err != nil || len(w.Deposits("tron", 1, 10)) != 0 {
		t.Fatalf("solidified, without its confirmations: %v, %v", err, w.Deposits("tron", 1, 10))
	}
	for chain.Head() < deposited+5+2 {
		chain.Commit()
	}
	if err := w.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.Deposits("tron", 1, 10); len(got) != 1 || got[0].Amount.Uint64() != 7 || got[0].Recipient != (address.Address{0xa1}) {
		t.Fatalf("deposits %+v", got)
	}
	api.SetSolidLag(0)
	if err := w.Poll(ctx); !errors.Is(err, ErrFinalityLie) {
		t.Fatalf("solidified = latest: %v", err)
	}
}
