package chain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// TestSpeedThroughABCI runs a channel's life through the whole
// application: open, a batch of vouchers, a refused one, a payer's close
// with a redeem inside the delay, and a settle, reading the results back
// through queries.
func TestSpeedThroughABCI(t *testing.T) {
	payer, payee := newUser(t), newUser(t)
	appState := appStateWith(map[address.Address]*uint256.Int{payer.addr: btt.FromBTT(100), payee.addr: btt.FromBTT(1)},
		func(s *genesis.AppState) { s.Speed.Params.SettleDelay = dec.Of(30 * time.Second) })
	c := newTestChain(t, memStore(t), appState, Config{})
	id := paych.NewChannelID(payer.addr, payee.addr, 0)
	res := c.block(payer.sign(t, testChainID, 200_000, &paych.MsgOpen{Payee: payee.addr, Deposit: btt.FromBTT(10)}))
	if r := res.TxResults[0]; r.Code != 0 || findAttr(r.Events, paych.EventOpen, paych.AttrChannel) != id.String() {
		t.Fatalf("open: %d %s", r.Code, r.Log)
	}
	var vs []paych.SignedVoucher
	for n := uint64(1); n <= 10; n++ {
		sv, err := paych.Voucher{Channel: id, Amount: new(uint256.Int).Mul(uint256.NewInt(n), uint256.NewInt(5e17)), Nonce: n}.Sign(testChainID, payer.key)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, sv)
	}
	before := c.balance(payee.addr)
	res = c.block(payee.sign(t, testChainID, 500_000, &paych.MsgRedeem{Vouchers: vs}))
	if r := res.TxResults[0]; r.Code != 0 {
		t.Fatalf("redeem: %d %s", r.Code, r.Log)
	}
	fee := feeOf(uint64(res.TxResults[0].GasUsed))
	want := new(uint256.Int).Add(before, vs[9].Voucher.Amount)
	if got := c.balance(payee.addr); !new(uint256.Int).Add(got, fee).Eq(want) {
		t.Fatalf("payee holds %s, want %s less the fee %s", btt.Format(got), btt.Format(want), btt.Format(fee))
	}
	// The same batch again: every voucher refused, the transaction failed
	// with the first one's code.
	res = c.block(payee.sign(t, testChainID, 500_000, &paych.MsgRedeem{Vouchers: vs[8:]}))
	if r := res.TxResults[0]; r.Codespace != paych.Codespace || r.Code != paych.Codes[paych.ErrNonceTooLow] {
		t.Fatalf("replayed batch: %s %d %s", r.Codespace, r.Code, r.Log)
	}
	// The payer closes; the payee redeems inside the delay; then settle.
	c.block(payer.sign(t, testChainID, 200_000, &paych.MsgClose{Channel: id}))
	late, _ := paych.Voucher{Channel: id, Amount: btt.FromBTT(6), Nonce: 11}.Sign(testChainID, payer.key)
	if r := c.block(payee.sign(t, testChainID, 200_000, &paych.MsgRedeem{Vouchers: []paych.SignedVoucher{late}})).TxResults[0]; r.Code != 0 {
		t.Fatalf("redeem while closing: %s", r.Log)
	}
	c.time = c.time.Add(time.Minute) // the next block is past the delay
	if r := c.block(payee.sign(t, testChainID, 200_000, &paych.MsgSettle{Channel: id})).TxResults[0]; r.Code != 0 {
		t.Fatalf("settle: %s", r.Log)
	}
	q := c.query(api.PathSpeed+"channel/"+id.String(), nil, 0, false)
	var v paych.ChannelView
	if q.Code != 0 || json.Unmarshal(q.Value, &v) != nil || v.State != paych.Closed || v.RedeemedWei != btt.FromBTT(6).Dec() || v.Vouchers != 11 {
		t.Fatalf("channel after settle: %d %s %+v", q.Code, q.Log, v)
	}
	if q := c.query(api.PathSpeed+"channel/0x00", nil, 0, false); q.Code != api.CodeBadRequest {
		t.Fatalf("bad id: code %d", q.Code)
	}
	if q := c.query(api.PathSpeed+"channel/"+paych.ChannelID{1}.String(), nil, 0, false); q.Code != api.CodeNotFound {
		t.Fatalf("unknown channel: code %d", q.Code)
	}
	if err := speed.Invariant(speed.New(state.ReadOnly{Getter: c.app.store.Committed()})); err != nil {
		t.Fatal(err)
	}
}

