package swarm

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/anacrolix/dht/v2"
	"github.com/anacrolix/dht/v2/krpc"
	peer_store "github.com/anacrolix/dht/v2/peer-store"
	alog "github.com/anacrolix/log"
)

// dhtEvery is how often a torrent looks itself up in the DHT and announces
// itself there (BEP 5 asks for no more than every few minutes).
const dhtEvery = 5 * time.Minute

// DHTConfig turns on the DHT (BEP 5). It is off unless given: the DHT
// talks to nodes all over the internet, which a user must ask for.
type DHTConfig struct {
	// Listen is the UDP address of the DHT node, "127.0.0.1:0" in tests.
	Listen string
	// Bootstrap are host:port nodes to join through; empty means the
	// well-known routers (router.bittorrent.com and others).
	Bootstrap []string
}

// startDHT runs the client's DHT node.
func (c *Client) startDHT(cfg DHTConfig) error {
	boot := cfg.Bootstrap
	if len(boot) == 0 {
		boot = dht.DefaultGlobalBootstrapHostPorts
	}
	for _, hp := range boot {
		if _, _, err := net.SplitHostPort(hp); err != nil {
			return fmt.Errorf("DHT bootstrap node %q: %w", hp, err)
		}
	}
	conn, err := net.ListenPacket("udp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("DHT: listen on %s: %w", cfg.Listen, err)
	}
	sc := dht.NewDefaultServerConfig()
	sc.Conn = conn
	sc.StartingNodes = func() ([]dht.Addr, error) { return dht.ResolveHostPorts(boot) }
	sc.Logger = alog.Default.FilterLevel(alog.Critical)
	// Answer get_peers with the peers that announced to us, as a good
	// DHT citizen does.
	sc.PeerStore = newPeerStore(time.Now)
	if ua, ok := conn.LocalAddr().(*net.UDPAddr); ok && ua.IP.IsLoopback() {
		// The security extension ties node ids to public IPs; a loopback
		// node has none.
		sc.NoSecurity = true
	}
	s, err := dht.NewServer(sc)
	if err != nil {
		conn.Close()
		return fmt.Errorf("DHT: %w", err)
	}
	c.dht = s
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		if _, err := s.BootstrapContext(c.ctx); err != nil && c.ctx.Err() == nil {
			c.log.Warn("DHT bootstrap", "err", err)
		}
	}()
	return nil
}

// DHTAddr is the DHT node's address, "" when the DHT is off.
func (c *Client) DHTAddr() string {
	if c.dht == nil {
		return ""
	}
	return c.dht.Addr().String()
}

// lookupDHT finds peers for the torrent in the DHT and announces our port,
// now and every dhtEvery, until ctx ends.
func (t *Torrent) lookupDHT(ctx context.Context) {
	defer t.wg.Done()
	wait := time.Duration(0)
	for {
		found := 0
		a, err := t.c.dht.Announce(t.ih, t.c.port, false)
		if err == nil {
			found = t.drainDHT(ctx, a)
			t.c.log.Debug("DHT lookup", "torrent", t.ih.String(), "peers", found, "nodes", a.NumContacted())
		} else {
			t.c.log.Debug("DHT announce", "torrent", t.ih.String(), "err", err)
		}
		// Found nobody (the node may still be joining): look again soon,
		// 5 s and doubling, up to the usual interval.
		if found == 0 {
			wait = min(max(2*wait, 5*time.Second), dhtEvery)
		} else {
			wait = dhtEvery
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// drainDHT adds the peers one lookup finds, for a minute at most, and
// returns how many it found.
func (t *Torrent) drainDHT(ctx context.Context, a *dht.Announce) int {
	defer a.Close()
	limit := time.After(time.Minute)
	found := 0
	for {
		select {
		case <-ctx.Done():
			return found
		case <-limit:
			return found
		case pv, ok := <-a.Peers:
			if !ok {
				return found
			}
			found += len(pv.Peers)
			addrs := make([]string, 0, len(pv.Peers))
			for _, p := range pv.Peers {
				if p.Port > 0 {
					addrs = append(addrs, hostPort(p.IP, p.Port))
				}
			}
			t.addCandidates(addrs)
		}
	}
}

// peerStore keeps the peers that announce torrents to our DHT node, keyed
// by address (the DHT package's own store keeps one peer per IP, which
// loses all but one peer behind a NAT or on one machine). It is bounded:
// at most maxStoredPeers a torrent (the oldest dropped first) and
// maxStoredTorrents torrents, and entries older than storedPeerTTL are not
// returned.
type peerStore struct {
	mu  sync.Mutex
	now func() time.Time
	ihs map[peer_store.InfoHash]map[string]storedPeer
}

type storedPeer struct {
	addr krpc.NodeAddr
	at   time.Time
}

const (
	maxStoredPeers    = 100
	maxStoredTorrents = 5000
	storedPeerTTL     = 30 * time.Minute
)

func newPeerStore(now func() time.Time) *peerStore {
	return &peerStore{now: now, ihs: map[peer_store.InfoHash]map[string]storedPeer{}}
}

// AddPeer implements peer_store.Interface.
func (s *peerStore) AddPeer(ih peer_store.InfoHash, na krpc.NodeAddr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	peers := s.ihs[ih]
	if peers == nil {
		if len(s.ihs) >= maxStoredTorrents {
			s.dropTorrent()
		}
		peers = map[string]storedPeer{}
		s.ihs[ih] = peers
	}
	if len(peers) >= maxStoredPeers {
		oldest, at := "", s.now()
		for k, p := range peers {
			if !p.at.After(at) {
				oldest, at = k, p.at
			}
		}
		delete(peers, oldest)
	}
	peers[na.String()] = storedPeer{addr: na, at: s.now()}
}

// dropTorrent makes room by forgetting one torrent, whichever map
// iteration yields first: cheap, and a flood of announces cannot aim at
// the ones that matter.
func (s *peerStore) dropTorrent() {
	for ih := range s.ihs {
		delete(s.ihs, ih)
		return
	}
}

// GetPeers implements peer_store.Interface.
func (s *peerStore) GetPeers(ih peer_store.InfoHash) []krpc.NodeAddr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []krpc.NodeAddr
	for k, p := range s.ihs[ih] {
		if s.now().Sub(p.at) > storedPeerTTL {
			delete(s.ihs[ih], k)
			continue
		}
		out = append(out, p.addr)
	}
	return out
}
