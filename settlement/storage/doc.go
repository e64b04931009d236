// Package storage is the state machine of BTTC storage contracts: a
// renter pays a host, period by period, to keep a file, and the host is
// paid only by proving, against the file's Merkle root, that it holds the
// leaves the chain chose. The terms, messages and challenge derivation
// are in deal and the tree in merkle, which the btt client imports; this
// package enforces them. Model: Sia's storage proofs made periodic, with
// Filecoin-style collateral.
//
// # Life of a contract
//
//	proposed ──accept (before start)──▶ active ──each period: prove in the window, or miss──▶ … ──▶ ended
//	   │                                    └── MaxMisses misses ──▶ terminated
//	   ├── cancel by the renter ──▶ cancelled
//	   └── not accepted by start − 1 ──▶ expired
//
// Proposing escrows price × periods from the renter; accepting locks the
// host's collateral. A valid proof in period p's window pays the host p's
// price. When the window closes without one, the end-block sweep refunds
// the renter p's price and slashes SlashPerMiss of the collateral (the
// CommunityShare param's part to the community pool, the rest to the
// renter). At MaxMisses misses the contract terminates: the rest of the
// collateral is slashed and the rest of the escrow refunded. When the
// last period is over the collateral returns to the host. A renewal is a
// new proposal with the same terms from the contract's end.
//
// # Challenges
//
// Period p's leaves derive from the hash of the block at its start minus
// the lookback (deal.Seed, deal.Indices). The start of a proposal must be
// far enough ahead that this block comes after the proposal, so nobody
// knows the first challenge when the terms are fixed. The module keeps the
// last HashRing block hashes while any contract is live.
//
// # Invariants
//
// The storage escrow account holds exactly the live contracts' escrow and
// collateral (Invariant); a contract that ended holds nothing.
//
// # Cost
//
// A block's sweep reads the contracts due at its height through a queue
// keyed by height: O(contracts due), never O(all contracts).
package storage
