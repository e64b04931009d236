// Package speed is the state machine of BitTorrent Speed's payment
// channels: a downloader (the payer) escrows BTT in a channel to a seeder
// (the payee) and pays it piece by piece with vouchers signed off chain;
// the seeder redeems them here, one or hundreds per transaction. What a
// voucher is, how it is signed and the messages are in paych, which the
// btt client imports; this package enforces them. Model: Filecoin's
// payment-channel actor, with batched redeem, a cooperative close and a
// settle delay fixed per channel.
//
// # Life of a channel
//
//	open ──topup──▶ open ──payer's close──▶ closing ──settle (after the delay)──▶ closed
//	  │                │                        │
//	  │                └─ payee's close, or a cooperative close ─────────────────▶ closed
//	  └─ redeem (open, or closing before the delay ends): the payee takes the increase
//
// A payer's close gives the payee the settle delay (a parameter, fixed
// for the channel when it opens) to redeem its best voucher; after it
// anyone may settle and the payer gets the rest. A payee may close at any
// time and settles at once: it can only give up its own unredeemed
// vouchers. A cooperative close carries the payee's signed "I take A in
// all" and settles at once.
//
// # Redeeming
//
// A voucher is redeemable when its channel's payer signed it for this
// chain, its nonce is above the last nonce redeemed, its cumulative
// amount is above what was redeemed and within the deposit, it has not
// expired, and the channel is open or closing within its delay. It pays
// the payee the increase. In a batch each voucher is judged in order and
// a refused one is reported (speed_voucher_refused, with its code) and
// skipped; the message fails only when all are refused.
//
// # Invariants
//
// The speed escrow account holds exactly the sum, over open and closing
// channels, of deposit − redeemed (Invariant). Redeemed never exceeds the
// deposit, so a payee never takes more than the deposit, and redeemed is
// always the amount of a voucher the payer signed (or the payee's own
// close), so a payer is never charged more than its best valid voucher.
//
// # Keys
//
// keys.go lists them. A redeem reads and writes one record per channel
// and credits each payee once, whatever the batch's size.
package speed
