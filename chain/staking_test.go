package chain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/staking"
)

// cometSet is CometBFT's validator set as the app's updates make it.
type cometSet map[string]int64 // consensus pubkey → power

func (s cometSet) apply(updates []abci.ValidatorUpdate) {
	for _, u := range updates {
		pk := string(u.PubKey.GetEd25519())
		if u.Power == 0 {
			delete(s, pk)
		} else {
			s[pk] = u.Power
		}
	}
}

// commit is the commit info of a block in which everyone but missing signed.
func (s cometSet) commit(missing ...[]byte) abci.CommitInfo {
	skip := map[string]bool{}
	for _, m := range missing {
		skip[string(m)] = true
	}
	var ci abci.CommitInfo
	for pk, power := range s {
		flag := cmtproto.BlockIDFlagCommit
		if skip[pk] {
			flag = cmtproto.BlockIDFlagAbsent
		}
		ci.Votes = append(ci.Votes, abci.VoteInfo{
			Validator:   abci.Validator{Address: ed25519.PubKey(pk).Address(), Power: power},
			BlockIdFlag: flag,
		})
	}
	return ci
}

func (c *testChain) stakingQuery(path string, out any) {
	c.tb.Helper()
	res := c.query(api.PathStaking+path, nil, 0, false)
	if res.Code != 0 {
		c.tb.Fatalf("query %s: %s", path, res.Log)
	}
	if err := json.Unmarshal(res.Value, out); err != nil {
		c.tb.Fatal(err)
	}
}

