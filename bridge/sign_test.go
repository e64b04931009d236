package bridge

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

func TestDecodeExtension(t *testing.T) {
	sig := bytes.Repeat([]byte{1}, 65)
	good := &Extension{Signatures: []CheckpointSignature{{"bsc", 2, sig}, {"ethereum", 1, sig}, {"ethereum", 2, sig}}}
	raw, err := good.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if e, err := DecodeExtension(raw, DefaultParams()); err != nil || len(e.Signatures) != 3 {
		t.Fatalf("%+v %v", e, err)
	}
	if e, err := DecodeExtension(nil, DefaultParams()); err != nil || len(e.Signatures) != 0 {
		t.Fatalf("an empty payload: %+v %v", e, err)
	}
	for name, e := range map[string]*Extension{
		"too many":     good,
		"repeated":     {Signatures: []CheckpointSignature{{"ethereum", 1, sig}, {"ethereum", 1, sig}}},
		"out of order": {Signatures: []CheckpointSignature{{"ethereum", 2, sig}, {"ethereum", 1, sig}}},
		"short sig":    {Signatures: []CheckpointSignature{{"ethereum", 1, sig[:64]}}},
		"bad name":     {Signatures: []CheckpointSignature{{"Ethereum!", 1, sig}}},
	} {
		raw, err := e.Encode()
		if err != nil {
			t.Fatal(err)
		}
		p := DefaultParams()
		if name == "too many" {
			p.MaxSignatures = 2
		}
		if _, err := DecodeExtension(raw, p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := DecodeExtension(make([]byte, MaxExtensionBytes+1), DefaultParams()); err == nil {
		t.Fatal("an oversized extension accepted")
	}
}

func TestDigestIsBoundToItsDomain(t *testing.T) {
	cp := &Checkpoint{Number: 1, EndHeight: 10, Set: NewSignerSet([]address.Address{{1}}, []uint64{5})}
	base := Domain{RootChainID: 1, Contract: address.Address{0xc0}, BTTCChainID: "bttc-1"}
	d := base.CheckpointDigest(cp)
	for name, other := range map[string]Domain{
		"another root chain": {RootChainID: 56, Contract: base.Contract, BTTCChainID: base.BTTCChainID},
		"another contract":   {RootChainID: 1, Contract: address.Address{0xc1}, BTTCChainID: base.BTTCChainID},
		"another BTTC chain": {RootChainID: 1, Contract: base.Contract, BTTCChainID: "bttc-2"},
	} {
		if other.CheckpointDigest(cp) == d {
			t.Errorf("%s: same digest", name)
		}
	}
	if base.Digest(KindAdmin, cp.encode()) == d {
		t.Error("another kind of message: same digest")
	}
	key, _ := crypto.GenerateKey()
	h := SigningHash(d)
	sig, _ := crypto.Sign(h[:], key)
	if got, ok := Recover(d, sig); !ok || got != address.FromPublicKey(&key.PublicKey) {
		t.Fatalf("recover: %s %v", got, ok)
	}
	sig[64] += 27 // the v form contracts use
	if got, ok := Recover(d, sig); !ok || got != address.FromPublicKey(&key.PublicKey) {
		t.Fatalf("recover with v 27/28: %s %v", got, ok)
	}
	if _, ok := Recover(d, sig[:64]); ok {
		t.Fatal("a 64-byte signature recovered")
	}
}

func FuzzDecodeExtension(f *testing.F) {
	sig := bytes.Repeat([]byte{7}, 65)
	raw, _ := (&Extension{Signatures: []CheckpointSignature{{"ethereum", 1, sig}}}).Encode()
	f.Add(raw)
	f.Add([]byte{0xc0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		e, err := DecodeExtension(raw, DefaultParams())
		if err != nil || len(e.Signatures) == 0 {
			return
		}
		again, err := e.Encode()
		if err != nil {
			t.Fatal(err)
		}
		e2, err := DecodeExtension(again, DefaultParams())
		if err != nil || len(e2.Signatures) != len(e.Signatures) {
			t.Fatalf("a decoded extension does not decode again: %v", err)
		}
	})
}
