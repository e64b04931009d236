// Package daemon runs several torrents in one long-lived process, in
// Transmission's spirit, and serves a small JSON API on 127.0.0.1 that the
// `btt add|list|pause|resume|remove` commands and the daemon's web page
// (page.html, served at /) talk to.
//
// With a Wallet, torrents added with a budget (max_spend, max_price) pay
// seeders through the Speed extension, and their channels are closed when
// the download completes or the torrent is removed; the page shows the
// wallet's balance, channels and storage contracts.
//
// The daemon remembers its torrents in its home directory: each one's
// .torrent (or magnet link), download directory and paused flag, written
// atomically after every change, so a restart (or a crash) brings back
// the same torrents; their data is rechecked as on any resume.
//
// The API listens on loopback only and refuses requests whose Host is not
// a loopback name, and changes only through requests with a JSON body, so
// a web page the user visits cannot drive it (DNS rebinding, CSRF).
//
//	GET    /                          the web page
//	GET    /api/wallet                the wallet: balance, Speed channels, storage contracts (404 without one)
//	GET    /api/torrents              every torrent's figures, with what it paid and earned
//	POST   /api/torrents              add: {"torrent": base64 | "magnet": uri, "dir", "paused", "max_spend", "max_price"}
//	GET    /api/torrents/{id}         one torrent (id: info hash or a unique prefix)
//	POST   /api/torrents/{id}/pause   pause
//	POST   /api/torrents/{id}/resume  resume
//	DELETE /api/torrents/{id}         remove (data kept unless ?delete-data=true)
//
// Errors come back as {"error": "..."} with a 4xx or 5xx status.
package daemon
