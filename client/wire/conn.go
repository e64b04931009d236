package wire

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	pp "github.com/anacrolix/torrent/peer_protocol"
)

// BlockSize is the size of the blocks btt requests, as every client does.
const BlockSize = 16 << 10

// MaxRequest is the largest block btt serves when asked; requests above
// it are a protocol violation (libtorrent and Transmission use the same
// bound).
const MaxRequest = 128 << 10

// maxMessage bounds a message's length: a served block and its header, or
// a bitfield of eight million pieces, or an extension message.
const maxMessage = 1 << 20

// Message is one peer wire message.
type Message = pp.Message

// Integer is a message field.
type Integer = pp.Integer

// The message types, named as BEP 3 and BEP 6 name them.
const (
	Choke         = pp.Choke
	Unchoke       = pp.Unchoke
	Interested    = pp.Interested
	NotInterested = pp.NotInterested
	Have          = pp.Have
	Bitfield      = pp.Bitfield
	Request       = pp.Request
	Piece         = pp.Piece
	Cancel        = pp.Cancel
	Port          = pp.Port
	HaveAll       = pp.HaveAll
	HaveNone      = pp.HaveNone
	Reject        = pp.Reject
	AllowedFast   = pp.AllowedFast
	Suggest       = pp.Suggest
	Extended      = pp.Extended
)

// ErrWrongTorrent is returned when the peer answers a handshake for
// another torrent.
var ErrWrongTorrent = errors.New("peer handshook for another torrent")

// ErrSelf is returned when a connection reaches this client itself.
var ErrSelf = errors.New("connected to ourselves")

// Conn is an established peer connection.
type Conn struct {
	net.Conn
	// Peer is the handshake the peer sent.
	Peer Handshake

	dec pp.Decoder

	wmu sync.Mutex
	w   *bufio.Writer
	hdr [13]byte
}

func newConn(c net.Conn, peer Handshake, r *bufio.Reader) *Conn {
	return &Conn{
		Conn: c,
		Peer: peer,
		dec:  pp.Decoder{R: r, MaxLength: maxMessage, Pool: blockPool{}},
		w:    bufio.NewWriterSize(c, 64<<10),
	}
}

// Dial connects to a peer and exchanges handshakes for infoHash.
func Dial(ctx context.Context, d *net.Dialer, addr string, ours Handshake) (*Conn, error) {
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	conn, err := Initiate(ctx, c, ours)
	if err != nil {
		c.Close()
		return nil, err
	}
	return conn, nil
}

// Initiate sends our handshake on an outgoing connection and reads the
// peer's.
func Initiate(ctx context.Context, c net.Conn, ours Handshake) (*Conn, error) {
	stop := deadline(ctx, c)
	defer stop()
	if _, err := c.Write(ours.MarshalBinary()); err != nil {
		return nil, fmt.Errorf("send handshake: %w", err)
	}
	r := bufio.NewReaderSize(c, 64<<10)
	peer, err := ReadHandshake(r)
	if err != nil {
		return nil, err
	}
	if peer.InfoHash != ours.InfoHash {
		return nil, ErrWrongTorrent
	}
	if peer.PeerID == ours.PeerID {
		return nil, ErrSelf
	}
	return newConn(c, peer, r), nil
}

// Accept reads the handshake of an incoming connection, asks answer for
// ours (false refuses: we do not serve that torrent), and sends it.
func Accept(ctx context.Context, c net.Conn, answer func(peer Handshake) (Handshake, bool)) (*Conn, error) {
	stop := deadline(ctx, c)
	defer stop()
	r := bufio.NewReaderSize(c, 64<<10)
	peer, err := ReadHandshake(r)
	if err != nil {
		return nil, err
	}
	ours, ok := answer(peer)
	if !ok {
		return nil, ErrWrongTorrent
	}
	if peer.PeerID == ours.PeerID {
		return nil, ErrSelf
	}
	if _, err := c.Write(ours.MarshalBinary()); err != nil {
		return nil, fmt.Errorf("send handshake: %w", err)
	}
	return newConn(c, peer, r), nil
}

// deadline applies ctx's deadline (or 20 s) to the handshake and returns
// what clears it.
func deadline(ctx context.Context, c net.Conn) func() {
	d, ok := ctx.Deadline()
	if !ok {
		d = time.Now().Add(20 * time.Second)
	}
	c.SetDeadline(d)
	return func() { c.SetDeadline(time.Time{}) }
}

// Read reads the next message. A keep-alive comes back as a message with
// Keepalive set. A piece message's data comes from a pool: hand it back
// with Release when done.
func (c *Conn) Read() (Message, error) {
	var m Message
	err := c.dec.Decode(&m)
	return m, err
}

// Release returns a piece message's buffer to the pool.
func Release(m *Message) {
	if m.PiecePtr != nil {
		blockPool{}.Put(m.PiecePtr)
		m.PiecePtr, m.Piece = nil, nil
	}
}

// Write sends messages and flushes.
func (c *Conn) Write(msgs ...Message) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	for i := range msgs {
		if err := msgs[i].WriteTo(c.w); err != nil {
			return err
		}
	}
	return c.w.Flush()
}

// WritePiece sends a piece message carrying data, without copying it.
func (c *Conn) WritePiece(index, begin uint32, data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	binary.BigEndian.PutUint32(c.hdr[0:], uint32(9+len(data)))
	c.hdr[4] = byte(pp.Piece)
	binary.BigEndian.PutUint32(c.hdr[5:], index)
	binary.BigEndian.PutUint32(c.hdr[9:], begin)
	if _, err := c.w.Write(c.hdr[:]); err != nil {
		return err
	}
	if _, err := c.w.Write(data); err != nil {
		return err
	}
	return c.w.Flush()
}

// blockPool recycles the buffers of received blocks.
type blockPool struct{}

var blocks = sync.Pool{New: func() any { b := make([]byte, BlockSize); return &b }}

func (blockPool) Get() *[]byte  { return blocks.Get().(*[]byte) }
func (blockPool) Put(b *[]byte) { *b = (*b)[:cap(*b)]; blocks.Put(b) }
