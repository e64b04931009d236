// Package rpcclient talks to a bttcd node over CometBFT's RPC: typed
// queries of the application, transaction broadcast and lookup, blocks and
// status. The command line and the load generator use it; the P2P client
// will too.
package rpcclient
