package storage_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/rand"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// fixture runs the storage module over a real tree as the chain does:
// messages in branches kept on success, then the end-block sweep with the
// block's hash; the escrow invariant after each.
type fixture struct {
	t      testing.TB
	store  *state.Store
	kv     *state.Cache // the block's writes, flushed and committed at its end, as the chain does
	height int64
	events []tx.Event // of the last end block
	// unchecked skips the invariant, which reads every contract: for
	// benchmarks that set up thousands.
	unchecked bool
}

func testParams() storage.Params {
	p := storage.DefaultParams()
	p.LeafSize, p.Challenges, p.Lookback = 64, 4, 2
	return p
}

func newFixture(t testing.TB, p storage.Params) *fixture {
	t.Helper()
	st, err := state.OpenMemory(state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: st, kv: state.NewCache(st.Working()), height: 1}
	if err := storage.New(f.kv).InitGenesis(&storage.Genesis{Params: p}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) fund(a address.Address, amount *uint256.Int) {
	if err := bank.New(f.kv).Mint(a, amount); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) balance(a address.Address) *uint256.Int {
	b, err := bank.New(f.kv).Balance(a)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func (f *fixture) env(sender address.Address) tx.Env {
	return tx.Env{ChainID: "bttc-storage-test", Height: f.height, Sender: sender}
}

func (f *fixture) do(sender address.Address, m tx.Msg) ([]tx.Event, error) {
	f.t.Helper()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	branch := state.NewCache(f.kv)
	ev, err := storage.New(branch).Handle(f.env(sender), m)
	if errors.Is(err, state.ErrFault) {
		f.t.Fatalf("store fault: %v", err)
	}
	if err == nil {
		if err := branch.Flush(f.kv); err != nil {
			f.t.Fatal(err)
		}
	}
	f.check()
	return ev, err
}

func (f *fixture) must(sender address.Address, m tx.Msg) []tx.Event {
	f.t.Helper()
	ev, err := f.do(sender, m)
	if err != nil {
		f.t.Fatalf("%s at height %d: %v", m.Kind(), f.height, err)
	}
	return ev
}

// endBlock ends the current height with a hash of its number and moves on.
func (f *fixture) endBlock() {
	f.t.Helper()
	h := sha256.Sum256(binary.BigEndian.AppendUint64(nil, uint64(f.height)))
	ev, err := storage.New(f.kv).EndBlock(f.env(address.Address{}), h[:])
	if err != nil {
		f.t.Fatalf("end block %d: %v", f.height, err)
	}
	f.events = ev
	f.check()
	if err := f.kv.Flush(f.store.Working()); err != nil {
		f.t.Fatal(err)
	}
	if _, _, err := f.store.Commit(); err != nil {
		f.t.Fatal(err)
	}
	f.kv = state.NewCache(f.store.Working())
	f.height++
}

// to runs empty blocks until height is the current one.
func (f *fixture) to(height int64) {
	for f.height < height {
		f.endBlock()
	}
}

func (f *fixture) check() {
	f.t.Helper()
	if f.unchecked {
		return
	}
	if err := storage.Invariant(storage.New(f.kv)); err != nil {
		f.t.Fatalf("height %d: %v", f.height, err)
	}
}

func (f *fixture) contract(id deal.ID) *storage.Contract {
	f.t.Helper()
	c, err := storage.New(f.kv).Contract(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// file is a test file of n bytes and its tree at leaf size ls.
type file struct {
	data []byte
	tree *merkle.Tree
	ls   uint64
}

func newFile(t testing.TB, n int, ls uint64, seed int64) *file {
	data := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(data)
	tree, size, err := merkle.FromReader(bytes.NewReader(data), int(ls))
	if err != nil || size != uint64(n) {
		t.Fatal(err)
	}
	return &file{data: data, tree: tree, ls: ls}
}

// proof answers period p of id from the file, as an honest host does.
func (f *fixture) proof(id deal.ID, p uint64, fl *file) *deal.MsgProve {
	f.t.Helper()
	ch, err := storage.New(f.kv).Challenge(id, p)
	if err != nil || !ch.Ready {
		f.t.Fatalf("challenge %d: %+v %v", p, ch, err)
	}
	m, err := deal.Prove(id, p, ch.Indices, fl.tree, deal.BytesLeaves(fl.data, fl.ls))
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

// terms for fl with host, starting at start: 4 periods of 10 blocks,
// windows of 5, 100 wei a period, 1,000 collateral, 200 a miss, 2 misses.
func terms(host address.Address, fl *file, start uint64) deal.Terms {
	return deal.Terms{Host: host, Root: fl.tree.Root(), Size: uint64(len(fl.data)), Start: start, Period: 10, Periods: 4, Window: 5,
		Price: uint256.NewInt(100), Collateral: uint256.NewInt(1000), MaxMisses: 2, SlashPerMiss: uint256.NewInt(200)}
}
