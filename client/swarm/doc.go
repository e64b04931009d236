// Package swarm is btt's BitTorrent engine: it joins a torrent's swarm,
// downloads pieces from whoever has them, and uploads to whoever asks.
//
// A Client owns the listening socket and the torrents. Each Torrent runs
// the classic algorithms of BEP 3 and the mainline client:
//
//   - Peers come from trackers, magnet links (x.pe), peer exchange (BEP 11)
//     and incoming connections; up to MaxPeers are connected at once.
//   - Rarest first: a new piece is the one the fewest connected peers have,
//     ties broken at random; pieces already started are finished first, so
//     few pieces are partial at a time.
//   - Requests are pipelined (64 to 2,000 blocks of 16 KiB a peer, two
//     seconds of its rate) and time out when a peer snubs us. In the
//     endgame, when every missing block is requested, the last blocks are
//     asked of several peers and the duplicates cancelled.
//   - Every piece is SHA-1 verified before it is written to its files or
//     announced. A peer that contributed to a piece that fails is struck;
//     the sole source of a bad piece, or a peer struck three times, is
//     banned and disconnected. Protocol violations disconnect at once.
//   - The Choker decides whom to upload to. The default is tit-for-tat:
//     four regular slots for the peers that upload fastest to us (when
//     seeding, that we upload fastest to), rechosen every 10 s, and one
//     optimistic slot that rotates every 30 s so newcomers get a start.
//     With a Seller, the Auction choker sells the regular slots to peers
//     that bid through the Speed extension (speed.go, client/speed), and
//     paid peers' requests are served before free ones (a quarter of the
//     upload stays free while payers wait); a downloader's Buyer pays the
//     senders of each verified piece.
//   - Magnet links fetch the info dictionary from peers (BEP 9) and check
//     it against the info hash before anything else happens.
//
// Concurrency: each peer has a reading goroutine and a writing goroutine;
// a torrent's state is guarded by one mutex held only for bookkeeping,
// never across network or disk I/O. Hashing and writing a piece happen on
// their own goroutine.
package swarm
