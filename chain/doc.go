// Package chain is the BTTC application: the ABCI 2.0 state machine that
// CometBFT drives. It owns the transaction pipeline and the block lifecycle
// and wires the modules (bank, staking, governance) to the store and to each
// other (wiring.go: staking reports share changes to governance's running
// tallies; governance changes the other modules' params). What clients see
// of it over RPC (query paths, answers, codes) is package chain/api.
//
// CometBFT calls the application over three connections, each with its
// own mutex (package node uses a connection-synchronized local client):
// consensus (InitChain, the proposal calls, vote extensions, FinalizeBlock,
// Commit), mempool (CheckTx) and query (Info, Query). So CheckTx and
// queries run beside FinalizeBlock, which keeps the node admitting
// transactions and answering while it executes a block. What makes that
// safe:
//
//   - Only the consensus connection writes. Others read saved versions of
//     the tree under the store's read lock (state.Store.ReadLock), which
//     the tree's writes exclude; the height, the app hash, the tx params
//     and the genesis state before block 1 are published atomically.
//   - CometBFT never calls CheckTx during Commit (it holds the mempool
//     lock), so Commit may replace the check state.
//   - The sender cache has its own lock.
//
// For each height H the consensus connection sees:
//
//  1. CheckTx, for each transaction that reaches the mempool, on a check
//     state: a cache over the last committed version that remembers the
//     nonces and fees of transactions already admitted. After Commit it is
//     reset and CometBFT rechecks what is left in the mempool.
//  2. PrepareProposal, on the proposer only: it puts the previous height's
//     vote extensions first, as a marked transaction (injection.go), then
//     keeps transactions in mempool order while they are valid against a
//     scratch copy of state, pay this node's minimum gas price and fit the
//     byte and gas limits of the block.
//  3. ProcessProposal, on every validator: it accepts the block only if the
//     injected extensions match the commit CometBFT reports and verify
//     against the validator set in app state, each transaction passes the
//     same validity check PrepareProposal applied, and the block's gas
//     fits. CheckTx, PrepareProposal, ProcessProposal and FinalizeBlock
//     share one definition of a valid transaction (admit, ante.go), each
//     with its policy. It also rejects every
//     block at the height of a software upgrade this binary does not know.
//  4. ExtendVote / VerifyVoteExtension: each validator signs the pending
//     bridge checkpoints and reports root-chain deposits in its precommit
//     (extensions.go, bridge.go); the others check the signatures against
//     the signers staking registered.
//  5. FinalizeBlock first runs the software upgrade scheduled for H, if
//     any, then pays the previous block's rewards, records liveness and
//     punishes reported misbehavior (staking), then applies the
//     transactions, then ends the block: governance ends the proposals
//     whose time is up (a passed parameter change applies here), then
//     staking updates the set and its queues, returned as
//     ValidatorUpdates, and last the bridge mints the agreed deposits and
//     makes the checkpoints that are due. (Before all that ends, right
//     after the transactions, the bridge has counted the injected
//     extensions' checkpoint signatures and deposit reports.) It works on the working tree
//     through a block cache and returns the tree's working hash as the app
//     hash. Each
//     transaction is either invalid (skipped, no effect: only possible when
//     a block arrives by block sync, which skips ProcessProposal), failed
//     (nonce used, fee charged, its message writes discarded, non-zero code)
//     or successful. The whole fee is taken up front and the unused gas
//     refunded after the messages run, so a transaction pays gas used ×
//     price. Fees are summed in memory and credited once per block.
//     A store fault (state.ErrFault: a failed read or write, a record that
//     does not decode) is never a transaction's result, which another
//     validator would not share: FinalizeBlock fails, nothing of the block
//     is committed, the node is asked to stop (Halted), and a restart
//     replays the block.
//  6. Commit saves the working tree as version H. Nothing is written to disk
//     before Commit, so a node killed mid-block restarts at H-1 and
//     CometBFT's handshake (Info) replays block H from its block store.
//     Commit rereads the transaction pipeline's params (governance may have
//     changed them) and, if an upgrade this binary does not know is due at
//     H+1, asks the node to stop (Halted): the node never runs that block.
//
// testdata/*.txt are golden scripts of these calls (script_test.go); the
// app model test (model_test.go) runs random transactions through twin
// apps and checks the invariants after every block.
//
// Senders are recovered once per transaction, in parallel across cores,
// and cached by transaction hash between CheckTx and FinalizeBlock.
//
// Queries (query.go) read committed versions only and can carry ICS23
// proofs against the app hash of the following block header.
package chain
