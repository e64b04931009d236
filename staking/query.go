package staking

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
)

// Views are the JSON answers of staking queries: amounts in both BTT text
// and wei, times in RFC 3339.

// ValidatorView describes a validator.
type ValidatorView struct {
	Operator          address.Address `json:"operator"`
	ConsPubKey        string          `json:"cons_pub_key"` // base64
	ConsAddress       string          `json:"cons_address"` // hex, as CometBFT prints it
	BridgeSigner      address.Address `json:"bridge_signer"`
	Description       Description     `json:"description"`
	Status            string          `json:"status"`
	Jailed            bool            `json:"jailed"`
	Tombstoned        bool            `json:"tombstoned"`
	Power             int64           `json:"power"`
	Tokens            string          `json:"tokens"`
	TokensWei         string          `json:"tokens_wei"`
	Shares            string          `json:"shares"`
	Commission        Commission      `json:"commission"`
	AccruedCommission string          `json:"accrued_commission"`
	MinSelfDelegation string          `json:"min_self_delegation"`
	UnbondingHeight   uint64          `json:"unbonding_height,omitempty"`
	UnbondingTime     string          `json:"unbonding_time,omitempty"`
}

func (s Store) view(v *Validator) (ValidatorView, error) {
	si, _, err := s.SigningInfo(v.ConsAddress())
	if err != nil {
		return ValidatorView{}, err
	}
	cons := v.ConsAddress()
	vv := ValidatorView{
		Operator: v.Operator, ConsPubKey: base64.StdEncoding.EncodeToString(v.ConsPubKey),
		ConsAddress: hexUpper(cons[:]), BridgeSigner: v.BridgeSigner, Description: v.Description,
		Status: v.Status.String(), Jailed: v.Jailed, Tombstoned: si != nil && si.Tombstoned,
		Power: v.Power(), Tokens: btt.Format(v.Tokens), TokensWei: v.Tokens.Dec(), Shares: v.Shares.Dec(),
		Commission: v.Commission, AccruedCommission: btt.Format(v.AccruedCommission),
		MinSelfDelegation: btt.Format(v.MinSelfDelegation), UnbondingHeight: v.UnbondingHeight,
	}
	if v.UnbondingTime != 0 {
		vv.UnbondingTime = rfc3339(v.UnbondingTime)
	}
	return vv, nil
}

// QueryValidator describes one validator.
func (s Store) QueryValidator(op address.Address) (ValidatorView, error) {
	v, err := s.mustValidator(op)
	if err != nil {
		return ValidatorView{}, err
	}
	return s.view(v)
}

// QueryValidators lists validators, strongest first; status filters when
// non-zero.
func (s Store) QueryValidators(status Status) ([]ValidatorView, error) {
	list, err := s.allValidators()
	if err != nil {
		return nil, err
	}
	out := []ValidatorView{}
	for _, v := range list {
		if status != 0 && v.Status != status {
			continue
		}
		vv, err := s.view(v)
		if err != nil {
			return nil, err
		}
		out = append(out, vv)
	}
	sortViews(out)
	return out, nil
}

// DelegationView is one delegation with its value and pending rewards.
type DelegationView struct {
	Delegator      address.Address `json:"delegator"`
	Validator      address.Address `json:"validator"`
	Shares         string          `json:"shares"`
	Amount         string          `json:"amount"`
	AmountWei      string          `json:"amount_wei"`
	PendingRewards string          `json:"pending_rewards"`
}

func (s Store) delegationView(del, op address.Address) (DelegationView, bool, error) {
	v, err := s.mustValidator(op)
	if err != nil {
		return DelegationView{}, false, err
	}
	d, ok, err := s.Delegation(del, op)
	if err != nil || !ok {
		return DelegationView{}, false, err
	}
	amt := v.TokensFor(d.Shares)
	return DelegationView{
		Delegator: del, Validator: op, Shares: d.Shares.Dec(), Amount: btt.Format(amt), AmountWei: amt.Dec(),
		PendingRewards: btt.Format(pendingReward(v, d)),
	}, true, nil
}

// QueryDelegations lists the delegations of a delegator.
func (s Store) QueryDelegations(del address.Address) ([]DelegationView, error) {
	ops, err := s.delegatedValidators(del)
	if err != nil {
		return nil, err
	}
	return s.delegationViews(len(ops), func(i int) (address.Address, address.Address) { return del, ops[i] })
}

// MaxListed bounds list answers that can grow with users.
const MaxListed = 1000

