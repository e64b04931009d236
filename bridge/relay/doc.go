// Package relay is the off-chain half of the bridge, run by each validator
// inside bttcd: it watches root chains over JSON-RPC and reports their
// deposits in the validator's vote extensions, and submits final
// checkpoints to the root contracts. It also holds what a user does on a
// root chain (Root: deposit and exit; Deploy), for `bttcd bridge`.
//
// Every chain is read through its Ethereum JSON-RPC. Writes are signed
// Ethereum transactions, except on TRON (known by its chain id), whose
// JSON-RPC only reads: there they go through its HTTP API (package tron),
// and the configured URL is the API's base, with the JSON-RPC at /jsonrpc.
// A link (link.go) hides the difference from the rest.
//
// A Watcher follows one root contract's Deposit events up to the chain's
// finality: the RPC's finalized block (TRON's solidified block, with the
// chain's confirmations below it), or a number of confirmations below its
// latest. It refuses an RPC whose finalized block is its latest (a node
// that lies about finality, or a dev node; Gravity checks the same) and one
// that answers for another chain id. It remembers in a file how far it has
// scanned and the deposits not yet minted, so a restart resumes without
// skipping a deposit or reporting one twice. Nothing it does can stall
// consensus: RPC failures make it back off and report nothing new for that
// chain, and the vote extension reads only what it already holds.
//
// A Submitter sends each final checkpoint to the root contract from the
// bridge key's account there, in a rotation by checkpoint number so that
// one validator pays for each and the next steps in if it has not landed
// within a grace period. ReadRootStatus reads the contract's side for
// `bttcd bridge status`.
package relay
