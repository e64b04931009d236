package speed_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// setup: payer (funded 10,000 wei) has channel id to payee with a deposit
// of 1,000 and a settle delay of a minute.
func setup(t *testing.T) (f *fixture, payer, payee, stranger party, id paych.ChannelID) {
	f = newFixture(t, time.Minute)
	payer, payee, stranger = newParty(t, 1), newParty(t, 2), newParty(t, 3)
	f.fund(payer.addr, uint256.NewInt(10_000))
	f.fund(stranger.addr, uint256.NewInt(10_000))
	id = f.open(payer, payee, uint256.NewInt(1000))
	return
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	if paych.CodeOf(want) == 0 {
		t.Fatalf("%v has no code", want)
	}
}

func TestOpenAndTopUp(t *testing.T) {
	f, payer, payee, stranger, id := setup(t)
	if got := f.balance(payer.addr); !got.Eq(uint256.NewInt(9000)) {
		t.Fatalf("payer holds %s after escrowing 1000", got.Dec())
	}
	if c := f.channel(id); c.Payer != payer.addr || c.Payee != payee.addr || c.State != paych.Open || c.SettleDelay != uint64(time.Minute) {
		t.Fatalf("channel %+v", c)
	}
	second := f.open(payer, payee, uint256.NewInt(1))
	if second == id || second != paych.NewChannelID(payer.addr, payee.addr, 1) {
		t.Fatal("a payer's second channel to the same payee must have a new id, counted")
	}
	f.must(payer.addr, &paych.MsgTopUp{Channel: id, Amount: uint256.NewInt(500)})
	if c := f.channel(id); !c.Deposit.Eq(uint256.NewInt(1500)) {
		t.Fatalf("deposit %s after a top-up of 500", c.Deposit.Dec())
	}
	for name, tc := range map[string]struct {
		from address.Address
		msg  tx.Msg
		want error
	}{
		"to oneself":        {payer.addr, &paych.MsgOpen{Payee: payer.addr, Deposit: uint256.NewInt(1)}, paych.ErrBadPayee},
		"to a module":       {payer.addr, &paych.MsgOpen{Payee: speed.Escrow, Deposit: uint256.NewInt(1)}, paych.ErrBadPayee},
		"to nobody":         {payer.addr, &paych.MsgOpen{Deposit: uint256.NewInt(1)}, paych.ErrBadPayee},
		"zero deposit":      {payer.addr, &paych.MsgOpen{Payee: payee.addr, Deposit: new(uint256.Int)}, paych.ErrBadAmount},
		"top-up by another": {stranger.addr, &paych.MsgTopUp{Channel: id, Amount: uint256.NewInt(1)}, paych.ErrNotPayer},
		"top-up of zero":    {payer.addr, &paych.MsgTopUp{Channel: id, Amount: new(uint256.Int)}, paych.ErrBadAmount},
		"unknown channel":   {payer.addr, &paych.MsgTopUp{Channel: paych.ChannelID{1}, Amount: uint256.NewInt(1)}, paych.ErrNoChannel},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.do(tc.from, tc.msg)
			wantErr(t, err, tc.want)
		})
	}
	if _, err := f.do(payer.addr, &paych.MsgOpen{Payee: payee.addr, Deposit: uint256.NewInt(1_000_000)}); !errors.Is(err, bank.ErrInsufficientFunds) {
		t.Fatalf("open beyond the balance: %v", err)
	}
	// Top-up at 2^256-1: refused by name before any BTT moves.
	rich := newParty(t, 9)
	max := new(uint256.Int).SetAllOne()
	f2 := newFixture(t, time.Minute)
	f2.fund(rich.addr, max)
	big := f2.open(rich, payee, new(uint256.Int).Sub(max, uint256.NewInt(1)))
	_, err := f2.do(rich.addr, &paych.MsgTopUp{Channel: big, Amount: uint256.NewInt(2)})
	wantErr(t, err, paych.ErrOverflow)
}

