package swarm

import (
	"bytes"
	"fmt"
	"log/slog"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anacrolix/torrent/metainfo"

	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/tracker/trackertest"
)

// makeTorrent writes files of random bytes under dir/name and returns the
// torrent of them, announced to tracker.
func makeTorrent(t testing.TB, dir, name string, sizes map[string]int, pieceLength int64, tracker string) *torrent.Torrent {
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

// startSeeder starts a client seeding tor from dir and waits until it has
// checked the data.
func startSeeder(t *testing.T, cfg Config, tor *torrent.Torrent, dir string) (*Client, *Torrent) {
	t.Helper()
	c := newTestClient(t, cfg)
	st, err := c.Add(Source{Torrent: tor}, AddOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, st, 10*time.Second)
	return c, st
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

	_, st := startSeeder(t, Config{}, tor, src)

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
	// The seeder counts a block once its write returns, which can be just
	// after the leecher has read it and finished.
	for deadline := time.Now().Add(5 * time.Second); ; {
		up := st.Stats().Uploaded
		if up >= tor.Length {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the seeder uploaded %d of %d", up, tor.Length)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A magnet link with only a peer address: the metadata comes from the
// seeder (BEP 9), then the data.
func TestMagnetFetchesMetadataFromPeers(t *testing.T) {
	src := t.TempDir()
	// Enough files that the info dictionary spans several metadata pieces.
	sizes := map[string]int{}
	for i := range 700 {
		sizes[fmt.Sprintf("dir-with-a-long-name/file-%04d-with-a-long-name.dat", i)] = 1000 + i
	}
	tor := makeTorrent(t, src, "many", sizes, 16<<10, "http://127.0.0.1:1/announce")
	if len(tor.InfoBytes) <= 2*16<<10 {
		t.Fatalf("info is only %d bytes", len(tor.InfoBytes))
	}
	seeder, _ := startSeeder(t, Config{}, tor, src)

	dst := t.TempDir()
	leecher := newTestClient(t, Config{})
	m := &torrent.Magnet{InfoHash: tor.InfoHash, Name: "hint", Peers: []string{seeder.Addr()}}
	lt, err := leecher.Add(Source{Magnet: m}, AddOptions{Dir: dst})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, lt, 30*time.Second)
	if got := lt.Meta(); got == nil || got.InfoHash != tor.InfoHash || len(got.Files) != 700 {
		t.Fatalf("metadata %+v", got)
	}
	sameFiles(t, filepath.Join(src, "many"), filepath.Join(dst, "many"))
}

// A seeder whose files were corrupted after it checked them sends bad
// pieces: the leecher bans it and finishes from an honest seeder.
func TestCorruptPeerIsBanned(t *testing.T) {
	tr := trackertest.Start()
	defer tr.Close()
	good, bad := t.TempDir(), t.TempDir()
	tor := makeTorrent(t, good, "data", map[string]int{"x.bin": 4 << 20}, 64<<10, tr.URL())
	makeTorrent(t, bad, "data", map[string]int{"x.bin": 4 << 20}, 64<<10, tr.URL())

	liar := newTestClient(t, Config{})
	lt, err := liar.Add(Source{Torrent: tor}, AddOptions{Dir: bad})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, lt, 10*time.Second)
	// Every byte the liar serves is now wrong.
	f := filepath.Join(bad, "data", "x.bin")
	b, _ := os.ReadFile(f)
	for i := range b {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}

	dst := t.TempDir()
	leecher := newTestClient(t, Config{})
	dt, err := leecher.Add(Source{Torrent: tor}, AddOptions{Dir: dst, Peers: []string{liar.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	// Only the liar at first: it must be banned before an honest seeder
	// appears.
	deadline := time.Now().Add(20 * time.Second)
	for len(dt.Banned()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the liar was never banned: %+v", dt.Stats())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, ok := dt.Banned()[liar.Addr()]; !ok {
		t.Fatalf("banned %v, not the liar at %s", dt.Banned(), liar.Addr())
	}
	honest := newTestClient(t, Config{})
	ht, err := honest.Add(Source{Torrent: tor}, AddOptions{Dir: good})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, ht, 10*time.Second)
	waitDone(t, dt, 30*time.Second)
	sameFiles(t, filepath.Join(good, "data"), filepath.Join(dst, "data"))
	if s := dt.Stats(); s.Wasted == 0 {
		t.Fatalf("no bytes were thrown away: %+v", s)
	}
}

// Pausing half way and starting a new client on the same directory
// fetches only the missing pieces.
func TestResumeFetchesOnlyWhatIsMissing(t *testing.T) {
	src := t.TempDir()
	tor := makeTorrent(t, src, "big", map[string]int{"a": 8 << 20}, 256<<10, "http://127.0.0.1:1/announce")
	seeder, _ := startSeeder(t, Config{}, tor, src)

	dst := t.TempDir()
	slow, err := NewClient(Config{ListenAddr: "127.0.0.1:0", DownloadRate: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := slow.Add(Source{Torrent: tor}, AddOptions{Dir: dst, Peers: []string{seeder.Addr()}})
	for first.Stats().Have < tor.NumPieces()/3 {
		time.Sleep(20 * time.Millisecond)
	}
	slow.Close()
	had := first.Stats().Have
	if had == tor.NumPieces() {
		t.Fatal("finished before it could be stopped")
	}

	again := newTestClient(t, Config{})
	second, _ := again.Add(Source{Torrent: tor}, AddOptions{Dir: dst, Peers: []string{seeder.Addr()}})
	waitDone(t, second, 30*time.Second)
	sameFiles(t, filepath.Join(src, "big"), filepath.Join(dst, "big"))
	if got, max := second.Stats().Downloaded, tor.Length-int64(had)*tor.PieceLength; got > max {
		t.Fatalf("the second run downloaded %d bytes; only %d were missing", got, max)
	}
}

// A magnet link with neither trackers nor peers: the seeder is found
// through the DHT, three nodes on loopback (the first stands in for the
// public routers, so the test never leaves the machine).
func TestMagnetThroughDHT(t *testing.T) {
	dead := []string{"127.0.0.1:1"}
	router := newTestClient(t, Config{DHT: &DHTConfig{Listen: "127.0.0.1:0", Bootstrap: dead}})
	boot := []string{router.DHTAddr()}

	src := t.TempDir()
	tor := makeTorrent(t, src, "dht", map[string]int{"x": 700_000}, 16<<10, "http://127.0.0.1:1/announce")
	_, st := startSeeder(t, Config{DHT: &DHTConfig{Listen: "127.0.0.1:0", Bootstrap: boot}}, tor, src)

	leecher := newTestClient(t, Config{DHT: &DHTConfig{Listen: "127.0.0.1:0", Bootstrap: boot}})
	dst := t.TempDir()
	// The seeder announces as soon as its torrent starts; if that raced
	// its bootstrap, the leecher's lookup retries below.
	deadline := time.Now().Add(30 * time.Second)
	for router.dht.PeerStore().GetPeers(metainfo.Hash(tor.InfoHash)) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the seeder never announced itself to the DHT")
		}
		st.Pause()
		st.Resume()
		time.Sleep(500 * time.Millisecond)
	}
	lt, err := leecher.Add(Source{Magnet: &torrent.Magnet{InfoHash: tor.InfoHash}}, AddOptions{Dir: dst})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, lt, 30*time.Second)
	sameFiles(t, filepath.Join(src, "dht"), filepath.Join(dst, "dht"))
}

func TestDHTRefusesBadBootstrap(t *testing.T) {
	if _, err := NewClient(Config{DHT: &DHTConfig{Listen: "127.0.0.1:0", Bootstrap: []string{"no-port"}}}); err == nil {
		t.Fatal("a bootstrap node without a port was accepted")
	}
}

// The rate limits hold: a download limited to 2 MiB/s (or from a seeder
// limited to 2 MiB/s) of 4 MiB cannot finish in much under two seconds.
// Only the lower bound is checked, so a slow machine cannot fail it.
func TestRateLimits(t *testing.T) {
	src := t.TempDir()
	tor := makeTorrent(t, src, "limited", map[string]int{"x": 4 << 20}, 64<<10, "http://127.0.0.1:1/announce")
	for name, cfgs := range map[string][2]Config{
		"download": {{}, {DownloadRate: 2 << 20}},
		"upload":   {{UploadRate: 2 << 20}, {}},
	} {
		t.Run(name, func(t *testing.T) {
			seeder, _ := startSeeder(t, cfgs[0], tor, src)
			leecher := newTestClient(t, cfgs[1])
			start := time.Now()
			lt, _ := leecher.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Peers: []string{seeder.Addr()}})
			waitDone(t, lt, 30*time.Second)
			// 4 MiB at 2 MiB/s, less the limiter's initial burst (a
			// quarter of a second's worth, or a 128 KiB block).
			if took := time.Since(start); took < 1500*time.Millisecond {
				t.Fatalf("4 MiB at a 2 MiB/s limit took only %v", took)
			}
		})
	}
}

// Peer exchange (BEP 11): b knows only a; a tells b of the seeder, and b
// connects to it.
func TestPeerExchange(t *testing.T) {
	src := t.TempDir()
	tor := makeTorrent(t, src, "pex", map[string]int{"x": 1 << 20}, 16<<10, "http://127.0.0.1:1/announce")
	seeder, _ := startSeeder(t, Config{}, tor, src)
	// Both download slowly, so that nobody becomes a seed (seeds part)
	// before the exchange.
	a := newTestClient(t, Config{DownloadRate: 32 << 10})
	a.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Peers: []string{seeder.Addr()}})
	b := newTestClient(t, Config{DownloadRate: 32 << 10})
	bt, _ := b.Add(Source{Torrent: tor}, AddOptions{Dir: t.TempDir(), Peers: []string{a.Addr()}})
	// b may connect seconds late on a loaded machine (CI runs the e2e and
	// interop suites beside this): pexFirst counts from then.
	deadline := time.Now().Add(pexFirst + 40*time.Second)
	for {
		bt.mu.Lock()
		_, learned := bt.known[seeder.Addr()]
		bt.mu.Unlock()
		if learned {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("b never heard of the seeder at %s: %+v", seeder.Addr(), bt.Stats())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
