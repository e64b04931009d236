// Package rpcclient talks to a bttcd node over CometBFT's RPC: typed
// queries of the application (chain/api), transaction broadcast and
// lookup, blocks and status. Sender is a wallet for one account: it builds
// a transaction's body (chain id and nonce from the node), estimates its
// gas by simulation, checks the fee against a cap, signs, broadcasts and
// waits for the block. The command line and the load generator use it; the
// btt client and the bridge relayer will too. It links the kernel's wire
// types only, never the application or its store.
package rpcclient
