package chain

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	ics23 "github.com/cosmos/ics23/go"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

const gas = 100_000

// TestLifecycle drives CheckTx → PrepareProposal → ProcessProposal →
// FinalizeBlock → Commit → Query, then closes and reopens the store.
func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	store, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob, carol := newUser(t), newUser(t), newUser(t)
	genesisState := appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(100)})
	c := newTestChain(t, store, genesisState, Config{})

	block1 := [][]byte{
		alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(10))),
		alice.sign(t, testChainID, gas, &bank.MsgMultiSend{Outputs: []bank.Output{{To: bob.addr, Amount: btt.FromBTT(1)}, {To: carol.addr, Amount: btt.FromBTT(2)}}}),
	}
	res := c.block(block1...)
	for i, r := range res.TxResults {
		if r.Code != 0 {
			t.Fatalf("tx %d failed: %s", i, r.Log)
		}
		if r.GasUsed <= 0 || r.GasUsed > gas {
			t.Fatalf("tx %d used %d gas of %d", i, r.GasUsed, gas)
		}
	}
	if have := countEvents(res.TxResults[0].Events, bank.EventTransfer); have != 1 {
		t.Fatalf("send emitted %d transfer events", have)
	}
	if have := countEvents(res.TxResults[1].Events, bank.EventTransfer); have != 2 {
		t.Fatalf("multi-send emitted %d transfer events", have)
	}
	if attr := findAttr(res.TxResults[0].Events, EventTx, AttrTxSender); attr != alice.addr.Hex() {
		t.Fatalf("tx.sender = %q, want %s", attr, alice.addr)
	}

	// The fee is the gas used, not the limit: the rest is refunded.
	used := uint64(res.TxResults[0].GasUsed + res.TxResults[1].GasUsed)
	if used >= 2*gas {
		t.Fatalf("the two transactions used %d gas of %d: nothing to refund, the test proves nothing", used, 2*gas)
	}
	wantAlice := btt.FromBTT(87)
	wantAlice.Sub(wantAlice, feeOf(used))
	if have := c.balance(alice.addr); !have.Eq(wantAlice) {
		t.Fatalf("alice holds %s, want %s", btt.Format(have), btt.Format(wantAlice))
	}
	if fee := findAttr(res.TxResults[0].Events, bank.EventFee, bank.AttrAmount); fee != feeOf(uint64(res.TxResults[0].GasUsed)).Dec() {
		t.Fatalf("fee event says %s wei, gas used × price is %s", fee, feeOf(uint64(res.TxResults[0].GasUsed)).Dec())
	}
	if have := c.balance(bob.addr); !have.Eq(btt.FromBTT(11)) {
		t.Fatalf("bob holds %s", btt.Format(have))
	}
	if have := c.balance(address.Module(bank.FeeCollector)); !have.Eq(feeOf(used)) {
		t.Fatalf("fee collector holds %s, want %s", have, feeOf(used))
	}
	if n := c.account(alice.addr).Nonce; n != 2 {
		t.Fatalf("alice's nonce is %d, want 2", n)
	}
	checkSupply(t, c, btt.FromBTT(100), alice, bob, carol)

	// An empty block changes nothing, so the hash stays.
	c.block()
	if !bytes.Equal(c.hashes[0], c.hashes[1]) {
		t.Fatal("an empty block changed the app hash")
	}

	// Determinism: a second app fed the same blocks ends with the same hashes.
	twin := newTestChain(t, memStore(t), genesisState, Config{})
	twin.finalize(block1...)
	if !bytes.Equal(twin.hashes[0], c.hashes[0]) {
		t.Fatalf("same block, different app hash: %x vs %x", twin.hashes[0], c.hashes[0])
	}

	// Close and reopen: same height, same hash, same balances.
	lastHash, height := c.app.store.LastHash(), c.app.store.LastVersion()
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	store, err = state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reopened, err := New(store, Config{})
	if err != nil {
		t.Fatal(err)
	}
	info, _ := reopened.Info(context.Background(), &abci.RequestInfo{})
	if info.LastBlockHeight != height || !bytes.Equal(info.LastBlockAppHash, lastHash) {
		t.Fatalf("reopened at %d %x, want %d %x", info.LastBlockHeight, info.LastBlockAppHash, height, lastHash)
	}
	c.app = reopened
	if have := c.balance(bob.addr); !have.Eq(btt.FromBTT(11)) {
		t.Fatalf("after reopen bob holds %s", btt.Format(have))
	}
	if reopened.ChainID() != testChainID {
		t.Fatalf("chain id after reopen %q", reopened.ChainID())
	}
	// The reopened app keeps producing blocks from where it stopped.
	c.block(alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1))))
	if have := c.balance(bob.addr); !have.Eq(btt.FromBTT(12)) {
		t.Fatalf("after reopen and a block bob holds %s", btt.Format(have))
	}
}

