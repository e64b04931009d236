package tron_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay/tron"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/internal/rootchain"
)

// standIn is a go-ethereum chain with TRON mainnet's chain id behind the
// TRON API stand-in, and a funded key it may send for.
func standIn(t *testing.T) (*rootchain.TronStandIn, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	c, err := rootchain.Start(rootchain.Options{ChainID: tron.Mainnet, BlockTime: 50 * time.Millisecond, Fund: []common.Address{crypto.PubkeyToAddress(key.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.ServeTron(key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, key
}

// The client deploys a contract and calls it through the HTTP API (the
// stand-in checks ids, signatures, reference blocks), reads the result over
// /jsonrpc, and reports a reverted call with its revert data.
func TestClientWritesThroughTheAPI(t *testing.T) {
	s, key := standIn(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := tron.NewClient(s.URL)
	api.Poll = 50 * time.Millisecond
	token := contracts.NewTestToken()
	code := append(append([]byte{}, contracts.TestTokenArtifact.Bytecode...), token.PackConstructor(0)...)
	sent, err := api.Create(ctx, key, "TestToken", "[]", code, tron.DefaultFeeLimit)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Contract.IsZero() {
		t.Fatal("no contract address")
	}
	me := address.FromPublicKey(&key.PublicKey)
	if _, err := api.Call(ctx, key, sent.Contract, token.PackMint(common.Address(me), big.NewInt(5000)), tron.DefaultFeeLimit); err != nil {
		t.Fatal(err)
	}
	eth, err := ethclient.Dial(s.URL + "/jsonrpc")
	if err != nil {
		t.Fatal(err)
	}
	defer eth.Close()
	out, err := eth.CallContract(ctx, ethereum.CallMsg{To: (*common.Address)(&sent.Contract), Data: token.PackBalanceOf(common.Address(me))}, nil)
	if err != nil || new(big.Int).SetBytes(out).Int64() != 5000 {
		t.Fatalf("balanceOf over /jsonrpc: %x, %v", out, err)
	}
	// TRX has 6 decimals: 1,000 coins of the chain are 1e9 sun.
	if bal, err := eth.BalanceAt(ctx, common.Address(me), nil); err != nil || bal.Cmp(big.NewInt(1e9)) > 0 || bal.Sign() == 0 {
		t.Fatalf("balance in sun %v, %v", bal, err)
	}
	// transferFrom without an allowance reverts: the error carries it.
	_, err = api.Call(ctx, key, sent.Contract, token.PackTransferFrom(common.Address{1}, common.Address(me), big.NewInt(1)), tron.DefaultFeeLimit)
	var rev *tron.Reverted
	if !errors.As(err, &rev) || rev.Result != "REVERT" {
		t.Fatalf("a reverting call: %v", err)
	}
	if _, err := api.Call(ctx, key, address.Address{0x77}, []byte{1}, tron.DefaultFeeLimit); err == nil || !strings.Contains(err.Error(), "No contract") {
		t.Fatalf("a call of no contract: %v", err)
	}
}

// What the client signs is checked first: a node that builds another call
// than the one asked for, or lies about the id, gets nothing signed; the
// stand-in refuses what TRON refuses.
func TestChecksAndRefusals(t *testing.T) {
	s, key := standIn(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := tron.NewClient(s.URL)
	me := address.FromPublicKey(&key.PublicKey)
	token := contracts.NewTestToken()
	code := append(append([]byte{}, contracts.TestTokenArtifact.Bytecode...), token.PackConstructor(0)...)
	deployed, err := api.Create(ctx, key, "TestToken", "[]", code, tron.DefaultFeeLimit)
	if err != nil {
		t.Fatal(err)
	}
	data := token.PackMint(common.Address(me), big.NewInt(1))
	tx, err := api.Trigger(ctx, me, deployed.Contract, data, tron.DefaultFeeLimit)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.CheckCall(me, deployed.Contract, data, tron.DefaultFeeLimit); err != nil {
		t.Fatalf("the honest transaction: %v", err)
	}
	for name, check := range map[string]error{
		"other data":       tx.CheckCall(me, deployed.Contract, token.PackMint(common.Address(me), big.NewInt(2)), tron.DefaultFeeLimit),
		"other contract":   tx.CheckCall(me, address.Address{5}, data, tron.DefaultFeeLimit),
		"higher fee limit": tx.CheckCall(me, deployed.Contract, data, tron.DefaultFeeLimit-1),
		"not a deployment": tx.CheckCreate(me, code, tron.DefaultFeeLimit),
	} {
		if !errors.Is(check, tron.ErrUnexpected) {
			t.Errorf("%s: %v", name, check)
		}
	}
	lying := *tx
	lying.TxID = strings.Repeat("00", 32)
	if err := lying.CheckCall(me, deployed.Contract, data, tron.DefaultFeeLimit); !errors.Is(err, tron.ErrTxID) {
		t.Errorf("a txID that is not the raw data's hash: %v", err)
	}

	// Signed by another key: SIGERROR.
	other, _ := crypto.GenerateKey()
	forged := *tx
	if err := forged.Sign(other); err != nil {
		t.Fatal(err)
	}
	var apiErr *tron.APIError
	if err := api.Broadcast(ctx, &forged); !errors.As(err, &apiErr) || apiErr.Code != "SIGERROR" {
		t.Fatalf("another key's signature: %v", err)
	}
	// raw_data that says another thing than its hex: refused.
	tampered := *tx
	var rawJSON map[string]any
	_ = json.Unmarshal(tx.RawData, &rawJSON)
	rawJSON["fee_limit"] = 1
	tampered.RawData, _ = json.Marshal(rawJSON)
	if err := tampered.Sign(key); err != nil {
		t.Fatal(err)
	}
	if err := api.Broadcast(ctx, &tampered); !errors.As(err, &apiErr) || apiErr.Code != "SIGERROR" {
		t.Fatalf("tampered raw_data: %v", err)
	}
	// The honest one goes once; again is a duplicate.
	if err := tx.Sign(key); err != nil {
		t.Fatal(err)
	}
	if err := api.Broadcast(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := api.Broadcast(ctx, tx); !errors.As(err, &apiErr) || apiErr.Code != "DUP_TRANSACTION_ERROR" {
		t.Fatalf("the same transaction twice: %v", err)
	}
	if _, err := api.Wait(ctx, tx.TxID); err != nil {
		t.Fatal(err)
	}
	if n, err := api.SolidBlock(ctx); err != nil || n == 0 {
		t.Fatalf("solid block %d, %v", n, err)
	}
}
