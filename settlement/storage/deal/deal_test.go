package deal

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

func TestIDsAndIndices(t *testing.T) {
	r := address.Address{1}
	if NewID(r, 0) == NewID(r, 1) || NewID(r, 0) != NewID(r, 0) || NewID(r, 0) == NewID(address.Address{2}, 0) {
		t.Fatal("ids must depend on the renter and the counter")
	}
	if back, err := ParseID(NewID(r, 3).String()); err != nil || back != NewID(r, 3) {
		t.Fatalf("round trip: %v", err)
	}
	if _, err := ParseID("0x1234"); !errors.Is(err, ErrBadID) {
		t.Fatalf("short id: %v", err)
	}
	seed := Seed([]byte("block"), NewID(r, 0), 0)
	if seed == Seed([]byte("block"), NewID(r, 0), 1) || seed == Seed([]byte("other"), NewID(r, 0), 0) || seed == Seed([]byte("block"), NewID(r, 1), 0) {
		t.Fatal("a seed must depend on the block, the contract and the period")
	}
	// Indices are in range and spread: over many seeds every leaf of a
	// small file is challenged.
	seen := map[uint64]bool{}
	for p := uint64(0); p < 200; p++ {
		for _, i := range Indices(Seed([]byte("b"), NewID(r, 0), p), 10, 8) {
			if i >= 10 {
				t.Fatalf("index %d of 10 leaves", i)
			}
			seen[i] = true
		}
	}
	if len(seen) != 10 {
		t.Fatalf("only %d of 10 leaves were ever challenged", len(seen))
	}
}

func TestProofFileRoundTrip(t *testing.T) {
	file := bytes.Repeat([]byte("abcdefgh"), 100)
	tree, _, err := merkle.FromReader(bytes.NewReader(file), 64)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Prove(NewID(address.Address{1}, 0), 3, []uint64{0, 5, 12}, tree, BytesLeaves(file, 64))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(ProofFile{*m})
	if err != nil {
		t.Fatal(err)
	}
	var back ProofFile
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	a, _ := rlp.EncodeToBytes(m)
	b, _ := rlp.EncodeToBytes(&back.MsgProve)
	if !bytes.Equal(a, b) {
		t.Fatal("the proof changed on its way through JSON")
	}
	for _, bad := range []string{`{"leaves":["zz"],"paths":[[]]}`, `{"leaves":["00"],"paths":[["00"]]}`, `{"leaves":[],"paths":[]}`} {
		var f ProofFile
		if err := json.Unmarshal([]byte(bad), &f); !errors.Is(err, ErrBadProof) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := Prove(m.Contract, 0, []uint64{13}, tree, BytesLeaves(file, 64)); err == nil {
		t.Fatal("a proof of a leaf past the end")
	}
}

// FuzzDecodeMsgs feeds the storage messages' RLP decoders and the proof
// file reader arbitrary bytes: no panics, and what is accepted validates
// and re-encodes to the same bytes.
func FuzzDecodeMsgs(f *testing.F) {
	tm := Terms{Host: address.Address{2}, Size: 10, Start: 20, Period: 5, Periods: 2, Window: 1, Price: uint256.NewInt(1),
		Collateral: uint256.NewInt(0), MaxMisses: 1, SlashPerMiss: uint256.NewInt(0)}
	for _, m := range []any{&MsgPropose{Terms: tm}, &MsgProve{Leaves: [][]byte{{1}}, Paths: [][]merkle.Hash{{{2}}}}, &MsgRenew{Periods: 3}} {
		b, _ := rlp.EncodeToBytes(m)
		f.Add(b)
	}
	f.Add([]byte(`{"contract":"0x00","period":1,"leaves":["00"],"paths":[[]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range Kinds() {
			m := k.New()
			if err := rlp.DecodeBytes(data, m); err != nil || m.Validate() != nil {
				continue
			}
			again, err := rlp.EncodeToBytes(m)
			if err != nil || !bytes.Equal(again, data) {
				t.Fatalf("%s: accepted %x, re-encodes to %x", k.Name, data, again)
			}
		}
		var pf ProofFile
		_ = json.Unmarshal(data, &pf)
	})
}
