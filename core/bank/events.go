package bank

// Event types and attribute keys emitted by bank.
const (
	EventTransfer = "transfer"
	EventFee      = "fee"
	EventMint     = "mint"
	EventBurn     = "burn"

	AttrSender    = "sender"
	AttrRecipient = "recipient"
	AttrAmount    = "amount"
	AttrPayer     = "payer"
)
