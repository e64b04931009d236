package node

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/settlement/speed/paych"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/staking"
)

// querier is the part of the application the collector reads: its
// queries of the last committed state, as the RPC answers them.
type querier interface {
	Query(context.Context, *abci.RequestQuery) (*abci.ResponseQuery, error)
}

// stateCollector reports the chain's state as bttc_* series, read from the
// last committed state at each scrape (Prometheus scrapes every few
// seconds; each scrape costs a few queries).
type stateCollector struct {
	app  querier
	cons string // this node's consensus address, hex upper case, to find its validator

	supply, module, bondedRatio, validators, jailed, missed, votingProposals, channels, contracts, withdrawals, up *prometheus.Desc
}

func newStateCollector(app querier, consAddress string) *stateCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("bttc_"+name, help, labels, nil)
	}
	return &stateCollector{app: app, cons: strings.ToUpper(consAddress),
		supply:          d("supply_btt", "Total BTT supply."),
		module:          d("module_balance_btt", "BTT held by a module account: escrows, pools, the bridge.", "account"),
		bondedRatio:     d("staking_bonded_ratio", "Bonded stake over the total supply."),
		validators:      d("staking_validators", "Validators by status.", "status"),
		jailed:          d("staking_validators_jailed", "Jailed validators."),
		missed:          d("staking_missed_blocks", "Blocks this validator missed in the signing window (absent when it is not a validator)."),
		votingProposals: d("gov_proposals_voting", "Governance proposals in their voting period."),
		channels:        d("speed_channels_unsettled", "Speed payment channels open or closing."),
		contracts:       d("storage_contracts_live", "Storage contracts proposed or active."),
		withdrawals:     d("bridge_withdrawals_unchecked", "Withdrawals to a root chain that no checkpoint carries yet.", "chain"),
		up:              d("state_up", "1 when the state could be read at this scrape."),
	}
}

// Describe implements prometheus.Collector.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.supply, c.module, c.bondedRatio, c.validators, c.jailed, c.missed, c.votingProposals, c.channels, c.contracts, c.withdrawals, c.up} {
		ch <- d
	}
}

func (c *stateCollector) query(path string, out any) error {
	res, err := c.app.Query(context.Background(), &abci.RequestQuery{Path: path})
	if err != nil {
		return err
	}
	if res.Code != 0 {
		return fmt.Errorf("%s: %s", path, res.Log)
	}
	return json.Unmarshal(res.Value, out)
}

// inBTT is a wei amount in BTT, as a float: good enough for a graph.
func inBTT(wei string) float64 {
	v, ok := new(big.Float).SetString(wei)
	if !ok {
		return 0
	}
	f, _ := new(big.Float).Quo(v, big.NewFloat(1e18)).Float64()
	return f
}

// Collect implements prometheus.Collector.
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	if err := c.collect(gauge); err != nil {
		gauge(c.up, 0)
		return
	}
	gauge(c.up, 1)
}

func (c *stateCollector) collect(gauge func(*prometheus.Desc, float64, ...string)) error {
	var supply api.SupplyView
	if err := c.query(api.PathSupply, &supply); err != nil {
		return err
	}
	gauge(c.supply, inBTT(supply.SupplyWei))
	for _, name := range bank.ModuleNames {
		var acc api.AccountView
		if err := c.query(api.PathAccount+address.Module(name).String(), &acc); err != nil {
			return err
		}
		gauge(c.module, inBTT(acc.BalanceWei), name)
		if name == bank.BondedPool && inBTT(supply.SupplyWei) > 0 {
			gauge(c.bondedRatio, inBTT(acc.BalanceWei)/inBTT(supply.SupplyWei))
		}
	}
	var vals []staking.ValidatorView
	if err := c.query(api.PathStaking+"validators", &vals); err != nil {
		return err
	}
	byStatus, jailed := map[string]int{}, 0
	for _, v := range vals {
		byStatus[v.Status]++
		if v.Jailed {
			jailed++
		}
		if c.cons != "" && strings.EqualFold(v.ConsAddress, c.cons) {
			var si staking.SigningInfoView
			if err := c.query(api.PathStaking+"signing-info/"+v.Operator.String(), &si); err == nil {
				gauge(c.missed, float64(si.MissedBlocks))
			}
		}
	}
	for _, s := range []string{"bonded", "unbonding", "unbonded"} {
		gauge(c.validators, float64(byStatus[s]), s)
	}
	gauge(c.jailed, float64(jailed))
	var props []json.RawMessage
	if err := c.query(api.PathGov+"proposals?status=voting_period", &props); err != nil {
		return err
	}
	gauge(c.votingProposals, float64(len(props)))
	var speed paych.Stats
	if err := c.query(api.PathSpeed+"stats", &speed); err != nil {
		return err
	}
	gauge(c.channels, float64(speed.Unsettled))
	var storage deal.Stats
	if err := c.query(api.PathStorage+"stats", &storage); err != nil {
		return err
	}
	gauge(c.contracts, float64(storage.Live))
	var chains []bridge.ChainView
	if err := c.query(api.PathBridge+"chains", &chains); err != nil {
		return err
	}
	for _, ch := range chains {
		gauge(c.withdrawals, float64(ch.Unchecked), ch.Name)
	}
	return nil
}
