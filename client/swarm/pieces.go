package swarm

import (
	"fmt"
	"time"

	"github.com/bttc-network/bttc/client/wire"
)

// block names one block we request: its piece and its offset in it.
type block struct{ piece, begin int }

// piece is a piece being downloaded: its bytes gather in memory and are
// hashed and written once all blocks are in.
type piece struct {
	index     int
	buf       []byte
	got       []bool
	nGot      int
	reqs      []uint8 // peers each block is requested of
	by        []*peer // who sent each block, for strikes and bans
	verifying bool
}

func (t *Torrent) startPiece(i int) *piece {
	size := int(t.meta.PieceSize(i))
	n := (size + wire.BlockSize - 1) / wire.BlockSize
	buf, _ := t.bufs.Get().([]byte)
	if cap(buf) < size {
		buf = make([]byte, t.meta.PieceLength)
	}
	pc := &piece{index: i, buf: buf[:size], got: make([]bool, n), reqs: make([]uint8, n), by: make([]*peer, n)}
	t.active[i] = pc
	return pc
}

// senders are the peers whose blocks make up the piece.
func (pc *piece) senders() map[*peer]bool {
	out := map[*peer]bool{}
	for _, p := range pc.by {
		if p != nil {
			out[p] = true
		}
	}
	return out
}

// forget drops the blocks p sent, so that a banned peer's data never
// reaches a hash check beside honest peers' and gets them struck.
func (pc *piece) forget(p *peer) {
	for b, q := range pc.by {
		if q == p && pc.got[b] {
			pc.got[b], pc.by[b] = false, nil
			pc.nGot--
		}
	}
}

func (pc *piece) blockLen(b int) int { return min(wire.BlockSize, len(pc.buf)-b*wire.BlockSize) }

// minPipeline and maxPipeline bound the requests kept outstanding with a
// peer (pipelineFor); maxPipeline's blocks, 32 MiB, are the most one peer
// can have in flight.
const (
	minPipeline = 64
	maxPipeline = 2000
)

// pipelineFor sizes p's pipeline to two seconds of what it sends, within
// the bounds and what the peer takes: enough to cover a peer that answers
// in bursts (Transmission serves its queue about once a second).
func pipelineFor(p *peer) int {
	return min(max(int(2*p.down.rate/wire.BlockSize), minPipeline), p.maxPipeline, maxPipeline)
}

// fill tops up p's pipeline of requests.
func (t *Torrent) fill(p *peer) {
	if t.meta == nil || p.peerChoking || !p.amInterested || t.state != Leeching {
		return
	}
	var msgs []wire.Message
	for len(p.out) < p.pipeline {
		b, ok := t.nextRequest(p)
		if !ok {
			break
		}
		pc := t.active[b.piece]
		p.out[b] = time.Now()
		pc.reqs[b.begin/wire.BlockSize]++
		msgs = append(msgs, wire.Message{Type: wire.Request, Index: u32(b.piece), Begin: u32(b.begin), Length: u32(pc.blockLen(b.begin / wire.BlockSize))})
	}
	p.send(msgs...)
}

// nextRequest picks the block to ask p for: the next unrequested block of
// a piece already started, else the first block of the rarest piece p
// has, else, in the endgame, a block already asked of another peer.
func (t *Torrent) nextRequest(p *peer) (block, bool) {
	for _, pc := range t.active {
		if pc.verifying || !p.has.Has(pc.index) {
			continue
		}
		for b := range pc.got {
			if !pc.got[b] && pc.reqs[b] == 0 {
				return block{pc.index, b * wire.BlockSize}, true
			}
		}
	}
	if i := t.rarest(p); i >= 0 {
		t.startPiece(i)
		return block{i, 0}, true
	}
	if !t.endgame() {
		return block{}, false
	}
	for _, pc := range t.active {
		if pc.verifying || !p.has.Has(pc.index) {
			continue
		}
		for b := range pc.got {
			k := block{pc.index, b * wire.BlockSize}
			if _, mine := p.out[k]; !pc.got[b] && !mine && pc.reqs[b] < 3 {
				return k, true
			}
		}
	}
	return block{}, false
}

// rarest is the piece p has that we neither have nor have started which
// the fewest connected peers have, ties broken at random; -1 for none.
func (t *Torrent) rarest(p *peer) int {
	best, ties := -1, 0
	for i := range t.avail {
		if t.have.Has(i) || !p.has.Has(i) || t.active[i] != nil {
			continue
		}
		switch {
		case best < 0 || t.avail[i] < t.avail[best]:
			best, ties = i, 1
		case t.avail[i] == t.avail[best]:
			ties++
			if t.rng.IntN(ties) == 0 {
				best = i
			}
		}
	}
	return best
}

