// Package node runs the BTTC application inside CometBFT in one process and
// lays out a node's home directory.
//
// A home looks as CometBFT and Cosmos operators expect:
//
//	<home>/config/config.toml              CometBFT's settings (P2P, RPC, consensus, mempool)
//	<home>/config/app.toml                 the application's node-local settings
//	<home>/config/genesis.json             the chain's genesis, app_state included
//	<home>/config/node_key.json            the P2P identity
//	<home>/config/priv_validator_key.json  the Ed25519 consensus key
//	<home>/data/priv_validator_state.json  the double-sign guard: never delete it on a live validator
//	<home>/data/{blockstore,state,tx_index}.db   CometBFT's stores
//	<home>/data/application.db             the application's IAVL tree
//	<home>/data/snapshots/HEIGHT/          state-sync snapshots this node serves (snapshot.go)
//	<home>/keystore/                       operator keys (package keyring)
//	<home>/bttcd.lock                      held while a node or a command that rewrites the home runs
//
// Run takes the home's lock (LockHome: a second node, a dev --reset or a
// rollback on a running home is refused), checks the key files and the
// signing state before CometBFT sees them (keys.go: a malformed key would
// crash CometBFT, a lost priv_validator_state.json would let the validator
// sign twice), indexes the committed blocks a kill left out of the tx
// index (reindex.go), then starts CometBFT with a connection-synchronized
// local client (one mutex per ABCI connection; package chain says why
// that is safe). It waits for its context to end or the application to
// ask for a stop (an unknown upgrade, a store fault), then stops CometBFT
// before closing the application's database, in that order, so that a
// clean stop never loses a block.
//
// Around the application the node adds what needs a clock or a disk, which
// the state machine never touches: block metrics (blockmetrics.go), the
// state-sync snapshots it makes and restores (statesync.go), and the
// export of a stopped node's state as a new genesis (export.go).
package node
