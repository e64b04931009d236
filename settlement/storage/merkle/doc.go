// Package merkle is the Merkle tree of BTTC storage contracts: what a
// renter computes to name a file, what a host proves leaves against, and
// what the chain checks. It imports nothing of the node, so that the btt
// client embeds it.
//
// A file is cut into leaves of a chain-wide size, the last one padded with
// zeros. Hashes are SHA-256, domain-separated as in RFC 6962 so that a leaf
// can never pass for an inner node:
//
//	leaf hash = SHA-256(0x00 ‖ leaf)
//	node hash = SHA-256(0x01 ‖ left ‖ right)
//
// The tree over n leaf hashes is RFC 6962's: for n > 1 the left subtree
// holds the largest power of two below n leaves and the right one the
// rest. Built level by level, that is pairing neighbours and carrying a
// level's odd last node up unchanged, which is how Tree stores it.
//
// A proof of leaf i is the leaf and its audit path: the sibling hashes
// from the leaf up to the root, skipping the levels where i's ancestor is
// a carried last node. Verifying one costs about log2(n) hashes. The
// verifier takes n from what it trusts (the contract's file size), never
// from the prover: a path does not say how many leaves its tree has.
package merkle
