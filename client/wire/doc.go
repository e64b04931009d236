// Package wire is the BitTorrent peer wire protocol on one connection: the
// handshake (BEP 3) with its reserved bits for the extension protocol
// (BEP 10) and the Fast extension (BEP 6), length-prefixed messages, and
// the extension handshake that names the extensions each side speaks
// (ut_metadata for magnet links, BEP 9; ut_pex for peer exchange, BEP 11;
// btt_speed, the Speed extension of docs/speed-extension.md, for paying
// seeders).
//
// Messages are anacrolix/torrent's peer_protocol.Message, decoded with a
// bound on their length so that a peer cannot make us allocate more than
// a piece's block plus its header. Piece messages are written straight
// from the caller's buffer, without copying, because they are nearly all
// the bytes a seeder sends.
//
// Conn is safe for one reader and any number of writers. It knows nothing
// about torrents beyond the 20-byte info hash; choking, requesting and
// verifying are the swarm's business.
package wire
