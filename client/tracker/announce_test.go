package tracker

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bttc-network/bttc/client/tracker/trackertest"
)

// Two announcers of one torrent learn of each other through a real HTTP
// tracker; a dead tracker ahead of it in the tier is skipped; stopping one
// removes it from the swarm.
func TestAnnouncersFindEachOther(t *testing.T) {
	tr := trackertest.Start()
	defer tr.Close()
	ih := [20]byte{7}
	type got struct {
		mu    sync.Mutex
		addrs []string
	}
	// a announces over HTTP, b over UDP (BEP 15).
	run := func(id byte, port int, url string, g *got) (*Announcer, context.CancelFunc, chan struct{}) {
		a := New(Config{
			InfoHash: ih, PeerID: [20]byte{id}, Port: port,
			Tiers:       [][]string{{"http://127.0.0.1:1/announce", url}},
			Stats:       func() Stats { return Stats{Left: 1} },
			Peers:       func(addrs []string) { g.mu.Lock(); g.addrs = addrs; g.mu.Unlock() },
			MinInterval: 50 * time.Millisecond,
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { a.Run(ctx); close(done) }()
		return a, cancel, done
	}
	var ga, gb got
	a, stopA, doneA := run('a', 1111, tr.URL(), &ga)
	b, stopB, doneB := run('b', 2222, tr.UDPURL(), &gb)
	defer func() { stopB(); <-doneB }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ga.mu.Lock()
		ok := len(ga.addrs) == 1 && ga.addrs[0] == "127.0.0.1:2222"
		ga.mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a never learned of b: %v (status %+v)", ga.addrs, a.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s := a.Status(); s.Err != nil || s.URL != tr.URL() || s.Leechers != 2 {
		t.Fatalf("status %+v", s)
	}
	for {
		gb.mu.Lock()
		ok := len(gb.addrs) == 1 && gb.addrs[0] == "127.0.0.1:1111"
		gb.mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("b (over UDP) never learned of a: %v (status %+v)", gb.addrs, b.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopA()
	<-doneA
	if n := tr.Peers(ih); n != 1 {
		t.Fatalf("after a stopped the tracker knows %d peers", n)
	}
}

func TestNoTrackerAnswers(t *testing.T) {
	a := New(Config{InfoHash: [20]byte{1}, PeerID: [20]byte{2}, Port: 1, Tiers: [][]string{{"http://127.0.0.1:1/announce", "bogus://x"}}})
	d, n := a.announce(context.Background(), a.cfg.Tiers, Started)
	if s := a.Status(); s.Err == nil || d != 30*time.Second || n != 0 {
		t.Fatalf("status %+v, next in %v", s, d)
	}
}
