// Package relay is the off-chain half of the bridge, run by each validator
// inside bttcd: it watches root chains over JSON-RPC and reports their
// deposits in the validator's vote extensions. (Submitting final
// checkpoints to the root chains comes next.)
//
// A Watcher follows one root contract's Deposit events up to the chain's
// finality: the RPC's finalized block, or a number of confirmations below
// its latest. It refuses an RPC whose finalized block is its latest (a node
// that lies about finality, or a dev node; Gravity checks the same) and one
// that answers for another chain id. It remembers in a file how far it has
// scanned and the deposits not yet minted, so a restart resumes without
// skipping a deposit or reporting one twice. Nothing it does can stall
// consensus: RPC failures make it back off and report nothing new for that
// chain, and the vote extension reads only what it already holds.
package relay
