package tx_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/tx"
)

func codec() *tx.Codec {
	c := tx.NewCodec()
	for _, k := range bank.Kinds() {
		c.Register(k)
	}
	return c
}

func sampleBody(t testing.TB) tx.Body {
	raw, err := tx.EncodeMsg(&bank.MsgSend{To: address.Address{9}, Amount: uint256.NewInt(5)})
	if err != nil {
		t.Fatal(err)
	}
	return tx.Body{ChainID: "bttc-test", Nonce: 3, GasLimit: 100_000, GasPrice: uint256.NewInt(7), Memo: "hi", Msgs: []tx.RawMsg{raw}}
}

func TestSignEncodeDecodeRecover(t *testing.T) {
	key, _ := crypto.GenerateKey()
	signed, err := tx.Sign(sampleBody(t), tx.KeySigner{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := signed.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := tx.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := back.Sender()
	if err != nil {
		t.Fatal(err)
	}
	if want := address.FromPublicKey(&key.PublicKey); sender != want {
		t.Fatalf("recovered %s, signed by %s", sender, want)
	}
	msgs, err := codec().DecodeAll(&back.Body)
	if err != nil {
		t.Fatal(err)
	}
	if send := msgs[0].(*bank.MsgSend); send.Amount.Uint64() != 5 || send.To != (address.Address{9}) {
		t.Fatalf("decoded message %+v", send)
	}
	if fee := back.Body.Fee(); fee.Uint64() != 700_000 {
		t.Fatalf("fee %s, want 700000", fee)
	}
}

// A signature binds every field: changing the chain id, the nonce or the
// amount after signing yields another sender, never the signer.
func TestTamperingChangesSender(t *testing.T) {
	key, _ := crypto.GenerateKey()
	signer := address.FromPublicKey(&key.PublicKey)
	signed, _ := tx.Sign(sampleBody(t), tx.KeySigner{Key: key})
	tampers := map[string]func(b *tx.Body){
		"chain id": func(b *tx.Body) { b.ChainID = "bttc-other" },
		"nonce":    func(b *tx.Body) { b.Nonce++ },
		"gas":      func(b *tx.Body) { b.GasPrice = uint256.NewInt(1) },
		"message": func(b *tx.Body) {
			b.Msgs[0].Data = bytes.Clone(b.Msgs[0].Data)
			b.Msgs[0].Data[len(b.Msgs[0].Data)-1]++
		},
	}
	for name, tamper := range tampers {
		t.Run(name, func(t *testing.T) {
			copied := *signed
			copied.Body.Msgs = append([]tx.RawMsg(nil), signed.Body.Msgs...)
			tamper(&copied.Body)
			sender, err := copied.Sender()
			if err == nil && sender == signer {
				t.Fatal("tampered transaction still recovers the signer")
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	key, _ := crypto.GenerateKey()
	good, _ := tx.Sign(sampleBody(t), tx.KeySigner{Key: key})
	goodRaw, _ := good.Encode()

	noMsgs := sampleBody(t)
	noMsgs.Msgs = nil
	noMsgsRaw, _ := (&tx.Tx{Body: noMsgs, Signature: good.Signature}).Encode()

	longMemo := sampleBody(t)
	longMemo.Memo = string(make([]byte, tx.MaxMemoBytes+1))
	longMemoRaw, _ := (&tx.Tx{Body: longMemo, Signature: good.Signature}).Encode()

	shortSig, _ := (&tx.Tx{Body: sampleBody(t), Signature: good.Signature[:64]}).Encode()

	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"garbage", []byte("hello"), tx.ErrMalformed},
		{"empty", nil, tx.ErrMalformed},
		{"trailing bytes", append(bytes.Clone(goodRaw), 0x00), tx.ErrMalformed},
		{"truncated", goodRaw[:len(goodRaw)-1], tx.ErrMalformed},
		{"too large", make([]byte, tx.MaxTxBytes+1), tx.ErrTooLarge},
		{"no messages", noMsgsRaw, tx.ErrNoMsgs},
		{"long memo", longMemoRaw, tx.ErrMemoTooLong},
		{"short signature", shortSig, tx.ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tx.Decode(tt.raw); !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestHighSRejected(t *testing.T) {
	key, _ := crypto.GenerateKey()
	signed, _ := tx.Sign(sampleBody(t), tx.KeySigner{Key: key})
	// The malleated twin (n - s, flipped recovery id) recovers the same key
	// in plain ECDSA; it must be refused so a tx has one hash.
	n := crypto.S256().Params().N
	s := new(uint256.Int).SetBytes(signed.Signature[32:64]).ToBig()
	s.Sub(n, s)
	twin := bytes.Clone(signed.Signature)
	s.FillBytes(twin[32:64])
	twin[64] ^= 1
	signed.Signature = twin
	if _, err := signed.Sender(); !errors.Is(err, tx.ErrBadSignature) {
		t.Fatalf("high-S signature: %v", err)
	}
}

func TestUnknownKind(t *testing.T) {
	if _, err := codec().Decode(tx.RawMsg{Kind: "nope/none"}); !errors.Is(err, tx.ErrUnknownMsg) {
		t.Fatalf("unknown kind = %v", err)
	}
	if _, err := codec().Decode(tx.RawMsg{Kind: bank.KindSend, Data: []byte{0xff}}); !errors.Is(err, tx.ErrMalformed) {
		t.Fatalf("bad payload = %v", err)
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder, the codec and sender
// recovery: none may panic, and whatever decodes must re-encode to the same
// bytes (RLP is canonical).
func FuzzDecode(f *testing.F) {
	key, _ := crypto.GenerateKey()
	good, _ := tx.Sign(sampleBody(f), tx.KeySigner{Key: key})
	raw, _ := good.Encode()
	f.Add(raw)
	f.Add([]byte{0xc0})
	f.Add([]byte("garbage"))
	c := codec()
	f.Fuzz(func(t *testing.T, b []byte) {
		decoded, err := tx.Decode(b)
		if err != nil {
			return
		}
		again, err := decoded.Encode()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decoded tx re-encodes differently (%v)", err)
		}
		_, _ = decoded.Sender()
		_, _ = c.DecodeAll(&decoded.Body)
	})
}

// FuzzMsg feeds arbitrary payloads to each message kind.
func FuzzMsg(f *testing.F) {
	c := codec()
	for _, k := range c.Kinds() {
		f.Add(k, []byte{0xc0})
	}
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		m, err := c.Decode(tx.RawMsg{Kind: kind, Data: data})
		if err != nil {
			return
		}
		// What decodes encodes back to the same bytes: one message has one
		// wire form, so its hash and signature are unambiguous.
		again, err := tx.EncodeMsg(m)
		if err != nil {
			t.Fatalf("a decoded %s does not encode: %v", kind, err)
		}
		if again.Kind != kind || !bytes.Equal(again.Data, data) {
			t.Fatalf("%s: decoded %x, encoded back %x", kind, data, again.Data)
		}
	})
}
