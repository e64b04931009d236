package swarm

import (
	"context"
	"sync/atomic"
	"time"

	pp "github.com/anacrolix/torrent/peer_protocol"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/wire"
)

// startSpeed gives a peer that speaks btt_speed (id is its number for the
// extension) a sale if the client sells and a purchase if the torrent
// buys. With t.mu held.
func (t *Torrent) startSpeed(p *peer, id pp.ExtensionNumber) {
	if id == 0 || p.sale != nil || p.purchase != nil {
		return
	}
	send := func(m *wire.SpeedMsg) { p.send(m.Encode(id)) }
	if s := t.c.cfg.Seller; s != nil {
		// A bid becomes good once its channel is read: run the auction
		// then rather than at the next rechoke.
		p.sale = s.NewSale(send, func() {
			t.mu.Lock()
			defer t.mu.Unlock()
			if !p.closed {
				t.rechoke(time.Now())
			}
		})
	}
	if t.buyer != nil {
		p.purchase = t.buyer.NewPurchase(send)
	}
}

// maxLinger bounds how long a connection between two seeds stays open for
// its Speed channel's cooperative close.
const maxLinger = time.Minute

// lingers says a connection between two seeds should stay open for now:
// a channel between them is still to be closed cooperatively, which needs
// the seller's signature over this connection. With t.mu held.
func (p *peer) lingers(now time.Time) bool {
	open := p.purchase != nil && p.purchase.Settling() || p.sale != nil && p.sale.Settling()
	if !open {
		return false
	}
	if p.lingerSince.IsZero() {
		p.lingerSince = now
	}
	return now.Sub(p.lingerSince) < maxLinger
}

// gotSpeed hands a Speed message to the connection's sale or purchase.
// It runs on the peer's reader without t.mu: checking a voucher costs a
// public-key recovery, which the swarm should not wait for. The reader
// set p.sale and p.purchase itself, in the extension handshake.
func (p *peer) gotSpeed(payload []byte) error {
	m, err := wire.ParseSpeed(payload)
	if err != nil {
		return violation("%v", err)
	}
	switch m.Type {
	case wire.SpeedBid, wire.SpeedVoucher, wire.SpeedCloseRequest:
		if p.sale != nil {
			p.sale.Handle(&m)
		}
	default:
		if p.purchase != nil {
			p.purchase.Handle(&m)
		}
	}
	return nil
}

// payment is what a verified piece owes one of its senders, paid after
// t.mu is released: each voucher is a signature.
type payment struct {
	to *speed.Purchase
	n  int64
}

// payments lists what a verified piece owes each of its senders that
// holds a paid slot. With t.mu held.
func (pc *piece) payments() []payment {
	var out []payment
	for b, p := range pc.by {
		if p == nil || p.purchase == nil {
			continue
		}
		n := int64(pc.blockLen(b))
		if len(out) > 0 && out[len(out)-1].to == p.purchase {
			out[len(out)-1].n += n
			continue
		}
		out = append(out, payment{p.purchase, n})
	}
	return out
}

// earnedLocked is what this torrent's sales were paid: those of peers gone
// and those of peers connected.
func (t *Torrent) earnedLocked() *uint256.Int {
	e := new(uint256.Int).Set(t.earned)
	for p := range t.peers {
		if p.sale != nil {
			e.Add(e, p.sale.Credited())
		}
	}
	return e
}

// freeShare is the part of the upload a free peer gets while paid peers
// are being served: one byte for every four paid.
const freeShare = 4

// uploadShare lets paid peers go first. While a block went to a paid peer
// in the last paidActive, free peers are served from a credit that paid
// blocks fill, a quarter of their bytes each, so that they still get
// pieces (the optimistic slot is never sold) but payers get the rest.
type uploadShare struct {
	lastPaid atomic.Int64 // unix nanoseconds of the last paid block
	credit   atomic.Int64 // bytes free peers may still send
}

const (
	paidActive = 200 * time.Millisecond
	maxCredit  = 4 << 20
)

func (u *uploadShare) paid(n int) {
	u.lastPaid.Store(time.Now().UnixNano())
	if u.credit.Add(int64(n/freeShare)) > maxCredit {
		u.credit.Store(maxCredit)
	}
}

// waitFree returns when a free peer may send n bytes.
func (u *uploadShare) waitFree(ctx context.Context, n int) error {
	for {
		if time.Since(time.Unix(0, u.lastPaid.Load())) > paidActive {
			return nil
		}
		if c := u.credit.Load(); c >= int64(n) && u.credit.CompareAndSwap(c, c-int64(n)) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}