func TestRedeem(t *testing.T) {
	f, payer, payee, stranger, id := setup(t)
	ev := f.must(stranger.addr, redeem(voucher(t, payer, chainID, id, 100, 1))) // anyone may submit; the payee is paid
	if got := f.balance(payee.addr); !got.Eq(uint256.NewInt(100)) {
		t.Fatalf("payee holds %s", got.Dec())
	}
	if got := attr(ev, paych.EventRedeem, paych.AttrAmount); len(got) != 1 || got[0] != "100" {
		t.Fatalf("redeem event amounts %v", got)
	}
	f.must(payee.addr, redeem(voucher(t, payer, chainID, id, 250, 5)))
	if c := f.channel(id); !c.Redeemed.Eq(uint256.NewInt(250)) || c.Nonce != 5 || c.Vouchers != 2 || c.State != paych.Open {
		t.Fatalf("after two redeems: %+v", c)
	}
	other := f.open(payer, payee, uint256.NewInt(10))
	f.advance(time.Second)
	f.advance(time.Second)
	expiring, _ := paych.Voucher{Channel: id, Amount: uint256.NewInt(300), Nonce: 6, Expiry: uint64(f.height) - 1}.Sign(chainID, payer.key)
	for name, tc := range map[string]struct {
		v    paych.SignedVoucher
		want error
	}{
		"same nonce again":  {voucher(t, payer, chainID, id, 260, 5), paych.ErrNonceTooLow},
		"lower nonce":       {voucher(t, payer, chainID, id, 900, 4), paych.ErrNonceTooLow},
		"no increase":       {voucher(t, payer, chainID, id, 250, 6), paych.ErrNothingNew},
		"above the deposit": {voucher(t, payer, chainID, id, 1001, 6), paych.ErrAboveDeposit},
		"at 2^256-1": {func() paych.SignedVoucher {
			v, _ := paych.Voucher{Channel: id, Amount: new(uint256.Int).SetAllOne(), Nonce: 9}.Sign(chainID, payer.key)
			return v
		}(), paych.ErrAboveDeposit},
		"expired":             {expiring, paych.ErrExpired},
		"for another chain":   {voucher(t, payer, "bttc-other", id, 300, 6), paych.ErrWrongSigner},
		"signed by the payee": {voucher(t, payee, chainID, id, 300, 6), paych.ErrWrongSigner},
		"for another channel": {func() paych.SignedVoucher {
			v := voucher(t, payer, chainID, other, 5, 1)
			v.Voucher.Channel = id
			return v
		}(), paych.ErrWrongSigner},
		"of no channel":      {voucher(t, payer, chainID, paych.ChannelID{7}, 1, 1), paych.ErrNoChannel},
		"with a garbled sig": {func() paych.SignedVoucher { v := voucher(t, payer, chainID, id, 300, 6); v.Signature[64] = 5; return v }(), paych.ErrBadSignature},
	} {
		t.Run(name, func(t *testing.T) {
			before := f.balance(payee.addr)
			_, err := f.do(payee.addr, redeem(tc.v))
			wantErr(t, err, tc.want)
			if !f.balance(payee.addr).Eq(before) {
				t.Fatal("a refused voucher moved BTT")
			}
		})
	}
}

func TestBatchReportsEachVoucher(t *testing.T) {
	f, payer, payee, _, id := setup(t)
	payer2 := newParty(t, 4)
	f.fund(payer2.addr, uint256.NewInt(1000))
	id2 := f.open(payer2, payee, uint256.NewInt(500))
	ev := f.must(payee.addr, redeem(
		voucher(t, payer, chainID, id, 100, 1),
		voucher(t, payer, chainID, id, 50, 2),    // refused: pays nothing new
		voucher(t, payer2, chainID, id2, 400, 1), // another payer's channel
		voucher(t, payer, chainID, id, 300, 3),
		voucher(t, payer, chainID, id, 2000, 4), // refused: above the deposit
	))
	if got := f.balance(payee.addr); !got.Eq(uint256.NewInt(700)) {
		t.Fatalf("payee holds %s, want 300 + 400", got.Dec())
	}
	idx := attr(ev, paych.EventRefused, paych.AttrIndex)
	codes := attr(ev, paych.EventRefused, paych.AttrCode)
	if fmt.Sprint(idx) != "[1 4]" || fmt.Sprint(codes) != fmt.Sprint([]uint32{paych.Codes[paych.ErrNothingNew], paych.Codes[paych.ErrAboveDeposit]}) {
		t.Fatalf("refused %v with codes %v", idx, codes)
	}
	if got := attr(ev, paych.EventRedeem, paych.AttrIndex); fmt.Sprint(got) != "[0 2 3]" {
		t.Fatalf("redeemed %v", got)
	}
	// All refused: the message fails and nothing moves.
	_, err := f.do(payee.addr, redeem(voucher(t, payer, chainID, id, 300, 3), voucher(t, payer, chainID, id, 5000, 9)))
	wantErr(t, err, paych.ErrNonceTooLow)
	if c := f.channel(id); c.Nonce != 3 || !c.Redeemed.Eq(uint256.NewInt(300)) {
		t.Fatalf("a refused batch changed the channel: %+v", c)
	}
	for _, n := range []int{0, paych.MaxBatch + 1} {
		vs := make([]paych.SignedVoucher, n)
		for i := range vs {
			vs[i] = voucher(t, payer, chainID, id, uint64(400+i), uint64(10+i))
		}
		_, err := f.do(payee.addr, redeem(vs...))
		wantErr(t, err, paych.ErrBadBatch)
	}
}

