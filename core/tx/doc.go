// Package tx is the BTTC transaction: its envelope, its signature and its
// typed messages.
//
// A transaction is the RLP list [body, signature]. The body holds the chain
// id, the sender's nonce, the gas limit, the gas price in wei, a memo and a
// list of typed messages; each message is [kind, RLP payload], where kind is
// a name such as "bank/send" that a Codec maps to a Go type.
//
// The sender signs SigningHash(body) = keccak256(Domain ‖ chain id ‖ RLP(body))
// with secp256k1 and a 65-byte [R ‖ S ‖ V] signature (V is 0 or 1, S in the
// lower half of the curve order). Nobody sends the sender's address: the
// node recovers it from the signature, and the address is the one the same
// key has on Ethereum. The nonce (one more per transaction of the sender)
// stops replay on this chain; the chain id inside the signed digest stops
// replay on another chain.
//
// Decoding never panics and refuses trailing bytes, over-long inputs and
// unknown message kinds with errors that wrap the sentinels in errors.go.
package tx
