package swarm

import (
	"context"
	"net"
	"net/netip"
	"time"

	"github.com/anacrolix/dht/v2/krpc"
	pp "github.com/anacrolix/torrent/peer_protocol"

	"github.com/bttc-network/bttc/client/wire"
)

// maxDialing bounds the connection attempts in flight for one torrent.
const maxDialing = 8

// maxStrikes is how many bad pieces a peer may take part in before it is
// banned.
const maxStrikes = 3

// candidate is an address we may dial.
type candidate struct {
	fails     int
	next      time.Time // not before
	connected bool
}

// AddPeers gives the torrent peer addresses (host:port) to try.
func (t *Torrent) AddPeers(addrs []string) { t.addCandidates(addrs) }

// addCandidates learns peer addresses (host:port) from a tracker, a magnet
// link or peer exchange.
func (t *Torrent) addCandidates(addrs []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.addCandidatesLocked(addrs)
}

func (t *Torrent) addCandidatesLocked(addrs []string) {
	self := t.c.Addr()
	for _, a := range addrs {
		if a == self || t.known[a] != nil {
			continue
		}
		if _, err := netip.ParseAddrPort(a); err != nil {
			if _, _, err := net.SplitHostPort(a); err != nil {
				continue
			}
		}
		t.known[a] = &candidate{}
	}
}

// connectMore dials candidates while the torrent has room for peers.
func (t *Torrent) connectMore(ctx context.Context, now time.Time) {
	for addr, c := range t.known {
		if len(t.peers)+t.dialing >= t.c.cfg.MaxPeers || t.dialing >= maxDialing {
			return
		}
		if c.connected || now.Before(c.next) {
			continue
		}
		if _, ok := t.banned[addr]; ok {
			continue
		}
		c.next = now.Add(30 * time.Second) // until the dial ends
		t.dialing++
		t.wg.Add(1)
		go t.dial(ctx, addr)
	}
}

// strike records a bad piece against p; the sole source of a bad piece,
// or a peer struck maxStrikes times, is banned.
func (t *Torrent) strike(p *peer, sole bool, why string) {
	t.strikes[p.key]++
	if sole || t.strikes[p.key] >= maxStrikes {
		t.ban(p, why)
	}
}

func (t *Torrent) ban(p *peer, why string) {
	t.banned[p.key] = why
	for _, pc := range t.active {
		if !pc.verifying {
			pc.forget(p)
		}
	}
	t.c.log.Info("banned a peer", "torrent", t.ih.String(), "peer", p.addr, "client", p.client, "why", why)
	p.closeLocked(errBanned)
}

// Banned lists the banned peers and why.
func (t *Torrent) Banned() map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]string, len(t.banned))
	for k, v := range t.banned {
		out[k] = v
	}
	return out
}

// gotExtended handles a BEP 10 message.
func (p *peer) gotExtended(m *wire.Message) error {
	t := p.t
	if m.ExtendedID == 0 {
		h, err := wire.ParseExtendedHandshake(m.ExtendedPayload)
		if err != nil {
			return violation("%v", err)
		}
		p.ext, p.client = h.M, h.V
		t.startSpeed(p, h.M[wire.ExtSpeed])
		if h.Reqq > 0 {
			p.maxPipeline = min(max(h.Reqq, 16), wire.MaxQueued)
			p.pipeline = min(p.pipeline, p.maxPipeline)
		}
		if p.addr == p.conn.RemoteAddr().String() {
			if a := listenAddr(p.conn.RemoteAddr(), h.Port); a != "" {
				p.addr = a
				if t.known[a] == nil {
					t.known[a] = &candidate{}
				}
				t.known[a].connected = true
			}
		}
		if t.meta == nil && h.MetadataSize > 0 && p.ext[wire.ExtMetadata] != 0 {
			t.fetchMetadata(p, h.MetadataSize)
		}
		return nil
	}
	switch wire.OurExtension(m.ExtendedID) {
	case wire.ExtMetadata:
		msg, err := wire.ParseMetadataMsg(m.ExtendedPayload)
		if err != nil {
			return violation("%v", err)
		}
		return t.gotMetadataMsg(p, msg)
	case wire.ExtPex:
		if t.meta != nil && t.meta.Private {
			return nil
		}
		pex, err := wire.ParsePex(m.ExtendedPayload)
		if err != nil {
			return nil // PEX is advice; a malformed one is ignored
		}
		var addrs []string
		for _, a := range pex.Added {
			addrs = append(addrs, hostPort(a.IP, a.Port))
		}
		for _, a := range pex.Added6 {
			addrs = append(addrs, hostPort(a.IP, a.Port))
		}
		if len(addrs) > 50 {
			addrs = addrs[:50]
		}
		t.addCandidatesLocked(addrs)
	}
	return nil
}

// sendPex tells each peer that speaks ut_pex, pexFirst after it connected
// and every pexEvery after, of the peers we are connected to that it has
// not heard of from us, and of those gone.
func (t *Torrent) sendPex(now time.Time) {
	if t.meta != nil && t.meta.Private {
		return
	}
	current := map[string]bool{}
	for p := range t.peers {
		current[p.addr] = true
	}
	for p := range t.peers {
		id := p.ext[wire.ExtPex]
		if id == 0 || now.Before(p.nextPex) {
			continue
		}
		p.nextPex = now.Add(pexEvery)
		var msg pp.PexMsg
		for a := range current {
			if a != p.addr && !p.pexSent[a] && len(msg.Added) < 50 {
				if na, ok := nodeAddr(a); ok {
					msg.Added = append(msg.Added, na)
					msg.AddedFlags = append(msg.AddedFlags, 0)
					p.pexSent[a] = true
				}
			}
		}
		for a := range p.pexSent {
			if !current[a] {
				if na, ok := nodeAddr(a); ok {
					msg.Dropped = append(msg.Dropped, na)
				}
				delete(p.pexSent, a)
			}
		}
		if msg.Len() > 0 {
			p.send(msg.Message(id))
		}
	}
}

func nodeAddr(a string) (krpc.NodeAddr, bool) {
	ap, err := netip.ParseAddrPort(a)
	if err != nil || !ap.Addr().Is4() {
		return krpc.NodeAddr{}, false
	}
	return krpc.NodeAddr{IP: ap.Addr().AsSlice(), Port: int(ap.Port())}, true
}
