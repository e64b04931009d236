// Package trackertest is a small BitTorrent tracker for tests, over HTTP
// and UDP (BEP 15). It listens on 127.0.0.1, answers announces with compact
// peer lists (BEP 23) or the original dictionary form, answers scrapes,
// forgets a peer on "stopped", and never returns a peer to itself. Real clients (Transmission, aria2, libtorrent)
// find each other through it.
package trackertest