// QueryValidatorDelegations lists the delegations to a validator (at most
// MaxListed).
func (s Store) QueryValidatorDelegations(op address.Address) ([]DelegationView, error) {
	var dels []address.Address
	err := s.rangeKeys(key(prefixDelByVal, op[:]), func(k, _ []byte) error {
		if len(dels) < MaxListed {
			dels = append(dels, addrAt(k, 1+address.Length))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.delegationViews(len(dels), func(i int) (address.Address, address.Address) { return dels[i], op })
}

// delegationViews shows the n delegations pair(0) … pair(n-1) names, as
// (delegator, validator).
func (s Store) delegationViews(n int, pair func(int) (del, op address.Address)) ([]DelegationView, error) {
	out := []DelegationView{}
	for i := range n {
		dv, ok, err := s.delegationView(pair(i))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, dv)
		}
	}
	return out, nil
}

// EntryView is one unbonding or redelegation entry.
type EntryView struct {
	Delegator      address.Address  `json:"delegator"`
	Validator      address.Address  `json:"validator"`
	Destination    *address.Address `json:"destination,omitempty"` // redelegations only
	CreationHeight uint64           `json:"creation_height"`
	CompletionTime string           `json:"completion_time"`
	InitialBalance string           `json:"initial_balance"`
	Balance        string           `json:"balance,omitempty"`
}

// QueryUnbondings lists a delegator's unbonding entries.
func (s Store) QueryUnbondings(del address.Address) ([]EntryView, error) {
	out := []EntryView{}
	err := s.rangeKeys(key(prefixUnbonding, del[:]), func(k, raw []byte) error {
		var u UnbondingDelegation
		if err := decode(raw, &u); err != nil {
			return err
		}
		op := addrAt(k, 1+address.Length)
		for _, e := range u.Entries {
			out = append(out, EntryView{Delegator: del, Validator: op, CreationHeight: e.CreationHeight,
				CompletionTime: rfc3339(e.CompletionTime), InitialBalance: btt.Format(e.InitialBalance), Balance: btt.Format(e.Balance)})
		}
		return nil
	})
	return out, err
}

// QueryRedelegations lists a delegator's maturing redelegations: until
// completion the stake is still slashable for the source's faults.
func (s Store) QueryRedelegations(del address.Address) ([]EntryView, error) {
	out := []EntryView{}
	err := s.rangeKeys(key(prefixRedelegation, del[:]), func(k, raw []byte) error {
		var r Redelegation
		if err := decode(raw, &r); err != nil {
			return err
		}
		src, dst := addrAt(k, 1+address.Length), addrAt(k, 1+2*address.Length)
		for _, e := range r.Entries {
			out = append(out, EntryView{Delegator: del, Validator: src, Destination: &dst, CreationHeight: e.CreationHeight,
				CompletionTime: rfc3339(e.CompletionTime), InitialBalance: btt.Format(e.InitialBalance)})
		}
		return nil
	})
	return out, err
}

// PoolView is the stake in each state.
type PoolView struct {
	Bonded        string `json:"bonded"`
	NotBonded     string `json:"not_bonded"`
	RewardPool    string `json:"reward_pool"`
	CommunityPool string `json:"community_pool"`
}

// QueryPool reports the module accounts' balances.
func (s Store) QueryPool() (PoolView, error) {
	var out [4]string
	for i, a := range []address.Address{bondedPool, notBondedPool, rewardPool, communityPool} {
		b, err := s.bank.Balance(a)
		if err != nil {
			return PoolView{}, err
		}
		out[i] = btt.Format(b)
	}
	return PoolView{Bonded: out[0], NotBonded: out[1], RewardPool: out[2], CommunityPool: out[3]}, nil
}

// SigningInfoView is a validator's liveness record.
type SigningInfoView struct {
	Validator    address.Address `json:"validator"`
	StartHeight  uint64          `json:"start_height"`
	Window       uint64          `json:"window"`
	MissedBlocks uint64          `json:"missed_blocks"`
	MaxMissed    uint64          `json:"max_missed"`
	JailedUntil  string          `json:"jailed_until,omitempty"`
	Tombstoned   bool            `json:"tombstoned"`
}

// QuerySigningInfo reports a validator's liveness.
func (s Store) QuerySigningInfo(op address.Address) (SigningInfoView, error) {
	v, err := s.mustValidator(op)
	if err != nil {
		return SigningInfoView{}, err
	}
	p, err := s.Params()
	if err != nil {
		return SigningInfoView{}, err
	}
	si, _, err := s.SigningInfo(v.ConsAddress())
	if err != nil || si == nil {
		return SigningInfoView{Validator: op, MaxMissed: p.maxMissed()}, err
	}
	out := SigningInfoView{Validator: op, StartHeight: si.StartHeight, Window: si.Window, MissedBlocks: si.Missed,
		MaxMissed: p.maxMissed(), Tombstoned: si.Tombstoned}
	switch {
	case si.JailedUntil == jailForever:
		out.JailedUntil = "forever"
	case si.JailedUntil != 0:
		out.JailedUntil = rfc3339(si.JailedUntil)
	}
	return out, nil
}

// SlashView is one entry of a validator's slash history.
type SlashView struct {
	Height           uint64  `json:"height"`
	Time             string  `json:"time"`
	InfractionHeight uint64  `json:"infraction_height"`
	Reason           string  `json:"reason"`
	Fraction         dec.Dec `json:"fraction"`
	Burned           string  `json:"burned"`
}

// QuerySlashes lists a validator's slashes, oldest first.
func (s Store) QuerySlashes(op address.Address) ([]SlashView, error) {
	out := []SlashView{}
	err := s.rangeKeys(key(prefixSlashLog, op[:]), func(_, raw []byte) error {
		var r SlashRecord
		if err := decode(raw, &r); err != nil {
			return err
		}
		zeroIfNil(&r.Burned)
		out = append(out, SlashView{Height: r.Height, Time: rfc3339(r.Time), InfractionHeight: r.InfractionHeight,
			Reason: r.Reason, Fraction: r.Fraction, Burned: btt.Format(r.Burned)})
		return nil
	})
	return out, err
}

// QueryPendingRewards is what del may withdraw from op now.
func (s Store) QueryPendingRewards(del, op address.Address) (string, error) {
	r, err := s.PendingRewards(del, op)
	if err != nil {
		return "", err
	}
	return btt.Format(r), nil
}

func rfc3339(ns uint64) string { return timeOf(ns).Format(time.RFC3339Nano) }

func hexUpper(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

// sortViews orders validators by tokens, highest first, then by operator.
func sortViews(v []ValidatorView) {
	sort.Slice(v, func(i, j int) bool {
		ti, tj := uint256.MustFromDecimal(v[i].TokensWei), uint256.MustFromDecimal(v[j].TokensWei)
		if !ti.Eq(tj) {
			return ti.Gt(tj)
		}
		return v[i].Operator.Compare(v[j].Operator) < 0
	})
}

// stakingQueries maps a query name to its argument count and answer.
var queries = map[string]struct {
	args   int
	answer func(s Store, a []address.Address) (any, error)
}{
	"validator":             {1, func(s Store, a []address.Address) (any, error) { return s.QueryValidator(a[0]) }},
	"delegations":           {1, func(s Store, a []address.Address) (any, error) { return s.QueryDelegations(a[0]) }},
	"validator-delegations": {1, func(s Store, a []address.Address) (any, error) { return s.QueryValidatorDelegations(a[0]) }},
	"unbondings":            {1, func(s Store, a []address.Address) (any, error) { return s.QueryUnbondings(a[0]) }},
	"redelegations":         {1, func(s Store, a []address.Address) (any, error) { return s.QueryRedelegations(a[0]) }},
	"signing-info":          {1, func(s Store, a []address.Address) (any, error) { return s.QuerySigningInfo(a[0]) }},
	"slashes":               {1, func(s Store, a []address.Address) (any, error) { return s.QuerySlashes(a[0]) }},
	"rewards": {2, func(s Store, a []address.Address) (any, error) {
		r, err := s.QueryPendingRewards(a[0], a[1])
		return map[string]string{"delegator": a[0].Hex(), "validator": a[1].Hex(), "pending_rewards": r}, err
	}},
	"pool":   {0, func(s Store, _ []address.Address) (any, error) { return s.QueryPool() }},
	"params": {0, func(s Store, _ []address.Address) (any, error) { return s.Params() }},
}

// Answer answers a query path under the module's prefix:
// NAME/ARG/ARG, each argument an address in either form, or
// validators[/STATUS] (bonded, unbonding, unbonded).
func (s Store) Answer(path string) (any, error) {
	parts := strings.Split(path, "/")
	if parts[0] == "validators" {
		var status Status
		if len(parts) > 1 && parts[1] != "" {
			var err error
			if status, err = ParseStatus(parts[1]); err != nil {
				return nil, fmt.Errorf("%w: %v", state.ErrBadQuery, err)
			}
		}
		return s.QueryValidators(status)
	}
	q, ok := queries[parts[0]]
	if !ok {
		return nil, fmt.Errorf("%w: unknown staking query %q", state.ErrUnknownQuery, parts[0])
	}
	if len(parts)-1 != q.args {
		return nil, fmt.Errorf("%w: staking query %q takes %d addresses", state.ErrBadQuery, parts[0], q.args)
	}
	addrs := make([]address.Address, q.args)
	for i := range addrs {
		a, err := address.Parse(parts[i+1])
		if err != nil {
			return nil, err
		}
		addrs[i] = a
	}
	return q.answer(s, addrs)
}
