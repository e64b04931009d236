package swarm

import (
	"bytes"
	"log/slog"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/tracker/trackertest"
)

// makeTorrent writes files of random bytes under dir/name and returns the
// torrent of them, announced to tracker.
func makeTorrent(t *testing.T, dir, name string, sizes map[string]int, pieceLength int64, tracker string) *torrent.Torrent {
	t.Helper()
	rng := rand.New(rand.NewSource(int64(len(name))))
	for f, size := range sizes {
		b := make([]byte, size)
		rng.Read(b)
		p := filepath.Join(dir, name, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := torrent.Create(filepath.Join(dir, name), torrent.CreateOptions{Trackers: []string{tracker}, PieceLength: pieceLength})
	if err != nil {
		t.Fatal(err)
	}
	tor, err := torrent.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tor
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.TrackerInterval == 0 {
		cfg.TrackerInterval = 200 * time.Millisecond
	}
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func waitDone(t *testing.T, tt *Torrent, d time.Duration) {
	t.Helper()
	select {
	case <-tt.Done():
	case <-time.After(d):
		t.Fatalf("not done after %v: %+v", d, tt.Stats())
	}
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	err := filepath.Walk(a, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs: %v", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDownloadFromSeederThroughTracker(t *testing.T) {
	tr := trackertest.Start()
	defer tr.Close()
	src := t.TempDir()
	tor := makeTorrent(t, src, "multi", map[string]int{"a.bin": 3_000_000, "sub/b.bin": 1_234_567, "c.txt": 10}, 256<<10, tr.URL())

	seeder := newTestClient(t, Config{})
	st, err := seeder.Add(Source{Torrent: tor}, AddOptions{Dir: src})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, st, 10*time.Second)

	dst := t.TempDir()
	leecher := newTestClient(t, Config{})
	lt, err := leecher.Add(Source{Torrent: tor}, AddOptions{Dir: dst})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, lt, 30*time.Second)
	sameFiles(t, filepath.Join(src, "multi"), filepath.Join(dst, "multi"))
	s := lt.Stats()
	if s.Have != tor.NumPieces() || s.Completed != tor.Length || s.State != Seeding {
		t.Fatalf("leecher stats %+v", s)
	}
	if up := st.Stats().Uploaded; up < tor.Length {
		t.Fatalf("the seeder uploaded %d of %d", up, tor.Length)
	}
}
