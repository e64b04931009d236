// Package paych is the public face of BTTC's Speed payment channels: what a
// payer signs, what a payee checks before it serves another piece, the
// messages that move channels on chain and the views the node answers
// with. It imports only core, go-ethereum's crypto and RLP, so that the
// btt client embeds it without linking the node; the state machine that
// enforces it is the parent package, settlement/speed.
//
// # Channels
//
// A channel is one-way, from a payer to a payee. Its id is
// keccak256("bttc/speed/channel" ‖ payer ‖ payee ‖ n), n being how many
// channels the payer opened before it, so a payer knows its next
// channel's id before opening it and ids are never reused.
//
// # Vouchers
//
// A voucher says "of channel C, the payee may take Amount in all", with a
// nonce and an optional expiry height. Amounts are cumulative: each new
// voucher carries the running total, so the payee needs to keep only the
// best one, and redeeming it pays the increase over what was redeemed
// before. The payer signs keccak256 of
//
//	"bttc/speed/voucher/v1" ‖ len(chain id) ‖ chain id ‖ "speed" ‖
//	channel ‖ amount (32 bytes) ‖ nonce (8) ‖ expiry (8)
//
// with its secp256k1 key, so that a voucher is valid on one chain and
// one channel only. Checking it costs one public-key recovery.
//
// A cooperative close is the payee's word, signed the same way under its
// own tag: "close C, I take Amount in all". Either party submits it and
// the channel closes at once.
package paych
