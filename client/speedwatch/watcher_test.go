package speedwatch_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speedwatch"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// TestWatcherAgainstARealNode runs a watcher for a payee against a real
// node: it leaves vouchers alone while nothing is due, redeems a closing
// channel's best voucher at once, a voucher near its expiry, and
// everything once the unredeemed total passes its threshold; it skips a
// garbled file and vouchers for another chain.
func TestWatcherAgainstARealNode(t *testing.T) {
	n := testnode.StartWith(t, testnode.Options{TuneGenesis: func(s *genesis.AppState) {
		s.Speed.Params.SettleDelay = dec.Of(speed.MinSettleDelay)
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	price := uint256.NewInt(1_000_000_000)
	opts := rpcclient.TxOptions{GasPrice: price}
	payer := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	payeeKey, _ := crypto.GenerateKey()
	payeeAddr := address.FromPublicKey(&payeeKey.PublicKey)
	send := func(s *rpcclient.Sender, m tx.Msg) *rpcclient.Committed {
		t.Helper()
		res, err := s.Send(ctx, opts, m)
		if err != nil || res.Failed() {
			t.Fatalf("%s: %+v %v", m.Kind(), res, err)
		}
		return res
	}
	send(payer, &bank.MsgSend{To: payeeAddr, Amount: btt.FromBTT(1)}) // for the payee's fees
	var ids []paych.ChannelID
	for i := 0; i < 2; i++ {
		res := send(payer, &paych.MsgOpen{Payee: payeeAddr, Deposit: btt.FromBTT(10)})
		id, err := paych.ParseChannelID(res.Attr(paych.EventOpen, paych.AttrChannel)[0])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	dir := t.TempDir()
	write := func(name string, vs ...paych.VoucherFile) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, v := range vs {
			line, _ := json.Marshal(v)
			if _, err := f.Write(append(line, '\n')); err != nil {
				t.Fatal(err)
			}
		}
	}
	sign := func(chain string, id paych.ChannelID, amount *uint256.Int, nonce, expiry uint64) paych.VoucherFile {
		sv, err := paych.Voucher{Channel: id, Amount: amount, Nonce: nonce, Expiry: expiry}.Sign(chain, n.Funder)
		if err != nil {
			t.Fatal(err)
		}
		return paych.VoucherFile{ChainID: chain, SignedVoucher: sv}
	}
	// Channel 0: vouchers for 1, 2 and 3 BTT; channel 1: 1 BTT. A voucher
	// of 9 BTT signed for another chain is in the file too.
	write("earned.jsonl", sign(testnode.ChainID, ids[0], btt.FromBTT(1), 1, 0), sign(testnode.ChainID, ids[0], btt.FromBTT(3), 3, 0),
		sign(testnode.ChainID, ids[0], btt.FromBTT(2), 2, 0), sign("other-chain", ids[1], btt.FromBTT(9), 1, 0),
		sign(testnode.ChainID, ids[1], btt.FromBTT(1), 1, 0))
	if err := os.WriteFile(filepath.Join(dir, "garbled.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := speedwatch.New(speedwatch.Config{Sender: &rpcclient.Sender{Client: n.Client, From: payeeAddr, Signer: tx.KeySigner{Key: payeeKey}},
		TxOptions: opts, Payee: payeeAddr, Dir: dir, Above: btt.FromBTT(6), ExpiryMargin: 5})
	if err != nil {
		t.Fatal(err)
	}
	channel := func(id paych.ChannelID) paych.ChannelView {
		var v paych.ChannelView
		if err := n.Client.Speed(ctx, "channel/"+id.String(), 0, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}

	rep, err := w.Step(ctx)
	if err != nil || len(rep.Redeemed) != 0 || rep.Channels != 2 || rep.Vouchers != 4 || !rep.Unpaid.Eq(btt.FromBTT(4)) {
		t.Fatalf("nothing due: %+v %v", rep, err)
	}

	// The payer closes channel 0: the watcher redeems its best voucher, 3 BTT, and only that.
	send(payer, &paych.MsgClose{Channel: ids[0]})
	rep, err = w.Step(ctx)
	if err != nil || len(rep.Redeemed) != 1 || rep.Redeemed[0].Reason != speedwatch.ReasonClosing || !rep.Redeemed[0].Pays.Eq(btt.FromBTT(3)) {
		t.Fatalf("closing: %+v %v", rep, err)
	}
	if v := channel(ids[0]); v.RedeemedWei != btt.FromBTT(3).Dec() || v.Nonce != 3 {
		t.Fatalf("channel 0 after the watcher: %+v", v)
	}

	// A voucher expiring within the margin is redeemed before it expires.
	st, err := n.Client.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write("earned.jsonl", sign(testnode.ChainID, ids[1], btt.FromBTT(2), 2, uint64(st.SyncInfo.LatestBlockHeight)+4))
	rep, err = w.Step(ctx)
	if err != nil || len(rep.Redeemed) != 1 || rep.Redeemed[0].Reason != speedwatch.ReasonExpiry {
		t.Fatalf("expiring: %+v %v", rep, err)
	}

	// Below the threshold nothing moves; past it, everything does.
	write("more.json", sign(testnode.ChainID, ids[1], btt.FromBTT(5), 3, 0))
	if rep, err = w.Step(ctx); err != nil || len(rep.Redeemed) != 0 {
		t.Fatalf("3 BTT unredeemed, threshold 6: %+v %v", rep, err)
	}
	write("more.json", sign(testnode.ChainID, ids[1], btt.FromBTT(9), 4, 0))
	rep, err = w.Step(ctx)
	if err != nil || len(rep.Redeemed) != 1 || rep.Redeemed[0].Reason != speedwatch.ReasonRoutine || !rep.Redeemed[0].Pays.Eq(btt.FromBTT(7)) {
		t.Fatalf("past the threshold: %+v %v", rep, err)
	}
	if v := channel(ids[1]); v.RedeemedWei != btt.FromBTT(9).Dec() {
		t.Fatalf("channel 1: %+v", v)
	}
	if rep, err = w.Step(ctx); err != nil || len(rep.Redeemed) != 0 || !rep.Unpaid.IsZero() {
		t.Fatalf("all redeemed, yet: %+v %v", rep, err)
	}

	// Every N blocks: the first pass only notes the height; N blocks later
	// whatever is unredeemed goes.
	write("more.json", sign(testnode.ChainID, ids[1], btt.FromBTT(10), 5, 0))
	every, err := speedwatch.New(speedwatch.Config{Sender: &rpcclient.Sender{Client: n.Client, From: payeeAddr, Signer: tx.KeySigner{Key: payeeKey}},
		TxOptions: opts, Payee: payeeAddr, Dir: dir, Every: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err = every.Step(ctx); err != nil || len(rep.Redeemed) != 0 {
		t.Fatalf("first pass of an every-3 watcher: %+v %v", rep, err)
	}
	for start := rep.Height; ; time.Sleep(100 * time.Millisecond) {
		if rep, err = every.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if len(rep.Redeemed) > 0 {
			if rep.Height-start < 3 || rep.Redeemed[0].Reason != speedwatch.ReasonRoutine {
				t.Fatalf("redeemed at height %d, %d after the first pass: %+v", rep.Height, rep.Height-start, rep.Redeemed[0])
			}
			break
		}
		if rep.Height-start > 3 {
			t.Fatalf("nothing redeemed %d blocks after the first pass", rep.Height-start)
		}
	}
}
