// Package tron is a small client of a TRON full node's HTTP API, enough for
// the bridge to write to its root contract there: TRON's Ethereum-style
// JSON-RPC only reads, so transactions go through the native API instead.
//
// A write is four steps, as TronWeb does them: the node builds the
// transaction (/wallet/triggersmartcontract or /wallet/deploycontract);
// the client decodes the protobuf raw_data it got back and checks it is
// the call it asked for (an API node could hand anything to sign), and
// that the transaction id is sha256(raw_data); it signs the id with the
// same secp256k1 key that signs on Ethereum (r ‖ s ‖ v, v = 27 or 28);
// /wallet/broadcasttransaction sends it, and /wallet/gettransactioninfobyid
// tells once it is in a block whether the contract ran or reverted.
//
// Addresses on TRON are the Ethereum address's 20 bytes behind a 0x41
// byte; the API takes them hex-encoded (visible=false), and people read
// them in base58check (T…), which core/address prints and parses.
//
// The codec (raw.go) reads and writes the few protobuf messages involved
// with google.golang.org/protobuf's wire package rather than TRON's
// generated code, which would pull in its gRPC stack. Decoding never panics
// on malformed bytes; FuzzDecodeRaw checks it.
package tron
