// Package deal is the public face of BTTC storage contracts: ids, the
// messages renters and hosts send, the challenge a period's proof must
// answer, the proof's file form, the errors and the views the node answers
// with. It imports only core and the merkle package, so that the btt
// client embeds it without linking the node; the state machine is the
// parent package, settlement/storage.
//
// # A contract
//
// A renter proposes to pay a host Price for each of Periods periods of
// Period blocks, starting at height Start, to keep a file of Size bytes
// whose Merkle root (package merkle, leaves of the chain's leaf size) is
// Root. Proposing escrows Price × Periods; the host accepts before Start
// by locking Collateral. Period p covers heights Start + p·Period onward;
// its proof window is its first Window blocks.
//
// # Challenges
//
// Period p's challenge is fixed by the hash of the block at height
// Start + p·Period − Lookback, which exists before the window opens and
// did not when the contract was proposed:
//
//	seed  = SHA-256("bttc/storage/challenge" ‖ block hash ‖ contract id ‖ p)
//	index = first 8 bytes of SHA-256(seed ‖ j), big-endian, mod leaves   (j = 0 … s−1)
//
// A proof carries the s leaves at those indices, in that order, each
// with its audit path. A valid proof inside the window pays the host that
// period's price. A window that closes without one refunds the renter the
// price and slashes SlashPerMiss of the collateral; after MaxMisses misses
// the contract ends and the rest of the collateral is slashed.
package deal
