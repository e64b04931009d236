// Package interop tests btt against the BitTorrent clients people run:
// Transmission 3 (transmission-daemon), aria2 and libtorrent (through its
// Python binding), all from Debian's packages (scripts/install-peers.sh,
// run by `make test`). Every process listens on 127.0.0.1; peers find each
// other through the test tracker of client/tracker/trackertest, because
// Transmission and aria2 cannot be pointed at a peer directly.
//
// The tests share one set of files (a 50 MiB multi-file torrent's data),
// but each gets its own tracker and .torrent, so their swarms never mix.
package interop
