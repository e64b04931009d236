package deal

// Event types and attributes of the storage module.
const (
	EventProposed   = "storage_proposed"   // a renter proposed a contract and escrowed its price
	EventAccepted   = "storage_accepted"   // the host locked its collateral
	EventCancelled  = "storage_cancelled"  // the renter withdrew the proposal
	EventExpired    = "storage_expired"    // nobody accepted it before its start
	EventProven     = "storage_proven"     // a period's proof paid the host
	EventMissed     = "storage_missed"     // a window closed without a proof
	EventEnded      = "storage_ended"      // the last period is over: collateral back to the host
	EventTerminated = "storage_terminated" // too many misses: collateral slashed

	AttrContract  = "contract"
	AttrRenter    = "renter"
	AttrHost      = "host"
	AttrPeriod    = "period"
	AttrAmount    = "amount"     // wei paid or refunded by this event
	AttrSlashed   = "slashed"    // collateral slashed, wei
	AttrCommunity = "community"  // of it, to the community pool
	AttrReturned  = "returned"   // collateral returned to the host, wei
	AttrMissed    = "missed"     // the contract's misses so far
	AttrRenewal   = "renewal_of" // the contract a proposal renews
)
