package swarm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	pp "github.com/anacrolix/torrent/peer_protocol"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/wire"
)

// maxServe is how many requests a peer may queue with us: the reqq we
// advertise and a few more.
const maxServe = wire.MaxQueued + 48

// keepAliveEvery is how long the writer may stay silent.
const keepAliveEvery = 90 * time.Second

// peer is one connection in a torrent's swarm. Fields below mu in the
// struct are guarded by the torrent's mutex.
type peer struct {
	t      *Torrent
	conn   *wire.Conn
	id     uint64 // for the choker
	addr   string // where it listens, when known; else its remote address
	key    string // what a ban applies to
	fast   bool
	client string
	ext    map[pp.ExtensionName]pp.ExtensionNumber // the peer's ids for extensions

	// The Speed extension's sessions, when the peer speaks it: set by the
	// reader in the extension handshake, under t.mu.
	sale     *speed.Sale
	purchase *speed.Purchase

	downBytes, upBytes atomic.Int64 // block bytes received and sent

	// Guarded by t.mu.
	has          torrent.Bitfield
	hasAll       bool   // HaveAll before the metadata
	rawBitfield  []byte // a bitfield before the metadata
	rawHaves     []int  // haves before the metadata
	amChoking    bool
	amInterested bool
	peerChoking  bool
	peerInt      bool
	out          map[block]time.Time
	pipeline     int // requests we keep outstanding, by its rate
	maxPipeline  int // the most it takes (its reqq)
	lastBlock    time.Time
	down, up     rateMeter
	pexSent      map[string]bool
	nextPex      time.Time // when to tell it of other peers
	lingerSince  time.Time // kept after both became seeds, to settle a channel
	closed       bool

	// The writer's queues, guarded by wmu.
	wmu   sync.Mutex
	ctrl  []wire.Message
	serve []request // requests to answer, oldest first
	wake  chan struct{}
}

// addConn joins an established connection to the torrent. addr is where
// the peer listens when we dialed it.
func (t *Torrent) addConn(c *wire.Conn, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := banKey(c.RemoteAddr(), addr)
	if _, ok := t.banned[key]; ok || t.state == Paused || t.state == Failed || len(t.peers) >= t.c.cfg.MaxPeers {
		c.Close()
		return
	}
	for q := range t.peers {
		if q.conn.Peer.PeerID == c.Peer.PeerID {
			c.Close() // already connected, the other way round
			return
		}
	}
	t.nextID++
	p := &peer{
		t: t, conn: c, id: t.nextID, addr: addr, key: key, fast: c.Peer.Reserved.Fast(),
		amChoking: true, peerChoking: true, out: map[block]time.Time{}, pipeline: minPipeline, maxPipeline: 250,
		lastBlock: time.Now(), pexSent: map[string]bool{}, nextPex: time.Now().Add(pexFirst), wake: make(chan struct{}, 1),
	}
	if addr == "" {
		p.addr = c.RemoteAddr().String()
	}
	if cand := t.known[addr]; cand != nil {
		cand.connected, cand.fails = true, 0
	}
	t.peers[p] = struct{}{}
	if t.meta != nil {
		p.has = torrent.NewBitfield(t.meta.NumPieces())
	}
	// First our extension handshake, then what we have (BEP 10 allows
	// either order; Transmission and libtorrent send it first).
	if c.Peer.Reserved.Extended() {
		p.ctrl = append(p.ctrl, wire.OurExtendedHandshake(t.c.cfg.Name, t.c.port, t.metadataSize()))
	}
	p.ctrl = append(p.ctrl, t.haveMessage(p))
	t.wg.Add(2)
	go p.readLoop()
	go p.writeLoop()
	p.signal()
}

func (t *Torrent) metadataSize() int {
	if t.meta == nil {
		return 0
	}
	return len(t.meta.InfoBytes)
}

// haveMessage is what we tell a new peer we have.
func (t *Torrent) haveMessage(p *peer) wire.Message {
	switch {
	case t.meta == nil || t.have.Count() == 0:
		if p.fast {
			return wire.Message{Type: wire.HaveNone}
		}
		return wire.Message{Keepalive: true}
	case p.fast && t.have.Full():
		return wire.Message{Type: wire.HaveAll}
	}
	return bitfieldMessage(t.have)
}

