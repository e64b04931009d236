package trackertest

import (
	"encoding/binary"
	"net"
)

// The BEP 15 constants.
const (
	udpMagic    = 0x41727101980
	actConnect  = 0
	actAnnounce = 1
	actError    = 3
	evStopped   = 3
)

// serveUDP answers BEP 15 connect and announce requests until Close. Any
// connection id is accepted: the test tracker has nobody to spoof.
func (t *Tracker) serveUDP() {
	buf := make([]byte, 2048)
	for {
		n, from, err := t.udp.ReadFrom(buf)
		if err != nil {
			return
		}
		if res := t.udpAnswer(buf[:n], from); res != nil {
			t.udp.WriteTo(res, from)
		}
	}
}

func (t *Tracker) udpAnswer(b []byte, from net.Addr) []byte {
	if len(b) < 16 {
		return nil
	}
	action, tid := binary.BigEndian.Uint32(b[8:]), b[12:16]
	out := binary.BigEndian.AppendUint32(nil, action)
	out = append(out, tid...)
	switch {
	case action == actConnect && binary.BigEndian.Uint64(b) == udpMagic:
		return binary.BigEndian.AppendUint64(out, 0x1234)
	case action == actAnnounce && len(b) >= 98:
		ih, id := string(b[16:36]), string(b[36:56])
		left := int64(binary.BigEndian.Uint64(b[64:]))
		event := binary.BigEndian.Uint32(b[80:])
		port := int(binary.BigEndian.Uint16(b[96:]))
		ip := from.(*net.UDPAddr).IP
		others, seeders, leechers := t.record(ih, id, peer{ip: ip, port: port, left: left}, event == evStopped)
		out = binary.BigEndian.AppendUint32(out, 2) // interval
		out = binary.BigEndian.AppendUint32(out, uint32(leechers))
		out = binary.BigEndian.AppendUint32(out, uint32(seeders))
		for _, p := range others {
			if v4 := p.ip.To4(); v4 != nil {
				out = binary.BigEndian.AppendUint16(append(out, v4...), uint16(p.port))
			}
		}
		return out
	}
	out = binary.BigEndian.AppendUint32(nil, actError)
	return append(append(out, tid...), "bad request"...)
}
