package wire

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/anacrolix/torrent/bencode"
	"github.com/holiman/uint256"
)

func speedSamples() []SpeedMsg {
	ch := [32]byte{1, 2, 3}
	sig := bytes.Repeat([]byte{7}, 65)
	big, _ := uint256.FromDecimal("990000000000000000000000000000000") // above int64
	return []SpeedMsg{
		{Type: SpeedOffer, Version: 1, ChainID: "bttc-1", Payee: [20]byte{9}, Price: uint256.NewInt(1000), Slots: 4},
		{Type: SpeedBid, Version: 1, Price: big, Channel: ch},
		{Type: SpeedBid, Version: 1, Price: new(uint256.Int)},
		{Type: SpeedAward, Won: true, Price: uint256.NewInt(5)},
		{Type: SpeedAward},
		{Type: SpeedVoucher, ChainID: "bttc-1", Channel: ch, Amount: big, Nonce: 3, Expiry: 99, Signature: sig},
		{Type: SpeedReceipt, Channel: ch, Amount: uint256.NewInt(77), Nonce: 3},
		{Type: SpeedRefusal, Nonce: 4, Reason: "above the deposit"},
		{Type: SpeedCloseRequest, Channel: ch},
		{Type: SpeedClose, ChainID: "bttc-1", Channel: ch, Amount: uint256.NewInt(0), Signature: sig},
	}
}

func TestSpeedRoundTrip(t *testing.T) {
	for _, m := range speedSamples() {
		enc := m.Encode(3)
		if enc.ExtendedID != 3 {
			t.Fatalf("%v: extended id %d", m.Type, enc.ExtendedID)
		}
		got, err := ParseSpeed(enc.ExtendedPayload)
		if err != nil {
			t.Fatalf("%v: %v", m.Type, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("%v: got %+v, want %+v", m.Type, got, m)
		}
	}
}

func TestParseSpeedRefuses(t *testing.T) {
	enc := func(d map[string]any) []byte { return bencode.MustMarshal(d) }
	sig := bytes.Repeat([]byte{7}, 65)
	ch := bytes.Repeat([]byte{1}, 32)
	cases := map[string][]byte{
		"not bencode":          []byte("x"),
		"offer without payee":  enc(map[string]any{"msg_type": 0, "v": 1, "chain": "c", "price": "1"}),
		"offer short payee":    enc(map[string]any{"msg_type": 0, "v": 1, "chain": "c", "price": "1", "payee": "abc"}),
		"offer without v":      enc(map[string]any{"msg_type": 0, "chain": "c", "price": "1", "payee": string(make([]byte, 20))}),
		"bid without price":    enc(map[string]any{"msg_type": 1, "v": 1}),
		"bid hex price":        enc(map[string]any{"msg_type": 1, "v": 1, "price": "0x10"}),
		"bid negative price":   enc(map[string]any{"msg_type": 1, "v": 1, "price": "-1"}),
		"bid huge price":       enc(map[string]any{"msg_type": 1, "v": 1, "price": string(bytes.Repeat([]byte("9"), 79))}),
		"bid overflowing":      enc(map[string]any{"msg_type": 1, "v": 1, "price": string(bytes.Repeat([]byte("9"), 78))}),
		"won award no price":   enc(map[string]any{"msg_type": 2, "won": 1}),
		"voucher short sig":    enc(map[string]any{"msg_type": 3, "chain": "c", "channel": string(ch), "amount": "1", "nonce": 1, "sig": "ab"}),
		"voucher nonce 0":      enc(map[string]any{"msg_type": 3, "chain": "c", "channel": string(ch), "amount": "1", "sig": string(sig)}),
		"voucher bad channel":  enc(map[string]any{"msg_type": 3, "chain": "c", "channel": "abc", "amount": "1", "nonce": 1, "sig": string(sig)}),
		"voucher negative":     enc(map[string]any{"msg_type": 3, "chain": "c", "channel": string(ch), "amount": "1", "nonce": -1, "sig": string(sig)}),
		"receipt no amount":    enc(map[string]any{"msg_type": 4, "channel": string(ch)}),
		"close request no ch":  enc(map[string]any{"msg_type": 6}),
		"close without chain":  enc(map[string]any{"msg_type": 7, "channel": string(ch), "amount": "0", "sig": string(sig)}),
		"msg_type not integer": enc(map[string]any{"msg_type": "bid"}),
	}
	for name, b := range cases {
		if _, err := ParseSpeed(b); !errors.Is(err, ErrSpeedMsg) {
			t.Errorf("%s: got %v, want ErrSpeedMsg", name, err)
		}
	}
}

// A later version's message types and keys are ignored, not refused.
func TestParseSpeedIgnoresTheUnknown(t *testing.T) {
	m, err := ParseSpeed(bencode.MustMarshal(map[string]any{"msg_type": 42, "whatever": "x"}))
	if err != nil || m.Type != 42 {
		t.Fatalf("unknown type: %+v, %v", m, err)
	}
	m, err = ParseSpeed(bencode.MustMarshal(map[string]any{"msg_type": 1, "v": 2, "price": "5", "extra": map[string]any{"a": 1}}))
	if err != nil || m.Type != SpeedBid || m.Price.Uint64() != 5 || m.Version != 2 {
		t.Fatalf("unknown key: %+v, %v", m, err)
	}
}

func TestOurHandshakeNamesSpeed(t *testing.T) {
	h, err := ParseExtendedHandshake(OurExtendedHandshake("btt", 1, 0).ExtendedPayload)
	if err != nil {
		t.Fatal(err)
	}
	if id := h.M[ExtSpeed]; OurExtension(id) != ExtSpeed {
		t.Fatalf("btt_speed has id %d, which we read as %q", id, OurExtension(id))
	}
}

func FuzzParseSpeed(f *testing.F) {
	for _, m := range speedSamples() {
		f.Add(m.Encode(3).ExtendedPayload)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseSpeed(b)
		if err != nil || m.Type < 0 || m.Type > SpeedClose {
			return
		}
		// What parses encodes and parses again to the same message.
		again, err := ParseSpeed(m.Encode(3).ExtendedPayload)
		if err != nil {
			t.Fatalf("%+v re-encoded does not parse: %v", m, err)
		}
		if !reflect.DeepEqual(again, m) {
			t.Fatalf("%+v re-encoded parses as %+v", m, again)
		}
	})
}
