package torrent

import (
	"fmt"
	"net"
	"strings"

	"github.com/anacrolix/torrent/metainfo"
)

// Magnet is a parsed magnet link (BEP 9): enough to find peers and fetch
// the info dictionary from them.
type Magnet struct {
	InfoHash Hash
	Name     string   // dn, a hint shown until the metadata arrives
	Trackers []string // tr
	Peers    []string // x.pe, host:port of peers to try directly
}

// IsMagnet says whether s looks like a magnet link rather than a file name.
func IsMagnet(s string) bool { return strings.HasPrefix(strings.ToLower(s), "magnet:") }

// ParseMagnet parses a magnet link with a v1 (btih) info hash, in hex or
// base32.
func ParseMagnet(uri string) (Magnet, error) {
	if !IsMagnet(uri) {
		return Magnet{}, fmt.Errorf("%w: %q is not a magnet link (it must start with magnet:?)", ErrInvalid, uri)
	}
	m, err := metainfo.ParseMagnetUri(uri)
	if err != nil {
		return Magnet{}, fmt.Errorf("%w: magnet link: %v", ErrInvalid, err)
	}
	out := Magnet{InfoHash: Hash(m.InfoHash), Name: m.DisplayName}
	for _, tr := range m.Trackers {
		if tr = strings.TrimSpace(tr); tr != "" {
			out.Trackers = append(out.Trackers, tr)
		}
	}
	for _, pe := range m.Params["x.pe"] {
		if _, _, err := net.SplitHostPort(pe); err != nil {
			return Magnet{}, fmt.Errorf("%w: magnet link: peer %q is not host:port", ErrInvalid, pe)
		}
		out.Peers = append(out.Peers, pe)
	}
	return out, nil
}

// String renders the magnet link.
func (m Magnet) String() string {
	mm := metainfo.Magnet{InfoHash: metainfo.Hash(m.InfoHash), DisplayName: m.Name, Trackers: m.Trackers}
	if len(m.Peers) > 0 {
		mm.Params = map[string][]string{"x.pe": m.Peers}
	}
	return mm.String()
}
