package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"net"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/internal/rootchain"
)

// rootRPC is a go-ethereum chain served over HTTP JSON-RPC on loopback
// (internal/rootchain, blocks on Commit), with the root contract and a
// token deployed.
type rootRPC struct {
	sim   *rootchain.Chain
	url   string
	opts  *bind.TransactOpts
	root  *bind.BoundContract
	addr  common.Address
	token *bind.BoundContract
}

// ownerKey deployed the contracts and holds ether.
func ownerKey(t *testing.T) *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("relay test owner"))
	key, err := crypto.ToECDSA(seed[:])
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func newRootRPC(t *testing.T) *rootRPC {
	opts, err := bind.NewKeyedTransactorWithChainID(ownerKey(t), params.AllDevChainProtocolChanges.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := rootchain.Start(rootchain.Options{Fund: []common.Address{opts.From}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	r := &rootRPC{sim: sim, url: sim.URL, opts: opts}
	tok, _, token, err := bind.DeployContract(opts, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, sim.Client(), uint8(0))
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	r.token = token
	r.addr, _, r.root, err = bind.DeployContract(opts, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, sim.Client(),
		params.AllDevChainProtocolChanges.ChainID, crypto.Keccak256Hash([]byte("bttc-test")), tok, [32]byte{1}, opts.From,
		big.NewInt(1e18), big.NewInt(3600), big.NewInt(1e18), big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	r.send(t, r.token, "mint", opts.From, big.NewInt(1_000_000))
	r.send(t, r.token, "approve", r.addr, big.NewInt(1_000_000))
	return r
}

func (r *rootRPC) send(t *testing.T, c *bind.BoundContract, method string, args ...any) {
	t.Helper()
	tx, err := c.Transact(r.opts, method, args...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	r.sim.Commit()
	if rc, err := bind.WaitMined(context.Background(), r.sim.Client(), tx); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("%s: %v %v", method, rc, err)
	}
}

func (r *rootRPC) deposit(t *testing.T, to address.Address, amount int64) {
	r.send(t, r.root, "deposit", common.Address(to), big.NewInt(amount))
}

// head is the latest block number.
func (r *rootRPC) head(t *testing.T) uint64 {
	h, err := r.sim.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// mineTo commits empty blocks until the head is n.
func (r *rootRPC) mineTo(t *testing.T, n uint64) {
	for r.head(t) < n {
		r.sim.Commit()
	}
}

func (r *rootRPC) watcher(t *testing.T, dir string, confirmations, chainID uint64) *Watcher {
	w, err := NewWatcher(Config{Chain: "ethereum", RPC: r.url, ChainID: chainID, Contract: address.Address(r.addr),
		Confirmations: confirmations, StateFile: filepath.Join(dir, "ethereum.json"), MaxBlocks: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

// The watcher reports deposits once the RPC's finalized block passes them,
// in nonce order, and remembers them across a restart.
func TestWatcherFollowsFinality(t *testing.T) {
	r := newRootRPC(t)
	dir := t.TempDir()
	id := params.AllDevChainProtocolChanges.ChainID.Uint64()
	w := r.watcher(t, dir, 0, id)
	alice, bob := address.Address{0xa1}, address.Address{0xb0}
	r.deposit(t, alice, 100)
	r.deposit(t, bob, 200)
	// go-ethereum's dev beacon finalizes in epochs of 32 blocks; at a
	// boundary its finalized block is its latest, which is refused.
	r.mineTo(t, 32)
	if err := w.Poll(context.Background()); !errors.Is(err, ErrFinalityLie) {
		t.Fatalf("a poll where finalized = latest: %v", err)
	}
	if got := w.Deposits("ethereum", 1, 10); len(got) != 0 {
		t.Fatalf("deposits reported past a refused poll: %v", got)
	}
	r.mineTo(t, 33)
	if err := w.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := w.Deposits("ethereum", 1, 10)
	if len(got) != 2 || got[0].Nonce != 1 || got[0].Recipient != alice || got[0].Amount.Uint64() != 100 ||
		got[1].Nonce != 2 || got[1].Recipient != bob || got[1].RootTx == ([32]byte{}) {
		t.Fatalf("deposits %+v", got)
	}
	if got := w.Deposits("bsc", 1, 10); len(got) != 0 {
		t.Fatalf("another chain's deposits: %v", got)
	}
	// BTTC minted nonce 1: the watcher forgets it, and a restart resumes
	// from the file without rescanning or losing nonce 2.
	if got := w.Deposits("ethereum", 2, 10); len(got) != 1 || got[0].Nonce != 2 {
		t.Fatalf("from nonce 2: %+v", got)
	}
	w2 := r.watcher(t, dir, 0, id)
	if w2.scanned != w.scanned || w2.scanned == 0 {
		t.Fatalf("the restarted watcher resumes at %d, the first had scanned %d", w2.scanned, w.scanned)
	}
	if got := w2.Deposits("ethereum", 1, 10); len(got) != 0 {
		t.Fatalf("a gap is never skipped: from nonce 1 after 1 was minted: %+v", got)
	}
	if got := w2.Deposits("ethereum", 2, 10); len(got) != 1 || got[0].Nonce != 2 {
		t.Fatalf("after the restart: %+v", got)
	}
}

// With a confirmation count the watcher waits that many blocks; an RPC of
// another chain, or none at all, reports nothing and fails the poll.
func TestWatcherConfirmationsAndBadRPCs(t *testing.T) {
	r := newRootRPC(t)
	id := params.AllDevChainProtocolChanges.ChainID.Uint64()
	w := r.watcher(t, t.TempDir(), 3, id)
	r.deposit(t, address.Address{0xa1}, 5)
	at := r.head(t)
	r.mineTo(t, at+2)
	if err := w.Poll(context.Background()); err != nil || len(w.Deposits("ethereum", 1, 10)) != 0 {
		t.Fatalf("2 confirmations of 3: %v, %v", err, w.Deposits("ethereum", 1, 10))
	}
	r.mineTo(t, at+3)
	if err := w.Poll(context.Background()); err != nil || len(w.Deposits("ethereum", 1, 10)) != 1 {
		t.Fatalf("3 confirmations: %v, %v", err, w.Deposits("ethereum", 1, 10))
	}
	wrong := r.watcher(t, t.TempDir(), 3, 56)
	if err := wrong.Poll(context.Background()); !errors.Is(err, ErrWrongChain) {
		t.Fatalf("an RPC of another chain: %v", err)
	}
	down, err := NewWatcher(Config{Chain: "ethereum", RPC: fmt.Sprintf("http://127.0.0.1:%d", freePort(t)), ChainID: id,
		Contract: address.Address(r.addr), StateFile: filepath.Join(t.TempDir(), "s.json")})
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	if err := down.Poll(context.Background()); err == nil {
		t.Fatal("a poll of a closed port succeeded")
	}
	if len(down.Deposits("ethereum", 1, 10)) != 0 {
		t.Fatal("a down RPC reported deposits")
	}
}

// freePort is a free port on 127.0.0.1. (internal/testnode has the same,
// but it runs a node, which imports this package.)
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
