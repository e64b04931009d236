package bridge

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

func leaves(n int) []Hash {
	out := make([]Hash, n)
	for i := range out {
		out[i] = Leaf(1, address.Address{0xcc}, uint64(i+1), address.Address{byte(i)}, uint256.NewInt(uint64(1000+i)))
	}
	return out
}

func TestEveryLeafProves(t *testing.T) {
	for n := 1; n <= 17; n++ {
		ls := leaves(n)
		root := Root(ls)
		for i := range ls {
			proof, err := Proof(ls, i)
			if err != nil {
				t.Fatal(err)
			}
			if len(proof) != depth(n) {
				t.Fatalf("%d leaves: proof of %d siblings, depth %d", n, len(proof), depth(n))
			}
			if !Verify(root, ls[i], uint64(i), proof) {
				t.Fatalf("%d leaves: leaf %d does not verify", n, i)
			}
			// The same leaf at another index, or another leaf, fails.
			if Verify(root, ls[i], uint64(i)^1, proof) && n > 1 {
				t.Fatalf("%d leaves: leaf %d verifies at index %d", n, i, i^1)
			}
			if Verify(root, ls[(i+1)%n], uint64(i), proof) && n > 1 {
				t.Fatalf("%d leaves: leaf %d's proof verifies another leaf", n, i)
			}
		}
	}
}

func TestTreeShape(t *testing.T) {
	ls := leaves(3)
	want := node(node(ls[0], ls[1]), node(ls[2], Hash{}))
	if Root(ls) != want {
		t.Fatal("three leaves are not padded with a zero leaf")
	}
	if Root(ls[:1]) != ls[0] {
		t.Fatal("one leaf is not its own root")
	}
	if Root(nil) != (Hash{}) {
		t.Fatal("no leaves is not the zero root")
	}
	if _, err := Proof(ls, 3); err == nil {
		t.Fatal("a proof of a padding leaf")
	}
	// An index beyond the proof's depth is refused, so one leaf has one index.
	proof, _ := Proof(ls, 1)
	if Verify(Root(ls), ls[1], 1+4, proof) {
		t.Fatal("an index past the tree verifies")
	}
	// Leaves are domain-separated from inner nodes.
	if Leaf(1, address.Address{}, 0, address.Address{}, new(uint256.Int)) == node(Hash{}, Hash{}) {
		t.Fatal("a leaf hashes like a node")
	}
}

// FuzzVerify: no proof panics, and one that verifies is the real one.
func FuzzVerify(f *testing.F) {
	ls := leaves(5)
	root := Root(ls)
	proof, _ := Proof(ls, 2)
	var flat []byte
	for _, p := range proof {
		flat = append(flat, p[:]...)
	}
	f.Add(uint64(2), flat)
	f.Fuzz(func(t *testing.T, index uint64, raw []byte) {
		var proof []Hash
		for len(raw) >= 32 {
			var h Hash
			copy(h[:], raw)
			proof, raw = append(proof, h), raw[32:]
		}
		if Verify(root, ls[2], index, proof) && index != 2 {
			t.Fatalf("leaf 2 verifies at index %d", index)
		}
	})
}
