// Package governance lets BTT holders change the chain: proposals with
// typed content, deposits, stake-weighted votes, and what happens when a
// proposal passes.
//
// # Life of a proposal
//
// A proposal is submitted with zero or more contents — none for a text
// proposal; a parameter change; a software upgrade or its cancellation; a
// community-pool spend; kinds other modules register (Deps.Contents) — and
// an initial deposit of at least min_initial_deposit_ratio of the minimum
// deposit. Every content is checked by its owner at submission: a
// parameter change is applied to a scratch branch with the owning module's
// own validation (ParamSpace), an upgrade height must be in the future. A
// bad value never reaches a vote.
//
// Anyone may add deposits (each at least min_deposit_ratio of the
// minimum). Once they reach min_deposit (expedited_min_deposit for an
// expedited proposal) the voting period starts. A proposal that does not
// reach it within max_deposit_period lapses and its deposits are burned.
// The proposer may cancel an open proposal; proposal_cancel_ratio of every
// deposit is burned and the rest refunded.
//
// Votes are yes, abstain, no or no_with_veto, or a split of the voter's
// stake over several with weights summing to 1; a voter may change its vote
// until the period ends. Only bonded stake counts. Delegators inherit their
// validator's vote unless they vote themselves, in which case their own
// vote counts for their shares and the validator's for the rest.
//
// When voting ends (EndBlock, by block time): quorum is all votes over
// bonded stake; if no_with_veto exceeds veto_threshold of all votes the
// proposal is rejected and, with burn_vote_veto, its deposits burned; it
// passes if yes exceeds threshold of the votes that did not abstain. An
// expedited proposal has a shorter period and a higher threshold; if it
// misses, it becomes a regular proposal and voting goes on until the
// regular period ends. A passed proposal's contents run in order on a
// branch kept only if all succeed; if one fails the proposal is "failed".
// Deposits are refunded unless burned by the rules above.
//
// # The running tally
//
// Tallying by walking every vote and every voter's delegations when a
// proposal ends, or on every tally query, is the Cosmos SDK's known slow
// path. Here each open proposal keeps, per validator, how many of the
// validator's shares voted for each option and how many voted at all
// (validatorTally). A vote moves the voter's shares; staking reports every
// change of a voter's shares (SharesChanged) and the record moves with it.
// The tally at any moment values those shares at each bonded validator's
// tokens per share and adds the validator's own vote over its remaining
// shares, so slashes and changes of the active set need no update. Tallying
// costs O(validators); ending a proposal costs O(its votes), to delete them.
//
// # Upgrades
//
// A passed software-upgrade proposal stores a Plan (name, height, info). At
// the plan's height the application runs the upgrade's handler if its
// binary has one and records the upgrade as applied (MarkUpgradeApplied);
// otherwise the node stops after the block before it, and a binary that
// knows the upgrade resumes from the same state. chain does this part.
//
// # Invariants
//
//   - The governance desk holds exactly the sum of open proposals' deposits.
//   - An open proposal's running tally equals a tally computed from scratch
//     from its votes and the current delegations.
//   - Votes, voter lists and running tallies exist only for proposals in
//     their voting period.
package governance