// TestStakingWholeApp drives several validators through the ABCI calls:
// creation and set updates, rewards, downtime jail and unjail, and a
// double sign reported as misbehavior.
func TestStakingWholeApp(t *testing.T) {
	alice, bob, del := newUser(t), newUser(t), newUser(t)
	balances := map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(5_000), bob.addr: btt.FromBTT(5_000), del.addr: btt.FromBTT(100)}
	app := appStateWith(balances, func(g *genesis.AppState) {
		g.Staking.Params.SignedBlocksWindow = 10
		g.Staking.Params.BlockReward = btt.NewAmount(btt.FromBTT(1))
		g.Bank.Accounts = append(g.Bank.Accounts, bankAccount(address.Module("reward_pool"), "1000btt"))
	})
	c := newTestChain(t, memStore(t), app, Config{})
	set := cometSet{string(genesisConsKey): 1000}

	const gas = 400_000
	keyOf := func(n string) []byte { return ed25519.GenPrivKeyFromSecret([]byte(n)).PubKey().Bytes() }
	create := func(u *user, name string, bond uint64) []byte {
		return u.sign(t, testChainID, gas, &staking.MsgCreateValidator{
			ConsPubKey: keyOf(name), BridgeSigner: u.addr, Description: staking.Description{Moniker: name},
			Rate: dec.Percent(5), MaxRate: dec.Percent(10), MaxChange: dec.Percent(1),
			MinSelfDelegation: btt.FromBTT(1), SelfBond: btt.FromBTT(bond),
		})
	}
	res := c.block(create(alice, "alice", 2_000), create(bob, "bob", 1_500), del.sign(t, testChainID, gas, &staking.MsgDelegate{Validator: alice.addr, Amount: btt.FromBTT(50)}))
	for i, r := range res.TxResults {
		if r.Code != 0 {
			t.Fatalf("tx %d: %s", i, r.Log)
		}
	}
	if len(res.ValidatorUpdates) != 2 {
		t.Fatalf("%d validator updates, want alice and bob", len(res.ValidatorUpdates))
	}
	set.apply(res.ValidatorUpdates)
	if set[string(keyOf("alice"))] != 2_050 || set[string(keyOf("bob"))] != 1_500 {
		t.Fatalf("set after creation: %v", set)
	}

	// Everyone signs: fees and the block reward reach the delegator.
	c.lastCommit = set.commit()
	c.block()
	var dv []staking.DelegationView
	c.stakingQuery("delegations/"+del.addr.Hex(), &dv)
	if len(dv) != 1 || dv[0].PendingRewards == "0btt" {
		t.Fatalf("delegations of the delegator: %+v", dv)
	}

	// Bob stops signing: after the window he is jailed and leaves the set.
	var jailedAt int
	for i := 0; i < 15 && jailedAt == 0; i++ {
		c.lastCommit = set.commit(keyOf("bob"))
		r := c.block()
		set.apply(r.ValidatorUpdates)
		if _, in := set[string(keyOf("bob"))]; !in {
			jailedAt = i + 1
		}
	}
	if jailedAt == 0 {
		t.Fatal("bob was never jailed for downtime")
	}
	var bv staking.ValidatorView
	c.stakingQuery("validator/"+bob.addr.Hex(), &bv)
	if !bv.Jailed || bv.Status != "unbonding" {
		t.Fatalf("bob after downtime: jailed %v, %s", bv.Jailed, bv.Status)
	}
	// A simulation runs on the last block's clock, as the next block will.
	simulateUnjail := func() api.SimulateView {
		probe := *bob
		var sim api.SimulateView
		res := c.query(api.PathSimulate, probe.sign(t, testChainID, gas, &staking.MsgUnjail{}), 0, false)
		if err := json.Unmarshal(res.Value, &sim); err != nil {
			t.Fatalf("simulate: %s %v", res.Log, err)
		}
		return sim
	}
	if sim := simulateUnjail(); sim.Code == 0 || !strings.Contains(sim.Log, "still jailed") {
		t.Fatalf("simulated early unjail: %+v", sim)
	}
	unjail := bob.sign(t, testChainID, gas, &staking.MsgUnjail{})
	c.lastCommit = set.commit()
	r := c.finalize(unjail)
	if r.TxResults[0].Code == 0 || !strings.Contains(r.TxResults[0].Log, "still jailed") {
		t.Fatalf("early unjail: code %d %s", r.TxResults[0].Code, r.TxResults[0].Log)
	}
	c.time = c.time.Add(11 * time.Minute)
	c.block()
	if sim := simulateUnjail(); sim.Code != 0 {
		t.Fatalf("simulated unjail after the jail time: %+v", sim)
	}
	r = c.block(bob.sign(t, testChainID, gas, &staking.MsgUnjail{}))
	set.apply(r.ValidatorUpdates)
	if r.TxResults[0].Code != 0 || set[string(keyOf("bob"))] == 0 {
		t.Fatalf("unjail: %s, set %v", r.TxResults[0].Log, set)
	}

	// Alice double-signs: slashed, tombstoned, out of the set for good.
	c.misbehavior = []abci.Misbehavior{{
		Type:      abci.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abci.Validator{Address: ed25519.PubKey(keyOf("alice")).Address(), Power: 2_050},
		Height:    c.height - 1, Time: c.time, TotalVotingPower: 4_550,
	}}
	c.lastCommit = set.commit()
	r = c.block()
	set.apply(r.ValidatorUpdates)
	if _, in := set[string(keyOf("alice"))]; in {
		t.Fatal("double signer still in the set")
	}
	var slashes []staking.SlashView
	c.stakingQuery("slashes/"+alice.addr.Hex(), &slashes)
	if len(slashes) != 1 || slashes[0].Reason != staking.ReasonDoubleSign || slashes[0].Burned != "102.5btt" {
		t.Fatalf("alice's slashes: %+v", slashes)
	}
	var av staking.ValidatorView
	c.stakingQuery("validator/"+alice.addr.Hex(), &av)
	if !av.Tombstoned || !av.Jailed {
		t.Fatalf("alice: %+v", av)
	}
	r = c.finalize(alice.sign(t, testChainID, gas, &staking.MsgUnjail{}))
	if !strings.Contains(r.TxResults[0].Log, "tombstoned") {
		t.Fatalf("tombstoned unjail: %s", r.TxResults[0].Log)
	}
	// Queries refuse bad input with a code, not a crash.
	for path, code := range map[string]uint32{"validator/nope": api.CodeBadRequest, "nothing": api.CodeUnknownPath,
		"validator/" + del.addr.Hex(): api.CodeNotFound, "validators/sleeping": api.CodeBadRequest, "rewards/" + del.addr.Hex(): api.CodeBadRequest} {
		if res := c.query(api.PathStaking+path, nil, 0, false); res.Code != code {
			t.Errorf("query %s: code %d (%s), want %d", path, res.Code, res.Log, code)
		}
	}
	var bonded []staking.ValidatorView
	c.stakingQuery("validators/bonded", &bonded)
	if len(bonded) != 2 {
		t.Fatalf("%d bonded validators, want genesis and bob", len(bonded))
	}
}

func bankAccount(a address.Address, balance string) bank.GenesisAccount {
	return bank.GenesisAccount{Address: a, Balance: balance}
}
