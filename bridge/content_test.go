package bridge

import (
	"io"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rlp"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

func sampleChain() RootChain {
	return RootChain{Name: "ethereum", ChainID: 1, Contract: address.Address{0xc0}, Token: address.Address{0x70}, CheckpointInterval: 5,
		RateLimit: btt.NewAmount(btt.FromBTT(100)), RateWindow: dec.Of(time.Hour), MinWithdrawal: btt.NewAmount(btt.FromBTT(1)),
		MaxWithdrawal: btt.NewAmount(btt.FromBTT(50))}
}

// encodedChain is a chain as register-chain contents encoded it before
// they could name a signer set.
type encodedChain struct{ c RootChain }

func (e encodedChain) EncodeRLP(w io.Writer) error { return encodeChainRLP(w, &e.c) }

func TestChainContentRoundTrip(t *testing.T) {
	m := &MsgRegisterChain{Chain: sampleChain()}
	raw, err := rlp.EncodeToBytes(m)
	if err != nil {
		t.Fatal(err)
	}
	var back MsgRegisterChain
	if err := rlp.DecodeBytes(raw, &back); err != nil || back.Chain.Name != "ethereum" || back.Chain.RateWindow.Duration != time.Hour {
		t.Fatalf("%+v %v", back, err)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	// The deployed set's hash travels when given, and its absence leaves
	// the encoding as it was before the field existed.
	withSet, err := rlp.EncodeToBytes(&MsgRegisterChain{Chain: sampleChain(), SignerSet: "0xabcd"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rlp.DecodeBytes(withSet, &back); err != nil || back.SignerSet != "0xabcd" || back.Chain.Name != "ethereum" {
		t.Fatalf("%+v %v", back, err)
	}
	plain, err := rlp.EncodeToBytes(encodedChain{sampleChain()})
	if err != nil || string(plain) != string(raw) {
		t.Fatalf("a content without a set encodes differently from the chain alone: %v", err)
	}
	bad := sampleChain()
	bad.MaxWithdrawal = btt.NewAmount(btt.FromBTT(0))
	if err := (&MsgRegisterChain{Chain: bad}).Validate(); err == nil {
		t.Fatal("a maximum below the minimum is accepted")
	}
}

// FuzzChainContent: no bytes panic the decoder, and what decodes encodes
// and decodes to the same settings.
func FuzzChainContent(f *testing.F) {
	raw, _ := rlp.EncodeToBytes(&MsgRegisterChain{Chain: sampleChain()})
	f.Add(raw)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m MsgUpdateChain
		if rlp.DecodeBytes(raw, &m) != nil {
			return
		}
		again, err := rlp.EncodeToBytes(&m)
		if err != nil {
			t.Fatal(err)
		}
		var m2 MsgUpdateChain
		if err := rlp.DecodeBytes(again, &m2); err != nil || m2.Chain != m.Chain {
			t.Fatalf("round trip: %+v / %+v %v", m.Chain, m2.Chain, err)
		}
	})
}
