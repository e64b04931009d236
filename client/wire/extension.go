package wire

import (
	"bytes"
	"fmt"

	"github.com/anacrolix/torrent/bencode"
	pp "github.com/anacrolix/torrent/peer_protocol"
)

// The extensions btt speaks over BEP 10, with the message ids it asks
// peers to use when sending them to us.
const (
	ExtMetadata = "ut_metadata"
	ExtPex      = "ut_pex"

	idMetadata = 1
	idPex      = 2
	idSpeed    = 3
)

// MaxQueued is how many requests btt lets a peer queue with it (the reqq
// of the extension handshake). Transmission keeps no more than this
// outstanding and tops its queue up about once a second, so the figure
// caps its rate from us: 250 held it to 4 MiB/s over loopback, 2,000 to
// 20 MiB/s, 8,000 gave 41 MiB/s (aria2, which sends no reqq: 46 MiB/s).
const MaxQueued = 8000

// MetadataPieceSize is the size of a BEP 9 metadata piece.
const MetadataPieceSize = 16 << 10

// ExtendedHandshake is the BEP 10 handshake.
type ExtendedHandshake = pp.ExtendedHandshakeMessage

// OurExtendedHandshake is btt's extension handshake: the extensions it
// speaks, its client name, its listening port, and the metadata size when
// it has the info dictionary (0 while a magnet link is resolving).
func OurExtendedHandshake(client string, port, metadataSize int) Message {
	h := ExtendedHandshake{
		M:            map[pp.ExtensionName]pp.ExtensionNumber{ExtMetadata: idMetadata, ExtPex: idPex, ExtSpeed: idSpeed},
		V:            client,
		Reqq:         MaxQueued,
		MetadataSize: metadataSize,
		Port:         port,
	}
	return Message{Type: Extended, ExtendedID: 0, ExtendedPayload: bencode.MustMarshal(h)}
}

// ParseExtendedHandshake reads a peer's extension handshake.
func ParseExtendedHandshake(payload []byte) (ExtendedHandshake, error) {
	var h ExtendedHandshake
	if err := bencode.Unmarshal(payload, &h); err != nil {
		return h, fmt.Errorf("extension handshake: %w", err)
	}
	if h.MetadataSize < 0 || h.MetadataSize > 16<<20 {
		return h, fmt.Errorf("extension handshake: metadata size %d", h.MetadataSize)
	}
	return h, nil
}

// OurExtension says which of our extensions an incoming extended message
// with id belongs to ("" for none).
func OurExtension(id pp.ExtensionNumber) string {
	switch id {
	case idMetadata:
		return ExtMetadata
	case idPex:
		return ExtPex
	case idSpeed:
		return ExtSpeed
	}
	return ""
}

// MetadataMsg is a BEP 9 message: a request, a piece of the info
// dictionary (with its bytes after the bencoded dictionary), or a reject.
type MetadataMsg struct {
	Type      int    `bencode:"msg_type"`
	Piece     int    `bencode:"piece"`
	TotalSize int    `bencode:"total_size,omitempty"`
	Data      []byte `bencode:"-"`
}

// BEP 9's message types.
const (
	MetadataRequest = 0
	MetadataData    = 1
	MetadataReject  = 2
)

// Encode is the message for a peer whose id for ut_metadata is id.
func (m MetadataMsg) Encode(id pp.ExtensionNumber) Message {
	payload := append(bencode.MustMarshal(m), m.Data...)
	return Message{Type: Extended, ExtendedID: id, ExtendedPayload: payload}
}

// ParseMetadataMsg reads a BEP 9 message; a data message's bytes follow
// its dictionary.
func ParseMetadataMsg(payload []byte) (MetadataMsg, error) {
	var m MetadataMsg
	d := bencode.NewDecoder(bytes.NewReader(payload))
	if err := d.Decode(&m); err != nil {
		return m, fmt.Errorf("metadata message: %w", err)
	}
	rest := payload[d.Offset:]
	if m.Piece < 0 || m.Type < 0 || m.Type > 2 {
		return m, fmt.Errorf("metadata message: type %d piece %d", m.Type, m.Piece)
	}
	if m.Type == MetadataData {
		if len(rest) == 0 || len(rest) > MetadataPieceSize {
			return m, fmt.Errorf("metadata message: %d bytes of data", len(rest))
		}
		m.Data = rest
	}
	return m, nil
}

// PexMsg is a BEP 11 peer exchange message.
type PexMsg = pp.PexMsg

// ParsePex reads a peer exchange message.
func ParsePex(payload []byte) (PexMsg, error) {
	m, err := pp.LoadPexMsg(payload)
	if err != nil {
		return m, fmt.Errorf("peer exchange: %w", err)
	}
	return m, nil
}
