package swarm

import (
	"net"
	"testing"
	"time"

	"github.com/anacrolix/dht/v2/krpc"
	peer_store "github.com/anacrolix/dht/v2/peer-store"
)

func TestPeerStoreBoundsAndExpiry(t *testing.T) {
	now := time.Unix(0, 0)
	s := newPeerStore(func() time.Time { return now })
	ih := peer_store.InfoHash{1}
	addr := func(port int) krpc.NodeAddr { return krpc.NodeAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: port} }
	// Many peers on one IP are all kept (the DHT package's own store keeps one).
	for p := 1; p <= maxStoredPeers+10; p++ {
		now = now.Add(time.Second)
		s.AddPeer(ih, addr(p))
	}
	got := s.GetPeers(ih)
	if len(got) != maxStoredPeers {
		t.Fatalf("%d peers kept, want %d", len(got), maxStoredPeers)
	}
	for _, p := range got {
		if p.Port <= 10 {
			t.Fatalf("an old peer (port %d) survived while newer ones were added", p.Port)
		}
	}
	// Peers not heard from for storedPeerTTL are gone.
	now = now.Add(storedPeerTTL + time.Second)
	s.AddPeer(ih, addr(9999))
	if got := s.GetPeers(ih); len(got) != 1 || got[0].Port != 9999 {
		t.Fatalf("after the TTL: %v", got)
	}
	// The torrent count is bounded too.
	for i := range maxStoredTorrents + 5 {
		now = now.Add(time.Millisecond)
		s.AddPeer(peer_store.InfoHash{byte(i), byte(i >> 8), 2}, addr(1))
	}
	if len(s.ihs) > maxStoredTorrents {
		t.Fatalf("%d torrents kept", len(s.ihs))
	}
}
