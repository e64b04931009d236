package paych

// Event types and attributes of the speed module. Every transition of a
// channel has its event, so that a watcher can subscribe to a payee's
// channels instead of polling them.
const (
	EventOpen    = "speed_open"            // a channel opened
	EventTopUp   = "speed_topup"           // its payer added to the deposit
	EventRedeem  = "speed_redeem"          // a voucher paid its payee
	EventRefused = "speed_voucher_refused" // a voucher of a batch was refused
	EventClosing = "speed_closing"         // the payer closed it: the settle delay runs
	EventClosed  = "speed_closed"          // it paid out and closed

	AttrChannel  = "channel"
	AttrPayer    = "payer"
	AttrPayee    = "payee"
	AttrAmount   = "amount"    // wei moved by this event
	AttrDeposit  = "deposit"   // the deposit after it
	AttrRedeemed = "redeemed"  // all the payee has taken after it
	AttrNonce    = "nonce"     // the voucher's nonce
	AttrIndex    = "index"     // the voucher's place in its batch
	AttrCode     = "code"      // a refused voucher's code (Codes)
	AttrReason   = "reason"    // a refused voucher's error, in words
	AttrSettleAt = "settle_at" // RFC 3339 block time from which anyone may settle
	AttrRefund   = "refund"    // wei returned to the payer
	AttrHow      = "how"       // how a channel closed: HowCoop, HowPayee or HowSettled

	HowCoop    = "cooperative"
	HowPayee   = "payee"
	HowSettled = "settled"
)
