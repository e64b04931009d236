package paych

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
)

// FuzzDecodeMsgs feeds the speed messages' decoders (RLP, as they arrive
// in a proposer's transactions) and the voucher file reader arbitrary
// bytes: they must refuse or accept, never panic, and what they accept
// must validate and re-encode to the same bytes.
func FuzzDecodeMsgs(f *testing.F) {
	key, _ := testKey(f, 1)
	sv, _ := Voucher{Channel: ChannelID{1}, Amount: uint256.NewInt(10), Nonce: 1, Expiry: 5}.Sign("c", key)
	cs, _ := Close{Channel: ChannelID{1}, Amount: uint256.NewInt(3)}.Sign("c", key)
	for _, m := range []any{&MsgRedeem{Vouchers: []SignedVoucher{sv, sv}}, &MsgCoopClose{Close: cs},
		&MsgOpen{Deposit: uint256.NewInt(1)}, &MsgTopUp{Amount: new(uint256.Int).SetAllOne()}} {
		b, _ := rlp.EncodeToBytes(m)
		f.Add(b)
	}
	f.Add([]byte(`{"chain_id":"c","channel":"0x01","amount_wei":"1","nonce":1,"signature":"0x00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range Kinds() {
			m := k.New()
			if err := rlp.DecodeBytes(data, m); err != nil || m.Validate() != nil {
				continue
			}
			again, err := rlp.EncodeToBytes(m)
			if err != nil || !bytes.Equal(again, data) {
				t.Fatalf("%s: accepted %x, re-encodes to %x (%v)", k.Name, data, again, err)
			}
			if r, ok := m.(*MsgRedeem); ok {
				for i := range r.Vouchers {
					_, _ = r.Vouchers[i].Signer("c")
				}
			}
		}
		_, _ = ReadVouchers(bytes.NewReader(data))
	})
}
