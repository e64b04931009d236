package wire

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"testing"

	pp "github.com/anacrolix/torrent/peer_protocol"
)

func pair(t *testing.T, a, b Handshake) (*Conn, *Conn) {
	t.Helper()
	ca, cb := net.Pipe()
	type res struct {
		c   *Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := Accept(context.Background(), cb, func(peer Handshake) (Handshake, bool) {
			return b, peer.InfoHash == b.InfoHash
		})
		ch <- res{c, err}
	}()
	out, err := Initiate(context.Background(), ca, a)
	r := <-ch
	if err != nil || r.err != nil {
		t.Fatalf("handshake: %v / %v", err, r.err)
	}
	t.Cleanup(func() { out.Close(); r.c.Close() })
	return out, r.c
}

func TestHandshakeAndMessages(t *testing.T) {
	a := Handshake{Reserved: OurReserved(), InfoHash: [20]byte{1}, PeerID: [20]byte{'a'}}
	b := Handshake{InfoHash: [20]byte{1}, PeerID: [20]byte{'b'}}
	ca, cb := pair(t, a, b)
	if !cb.Peer.Reserved.Extended() || !cb.Peer.Reserved.Fast() || cb.Peer.Reserved.DHT() || cb.Peer.PeerID != a.PeerID {
		t.Fatalf("acceptor saw %+v", cb.Peer)
	}
	if ca.Peer.Reserved.Extended() || ca.Peer.PeerID != b.PeerID {
		t.Fatalf("initiator saw %+v", ca.Peer)
	}
	block := bytes.Repeat([]byte{9}, BlockSize)
	go func() {
		ca.Write(Message{Type: Interested}, Message{Type: Have, Index: 7}, OurExtendedHandshake("btt/test", 6881, 300))
		ca.WritePiece(3, BlockSize, block)
		ca.Write(Message{Keepalive: true})
	}()
	want := []func(Message) bool{
		func(m Message) bool { return m.Type == Interested },
		func(m Message) bool { return m.Type == Have && m.Index == 7 },
		func(m Message) bool {
			h, err := ParseExtendedHandshake(m.ExtendedPayload)
			return m.Type == Extended && m.ExtendedID == 0 && err == nil && h.V == "btt/test" && h.MetadataSize == 300 &&
				h.M[ExtMetadata] == idMetadata && h.Port == 6881
		},
		func(m Message) bool {
			ok := m.Type == Piece && m.Index == 3 && m.Begin == BlockSize && bytes.Equal(m.Piece, block)
			Release(&m)
			return ok
		},
		func(m Message) bool { return m.Keepalive },
	}
	for i, ok := range want {
		m, err := cb.Read()
		if err != nil || !ok(m) {
			t.Fatalf("message %d: %+v %v", i, m.Type, err)
		}
	}
}

func TestHandshakeRefusals(t *testing.T) {
	h := Handshake{InfoHash: [20]byte{1}, PeerID: [20]byte{'a'}}
	// Another torrent.
	ca, cb := net.Pipe()
	go func() {
		if _, err := Accept(context.Background(), cb, func(Handshake) (Handshake, bool) { return Handshake{}, false }); !errors.Is(err, ErrWrongTorrent) {
			t.Errorf("Accept refusing: %v", err)
		}
		cb.Close()
	}()
	if _, err := Initiate(context.Background(), ca, h); err == nil {
		t.Fatal("refused handshake accepted")
	}
	// Ourselves.
	ca, cb = net.Pipe()
	go func() {
		if _, err := Accept(context.Background(), cb, func(p Handshake) (Handshake, bool) { return h, true }); !errors.Is(err, ErrSelf) {
			t.Errorf("Accept from ourselves: %v", err)
		}
		cb.Close()
	}()
	if _, err := Initiate(context.Background(), ca, h); err == nil {
		t.Fatalf("self connection: %v", err)
	}
	// Not BitTorrent.
	if _, err := ReadHandshake(bytes.NewReader([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))); !errors.Is(err, ErrNotBitTorrent) {
		t.Fatalf("HTTP taken for a handshake: %v", err)
	}
	// The other side answers for a different torrent.
	ca, cb = net.Pipe()
	go func() {
		ReadHandshake(cb)
		cb.Write(Handshake{InfoHash: [20]byte{2}, PeerID: [20]byte{'b'}}.MarshalBinary())
	}()
	if _, err := Initiate(context.Background(), ca, h); !errors.Is(err, ErrWrongTorrent) {
		t.Fatalf("wrong torrent: %v", err)
	}
}

func TestOversizeMessageRefused(t *testing.T) {
	var b bytes.Buffer
	b.Write([]byte{0x10, 0, 0, 0, byte(pp.Bitfield)})
	c := newConn(nil, Handshake{}, bufio.NewReader(&b))
	if _, err := c.Read(); err == nil {
		t.Fatal("a 256 MiB message was accepted")
	}
	// A piece larger than a block does not fit the pool's buffer.
	b.Reset()
	m := Message{Type: Piece, Index: 1, Piece: make([]byte, BlockSize+1)}
	b.Write(m.MustMarshalBinary())
	c = newConn(nil, Handshake{}, bufio.NewReader(&b))
	if _, err := c.Read(); err == nil {
		t.Fatal("an oversized block was accepted")
	}
}

func TestMetadataMessages(t *testing.T) {
	data := bytes.Repeat([]byte{'x'}, 100)
	m := MetadataMsg{Type: MetadataData, Piece: 2, TotalSize: 32868, Data: data}.Encode(idMetadata)
	got, err := ParseMetadataMsg(m.ExtendedPayload)
	if err != nil || got.Type != MetadataData || got.Piece != 2 || got.TotalSize != 32868 || !bytes.Equal(got.Data, data) {
		t.Fatalf("%+v %v", got, err)
	}
	for _, bad := range []string{"", "d8:msg_typei1e5:piecei0ee", "d8:msg_typei7e5:piecei0ee", "d8:msg_typei0e5:piecei-1ee", "le"} {
		if _, err := ParseMetadataMsg([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParseExtendedHandshake([]byte("d13:metadata_sizei999999999ee")); err == nil {
		t.Error("a 1 GB metadata size accepted")
	}
}

func FuzzParseHandshake(f *testing.F) {
	f.Add(Handshake{Reserved: OurReserved(), InfoHash: [20]byte{1}}.MarshalBinary())
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHandshake(b)
		if err == nil && !bytes.Equal(h.MarshalBinary(), b) {
			t.Fatalf("%x does not round trip", b)
		}
	})
}

func FuzzRead(f *testing.F) {
	for _, m := range []Message{{Type: Have, Index: 3}, {Type: Request, Index: 1, Begin: 2, Length: 3},
		{Type: Piece, Index: 1, Piece: []byte("abc")}, {Type: Bitfield, Bitfield: []bool{true, false, true}},
		OurExtendedHandshake("x", 1, 2)} {
		f.Add(m.MustMarshalBinary())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c := newConn(nil, Handshake{}, bufio.NewReader(bytes.NewReader(b)))
		for range 16 {
			m, err := c.Read()
			if err != nil {
				return
			}
			if m.Type == Extended && m.ExtendedID == 0 {
				ParseExtendedHandshake(m.ExtendedPayload)
			}
			if m.Type == Extended {
				ParseMetadataMsg(m.ExtendedPayload)
				ParsePex(m.ExtendedPayload)
			}
			Release(&m)
		}
	})
}
