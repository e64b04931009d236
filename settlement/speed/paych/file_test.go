package paych

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/holiman/uint256"
)

func TestVoucherFileRoundTrip(t *testing.T) {
	key, _ := testKey(t, 1)
	var buf bytes.Buffer
	var want []VoucherFile
	for n := uint64(1); n <= 3; n++ {
		sv, err := Voucher{Channel: ChannelID{9}, Amount: uint256.NewInt(n * 1e15), Nonce: n, Expiry: n * 10}.Sign("bttc-test", key)
		if err != nil {
			t.Fatal(err)
		}
		f := VoucherFile{ChainID: "bttc-test", SignedVoucher: sv}
		want = append(want, f)
		line, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(line, '\n'))
	}
	got, err := ReadVouchers(&buf)
	if err != nil || len(got) != 3 {
		t.Fatalf("read %d vouchers: %v", len(got), err)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ChainID != w.ChainID || g.Voucher.Channel != w.Voucher.Channel || !g.Voucher.Amount.Eq(w.Voucher.Amount) ||
			g.Voucher.Nonce != w.Voucher.Nonce || g.Voucher.Expiry != w.Voucher.Expiry || !bytes.Equal(g.Signature, w.Signature) {
			t.Fatalf("voucher %d changed on the way: %+v, want %+v", i, g, w)
		}
	}
	// Pretty-printed objects read as well as lines.
	pretty, _ := json.MarshalIndent(want[0], "", "  ")
	if got, err := ReadVouchers(bytes.NewReader(pretty)); err != nil || len(got) != 1 {
		t.Fatalf("pretty-printed: %d %v", len(got), err)
	}
}

func TestVoucherFileRefusals(t *testing.T) {
	key, _ := testKey(t, 1)
	sv, _ := Voucher{Channel: ChannelID{9}, Amount: uint256.NewInt(5), Nonce: 1}.Sign("c", key)
	good, _ := json.Marshal(VoucherFile{ChainID: "c", SignedVoucher: sv})
	for name, text := range map[string]string{
		"not json":          "hello",
		"no chain":          strings.Replace(string(good), `"chain_id":"c"`, `"chain_id":""`, 1),
		"amount too big":    strings.Replace(string(good), `"amount_wei":"5"`, `"amount_wei":"`+strings.Repeat("9", 80)+`"`, 1),
		"negative":          strings.Replace(string(good), `"amount_wei":"5"`, `"amount_wei":"-5"`, 1),
		"bad channel":       strings.Replace(string(good), `"channel":"0x09`, `"channel":"0x`, 1),
		"signature not hex": strings.Replace(string(good), `"signature":"0x`, `"signature":"0xzz`, 1),
		"no nonce":          strings.Replace(string(good), `"nonce":1,`, ``, 1),
		"second is bad":     string(good) + "\n{}",
	} {
		if _, err := ReadVouchers(strings.NewReader(text)); !errors.Is(err, ErrBadVoucher) && !errors.Is(err, ErrBadChannelID) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	// A voucher is not a close.
	var cf CloseFile
	if err := json.Unmarshal(good, &cf); !errors.Is(err, ErrBadClose) {
		t.Fatalf("voucher read as a close: %v", err)
	}
	cs, _ := Close{Channel: ChannelID{9}, Amount: new(uint256.Int)}.Sign("c", key)
	closeJSON, _ := json.Marshal(CloseFile{ChainID: "c", SignedClose: cs})
	if err := json.Unmarshal(closeJSON, &cf); err != nil || !cf.Close.Amount.IsZero() {
		t.Fatalf("close round trip: %v", err)
	}
}
