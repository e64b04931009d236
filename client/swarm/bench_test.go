package swarm

import (
	"testing"
	"time"
)

// BenchmarkDownload moves a 256 MiB torrent between two in-process
// clients over loopback: the engine's own cost, without other clients'
// (test/interop's BenchmarkTransfer times real processes).
func BenchmarkDownload(b *testing.B) {
	src := b.TempDir()
	tor := makeTorrent(b, src, "bench", map[string]int{"f": 256 << 20}, 0, "http://127.0.0.1:1/announce")
	seeder, err := NewClient(Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer seeder.Close()
	st, _ := seeder.Add(Source{Torrent: tor}, AddOptions{Dir: src})
	<-st.Done()
	b.SetBytes(tor.Length)
	b.ResetTimer()
	for range b.N {
		dst := b.TempDir()
		leecher, err := NewClient(Config{})
		if err != nil {
			b.Fatal(err)
		}
		lt, _ := leecher.Add(Source{Torrent: tor}, AddOptions{Dir: dst, Peers: []string{seeder.Addr()}})
		select {
		case <-lt.Done():
		case <-time.After(5 * time.Minute):
			b.Fatalf("not done: %+v", lt.Stats())
		}
		leecher.Close()
	}
}
