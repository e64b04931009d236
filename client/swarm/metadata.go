package swarm

import (
	"crypto/sha1"
	"time"

	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/wire"
)

// metadataFetch gathers a magnet link's info dictionary from peers (BEP 9).
type metadataFetch struct {
	size      int
	pieces    [][]byte
	asked     []time.Time
	askedOf   []*peer
	attempted int
}

func (t *Torrent) fetchMetadata(p *peer, size int) {
	if t.meta9 == nil || t.meta9.size != size {
		if t.meta9 != nil && t.meta9.attempted > 0 {
			// A peer disagrees about the size; keep the first until it
			// fails the hash.
			return
		}
		n := (size + wire.MetadataPieceSize - 1) / wire.MetadataPieceSize
		t.meta9 = &metadataFetch{size: size, pieces: make([][]byte, n), asked: make([]time.Time, n), askedOf: make([]*peer, n)}
	}
	t.meta9.ask(p, time.Now())
}

// ask requests from p every piece nobody is being asked for.
func (f *metadataFetch) ask(p *peer, now time.Time) {
	id := p.ext[wire.ExtMetadata]
	for i := range f.pieces {
		if f.pieces[i] != nil || (now.Sub(f.asked[i]) < 10*time.Second && f.askedOf[i] != nil && !f.askedOf[i].closed) {
			continue
		}
		f.asked[i], f.askedOf[i] = now, p
		f.attempted++
		p.send(wire.MetadataMsg{Type: wire.MetadataRequest, Piece: i}.Encode(id))
	}
}

// retry asks again for pieces whose peer went quiet.
func (f *metadataFetch) retry(t *Torrent, now time.Time) {
	for p := range t.peers {
		if p.ext[wire.ExtMetadata] != 0 {
			f.ask(p, now)
		}
	}
}

func (t *Torrent) gotMetadataMsg(p *peer, m wire.MetadataMsg) error {
	id := p.ext[wire.ExtMetadata]
	switch m.Type {
	case wire.MetadataRequest:
		if id == 0 {
			return nil
		}
		if t.meta == nil || m.Piece*wire.MetadataPieceSize >= len(t.meta.InfoBytes) {
			p.send(wire.MetadataMsg{Type: wire.MetadataReject, Piece: m.Piece}.Encode(id))
			return nil
		}
		info := t.meta.InfoBytes
		end := min(len(info), (m.Piece+1)*wire.MetadataPieceSize)
		p.send(wire.MetadataMsg{Type: wire.MetadataData, Piece: m.Piece, TotalSize: len(info), Data: info[m.Piece*wire.MetadataPieceSize : end]}.Encode(id))
	case wire.MetadataReject:
		if f := t.meta9; f != nil && m.Piece < len(f.pieces) && f.askedOf[m.Piece] == p {
			f.askedOf[m.Piece] = nil
		}
	case wire.MetadataData:
		f := t.meta9
		if t.meta != nil || f == nil || m.Piece >= len(f.pieces) || f.pieces[m.Piece] != nil {
			return nil
		}
		want := min(wire.MetadataPieceSize, f.size-m.Piece*wire.MetadataPieceSize)
		if len(m.Data) != want {
			return violation("metadata piece %d is %d bytes, not %d", m.Piece, len(m.Data), want)
		}
		f.pieces[m.Piece] = append([]byte(nil), m.Data...)
		for _, pc := range f.pieces {
			if pc == nil {
				return nil
			}
		}
		t.gotAllMetadata(f)
	}
	return nil
}

// gotAllMetadata checks the assembled info dictionary against the info
// hash and, if it matches, turns the magnet link into a torrent.
func (t *Torrent) gotAllMetadata(f *metadataFetch) {
	var info []byte
	for _, pc := range f.pieces {
		info = append(info, pc...)
	}
	t.meta9 = nil
	if torrent.Hash(sha1.Sum(info)) != t.ih {
		// Someone sent a wrong piece; start over from every peer.
		t.c.log.Warn("metadata from peers does not match the info hash; fetching again", "torrent", t.ih.String())
		return
	}
	m, err := torrent.FromInfo(info, t.trackersLocked())
	if err != nil {
		t.failLocked(err)
		return
	}
	t.setMeta(m)
	for p := range t.peers {
		if err := p.applyBitfield(); err != nil {
			p.closeLocked(err)
		}
	}
	// Check what the directory holds, then download, off the peer's
	// goroutine.
	ctx := t.runCtx
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		if t.start(ctx) {
			t.mu.Lock()
			for p := range t.peers {
				t.updateInterest(p)
				t.fill(p)
			}
			t.mu.Unlock()
		}
	}()
}
