package rootchain

import (
	"context"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// A chain kept in a directory serves its chain id and funded accounts over
// HTTP, makes blocks on its own, and continues after a restart.
func TestChainPersistsAndServesHTTP(t *testing.T) {
	dir := t.TempDir()
	funded := common.HexToAddress("0x00000000000000000000000000000000000000f1")
	c, err := Start(Options{ChainID: 56, DataDir: dir, BlockTime: 20 * time.Millisecond, Fund: []common.Address{funded}})
	if err != nil {
		t.Fatal(err)
	}
	client, err := ethclient.Dial(c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	if id, err := client.ChainID(ctx); err != nil || id.Int64() != 56 {
		t.Fatalf("chain id %v, %v; want 56", id, err)
	}
	if bal, err := client.BalanceAt(ctx, funded, nil); err != nil || bal.Cmp(Coins) != 0 {
		t.Fatalf("funded balance %v, %v; want %v", bal, err, Coins)
	}
	deadline := time.Now().Add(10 * time.Second)
	for c.Head() < 40 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if c.Head() < 40 {
		t.Fatalf("head %d after 10 s of 20 ms blocks", c.Head())
	}
	// The dev beacon finalizes behind the head, as a real chain does.
	fin, err := client.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil || fin.Number.Uint64() >= c.Head() {
		t.Fatalf("finalized %v (%v) is not behind the head %d", fin, err, c.Head())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	was := c.Head()

	c2, err := Start(Options{ChainID: 56, DataDir: dir, Fund: []common.Address{funded}})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if c2.Head() < was {
		t.Fatalf("restarted at %d, stopped at %d", c2.Head(), was)
	}
	h := c2.Head()
	c2.Commit()
	if c2.Head() != h+1 {
		t.Fatalf("Commit made head %d from %d", c2.Head(), h)
	}
}

// A port in use and a chain id that differs from the directory's chain are
// clear errors, not panics.
func TestStartErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := Start(Options{Addr: l.Addr().String()}); err == nil || !strings.Contains(err.Error(), "cannot serve JSON-RPC") {
		t.Fatalf("port in use: %v", err)
	}
	if _, err := Start(Options{Addr: "localhost"}); err == nil || !strings.Contains(err.Error(), "want host:port") {
		t.Fatalf("no port: %v", err)
	}
	dir := t.TempDir()
	c, err := Start(Options{ChainID: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c.Commit()
	c.Close()
	if _, err := Start(Options{ChainID: 5, DataDir: dir}); err == nil || !strings.Contains(err.Error(), "not 5: use --chain-id 1") {
		t.Fatalf("another chain id in the same directory: %v", err)
	}
}

// Rewind drops blocks and their transactions: a transfer in a dropped
// block is gone from the chain, and the sender's nonce is free again.
func TestRewind(t *testing.T) {
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	c, err := Start(Options{Fund: []common.Address{from}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	c.Commit()
	base := c.Head()
	to := common.Address{0x77}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(c.ChainID), &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(2e9), Gas: 21_000, To: &to, Value: big.NewInt(5)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	c.Commit()
	c.Commit()
	if bal, _ := c.Client().BalanceAt(ctx, to, nil); bal.Int64() != 5 {
		t.Fatalf("the transfer did not land: %v", bal)
	}
	if err := c.Rewind(base); err != nil {
		t.Fatal(err)
	}
	c.Commit()
	c.Commit()
	if bal, _ := c.Client().BalanceAt(ctx, to, nil); bal.Sign() != 0 || c.Head() != base+2 {
		t.Fatalf("after the rewind: balance %v, head %d (from %d)", bal, c.Head(), base)
	}
	if n, _ := c.Client().NonceAt(ctx, from, nil); n != 0 {
		t.Fatalf("nonce %d after the rewind", n)
	}
	if err := c.Rewind(c.Head() + 10); err == nil {
		t.Fatal("rewound to a block that does not exist")
	}
}
