// Package speedwatch keeps a Speed payee's earnings safe: it reads the
// vouchers the payee holds (files of JSON vouchers in a directory, the
// format paych.ReadVouchers reads and the btt client appends to), asks a
// bttcd node for the payee's channels, and redeems the best voucher of
// each channel when it matters:
//
//   - at once when a channel starts closing, since after the settle delay
//     its vouchers are worth nothing;
//   - before a voucher expires (a margin of blocks before its expiry);
//   - routinely, every N blocks or once the unredeemed value passes an
//     amount, so that earnings reach the payee's balance in few
//     transactions.
//
// Everything due in one pass goes into one redeem transaction (or a few,
// MaxBatch vouchers each). The best voucher of a channel is the one that
// pays most among those paych.Check accepts now; the others are never
// sent. bttcd's `speed watch` runs a Watcher; the btt client embeds one.
package speedwatch
