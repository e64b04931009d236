package trackertest

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/anacrolix/torrent/bencode"
)

// Tracker is a running test tracker, over HTTP and UDP (BEP 15).
type Tracker struct {
	srv *httptest.Server
	udp net.PacketConn

	mu    sync.Mutex
	peers map[string]map[string]peer // info hash → peer id → peer
}

type peer struct {
	ip   net.IP
	port int
	left int64
}

// Start starts a tracker on a free loopback port; Close stops it.
func Start() *Tracker {
	t := &Tracker{peers: map[string]map[string]peer{}}
	t.srv = httptest.NewServer(http.HandlerFunc(t.announce))
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("trackertest: listen on UDP: %v", err))
	}
	t.udp = udp
	go t.serveUDP()
	return t
}

// UDPURL is the tracker's udp:// announce URL.
func (t *Tracker) UDPURL() string { return "udp://" + t.udp.LocalAddr().String() + "/announce" }

// URL is the announce URL.
func (t *Tracker) URL() string { return t.srv.URL + "/announce" }

// Close stops the tracker.
func (t *Tracker) Close() { t.srv.Close(); t.udp.Close() }

// Peers is the number of peers known for an info hash (20 raw bytes).
func (t *Tracker) Peers(infoHash [20]byte) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.peers[string(infoHash[:])])
}

func (t *Tracker) announce(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/scrape") {
		t.scrape(w, r)
		return
	}
	q := r.URL.Query()
	ih, id := q.Get("info_hash"), q.Get("peer_id")
	port, err := strconv.Atoi(q.Get("port"))
	if len(ih) != 20 || len(id) != 20 || err != nil || port <= 0 || port > 65535 {
		fail(w, "bad announce: info_hash and peer_id must be 20 bytes and port a port")
		return
	}
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	if v := q.Get("ip"); v != "" && net.ParseIP(v) != nil {
		ip = net.ParseIP(v)
	}
	left, _ := strconv.ParseInt(q.Get("left"), 10, 64)

	others, seeders, leechers := t.record(ih, id, peer{ip: ip, port: port, left: left}, q.Get("event") == "stopped")
	var compact []byte
	var dict []map[string]any
	for pid, p := range others {
		if v4 := p.ip.To4(); v4 != nil {
			compact = binary.BigEndian.AppendUint16(append(compact, v4...), uint16(p.port))
		}
		dict = append(dict, map[string]any{"peer id": pid, "ip": p.ip.String(), "port": p.port})
	}

	res := map[string]any{"interval": 2, "min interval": 1, "complete": seeders, "incomplete": leechers}
	if q.Get("compact") == "0" {
		res["peers"] = dict
	} else {
		res["peers"] = compact
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write(bencode.MustMarshal(res))
}

// record files an announce and returns the other peers of the swarm
// with its counts.
func (t *Tracker) record(ih, id string, p peer, stopped bool) (others map[string]peer, seeders, leechers int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	swarm := t.peers[ih]
	if swarm == nil {
		swarm = map[string]peer{}
		t.peers[ih] = swarm
	}
	if stopped {
		delete(swarm, id)
	} else {
		swarm[id] = p
	}
	others = map[string]peer{}
	for pid, q := range swarm {
		if q.left == 0 {
			seeders++
		} else {
			leechers++
		}
		if pid != id {
			others[pid] = q
		}
	}
	return others, seeders, leechers
}

// scrape answers a BEP 48 scrape with each asked torrent's counts.
func (t *Tracker) scrape(w http.ResponseWriter, r *http.Request) {
	files := map[string]any{}
	t.mu.Lock()
	for _, ih := range r.URL.Query()["info_hash"] {
		seeders, leechers := 0, 0
		for _, p := range t.peers[ih] {
			if p.left == 0 {
				seeders++
			} else {
				leechers++
			}
		}
		files[ih] = map[string]int{"complete": seeders, "incomplete": leechers, "downloaded": 0}
	}
	t.mu.Unlock()
	w.Write(bencode.MustMarshal(map[string]any{"files": files}))
}

func fail(w http.ResponseWriter, reason string) {
	w.Write(bencode.MustMarshal(map[string]string{"failure reason": reason}))
}

// String describes the tracker.
func (t *Tracker) String() string { return fmt.Sprintf("test tracker at %s", t.URL()) }
