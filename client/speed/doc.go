// Package speed is the btt client's side of BitTorrent Speed: seeders sell
// their upload slots for BTT and downloaders buy them, over the btt_speed
// extension of the peer wire protocol (docs/speed-extension.md), with
// payments in the vouchers of BTTC's Speed payment channels
// (settlement/speed/paych).
//
// # Selling
//
// A Seller holds a client's selling terms: its payee address, a floor
// price per MiB and the key that signs cooperative closes. Each
// connection to a peer that speaks btt_speed gets a Sale, which offers the
// terms, takes the peer's bids, checks its channel on chain through a
// Ledger, credits its vouchers and keeps them in a Vault on disk before it
// answers with a receipt. The swarm's Auction choker gives its regular
// upload slots to the highest bids that are in good standing; each winner
// pays the highest losing bid (a uniform-price auction). A winner that
// falls behind in its payments by more than a grace (a few pieces, or two
// seconds of its transfer, whichever is more) defaults: its bids count no
// more on that connection.
//
// # Buying
//
// A Buyer holds one torrent's budget: the most it may lock in channels
// and the most it bids per MiB. Each connection to a seller gets a
// Purchase. On the seller's first unchoke the buyer opens a channel to the
// seller's payee through a Bank (a bttcd node's RPC), then bids its
// maximum price (the auction is uniform-price, so bidding one's true value
// is the best strategy). Once it wins a slot it signs one voucher per
// verified piece for the bytes that seller sent of it, at the awarded
// price; a piece that fails its hash is never paid. It tops the channel up
// within the budget, withdraws its bid when the budget is spent or the
// seller stops delivering, and when the download ends asks each seller
// for a cooperative close and submits it.
//
// Everything here runs off chain and off the swarm's lock: signatures
// are made and checked on the caller's goroutine, chain calls on their
// own.
package speed
