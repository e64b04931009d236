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
//	<home>/keystore/                       operator keys (package keyring)
//
// Run starts CometBFT with a local client (one mutex serialises every ABCI
// call, so the application needs no locks of its own), waits for its
// context to end, then stops CometBFT before closing the application's
// database, in that order, so that a clean stop never loses a block.
package node
