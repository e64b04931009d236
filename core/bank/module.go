package bank

import "github.com/bttc-network/bttc/core/address"

// Names of the module accounts. Each is an address no key owns
// (address.Module); the module that owns it moves BTT in and out.
const (
	FeeCollector   = "fee_collector"   // fees of the current block, paid out by staking
	RewardPool     = "reward_pool"     // genesis-funded block rewards
	CommunityPool  = "community_pool"  // spent by governance
	BondedPool     = "bonded_pool"     // stake of bonded validators
	NotBondedPool  = "not_bonded_pool" // stake that is unbonding or unbonded
	SpeedEscrow    = "speed_escrow"    // Speed payment channel deposits
	StorageEscrow  = "storage_escrow"  // storage contract payments and collateral
	BridgeEscrow   = "bridge"          // BTT bridged in and out
	GovernanceDesk = "governance"      // proposal deposits
	Distribution   = "distribution"    // rewards and commission allocated but not yet withdrawn
)

// ModuleNames lists every module account, in a fixed order.
var ModuleNames = []string{
	FeeCollector, RewardPool, CommunityPool, BondedPool, NotBondedPool,
	SpeedEscrow, StorageEscrow, BridgeEscrow, GovernanceDesk, Distribution,
}

var moduleAddrs = func() map[address.Address]string {
	m := make(map[address.Address]string, len(ModuleNames))
	for _, n := range ModuleNames {
		m[address.Module(n)] = n
	}
	return m
}()

// IsModuleAccount reports whether a is one of the module accounts.
func IsModuleAccount(a address.Address) bool {
	_, ok := moduleAddrs[a]
	return ok
}