func TestUnilateralClose(t *testing.T) {
	f, payer, payee, stranger, id := setup(t)
	f.must(payee.addr, redeem(voucher(t, payer, chainID, id, 100, 1)))
	_, err := f.do(stranger.addr, &paych.MsgClose{Channel: id})
	wantErr(t, err, paych.ErrNotParty)
	_, err = f.do(stranger.addr, &paych.MsgSettle{Channel: id})
	wantErr(t, err, paych.ErrNotClosing)
	ev := f.must(payer.addr, &paych.MsgClose{Channel: id})
	if at := attr(ev, paych.EventClosing, paych.AttrSettleAt); len(at) != 1 || at[0] != f.now.Add(time.Minute).Format(time.RFC3339) {
		t.Fatalf("settle_at %v", at)
	}
	_, err = f.do(payer.addr, &paych.MsgClose{Channel: id})
	wantErr(t, err, paych.ErrClosing)
	_, err = f.do(payer.addr, &paych.MsgTopUp{Channel: id, Amount: uint256.NewInt(1)})
	wantErr(t, err, paych.ErrClosing)

	// During the delay the payee still redeems.
	f.advance(59 * time.Second)
	f.must(payee.addr, redeem(voucher(t, payer, chainID, id, 400, 2)))
	_, err = f.do(stranger.addr, &paych.MsgSettle{Channel: id})
	wantErr(t, err, paych.ErrTooEarly)

	// After it, no more vouchers; anyone settles and the payer gets the rest.
	f.advance(time.Second)
	_, err = f.do(payee.addr, redeem(voucher(t, payer, chainID, id, 500, 3)))
	wantErr(t, err, paych.ErrSettleDelayOver)
	ev = f.must(stranger.addr, &paych.MsgSettle{Channel: id})
	if got := attr(ev, paych.EventClosed, paych.AttrRefund); fmt.Sprint(got) != "[600]" {
		t.Fatalf("refund %v, want 600", got)
	}
	if got := f.balance(payer.addr); !got.Eq(uint256.NewInt(9600)) {
		t.Fatalf("payer holds %s, want 9600", got.Dec())
	}
	for _, m := range []tx.Msg{&paych.MsgSettle{Channel: id}, &paych.MsgClose{Channel: id}, &paych.MsgTopUp{Channel: id, Amount: uint256.NewInt(1)}, redeem(voucher(t, payer, chainID, id, 700, 9))} {
		_, err := f.do(payer.addr, m)
		wantErr(t, err, paych.ErrClosed)
	}
}

func TestPayeeCloseSettlesAtOnce(t *testing.T) {
	f, payer, payee, _, id := setup(t)
	f.must(payee.addr, redeem(voucher(t, payer, chainID, id, 100, 1)))
	f.must(payee.addr, &paych.MsgClose{Channel: id})
	if c := f.channel(id); c.State != paych.Closed {
		t.Fatalf("state %s", c.State)
	}
	if got := f.balance(payer.addr); !got.Eq(uint256.NewInt(9900)) {
		t.Fatalf("payer holds %s, want 9900", got.Dec())
	}
}

func TestCooperativeClose(t *testing.T) {
	f, payer, payee, stranger, id := setup(t)
	f.must(payee.addr, redeem(voucher(t, payer, chainID, id, 100, 1)))
	sign := func(signer party, amount uint64) *paych.MsgCoopClose {
		sc, err := paych.Close{Channel: id, Amount: uint256.NewInt(amount)}.Sign(chainID, signer.key)
		if err != nil {
			t.Fatal(err)
		}
		return &paych.MsgCoopClose{Close: sc}
	}
	for name, tc := range map[string]struct {
		from address.Address
		msg  *paych.MsgCoopClose
		want error
	}{
		"signed by the payer": {payer.addr, sign(payer, 300), paych.ErrWrongSigner},
		"sent by a stranger":  {stranger.addr, sign(payee, 300), paych.ErrNotParty},
		"above the deposit":   {payer.addr, sign(payee, 1001), paych.ErrAboveDeposit},
		"below redeemed":      {payer.addr, sign(payee, 99), paych.ErrBelowRedeemed},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.do(tc.from, tc.msg)
			wantErr(t, err, tc.want)
		})
	}
	f.must(payer.addr, &paych.MsgClose{Channel: id}) // closing channels close cooperatively too
	ev := f.must(payer.addr, sign(payee, 300))
	if got := attr(ev, paych.EventClosed, paych.AttrAmount); fmt.Sprint(got) != "[200]" {
		t.Fatalf("payee paid %v at close, want 200", got)
	}
	if p, q := f.balance(payee.addr), f.balance(payer.addr); !p.Eq(uint256.NewInt(300)) || !q.Eq(uint256.NewInt(9700)) {
		t.Fatalf("payee %s payer %s, want 300 and 9700", p.Dec(), q.Dec())
	}
	_, err := f.do(payee.addr, sign(payee, 300))
	wantErr(t, err, paych.ErrClosed)
}
