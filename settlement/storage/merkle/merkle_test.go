package merkle

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"
)

// mth is RFC 6962's definition, recursively: the reference Tree must
// agree with.
func mth(leaves []Hash) Hash {
	if len(leaves) == 1 {
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return NodeHash(mth(leaves[:k]), mth(leaves[k:]))
}

func leafHashes(n int, seed int64) ([]Hash, [][]byte) {
	rnd := rand.New(rand.NewSource(seed))
	hs, data := make([]Hash, n), make([][]byte, n)
	for i := range hs {
		data[i] = make([]byte, 16)
		rnd.Read(data[i])
		hs[i] = LeafHash(data[i])
	}
	return hs, data
}

func TestTreeIsRFC6962(t *testing.T) {
	for n := 1; n <= 70; n++ {
		hs, data := leafHashes(n, int64(n))
		tr, err := New(hs)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Root() != mth(hs) {
			t.Fatalf("%d leaves: the root is not RFC 6962's", n)
		}
		for i := uint64(0); i < uint64(n); i++ {
			path, err := tr.Path(i)
			if err != nil {
				t.Fatal(err)
			}
			if len(path) != PathLen(uint64(n), i) {
				t.Fatalf("%d leaves, leaf %d: path of %d, PathLen says %d", n, i, len(path), PathLen(uint64(n), i))
			}
			if err := Verify(tr.Root(), uint64(n), i, data[i], path); err != nil {
				t.Fatalf("%d leaves, leaf %d: %v", n, i, err)
			}
			// Another leaf, another index, another size or a changed
			// path never verifies.
			if n > 1 {
				if err := Verify(tr.Root(), uint64(n), i, data[(i+1)%uint64(n)], path); !errors.Is(err, ErrBadProof) {
					t.Fatalf("%d leaves: leaf %d's path verified another leaf: %v", n, i, err)
				}
				if err := Verify(tr.Root(), uint64(n), (i+1)%uint64(n), data[i], path); err == nil {
					t.Fatalf("%d leaves: leaf %d verified at index %d", n, i, (i+1)%uint64(n))
				}
				bad := append([]Hash(nil), path...)
				bad[len(bad)-1][0] ^= 1
				if err := Verify(tr.Root(), uint64(n), i, data[i], bad); !errors.Is(err, ErrBadProof) {
					t.Fatalf("%d leaves, leaf %d: a changed path verified", n, i)
				}
				if err := Verify(tr.Root(), uint64(n), i, data[i], append(path, Hash{})); !errors.Is(err, ErrBadProof) {
					t.Fatalf("%d leaves, leaf %d: a long path verified", n, i)
				}
			}
		}
		if _, err := tr.Path(uint64(n)); !errors.Is(err, ErrBadIndex) {
			t.Fatalf("path past the end: %v", err)
		}
	}
	if _, err := New(nil); !errors.Is(err, ErrEmpty) {
		t.Fatal("a tree of nothing")
	}
}

// A leaf can never pass for a node: the prefixes differ.
func TestDomainSeparation(t *testing.T) {
	a, b := LeafHash([]byte("a")), LeafHash([]byte("b"))
	node := NodeHash(a, b)
	var concat []byte
	concat = append(append(concat, a[:]...), b[:]...)
	if LeafHash(concat) == node {
		t.Fatal("a 64-byte leaf hashes like the node of its halves")
	}
}

func TestFromReaderPadsTheLastLeaf(t *testing.T) {
	file := bytes.Repeat([]byte("x"), 2500)
	tr, size, err := FromReader(bytes.NewReader(file), 1024)
	if err != nil || size != 2500 || tr.Len() != 3 || Leaves(size, 1024) != 3 {
		t.Fatalf("tree of %d leaves, size %d: %v", tr.Len(), size, err)
	}
	last := make([]byte, 1024)
	copy(last, file[2048:])
	want, _ := New([]Hash{LeafHash(file[:1024]), LeafHash(file[1024:2048]), LeafHash(last)})
	if tr.Root() != want.Root() {
		t.Fatal("the last leaf is not zero-padded to the leaf size")
	}
	if _, _, err := FromReader(bytes.NewReader(nil), 1024); !errors.Is(err, ErrEmpty) {
		t.Fatalf("empty file: %v", err)
	}
}

// FuzzVerify: arbitrary roots, sizes, indices, leaves and paths never
// panic, and verify only when they are a real proof.
func FuzzVerify(f *testing.F) {
	f.Add(uint64(5), uint64(3), []byte("leaf"), []byte{})
	f.Add(uint64(1), uint64(0), []byte{}, bytes.Repeat([]byte{1}, 64))
	hs, data := leafHashes(9, 1)
	tr, _ := New(hs)
	f.Fuzz(func(t *testing.T, n, i uint64, leaf, raw []byte) {
		path := make([]Hash, len(raw)/32)
		for k := range path {
			copy(path[k][:], raw[32*k:])
		}
		if Verify(tr.Root(), n, i, leaf, path) == nil {
			if n != 9 || i >= 9 || !bytes.Equal(leaf, data[i]) {
				t.Fatalf("a forged proof verified: n %d, i %d", n, i)
			}
		}
	})
}
