package chain

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/governance"
)

// queryGov answers /gov/… on a saved version.
func queryGov(g state.Getter, path string) (any, error) {
	rest, rawQuery, _ := strings.Cut(strings.TrimPrefix(path, api.PathGov), "?")
	parts := strings.Split(rest, "/")
	s := govOf(state.ReadOnly{Getter: g})
	switch parts[0] {
	case "proposals":
		f, err := proposalFilter(rawQuery)
		if err != nil {
			return nil, err
		}
		return s.QueryProposals(f)
	case "params":
		return s.Params()
	case "upgrade-plan":
		return s.QueryUpgradePlan()
	case "upgrade-applied":
		if len(parts) != 2 || parts[1] == "" {
			return nil, fmt.Errorf("%w: upgrade-applied takes an upgrade name", errBadQuery)
		}
		return s.QueryUpgradeApplied(parts[1])
	}
	byID := map[string]func(uint64) (any, error){
		"proposal": func(id uint64) (any, error) { return s.QueryProposal(id) },
		"tally":    func(id uint64) (any, error) { return s.QueryTally(id) },
		"votes":    func(id uint64) (any, error) { return s.QueryVotes(id) },
		"deposits": func(id uint64) (any, error) { return s.QueryDeposits(id) },
	}
	q, ok := byID[parts[0]]
	if !ok {
		return nil, fmt.Errorf("%w: unknown governance query %q", errUnknownPath, parts[0])
	}
	if len(parts) != 2 {
		return nil, fmt.Errorf("%w: governance query %q takes a proposal id", errBadQuery, parts[0])
	}
	id, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: proposal id %q is not a number", errBadQuery, parts[1])
	}
	return q(id)
}

func proposalFilter(rawQuery string) (governance.ProposalFilter, error) {
	var f governance.ProposalFilter
	v, err := url.ParseQuery(rawQuery)
	if err != nil {
		return f, fmt.Errorf("%w: %v", errBadQuery, err)
	}
	if s := v.Get("status"); s != "" {
		if f.Status, err = governance.ParseStatus(s); err != nil {
			return f, fmt.Errorf("%w: %v", errBadQuery, err)
		}
	}
	for name, dst := range map[string]**address.Address{"voter": &f.Voter, "depositor": &f.Depositor} {
		if s := v.Get(name); s != "" {
			a, err := address.Parse(s)
			if err != nil {
				return f, err
			}
			*dst = &a
		}
	}
	return f, nil
}
