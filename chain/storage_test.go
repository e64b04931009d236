package chain

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// TestStorageThroughABCI runs a contract's life through the whole
// application over many periods: propose, accept, proofs built from the
// challenges the node answers, a missed period, and termination at the
// second miss; balances and the escrow invariant are checked at the end.
func TestStorageThroughABCI(t *testing.T) {
	renter, host := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{renter.addr: btt.FromBTT(100), host.addr: btt.FromBTT(100)}), Config{})
	data := make([]byte, 100_000)
	rand.New(rand.NewSource(1)).Read(data)
	tree, size, err := merkle.FromReader(bytes.NewReader(data), 1024)
	if err != nil {
		t.Fatal(err)
	}
	id := deal.NewID(renter.addr, 0)
	terms := deal.Terms{Host: host.addr, Root: tree.Root(), Size: size, Start: 10, Period: 5, Periods: 6, Window: 3,
		Price: btt.FromBTT(1), Collateral: btt.FromBTT(10), MaxMisses: 2, SlashPerMiss: btt.FromBTT(3)}
	if r := c.block(renter.sign(t, testChainID, 300_000, &deal.MsgPropose{Terms: terms})).TxResults[0]; r.Code != 0 {
		t.Fatalf("propose: %s", r.Log)
	}
	fees := new(uint256.Int) // what the host paid in fees
	r := c.block(host.sign(t, testChainID, 300_000, &deal.MsgAccept{Contract: id})).TxResults[0]
	if r.Code != 0 {
		t.Fatalf("accept: %s", r.Log)
	}
	fees.Add(fees, feeOf(uint64(r.GasUsed)))
	liveContracts := func() uint64 {
		var stats deal.Stats
		if q := c.query(api.PathStorage+"stats", nil, 0, false); q.Code != 0 || json.Unmarshal(q.Value, &stats) != nil {
			t.Fatalf("stats: %s", q.Log)
		}
		return stats.Live
	}
	if live := liveContracts(); live != 1 {
		t.Fatalf("%d live contracts once one is accepted", live)
	}
	challenge := func(p uint64) deal.ChallengeView {
		var v deal.ChallengeView
		q := c.query(api.PathStorage+"challenge/"+id.String()+"/"+string(rune('0'+p)), nil, 0, false)
		if q.Code != 0 || json.Unmarshal(q.Value, &v) != nil {
			t.Fatalf("challenge %d: %s", p, q.Log)
		}
		return v
	}
	// Periods 0, 1 and 3 proven; 2 and 4 missed: the second miss ends it.
	for p := uint64(0); p < 6; p++ {
		for uint64(c.height)+1 < terms.Start+p*terms.Period {
			c.block()
		}
		ch := challenge(p)
		if !ch.Ready || ch.WindowStart != uint64(c.height)+1 {
			t.Fatalf("period %d: challenge %+v at height %d", p, ch, c.height)
		}
		if p == 2 || p == 4 || p == 5 {
			continue
		}
		m, err := deal.Prove(id, p, ch.Indices, tree, deal.BytesLeaves(data, 1024))
		if err != nil {
			t.Fatal(err)
		}
		r := c.block(host.sign(t, testChainID, 300_000, m)).TxResults[0]
		if r.Code != 0 {
			t.Fatalf("period %d: %s", p, r.Log)
		}
		fees.Add(fees, feeOf(uint64(r.GasUsed)))
	}
	for range 5 {
		c.block()
	}
	var v deal.ContractView
	q := c.query(api.PathStorage+"contract/"+id.String(), nil, 0, false)
	if json.Unmarshal(q.Value, &v) != nil || v.State != deal.Terminated || v.Proven != 3 || v.Missed != 2 {
		t.Fatalf("contract: %+v", v)
	}
	// The host was paid 3 and lost its 10 of collateral.
	if have := new(uint256.Int).Add(c.balance(host.addr), fees); !have.Eq(btt.FromBTT(100 - 10 + 3)) {
		t.Fatalf("host holds %s and paid %s in fees", btt.Format(c.balance(host.addr)), btt.Format(fees))
	}
	if err := storage.Invariant(storage.New(state.ReadOnly{Getter: c.app.store.Committed()})); err != nil {
		t.Fatal(err)
	}
	if live := liveContracts(); live != 0 {
		t.Fatalf("%d live contracts once the one ended", live)
	}
	if q := c.query(api.PathStorage+"contract/0x12", nil, 0, false); q.Code != api.CodeBadRequest {
		t.Fatalf("bad id: %d", q.Code)
	}
	if q := c.query(api.PathStorage+"contract/"+deal.ID{7}.String(), nil, 0, false); q.Code != api.CodeNotFound {
		t.Fatalf("unknown contract: %d", q.Code)
	}
}

// TestStorageParamsByGovernance: governance changes storage params within
// their bounds; a contract keeps the leaf size it was proposed under.
func TestStorageParamsByGovernance(t *testing.T) {
	c, voter := govChain(t, Config{})
	bad := &governance.MsgParamChange{Changes: []governance.ParamChange{{Module: "storage", Key: "leaf_size", Value: json.RawMessage(`1000`)}}}
	m := &governance.MsgSubmitProposal{Title: "not a power of two", InitialDeposit: btt.FromBTT(10)}
	raw, _ := tx.EncodeMsg(bad)
	m.Contents = []tx.RawMsg{raw}
	if r := c.block(voter.sign(t, testChainID, 500_000, m)).TxResults[0]; r.Code != governance.Codes[governance.ErrBadContent] || !strings.Contains(r.Log, "leaf_size") {
		t.Fatalf("a leaf size of 1000: %s/%d %s", r.Codespace, r.Code, r.Log)
	}
	change := &governance.MsgParamChange{Changes: []governance.ParamChange{
		{Module: "storage", Key: "leaf_size", Value: json.RawMessage(`4096`)},
		{Module: "storage", Key: "community_share", Value: json.RawMessage(`"0.5"`)},
	}}
	if p := c.passProposal(voter, change); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	var v api.ParamsView
	if err := json.Unmarshal(c.query(api.PathParams, nil, 0, false).Value, &v); err != nil {
		t.Fatal(err)
	}
	var sp storage.Params
	if err := json.Unmarshal(v.Storage, &sp); err != nil || sp.LeafSize != 4096 || sp.CommunityShare.String() != "0.5" {
		t.Fatalf("storage params after the vote: %s (%v)", v.Storage, err)
	}
}
