package bridge

// Event types and attributes of the bridge.
const (
	EventWithdraw         = "bridge_withdraw"
	EventCheckpoint       = "bridge_checkpoint"
	EventCheckpointSigned = "bridge_checkpoint_signed"
	EventCheckpointFinal  = "bridge_checkpoint_final"
	EventChainRegistered  = "bridge_chain_registered"
	EventChainUpdated     = "bridge_chain_updated"
	EventDeposit          = "bridge_deposit"
	EventLaneHalted       = "bridge_lane_halted"
	EventLaneUnhalted     = "bridge_lane_unhalted"

	AttrChain     = "chain"
	AttrID        = "id"
	AttrSender    = "sender"
	AttrRecipient = "recipient"
	AttrAmount    = "amount"
	AttrNumber    = "number"
	AttrStart     = "start_height"
	AttrEnd       = "end_height"
	AttrCount     = "withdrawals"
	AttrRoot      = "withdrawals_root"
	AttrSigner    = "signer"
	AttrPower     = "signed_power"
	AttrTotal     = "total_power"
	AttrPaused    = "paused"
	AttrNonce     = "nonce"
	AttrReason    = "reason"
	AttrRootTx    = "root_tx"
)