func bitfieldMessage(f torrent.Bitfield) wire.Message {
	bools := make([]bool, f.Len())
	for i := range bools {
		bools[i] = f.Has(i)
	}
	return wire.Message{Type: wire.Bitfield, Bitfield: bools}
}

// banKey is what a ban applies to: the IP, except on loopback, where
// every test peer shares one and the listening address tells them apart.
func banKey(remote net.Addr, listen string) string {
	ta, ok := remote.(*net.TCPAddr)
	if !ok || !ta.IP.IsLoopback() {
		if ok {
			return ta.IP.String()
		}
		return remote.String()
	}
	if listen != "" {
		return listen
	}
	return remote.String()
}

func (p *peer) seed() bool {
	return p.hasAll || (p.has.Len() > 0 && p.has.Full())
}

// send queues messages for the writer.
func (p *peer) send(msgs ...wire.Message) {
	if len(msgs) == 0 {
		return
	}
	p.wmu.Lock()
	p.ctrl = append(p.ctrl, msgs...)
	p.wmu.Unlock()
	p.signal()
}

func (p *peer) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// releaseRequests forgets our outstanding requests to p so that other
// peers can be asked.
func (p *peer) releaseRequests() {
	for k := range p.out {
		if pc := p.t.active[k.piece]; pc != nil {
			pc.reqs[k.begin/wire.BlockSize]--
		}
		delete(p.out, k)
	}
}

// closeLocked disconnects p (with t.mu held); err says why, nil for an
// orderly close.
func (p *peer) closeLocked(err error) {
	if p.closed {
		return
	}
	p.closed = true
	t := p.t
	delete(t.peers, p)
	if p.sale != nil {
		t.earned.Add(t.earned, p.sale.Credited())
	}
	if p.purchase != nil {
		p.purchase.Gone()
	}
	p.releaseRequests()
	for i := range t.avail {
		if p.has.Has(i) {
			t.avail[i]--
		}
	}
	if cand := t.known[p.addr]; cand != nil {
		cand.connected = false
	}
	p.conn.Close()
	p.signal()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
		t.c.log.Debug("peer disconnected", "peer", p.addr, "client", p.client, "err", err)
	}
	if !p.amChoking {
		t.rechoke(time.Now())
	}
}

func (p *peer) readLoop() {
	defer p.t.wg.Done()
	for {
		m, err := p.conn.Read()
		if err == nil && m.Type == wire.Extended && wire.OurExtension(m.ExtendedID) == wire.ExtSpeed {
			if err = p.gotSpeed(m.ExtendedPayload); err == nil {
				wire.Release(&m)
				continue
			}
		}
		if err == nil && m.Type == wire.Piece && !m.Keepalive {
			p.downBytes.Add(int64(len(m.Piece)))
			if lim := p.t.c.down; lim != nil {
				err = lim.WaitN(p.t.c.ctx, len(m.Piece))
			}
		}
		p.t.mu.Lock()
		if err == nil {
			err = p.handle(&m)
		}
		if err != nil {
			p.closeLocked(err)
		}
		closed := p.closed
		p.t.mu.Unlock()
		wire.Release(&m)
		if closed {
			return
		}
	}
}

// errViolation marks a breach of the protocol: the peer is disconnected.
var errViolation = errors.New("protocol violation")

func violation(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errViolation, fmt.Sprintf(format, args...))
}

// handle acts on one message, with t.mu held.
func (p *peer) handle(m *wire.Message) error {
	t := p.t
	if m.Keepalive {
		return nil
	}
	switch m.Type {
	case wire.Choke:
		p.peerChoking = true
		p.releaseRequests()
	case wire.Unchoke:
		p.peerChoking = false
		if p.purchase != nil && t.meta != nil {
			p.purchase.Unchoked(t.meta.Length - t.completedBytes())
		}
		t.fill(p)
	case wire.Interested:
		p.peerInt = true
		if t.freeSlot() {
			t.rechoke(time.Now())
		}
	case wire.NotInterested:
		p.peerInt = false
	case wire.Have:
		return p.gotHave(int(m.Index))
	case wire.Bitfield, wire.HaveAll, wire.HaveNone:
		// BEP 3 wants these first, but aria2 sends HaveNone and then a
		// Bitfield: the latest says what the peer has.
		if (m.Type == wire.HaveAll || m.Type == wire.HaveNone) && !p.fast {
			return violation("%v without the Fast extension", m.Type)
		}
		return p.gotBitfield(m)
	case wire.Request:
		return p.gotRequest(m)
	case wire.Cancel:
		p.cancelServe(m)
	case wire.Piece:
		return t.gotBlock(p, m)
	case wire.Reject:
		if !p.fast {
			return violation("reject without the Fast extension")
		}
		k := block{int(m.Index), int(m.Begin)}
		if _, ok := p.out[k]; ok {
			delete(p.out, k)
			if pc := t.active[k.piece]; pc != nil {
				pc.reqs[k.begin/wire.BlockSize]--
			}
		}
	case wire.Extended:
		return p.gotExtended(m)
	case wire.Port, wire.Suggest, wire.AllowedFast:
		// DHT is off; suggestions and allowed-fast sets are advice we
		// may ignore (BEP 6).
	default:
		return violation("unknown message type %d", m.Type)
	}
	return nil
}

