// Package storage is the btt client's side of BTTC storage contracts
// (settlement/storage/deal): a Host that rents out disk and a Renter that
// pays for it.
//
// A host serves a small HTTP API (api.go) on a local port: its terms, an
// upload endpoint that stores a file only if its bytes have the Merkle
// root the renter names, and the files back for retrieval. Its Step,
// repeated by Run, looks at its contracts on chain: it accepts a proposal
// whose file it holds on terms it takes (locking the collateral), and for
// every active contract it answers each period's challenge, once the seed
// block exists and the window is open, with the challenged leaves and
// their paths. A leaf that no longer matches the tree (a damaged or
// deleted part of the file) is not sent: the period is missed, as the
// chain would have it anyway, without a failing transaction's fee.
//
// A renter splits a file into the chain's leaves, computes the root,
// uploads the file, proposes the contract and keeps a record of it with
// every leaf's hash (HOME/storage), so that Get can check each leaf it
// gets back on its own and say exactly which ones a host lost.
package storage
