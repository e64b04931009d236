package genesis

import (
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

// Presets tune the default app state for chains people try things on.

// Local shortens a local chain's periods: unbonding and governance take
// minutes and a Speed channel settles 30 s after its payer closes it, so
// that stake, proposals and channels can be tried end to end. bttcd
// testnet uses it.
func Local(g *AppState) {
	g.Staking.Params.UnbondingTime = dec.Of(10 * time.Minute)
	g.Speed.Params.SettleDelay = dec.Of(30 * time.Second)
	gov := &g.Governance.Params
	gov.MinDeposit, gov.ExpeditedMinDeposit = btt.NewAmount(btt.FromBTT(10_000)), btt.NewAmount(btt.FromBTT(50_000))
	gov.MaxDepositPeriod, gov.VotingPeriod, gov.ExpeditedVotingPeriod = dec.Of(10*time.Minute), dec.Of(2*time.Minute), dec.Of(time.Minute)
}

// DevMnemonic makes the dev chain's funded key (and, on its local root
// chain, the key that holds ether and test BTT): the mnemonic every
// Ethereum tool uses for local chains. Never send real funds to its keys.
const DevMnemonic = "test test test test test test test test test test test junk"

// DevRewardPool funds the dev chain's block rewards: about four months of
// one-second blocks at DevBlockReward.
const (
	DevRewardPoolBTT  = 10_000_000
	DevBlockRewardBTT = 1
)

// Dev is Local plus a funded reward pool paying DevBlockRewardBTT a block,
// so that a delegation on the dev chain visibly earns. bttcd dev uses it.
func Dev(g *AppState) {
	Local(g)
	g.Staking.Params.BlockReward = btt.NewAmount(btt.FromBTT(DevBlockRewardBTT))
	g.Bank.Accounts = append(g.Bank.Accounts, bank.GenesisAccount{
		Address: address.Module(bank.RewardPool),
		Balance: btt.Format(btt.FromBTT(DevRewardPoolBTT)),
	})
}