func (p *peer) gotHave(i int) error {
	t := p.t
	if t.meta == nil {
		p.rawHaves = append(p.rawHaves, i)
		return nil
	}
	if i < 0 || i >= t.meta.NumPieces() {
		return violation("have %d of %d pieces", i, t.meta.NumPieces())
	}
	if !p.has.Has(i) {
		p.has.Set(i)
		t.avail[i]++
		if !t.have.Has(i) && !p.amInterested {
			t.updateInterest(p)
			t.fill(p)
		}
	}
	if t.state == Seeding && p.seed() && !p.lingers(time.Now()) {
		p.closeLocked(nil)
	}
	return nil
}

func (p *peer) gotBitfield(m *wire.Message) error {
	t := p.t
	p.hasAll, p.rawBitfield = false, nil
	switch m.Type {
	case wire.HaveAll:
		p.hasAll = true
	case wire.HaveNone:
	default:
		p.rawBitfield = packBools(m.Bitfield)
	}
	if t.meta == nil {
		return nil
	}
	return p.applyBitfield()
}

// applyBitfield turns what the peer said it has into p.has, once the
// piece count is known.
func (p *peer) applyBitfield() error {
	t := p.t
	n := t.meta.NumPieces()
	for i := range p.has.Len() {
		if p.has.Has(i) {
			t.avail[i]--
		}
	}
	p.has = torrent.NewBitfield(n)
	switch {
	case p.hasAll:
		p.has.SetAll()
	case p.rawBitfield != nil:
		f, err := torrent.BitfieldFromBytes(p.rawBitfield, n)
		if err != nil {
			return violation("%v", err)
		}
		p.has = f
	}
	for _, i := range p.rawHaves {
		if i < 0 || i >= n {
			return violation("have %d of %d pieces", i, n)
		}
		p.has.Set(i)
	}
	p.rawBitfield, p.rawHaves = nil, nil
	for i := range n {
		if p.has.Has(i) {
			t.avail[i]++
		}
	}
	if t.state == Seeding && p.seed() && !p.lingers(time.Now()) {
		p.closeLocked(nil)
		return nil
	}
	t.updateInterest(p)
	t.fill(p)
	return nil
}

// packBools is the wire form of the decoder's bitfield.
func packBools(bs []bool) []byte {
	b := make([]byte, (len(bs)+7)/8)
	for i, v := range bs {
		if v {
			b[i/8] |= 0x80 >> (i % 8)
		}
	}
	return b
}

func (p *peer) gotRequest(m *wire.Message) error {
	t := p.t
	if t.meta == nil {
		return violation("request before metadata")
	}
	idx, begin, n := int(m.Index), int64(m.Begin), int64(m.Length)
	if idx >= t.meta.NumPieces() || n <= 0 || n > wire.MaxRequest || begin+n > t.meta.PieceSize(idx) {
		return violation("request %d+%d of piece %d", begin, n, idx)
	}
	p.wmu.Lock()
	refuse := p.amChoking || !t.have.Has(idx) || len(p.serve) >= maxServe
	if !refuse {
		p.serve = append(p.serve, request{uint32(m.Index), uint32(m.Begin), uint32(m.Length)})
	} else if p.fast {
		p.ctrl = append(p.ctrl, wire.Message{Type: wire.Reject, Index: m.Index, Begin: m.Begin, Length: m.Length})
	}
	p.wmu.Unlock()
	p.signal()
	return nil
}

