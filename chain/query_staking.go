package chain

import (
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/staking"
)

// stakingQueries maps a query name to its argument count and answer.
var stakingQueries = map[string]struct {
	args   int
	answer func(s staking.Store, a []address.Address) (any, error)
}{
	"validator":             {1, func(s staking.Store, a []address.Address) (any, error) { return s.QueryValidator(a[0]) }},
	"delegations":           {1, func(s staking.Store, a []address.Address) (any, error) { return s.QueryDelegations(a[0]) }},
	"validator-delegations": {1, func(s staking.Store, a []address.Address) (any, error) { return s.QueryValidatorDelegations(a[0]) }},
	"unbondings":            {1, func(s staking.Store, a []address.Address) (any, error) { return s.QueryUnbondings(a[0]) }},
	"redelegations":         {1, func(s staking.Store, a []address.Address) (any, error) { return s.QueryRedelegations(a[0]) }},
	"signing-info":          {1, func(s staking.Store, a []address.Address) (any, error) { return s.QuerySigningInfo(a[0]) }},
	"slashes":               {1, func(s staking.Store, a []address.Address) (any, error) { return s.QuerySlashes(a[0]) }},
	"rewards": {2, func(s staking.Store, a []address.Address) (any, error) {
		r, err := s.QueryPendingRewards(a[0], a[1])
		return map[string]string{"delegator": a[0].Hex(), "validator": a[1].Hex(), "pending_rewards": r}, err
	}},
	"pool":   {0, func(s staking.Store, _ []address.Address) (any, error) { return s.QueryPool() }},
	"params": {0, func(s staking.Store, _ []address.Address) (any, error) { return s.Params() }},
}

// queryStaking answers /staking/… on a saved version.
func queryStaking(g state.Getter, path string) (any, error) {
	parts := strings.Split(strings.TrimPrefix(path, api.PathStaking), "/")
	s := staking.New(state.ReadOnly{Getter: g})
	if parts[0] == "validators" {
		var status staking.Status
		if len(parts) > 1 && parts[1] != "" {
			var err error
			if status, err = staking.ParseStatus(parts[1]); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadQuery, err)
			}
		}
		return s.QueryValidators(status)
	}
	q, ok := stakingQueries[parts[0]]
	if !ok {
		return nil, fmt.Errorf("%w: unknown staking query %q", errUnknownPath, parts[0])
	}
	if len(parts)-1 != q.args {
		return nil, fmt.Errorf("%w: staking query %q takes %d addresses", errBadQuery, parts[0], q.args)
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