func countEvents(events []abci.Event, typ string) int {
	n := 0
	for _, e := range events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func findAttr(events []abci.Event, typ, key string) string {
	for _, e := range events {
		if e.Type == typ {
			for _, a := range e.Attributes {
				if a.Key == key {
					return a.Value
				}
			}
		}
	}
	return ""
}

// checkSupply checks the bank invariant and that the supply is want plus
// the genesis validator's self-bond.
func checkSupply(t *testing.T, c *testChain, want *uint256.Int, users ...*user) {
	t.Helper()
	want = new(uint256.Int).Add(want, genesisSelfBond)
	holders := []address.Address{genesisOperator}
	for _, u := range users {
		holders = append(holders, u.addr)
	}
	for _, n := range bank.ModuleNames {
		holders = append(holders, address.Module(n))
	}
	if err := bank.Invariant(bank.New(state.ReadOnly{Getter: c.app.store.Committed()}), holders); err != nil {
		t.Fatal(err)
	}
	res := c.query(api.PathSupply, nil, 0, false)
	var s api.SupplyView
	if err := json.Unmarshal(res.Value, &s); err != nil {
		t.Fatal(err)
	}
	if s.SupplyWei != want.Dec() {
		t.Fatalf("supply %s, want %s", s.SupplyWei, want.Dec())
	}
}

func TestInvalidTransactions(t *testing.T) {
	alice, bob := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}),
		Config{MinGasPrice: uint256.NewInt(500)})

	first := alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1)))
	c.block(first)

	cheap := *alice
	cheapTx := func() []byte {
		saved := testGasPrice
		testGasPrice = uint256.NewInt(499)
		defer func() { testGasPrice = saved }()
		return cheap.sign(t, testChainID, gas, sendMsg(bob.addr, uint256.NewInt(1)))
	}()
	poor := newUser(t)
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"replayed transaction", first, ErrBadNonce},
		{"nonce from the future", func() []byte {
			u := *alice
			u.nonce += 5
			return u.sign(t, testChainID, gas, sendMsg(bob.addr, uint256.NewInt(1)))
		}(), ErrBadNonce},
		{"another chain's signature", func() []byte { u := *alice; return u.sign(t, "bttc-other", gas, sendMsg(bob.addr, uint256.NewInt(1))) }(), ErrWrongChain},
		{"gas price below the node minimum", cheapTx, ErrGasPriceTooLow},
		{"gas limit below intrinsic gas", func() []byte { u := *alice; return u.sign(t, testChainID, 100, sendMsg(bob.addr, uint256.NewInt(1))) }(), ErrGasLimitTooLow},
		{"gas limit above the block's", func() []byte { u := *alice; return u.sign(t, testChainID, 1<<62, sendMsg(bob.addr, uint256.NewInt(1))) }(), ErrGasLimitTooHigh},
		{"cannot pay the fee", poor.sign(t, testChainID, gas, sendMsg(bob.addr, uint256.NewInt(1))), ErrCannotPayFee},
		{"garbage", []byte("garbage"), tx.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.checkTx(tt.raw)
			wantSpace, wantCode := CodeOf(tt.want)
			if res.Code != wantCode || res.Codespace != wantSpace {
				t.Fatalf("CheckTx = %d/%s (%s), want %d/%s", res.Code, res.Codespace, res.Log, wantCode, wantSpace)
			}
			// The proposer drops it, and validators reject a block with it.
			if kept := c.propose(tt.raw); len(kept) != 0 {
				t.Fatal("PrepareProposal kept an invalid transaction")
			}
			proc, _ := c.app.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: [][]byte{tt.raw}, Height: c.height + 1})
			if proc.Status != abci.ResponseProcessProposal_REJECT && !errors.Is(tt.want, ErrGasPriceTooLow) {
				t.Fatal("ProcessProposal accepted a block with an invalid transaction")
			}
		})
	}
}

