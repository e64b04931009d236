// Package tracker finds peers through BitTorrent trackers: HTTP (BEP 3,
// with compact peer lists, BEP 23) and UDP (BEP 15), tried in the tiers of
// the torrent's announce list (BEP 12), re-announced at the interval each
// tracker asks for, with started, completed and stopped events.
//
// The wire formats are anacrolix/torrent's tracker package; this package
// adds the schedule: which URL to try, when to try again, and what to
// report. Peers go to a callback; the swarm decides whom to dial.
//
// Package trackertest is a small HTTP tracker for tests, because
// Transmission and aria2 cannot be pointed at a peer directly.
package tracker
