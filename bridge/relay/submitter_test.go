package relay

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
)

// The rotation: checkpoint n is signer n mod len's turn; the others come
// one grace apart after it, and a non-signer last.
func TestSubmitterRotation(t *testing.T) {
	set := []address.Address{{1}, {2}, {3}}
	cp := &bridge.CheckpointView{Set: bridge.SetView{Signers: set}}
	for _, tc := range []struct {
		me     address.Address
		number uint64
		want   int
	}{
		{address.Address{1}, 3, 0}, {address.Address{2}, 3, 1}, {address.Address{3}, 3, 2},
		{address.Address{2}, 4, 0}, {address.Address{1}, 4, 2}, {address.Address{9}, 4, 3},
	} {
		s := &Submitter{me: tc.me}
		cp.Number = tc.number
		if got := s.place(cp); got != tc.want {
			t.Errorf("signer %x, checkpoint %d: place %d, want %d", tc.me[0], tc.number, got, tc.want)
		}
	}
}

// Assemble lays BTTC's checkpoint out as the contract wants it: the set in
// order, each signer's signature at its place, zeros where none.
func TestAssemble(t *testing.T) {
	seed := sha256.Sum256([]byte("k"))
	key, _ := crypto.ToECDSA(seed[:])
	sig, _ := crypto.Sign(make([]byte, 32), key)
	hash := "0x" + strings.Repeat("ab", 32)
	cp := &bridge.CheckpointView{Number: 7, WithdrawalsRoot: hash,
		Set:  bridge.SetView{Hash: hash, Signers: []address.Address{{1}, {2}, {3}}, Powers: []uint64{5, 6, 7}},
		Next: bridge.SetView{Hash: hash}, Signers: []address.Address{{3}}, Signatures: []string{"0x" + hex.EncodeToString(sig)}}
	arg, signers, powers, sigs, err := Assemble(cp)
	if err != nil {
		t.Fatal(err)
	}
	if arg.Number.Uint64() != 7 || len(signers) != 3 || powers[2].Uint64() != 7 || len(sigs) != 195 {
		t.Fatalf("%+v %v %v %d", arg, signers, powers, len(sigs))
	}
	for i := 0; i < 130; i++ {
		if sigs[i] != 0 {
			t.Fatalf("byte %d of a non-signer's place is %x", i, sigs[i])
		}
	}
	if string(sigs[130:]) != string(sig) {
		t.Fatal("signer 3's signature is not at its place")
	}
	cp.Signatures[0] = "0x1234"
	if _, _, _, _, err := Assemble(cp); err == nil {
		t.Fatal("a short signature was assembled")
	}
}