func (p *peer) cancelServe(m *wire.Message) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	want := request{uint32(m.Index), uint32(m.Begin), uint32(m.Length)}
	for i, r := range p.serve {
		if r == want {
			p.serve = append(p.serve[:i], p.serve[i+1:]...)
			return
		}
	}
}

// dropServe forgets the queued requests when we choke p, rejecting them
// for a Fast peer (BEP 6).
func (p *peer) dropServe() {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if p.fast {
		for _, r := range p.serve {
			p.ctrl = append(p.ctrl, wire.Message{Type: wire.Reject, Index: u32(int(r.index)), Begin: u32(int(r.begin)), Length: u32(int(r.length))})
		}
	}
	p.serve = p.serve[:0]
}

// writeLoop sends control messages first, then answers requests one block
// at a time, reading each block from disk outside every lock.
func (p *peer) writeLoop() {
	defer p.t.wg.Done()
	t := p.t
	buf := make([]byte, wire.MaxRequest)
	idle := time.NewTimer(keepAliveEvery)
	defer idle.Stop()
	for {
		p.wmu.Lock()
		ctrl := p.ctrl
		p.ctrl = nil
		var req *request
		if len(ctrl) == 0 && len(p.serve) > 0 {
			r := p.serve[0]
			p.serve = p.serve[1:]
			req = &r
		}
		p.wmu.Unlock()
		t.mu.Lock()
		closed := p.closed
		t.mu.Unlock()
		if closed {
			return
		}
		var err error
		switch {
		case len(ctrl) > 0:
			err = p.conn.Write(ctrl...)
		case req != nil:
			err = p.serveBlock(req, buf)
		default:
			select {
			case <-p.wake:
			case <-idle.C:
				err = p.conn.Write(wire.Message{Keepalive: true})
			}
		}
		if err != nil {
			t.mu.Lock()
			p.closeLocked(err)
			t.mu.Unlock()
			return
		}
		if len(ctrl) > 0 || req != nil {
			idle.Reset(keepAliveEvery)
		}
	}
}

// request is a block a peer asked us for, kept small: a fast peer may
// queue thousands.
type request struct{ index, begin, length uint32 }

func (p *peer) serveBlock(r *request, buf []byte) error {
	t := p.t
	n := int(r.length)
	paid := p.sale != nil && p.sale.Winning()
	if !paid {
		if err := t.c.share.waitFree(t.c.ctx, n); err != nil {
			return err
		}
	}
	if lim := t.c.up; lim != nil {
		if err := lim.WaitN(t.c.ctx, n); err != nil {
			return err
		}
	}
	data := buf[:n]
	if err := t.storage.ReadAt(data, int64(r.index)*t.meta.PieceLength+int64(r.begin)); err != nil {
		t.fail(fmt.Errorf("read piece %d to upload it: %w", r.index, err))
		return err
	}
	if err := p.conn.WritePiece(r.index, r.begin, data); err != nil {
		return err
	}
	p.upBytes.Add(int64(n))
	if paid {
		t.c.share.paid(n)
	}
	if p.sale != nil {
		p.sale.Served(n)
	}
	t.mu.Lock()
	t.uploaded += int64(n)
	t.mu.Unlock()
	return nil
}

// dial connects to a candidate peer.
func (t *Torrent) dial(ctx context.Context, addr string) {
	defer t.wg.Done()
	d := net.Dialer{Timeout: 10 * time.Second}
	ours := wire.Handshake{Reserved: wire.OurReserved(), InfoHash: t.ih, PeerID: t.c.peerID}
	c, err := wire.Dial(ctx, &d, addr, ours)
	t.mu.Lock()
	t.dialing--
	cand := t.known[addr]
	if err != nil {
		if cand != nil {
			cand.fails++
			cand.next = time.Now().Add(time.Duration(min(cand.fails*cand.fails, 60)) * 10 * time.Second)
			if errors.Is(err, wire.ErrSelf) {
				cand.next = time.Now().Add(24 * time.Hour)
			}
		}
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	t.addConn(c, addr)
}

// listenAddr is where a peer that connected to us listens, from its
// extension handshake.
func listenAddr(remote net.Addr, port int) string {
	host, _, err := net.SplitHostPort(remote.String())
	if err != nil || port <= 0 || port > 65535 {
		return ""
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}
