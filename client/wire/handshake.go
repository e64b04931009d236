package wire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// protocolHeader starts every BitTorrent connection: the length 19 and
// the protocol's name.
const protocolHeader = "\x13BitTorrent protocol"

// HandshakeLen is the handshake's size on the wire.
const HandshakeLen = 68

// ErrNotBitTorrent is returned when the other side's first bytes are not a
// BitTorrent handshake (an encrypted or foreign protocol).
var ErrNotBitTorrent = errors.New("not a BitTorrent handshake")

// Reserved are the handshake's eight reserved bytes, where clients flag
// the extensions they speak.
type Reserved [8]byte

// The reserved bits btt reads and sets.
const (
	bitExtended = 5*8 + 3 // byte 5, 0x10: the extension protocol (BEP 10)
	bitFast     = 7*8 + 5 // byte 7, 0x04: the Fast extension (BEP 6)
	bitDHT      = 7*8 + 7 // byte 7, 0x01: DHT (BEP 5)
)

func (r Reserved) bit(i int) bool { return r[i/8]&(0x80>>(i%8)) != 0 }
func (r *Reserved) set(i int)     { r[i/8] |= 0x80 >> (i % 8) }

// Extended says the peer speaks the extension protocol.
func (r Reserved) Extended() bool { return r.bit(bitExtended) }

// Fast says the peer speaks the Fast extension.
func (r Reserved) Fast() bool { return r.bit(bitFast) }

// DHT says the peer runs a DHT node.
func (r Reserved) DHT() bool { return r.bit(bitDHT) }

// OurReserved is what btt announces: the extension protocol and the Fast
// extension.
func OurReserved() Reserved {
	var r Reserved
	r.set(bitExtended)
	r.set(bitFast)
	return r
}

// Handshake is the first message each side sends.
type Handshake struct {
	Reserved Reserved
	InfoHash [20]byte
	PeerID   [20]byte
}

// MarshalBinary is the handshake's wire form.
func (h Handshake) MarshalBinary() []byte {
	b := make([]byte, 0, HandshakeLen)
	b = append(b, protocolHeader...)
	b = append(b, h.Reserved[:]...)
	b = append(b, h.InfoHash[:]...)
	return append(b, h.PeerID[:]...)
}

// ParseHandshake reads a handshake from its 68 bytes.
func ParseHandshake(b []byte) (Handshake, error) {
	var h Handshake
	if len(b) != HandshakeLen {
		return h, fmt.Errorf("%w: %d bytes", ErrNotBitTorrent, len(b))
	}
	if !bytes.Equal(b[:20], []byte(protocolHeader)) {
		return h, ErrNotBitTorrent
	}
	copy(h.Reserved[:], b[20:28])
	copy(h.InfoHash[:], b[28:48])
	copy(h.PeerID[:], b[48:68])
	return h, nil
}

// ReadHandshake reads the peer's handshake.
func ReadHandshake(r io.Reader) (Handshake, error) {
	b := make([]byte, HandshakeLen)
	// The header first, so that a foreign protocol fails fast without
	// waiting for 68 bytes that may never come.
	if _, err := io.ReadFull(r, b[:20]); err != nil {
		return Handshake{}, fmt.Errorf("read handshake: %w", err)
	}
	if !bytes.Equal(b[:20], []byte(protocolHeader)) {
		return Handshake{}, ErrNotBitTorrent
	}
	if _, err := io.ReadFull(r, b[20:]); err != nil {
		return Handshake{}, fmt.Errorf("read handshake: %w", err)
	}
	return ParseHandshake(b)
}
