package torrent

import (
	"bytes"
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

func TestStorageAcrossFilesAndRecheck(t *testing.T) {
	src := t.TempDir()
	rng := rand.New(rand.NewSource(3))
	files := writeTree(t, src, map[string]int{"d/a": 20_000, "d/b": 1, "d/c/e": 50_000, "d/z": 0}, rng)
	raw, err := Create(filepath.Join(src, "d"), CreateOptions{PieceLength: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	tor, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	seed := OpenStorage(tor, src)
	defer seed.Close()
	have, err := seed.Recheck(context.Background(), nil)
	if err != nil || !have.Full() {
		t.Fatalf("the source does not verify: %d of %d, %v", have.Count(), tor.NumPieces(), err)
	}

	// Copy every other piece into a new download; only those verify.
	dst := t.TempDir()
	down := OpenStorage(tor, dst)
	buf := make([]byte, tor.PieceLength)
	for i := 0; i < tor.NumPieces(); i += 2 {
		data, err := seed.ReadPiece(i, buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := down.WriteAt(data, int64(i)*tor.PieceLength); err != nil {
			t.Fatal(err)
		}
	}
	must(t, down.Close())
	down = OpenStorage(tor, dst)
	var calls atomic.Int64
	have, err = down.Recheck(context.Background(), func(int) { calls.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	for i := range tor.NumPieces() {
		if have.Has(i) != (i%2 == 0) {
			t.Fatalf("piece %d: have %v", i, have.Has(i))
		}
	}
	if calls.Load() != int64(tor.NumPieces()) {
		t.Fatalf("progress called %d times", calls.Load())
	}
	for i := 1; i < tor.NumPieces(); i += 2 {
		data, _ := seed.ReadPiece(i, buf)
		must(t, down.WriteAt(data, int64(i)*tor.PieceLength))
	}
	must(t, down.CreateEmpty())
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s differs after download: %v", name, err)
		}
	}
	if err := down.ReadAt(make([]byte, 2), tor.Length-1); err == nil {
		t.Fatal("read past the end accepted")
	}
	// A corrupted byte unverifies exactly its piece.
	must(t, down.Close())
	p := filepath.Join(dst, "d", "c", "e")
	b, _ := os.ReadFile(p)
	b[0] ^= 1
	must(t, os.WriteFile(p, b, 0o644))
	have, err = OpenStorage(tor, dst).Recheck(context.Background(), nil)
	if err != nil || have.Count() != tor.NumPieces()-1 || have.Has(int(20_001/(16<<10))) {
		t.Fatalf("after corruption: %d verify, %v", have.Count(), err)
	}
}

func TestStoragePaddingFilesAreNotWritten(t *testing.T) {
	tor := &Torrent{Name: "p", PieceLength: 4, Length: 8, MultiFile: true, Pieces: make([]Hash, 2), Files: []File{
		{Path: []string{"a"}, Length: 2},
		{Path: []string{".pad", "2"}, Length: 2, Offset: 2, Padding: true},
		{Path: []string{"b"}, Length: 4, Offset: 4},
	}}
	dir := t.TempDir()
	s := OpenStorage(tor, dir)
	defer s.Close()
	must(t, s.WriteAt([]byte("abXXcdef"), 0))
	got := make([]byte, 8)
	must(t, s.ReadAt(got, 0))
	if string(got) != "ab\x00\x00cdef" {
		t.Fatalf("read %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "p", ".pad")); !os.IsNotExist(err) {
		t.Fatalf("padding written: %v", err)
	}
}

func TestStorageManyFilesStayWithinOpenLimit(t *testing.T) {
	var files []File
	for i := range 3 * maxOpenFiles {
		files = append(files, File{Path: []string{"f", string(rune('a' + i%26)), string(rune('a' + i/26))}, Length: 1, Offset: int64(i)})
	}
	tor := &Torrent{Name: "many", PieceLength: 16, Length: int64(len(files)), MultiFile: true, Files: files, Pieces: make([]Hash, (len(files)+15)/16)}
	s := OpenStorage(tor, t.TempDir())
	defer s.Close()
	data := bytes.Repeat([]byte{7}, len(files))
	must(t, s.WriteAt(data, 0))
	if len(s.open) > maxOpenFiles {
		t.Fatalf("%d files open", len(s.open))
	}
	got := make([]byte, len(files))
	must(t, s.ReadAt(got, 0))
	if !bytes.Equal(got, data) {
		t.Fatal("read back differs")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Many goroutines writing across more files than stay open: a file is never
// closed under a write in progress (it was, and the write failed with
// "file already closed").
func TestStorageConcurrentWritesAcrossManyFiles(t *testing.T) {
	n := 3 * maxOpenFiles
	var files []File
	for i := range n {
		files = append(files, File{Path: []string{"d", string(rune('a' + i%26)), string(rune('a' + i/26))}, Length: 4096, Offset: int64(i) * 4096})
	}
	tor := &Torrent{Name: "many", PieceLength: 4096, Length: int64(n) * 4096, MultiFile: true, Files: files, Pieces: make([]Hash, n)}
	s := OpenStorage(tor, t.TempDir())
	defer s.Close()
	errs := make(chan error, n)
	for i := range n {
		go func() {
			var err error
			for range 20 {
				if err = s.WriteAt(bytes.Repeat([]byte{byte(i)}, 4096), int64(i)*4096); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range n {
		must(t, <-errs)
	}
	got := make([]byte, 4096)
	for i := range n {
		must(t, s.ReadAt(got, int64(i)*4096))
		if got[0] != byte(i) || got[4095] != byte(i) {
			t.Fatalf("file %d reads back %d", i, got[0])
		}
	}
}