// endgame says every missing block has been requested.
func (t *Torrent) endgame() bool {
	if t.meta.NumPieces()-t.have.Count() != len(t.active) {
		return false
	}
	for _, pc := range t.active {
		for b := range pc.got {
			if !pc.got[b] && pc.reqs[b] == 0 {
				return false
			}
		}
	}
	return true
}

// gotBlock files a block a peer sent. It returns an error only for a
// protocol violation.
func (t *Torrent) gotBlock(p *peer, m *wire.Message) error {
	if t.meta == nil {
		return fmt.Errorf("piece before metadata")
	}
	idx, begin, n := int(m.Index), int(m.Begin), len(m.Piece)
	if idx >= t.meta.NumPieces() {
		return fmt.Errorf("piece %d of %d", idx, t.meta.NumPieces())
	}
	k := block{idx, begin}
	if _, ok := p.out[k]; ok {
		delete(p.out, k)
		if pc := t.active[idx]; pc != nil && begin%wire.BlockSize == 0 {
			pc.reqs[begin/wire.BlockSize]--
		}
	}
	p.lastBlock = time.Now()
	pc := t.active[idx]
	b := begin / wire.BlockSize
	if pc == nil || pc.verifying || begin%wire.BlockSize != 0 || b >= len(pc.got) || n != pc.blockLen(b) || pc.got[b] {
		// Late, duplicate (endgame) or unasked-for: not an offence.
		t.wasted += int64(n)
		return nil
	}
	copy(pc.buf[begin:], m.Piece)
	pc.got[b] = true
	pc.nGot++
	pc.by[b] = p
	if pc.reqs[b] > 0 {
		// Endgame: others were asked for this block too.
		for q := range t.peers {
			if _, ok := q.out[k]; ok && q != p {
				delete(q.out, k)
				pc.reqs[b]--
				q.send(wire.Message{Type: wire.Cancel, Index: m.Index, Begin: m.Begin, Length: u32(n)})
			}
		}
	}
	if pc.nGot == len(pc.got) {
		pc.verifying = true
		t.wg.Add(1)
		go t.verify(pc)
	}
	if len(p.out) <= p.pipeline/2 {
		t.fill(p)
	}
	return nil
}

// verify hashes a complete piece and, if it is good, writes it and tells
// the peers; if bad, strikes those who sent it and starts it over.
func (t *Torrent) verify(pc *piece) {
	defer t.wg.Done()
	ok := t.meta.Verify(pc.index, pc.buf)
	var werr error
	if ok {
		werr = t.storage.WriteAt(pc.buf, int64(pc.index)*t.meta.PieceLength)
	}
	var pays []payment
	completed := false
	defer func() { // after the unlock below
		for _, pay := range pays {
			pay.to.Verified(pay.n)
		}
		if completed {
			t.signalDone()
		}
	}()
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.active, pc.index)
	// Nobody refers to the buffer now: blocks for a piece being verified
	// are dropped, and the piece is no longer active.
	defer t.bufs.Put(pc.buf[:cap(pc.buf)])
	switch {
	case werr != nil:
		t.failLocked(fmt.Errorf("write piece %d: %w", pc.index, werr))
		return
	case !ok:
		t.wasted += int64(len(pc.buf))
		senders := pc.senders()
		blame := true
		for p := range senders {
			if _, banned := t.banned[p.key]; banned {
				// A peer already banned for bad data spoiled it: the
				// others are not to blame.
				blame = false
			}
		}
		for p := range senders {
			if blame {
				t.strike(p, len(senders) == 1, fmt.Sprintf("sent data for piece %d that failed its hash", pc.index))
			}
		}
	default:
		t.have.Set(pc.index)
		t.downloaded += int64(len(pc.buf))
		pays = pc.payments()
		have := wire.Message{Type: wire.Have, Index: u32(pc.index)}
		for p := range t.peers {
			p.send(have)
		}
		if t.have.Full() {
			t.completeLocked()
			completed = true
			return
		}
	}
	for p := range t.peers {
		t.fill(p)
	}
}

// updateInterest tells p whether we want something it has.
func (t *Torrent) updateInterest(p *peer) {
	want := false
	if t.meta != nil && !t.have.Full() {
		for i := range t.avail {
			if p.has.Has(i) && !t.have.Has(i) {
				want = true
				break
			}
		}
	}
	if want == p.amInterested {
		return
	}
	p.amInterested = want
	if want {
		p.send(wire.Message{Type: wire.Interested})
	} else {
		p.send(wire.Message{Type: wire.NotInterested})
		p.releaseRequests()
	}
}

func u32(i int) wire.Integer { return wire.Integer(i) }
