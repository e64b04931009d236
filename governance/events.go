package governance

// Event types and attribute keys of the governance module.
const (
	EventSubmitProposal = "submit_proposal"
	EventDeposit        = "proposal_deposit"
	EventVotingStarted  = "voting_started"
	EventVote           = "proposal_vote"
	EventCancel         = "cancel_proposal"
	EventProposalEnded  = "proposal_ended"
	EventParamChange    = "param_change"
	EventUpgradePlanned = "upgrade_planned"
	EventUpgradeCancel  = "upgrade_cancelled"
	EventUpgradeApplied = "upgrade_applied"
	EventPoolSpend      = "community_pool_spend"

	AttrProposalID = "proposal_id"
	AttrProposer   = "proposer"
	AttrDepositor  = "depositor"
	AttrVoter      = "voter"
	AttrAmount     = "amount"
	AttrOptions    = "options"
	AttrStatus     = "status"
	AttrReason     = "reason"
	AttrModule     = "module"
	AttrKey        = "key"
	AttrValue      = "value"
	AttrName       = "name"
	AttrHeight     = "height"
	AttrRecipient  = "recipient"
	AttrBurned     = "burned"
	AttrExpedited  = "expedited"
)