// A block that arrives by block sync skips ProcessProposal: FinalizeBlock
// must turn its invalid transactions into results, not panics or writes.
func TestFinalizeSurvivesInvalidBlock(t *testing.T) {
	alice, bob := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	good := alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1)))
	res := c.finalize([]byte{0xff, 0x00}, good, good, nil)
	codes := []uint32{res.TxResults[0].Code, res.TxResults[1].Code, res.TxResults[2].Code, res.TxResults[3].Code}
	if codes[0] == 0 || codes[1] != 0 || codes[2] == 0 || codes[3] == 0 {
		t.Fatalf("result codes %v, want only the first copy of the good tx to pass", codes)
	}
	if have := c.balance(bob.addr); !have.Eq(btt.FromBTT(1)) {
		t.Fatalf("bob holds %s after a block with a duplicate", btt.Format(have))
	}
}

// A failed transaction is included: nonce used, fee charged, writes gone.
func TestFailedTransactionChargesFee(t *testing.T) {
	alice, bob := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	res := c.block(alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(20))))
	r := res.TxResults[0]
	if space, code := CodeOf(bank.ErrInsufficientFunds); r.Code != code || r.Codespace != space {
		t.Fatalf("result %d/%s (%s), want insufficient funds", r.Code, r.Codespace, r.Log)
	}
	if r.GasUsed <= 0 {
		t.Fatalf("a failed transaction used %d gas", r.GasUsed)
	}
	want := btt.FromBTT(10)
	want.Sub(want, feeOf(uint64(r.GasUsed)))
	if have := c.balance(alice.addr); !have.Eq(want) {
		t.Fatalf("alice holds %s, want %s (fee for the gas used charged, transfer not applied)", btt.Format(have), btt.Format(want))
	}
	if have := c.balance(bob.addr); !have.IsZero() {
		t.Fatalf("bob received %s from a failed transfer", btt.Format(have))
	}
	if n := c.account(alice.addr).Nonce; n != 1 {
		t.Fatalf("nonce %d after a failed tx, want 1", n)
	}
	if fee := findAttr(r.Events, bank.EventFee, bank.AttrAmount); fee != feeOf(uint64(r.GasUsed)).Dec() {
		t.Fatalf("failed transaction's fee event: %q, want %s", fee, feeOf(uint64(r.GasUsed)).Dec())
	}

	// Out of gas in the messages is a failure too.
	intrinsic := tx.GasTxBase + tx.GasSigVerify + 1_000 + 2_000
	res = c.block(alice.sign(t, testChainID, intrinsic, sendMsg(bob.addr, btt.FromBTT(1))))
	if _, code := CodeOf(state.ErrOutOfGas); res.TxResults[0].Code != code {
		t.Fatalf("result %d (%s), want out of gas", res.TxResults[0].Code, res.TxResults[0].Log)
	}
	if n := c.account(alice.addr).Nonce; n != 2 {
		t.Fatalf("nonce %d after an out-of-gas tx, want 2", n)
	}
}

