// Package bridge is the BTTC side of the bridge to BTTC's root chains
// (Ethereum, BNB Chain, TRON): a registry of root chains, withdrawals that
// burn BTT here and become leaves of a Merkle tree, and checkpoints that
// carry each tree's root to the root chain once validators holding more
// than 2/3 of the stake have signed them.
//
// # Checkpoints
//
// Per root chain, checkpoints are numbered from 1 without gaps. A
// checkpoint covers a range of BTTC heights and the withdrawals made in it;
// it names the signer set that must sign it (the bonded validators' bridge
// signer addresses and powers, sorted by address) and the next set, which
// the root contract moves to when it accepts the checkpoint. A checkpoint
// is made at the end of a block once the chain's interval has passed since
// the last one and there is something to carry: withdrawals, a change of
// signer set, or a heartbeat after HeartbeatBlocks idle blocks. Only one
// checkpoint per chain is pending at a time; the next waits until it is
// final, so that signer sets chain from one checkpoint to the next.
//
// Validators sign a checkpoint's digest (digest.go) with their secp256k1
// bridge-signer keys in their vote extensions. The signatures are checked
// against the signer each validator registered in staking, and the
// checkpoint is final once the signers' power in the set it names exceeds
// 2/3 of that set's total. The digest is domain-separated by a tag, the
// root chain id, the root contract's address, the BTTC chain id and the
// message kind: a signature is valid on one contract of one chain only.
//
// # Withdrawals
//
// MsgWithdraw burns BTT and records a withdrawal with a per-chain id. Its
// leaf is keccak256(0x00 ‖ abi.encode(root chain id, contract, id,
// recipient, amount)); the tree over a checkpoint's withdrawals is a
// positional binary tree padded with zero leaves to a power of two, inner
// nodes keccak256(0x01 ‖ left ‖ right) (merkle.go). The user exits on the
// root chain with the checkpoint number, the id and the sibling hashes.
// Withdrawals to a chain are refused while it is paused, under its
// minimum, over its maximum, or past its rate limit for the window.
//
// # Invariants
//
//   - checkpoint numbers per chain are gap-free and each checkpoint's
//     withdrawals follow the previous one's without gap or overlap;
//   - a checkpoint is final only with signatures of more than 2/3 of the
//     power of the set it names, each verified against a registered signer;
//   - per chain, withdrawn equals the sum of its withdrawals, which the
//     bank burned.
package bridge
