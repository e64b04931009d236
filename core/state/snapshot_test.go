package state

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"testing"
)

// grownStore is a store on disk with versions 1..n of random writes and
// deletes; model is its last version's content.
func grownStore(t *testing.T, n int) (*Store, map[string]string) {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rng := rand.New(rand.NewSource(7))
	model := map[string]string{}
	for range n {
		w := s.Working()
		for range 50 {
			k := fmt.Sprintf("k%03d", rng.Intn(300))
			if rng.Intn(4) == 0 {
				if err := w.Delete([]byte(k)); err != nil {
					t.Fatal(err)
				}
				delete(model, k)
				continue
			}
			v := fmt.Sprint(rng.Int())
			if err := w.Set([]byte(k), []byte(v)); err != nil {
				t.Fatal(err)
			}
			model[k] = v
		}
		if _, _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return s, model
}

func exportNodes(t *testing.T, s *Store, v int64) []SnapshotNode {
	t.Helper()
	var nodes []SnapshotNode
	if err := s.ExportVersion(v, func(n SnapshotNode) error { nodes = append(nodes, n); return nil }); err != nil {
		t.Fatal(err)
	}
	return nodes
}

func importNodes(s *Store, v int64, nodes []SnapshotNode) (*Importer, error) {
	imp, err := s.Import(v)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		if err := imp.Add(n); err != nil {
			return imp, err
		}
	}
	return imp, imp.Commit()
}

// A version exported while the writer goes on, imported into an empty
// store, has the same root hash and content, and the restored store goes
// on from it as the original does.
func TestSnapshotRoundTrip(t *testing.T) {
	src, model := grownStore(t, 30)
	want := src.LastHash()
	nodes := exportNodes(t, src, 30)
	if len(nodes) != 2*len(model)-1 {
		t.Fatalf("%d nodes for %d keys", len(nodes), len(model))
	}

	dst, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := importNodes(dst, 30, nodes); err != nil {
		t.Fatal(err)
	}
	if dst.LastVersion() != 30 || !bytes.Equal(dst.LastHash(), want) {
		t.Fatalf("restored version %d hash %X; want 30 %X", dst.LastVersion(), dst.LastHash(), want)
	}
	checkModel(t, dst.Committed(), model)
	// Both go on with the same write to the same hash.
	for _, s := range []*Store{src, dst} {
		if err := s.Working().Set([]byte("after"), []byte("1")); err != nil {
			t.Fatal(err)
		}
		if _, v, err := s.Commit(); err != nil || v != 31 {
			t.Fatalf("commit: %d %v", v, err)
		}
	}
	if !bytes.Equal(src.LastHash(), dst.LastHash()) {
		t.Fatal("the restored store went on to another hash")
	}
	if _, err := dst.Import(31); err == nil {
		t.Fatal("imported into a store that holds state")
	}
}

// A snapshot that lies is caught: a changed value gives another root hash,
// nodes out of order are refused; Abort leaves the store empty, and the
// true snapshot then restores.
func TestSnapshotRefused(t *testing.T) {
	src, _ := grownStore(t, 10)
	nodes := exportNodes(t, src, 10)
	dst, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()

	changed := append([]SnapshotNode(nil), nodes...)
	changed[0].Value = []byte("forged")
	imp, err := importNodes(dst, 10, changed)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(dst.LastHash(), src.LastHash()) {
		t.Fatal("a forged value restored to the true hash")
	}
	if err := imp.Abort(); err != nil {
		t.Fatal(err)
	}

	swapped := append([]SnapshotNode(nil), nodes...)
	swapped[0], swapped[len(swapped)-1] = swapped[len(swapped)-1], swapped[0]
	imp, err = importNodes(dst, 10, swapped)
	if !errors.Is(err, ErrSnapshot) {
		t.Fatalf("nodes out of order: %v", err)
	}
	if err := imp.Abort(); err != nil {
		t.Fatal(err)
	}
	if dst.LastVersion() != 0 {
		t.Fatalf("an aborted restore left version %d", dst.LastVersion())
	}
	if _, err := importNodes(dst, 10, nodes); err != nil || !bytes.Equal(dst.LastHash(), src.LastHash()) {
		t.Fatalf("the true snapshot after two aborted ones: %v", err)
	}
}

// Prune keeps a version an export holds, and deletes it once released.
func TestPruneKeepsExportedVersion(t *testing.T) {
	s, _ := grownStore(t, 10)
	if err := s.holdVersion(3); err != nil {
		t.Fatal(err)
	}
	if err := s.Prune(2); err != nil {
		t.Fatal(err)
	}
	if !s.tree.VersionExists(3) || s.tree.VersionExists(2) {
		t.Fatal("prune deleted a held version, or kept one before it")
	}
	s.releaseVersion(3)
	if err := s.Prune(2); err != nil {
		t.Fatal(err)
	}
	if s.tree.VersionExists(3) {
		t.Fatal("a released version was kept")
	}
	if err := s.ExportVersion(3, func(SnapshotNode) error { return nil }); !errors.Is(err, ErrNoVersion) {
		t.Fatalf("export of a pruned version: %v", err)
	}
}

// An export runs beside the writer, which goes on writing, saving and
// pruning to its last two versions: the exported version is kept while it
// is read, and what it gives restores to that version's hash. (make test
// runs this package under the race detector.)
func TestExportBesideWriter(t *testing.T) {
	s, _ := grownStore(t, 5)
	want := s.LastHash()
	var nodes []SnapshotNode
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		first := true
		done <- s.ExportVersion(5, func(n SnapshotNode) error {
			if first {
				close(started)
				first = false
			}
			nodes = append(nodes, n)
			return nil
		})
	}()
	<-started
	for v := range 20 {
		for k := range 30 {
			if err := s.Working().Set(fmt.Appendf(nil, "k%03d", (v*30+k)%300), []byte{byte(v)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := s.Prune(2); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	dst, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := importNodes(dst, 5, nodes); err != nil || !bytes.Equal(dst.LastHash(), want) {
		t.Fatalf("restored %X (%v); want %X", dst.LastHash(), err, want)
	}
}