// TestRedeemBatchGas: a batch of 100 vouchers of one channel costs much
// less gas than 100 transactions of one voucher each.
func TestRedeemBatchGas(t *testing.T) {
	payer, payee := newUser(t), newUser(t)
	c := newTestChain(t, memStore(t), appStateFor(map[address.Address]*uint256.Int{payer.addr: btt.FromBTT(100), payee.addr: btt.FromBTT(10)}), Config{})
	c.block(payer.sign(t, testChainID, 200_000, &paych.MsgOpen{Payee: payee.addr, Deposit: btt.FromBTT(10)}))
	id := paych.NewChannelID(payer.addr, payee.addr, 0)
	sign := func(n uint64) paych.SignedVoucher {
		sv, err := paych.Voucher{Channel: id, Amount: uint256.NewInt(n * 1e9), Nonce: n}.Sign(testChainID, payer.key)
		if err != nil {
			t.Fatal(err)
		}
		return sv
	}
	single := c.block(payee.sign(t, testChainID, 200_000, &paych.MsgRedeem{Vouchers: []paych.SignedVoucher{sign(1)}})).TxResults[0]
	var batch []paych.SignedVoucher
	for n := uint64(2); n <= 101; n++ {
		batch = append(batch, sign(n))
	}
	many := c.block(payee.sign(t, testChainID, 5_000_000, &paych.MsgRedeem{Vouchers: batch})).TxResults[0]
	if single.Code != 0 || many.Code != 0 {
		t.Fatalf("redeems failed: %s / %s", single.Log, many.Log)
	}
	perVoucher := many.GasUsed / 100
	if perVoucher*2 > single.GasUsed {
		t.Fatalf("a voucher in a batch of 100 costs %d gas, alone %d: want under half", perVoucher, single.GasUsed)
	}
	t.Logf("gas: one voucher alone %d, in a batch of 100 %d each", single.GasUsed, perVoucher)
}

// TestSettleDelayByGovernance: governance changes speed.settle_delay
// within its bounds; a channel keeps the delay it opened with.
func TestSettleDelayByGovernance(t *testing.T) {
	c, voter := govChain(t, Config{})
	payee := newUser(t)
	c.block(voter.sign(t, testChainID, 200_000, &paych.MsgOpen{Payee: payee.addr, Deposit: btt.FromBTT(1)}))
	bad := &governance.MsgParamChange{Changes: []governance.ParamChange{{Module: "speed", Key: "settle_delay", Value: json.RawMessage(`"5s"`)}}}
	m := &governance.MsgSubmitProposal{Title: "too short", InitialDeposit: btt.FromBTT(10)}
	raw, _ := tx.EncodeMsg(bad)
	m.Contents = []tx.RawMsg{raw}
	if r := c.block(voter.sign(t, testChainID, 500_000, m)).TxResults[0]; r.Code != governance.Codes[governance.ErrBadContent] || !strings.Contains(r.Log, "settle_delay") {
		t.Fatalf("a 5 s settle delay: %s/%d %s", r.Codespace, r.Code, r.Log)
	}
	change := &governance.MsgParamChange{Changes: []governance.ParamChange{{Module: "speed", Key: "settle_delay", Value: json.RawMessage(`"2h"`)}}}
	if p := c.passProposal(voter, change); p.Status != "passed" {
		t.Fatalf("%s (%s)", p.Status, p.Outcome)
	}
	c.block(voter.sign(t, testChainID, 200_000, &paych.MsgOpen{Payee: payee.addr, Deposit: btt.FromBTT(1)}))
	for n, want := range []string{"24h0m0s", "2h0m0s"} {
		var v paych.ChannelView
		q := c.query(api.PathSpeed+"channel/"+paych.NewChannelID(voter.addr, payee.addr, uint64(n)).String(), nil, 0, false)
		if err := json.Unmarshal(q.Value, &v); err != nil || v.SettleDelay != want {
			t.Fatalf("channel %d: settle delay %q (%v), want %s", n, v.SettleDelay, err, want)
		}
	}
}
