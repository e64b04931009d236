package staking

// Event types and attribute keys of the staking module.
const (
	EventCreateValidator = "create_validator"
	EventEditValidator   = "edit_validator"
	EventSetBridgeSigner = "set_bridge_signer"
	EventDelegate        = "delegate"
	EventUnbond          = "unbond"
	EventRedelegate      = "redelegate"
	EventCancelUnbond    = "cancel_unbond"
	EventCompleteUnbond  = "complete_unbonding"
	EventWithdrawRewards = "withdraw_rewards"
	EventWithdrawComm    = "withdraw_commission"
	EventUnjail          = "unjail"
	EventSlash           = "slash"
	EventJail            = "jail"
	EventRewards         = "rewards"

	AttrValidator      = "validator"
	AttrSrcValidator   = "source_validator"
	AttrDstValidator   = "destination_validator"
	AttrDelegator      = "delegator"
	AttrAmount         = "amount"
	AttrShares         = "shares"
	AttrCompletionTime = "completion_time"
	AttrCreationHeight = "creation_height"
	AttrSigner         = "signer"
	AttrReason         = "reason"
	AttrPower          = "power"
	AttrJailedUntil    = "jailed_until"
	AttrCommunity      = "community_pool"
)
