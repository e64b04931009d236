package state

// Module prefixes: the first byte of every key in the tree. One line per
// module; a new module takes the next free byte and never reuses one.
const (
	PrefixApp        byte = 0x00 // application metadata: chain id, params of the tx pipeline
	PrefixBank       byte = 0x01 // accounts (balance and nonce), supply, bank params
	PrefixStaking    byte = 0x02 // reserved: validators, delegations, unbonding
	PrefixGovernance byte = 0x03 // reserved: proposals, deposits, votes
	PrefixBridge     byte = 0x04 // reserved: root chains, checkpoints, deposits, withdrawals
	PrefixSpeed      byte = 0x05 // reserved: Speed payment channels
	PrefixStorage    byte = 0x06 // reserved: storage contracts
)
