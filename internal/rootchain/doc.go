// Package rootchain runs a local root chain: a go-ethereum dev chain (the
// execution client with a simulated beacon, as `geth --dev` runs it) in
// this process, served over HTTP JSON-RPC on loopback, for the dev chain's
// bridge (`bttc-rootchain`) and for tests that need a live root chain.
//
// It links much of go-ethereum (its eth and catalyst packages), so only
// the bttc-rootchain command and tests import it, never bttcd.
//
// A chain kept in a data directory continues where it stopped; one without
// keeps everything in memory. Blocks come every BlockTime, or only on
// Commit when BlockTime is zero. The dev beacon finalizes in epochs of 32
// blocks, so a deposit is final on it within 32 blocks.
package rootchain