// TestOutOfGasAnywhereFails runs a transfer with every gas limit from its
// intrinsic gas to what it uses, in steps smaller than any store access
// costs, so that the meter runs dry inside each read and write: each must
// be a failed transaction, never a store fault that halts the chain.
func TestOutOfGasAnywhereFails(t *testing.T) {
	alice, bob := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	res := c.block(alice.sign(t, testChainID, 1_000_000, sendMsg(bob.addr, btt.FromBTT(1))))
	used := uint64(res.TxResults[0].GasUsed)
	_, oog := CodeOf(state.ErrOutOfGas)
	tried := 0
	for limit := used - 1; ; limit -= 250 {
		raw := alice.sign(t, testChainID, limit, sendMsg(bob.addr, btt.FromBTT(1)))
		if c.checkTx(raw).Code != 0 {
			alice.nonce-- // below the intrinsic gas: never admitted
			break
		}
		r := c.finalize(c.propose(raw)...).TxResults[0]
		if r.Code != oog {
			t.Fatalf("gas limit %d of %d used: result %d (%s), want out of gas", limit, used, r.Code, r.Log)
		}
		tried++
	}
	if tried < 10 {
		t.Fatalf("only %d limits between the intrinsic gas and %d", tried, used)
	}
}

func TestQueryProofMatchesAppHash(t *testing.T) {
	alice := newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	c.block()
	key := append([]byte{state.PrefixBank}, bank.AccountKey(alice.addr)...)
	res := c.query(api.PathStore, key, 0, true)
	if res.Code != 0 || res.ProofOps == nil || len(res.ProofOps.Ops) != 1 {
		t.Fatalf("store query: code %d %s", res.Code, res.Log)
	}
	var proof ics23.CommitmentProof
	if err := proof.Unmarshal(res.ProofOps.Ops[0].Data); err != nil {
		t.Fatal(err)
	}
	if !ics23.VerifyMembership(ics23.IavlSpec, c.hashes[0], &proof, key, res.Value) {
		t.Fatal("proof does not verify against the block's app hash")
	}
	if res := c.query(api.PathAccount+"0xnothex", nil, 0, false); res.Code != api.CodeBadRequest {
		t.Fatalf("bad address query code %d", res.Code)
	}
	if res := c.query("/nope", nil, 0, false); res.Code != api.CodeUnknownPath {
		t.Fatalf("unknown path code %d", res.Code)
	}
	if res := c.query(api.PathSupply, nil, 99, false); res.Code != api.CodeNoHeight {
		t.Fatalf("future height code %d", res.Code)
	}
}

func TestSimulateReportsGas(t *testing.T) {
	alice, bob := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	c.block()
	probe := *alice
	res := c.query(api.PathSimulate, probe.sign(t, testChainID, 1_000_000, sendMsg(bob.addr, btt.FromBTT(1))), 0, false)
	var sim api.SimulateView
	if err := json.Unmarshal(res.Value, &sim); err != nil || sim.Code != 0 {
		t.Fatalf("simulate: %s %v %+v", res.Log, err, sim)
	}
	// The simulated figure is enough for the real transaction (which is a
	// byte or two shorter, its gas limit being a smaller number).
	out := c.block(alice.sign(t, testChainID, sim.GasUsed, sendMsg(bob.addr, btt.FromBTT(1))))
	if out.TxResults[0].Code != 0 || uint64(out.TxResults[0].GasUsed) > sim.GasUsed || uint64(out.TxResults[0].GasUsed) < sim.GasUsed-100 {
		t.Fatalf("with the simulated gas %d: code %d used %d (%s)", sim.GasUsed, out.TxResults[0].Code, out.TxResults[0].GasUsed, out.TxResults[0].Log)
	}
	if have := c.balance(bob.addr); !have.Eq(btt.FromBTT(1)) {
		t.Fatal("simulation changed state")
	}
}

// TestQueryBeforeFirstBlock: between InitChain and the first Commit there
// is no committed state; queries say so instead of reading an empty tree.
func TestQueryBeforeFirstBlock(t *testing.T) {
	alice := newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(10)}), Config{})
	for _, path := range []string{api.PathParams, api.PathSupply, api.PathAccount + alice.addr.Hex()} {
		if res := c.query(path, nil, 0, false); res.Code != api.CodeNoHeight || !strings.Contains(res.Log, "first block") {
			t.Fatalf("%s before the first block: code %d %q", path, res.Code, res.Log)
		}
	}
	c.block()
	if have := c.balance(alice.addr); !have.Eq(btt.FromBTT(10)) {
		t.Fatalf("after the first block alice holds %s", btt.Format(have))
	}
}
