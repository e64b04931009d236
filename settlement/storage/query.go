package storage

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Page sizes of the contract lists.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// Answer answers a query path under the module's prefix:
//
//	params
//	contract/ID
//	contracts/renter|host/ADDRESS[/AFTER[/LIMIT]]
//	challenge/ID/PERIOD
//	next/RENTER   (the id the renter's next proposal will have)
func (s Store) Answer(path string) (any, error) {
	parts := strings.Split(path, "/")
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: storage query %q: %s", state.ErrBadQuery, path, fmt.Sprintf(format, a...))
	}
	id := func(text string) (deal.ID, error) {
		v, err := deal.ParseID(text)
		if err != nil {
			return v, bad("%v", err)
		}
		return v, nil
	}
	switch parts[0] {
	case "params":
		return s.Params()
	case "contract":
		if len(parts) != 2 {
			return nil, bad("want contract/ID")
		}
		cid, err := id(parts[1])
		if err != nil {
			return nil, err
		}
		c, err := s.Contract(cid)
		if err != nil {
			return nil, err
		}
		return View(cid, c), nil
	case "challenge":
		if len(parts) != 3 {
			return nil, bad("want challenge/ID/PERIOD")
		}
		cid, err := id(parts[1])
		if err != nil {
			return nil, err
		}
		p, err := strconv.ParseUint(parts[2], 10, 64)
		if err != nil {
			return nil, bad("period %q is not a number", parts[2])
		}
		return s.Challenge(cid, p)
	case "next":
		if len(parts) != 2 {
			return nil, bad("want next/RENTER")
		}
		a, err := address.Parse(parts[1])
		if err != nil {
			return nil, bad("%v", err)
		}
		return s.NextID(a)
	case "contracts":
		if len(parts) < 3 || len(parts) > 5 || (parts[1] != "renter" && parts[1] != "host") {
			return nil, bad("want contracts/renter|host/ADDRESS[/AFTER[/LIMIT]]")
		}
		who, err := address.Parse(parts[2])
		if err != nil {
			return nil, bad("%v", err)
		}
		var after *deal.ID
		if len(parts) > 3 && parts[3] != "-" && parts[3] != "" {
			a, err := id(parts[3])
			if err != nil {
				return nil, err
			}
			after = &a
		}
		limit := DefaultPageSize
		if len(parts) > 4 {
			n, err := strconv.Atoi(parts[4])
			if err != nil || n < 1 || n > MaxPageSize {
				return nil, bad("limit %q: want 1 to %d", parts[4], MaxPageSize)
			}
			limit = n
		}
		prefix := prefixByHost
		if parts[1] == "renter" {
			prefix = prefixByRenter
		}
		return s.contracts(prefix, who, after, limit)
	}
	return nil, fmt.Errorf("%w: unknown storage query %q", state.ErrUnknownQuery, parts[0])
}

func (s Store) contracts(prefix byte, who address.Address, after *deal.ID, limit int) (*deal.ContractPage, error) {
	start := key(prefix, who[:])
	end := state.PrefixEnd(start)
	if after != nil {
		start = key(prefix, who[:], after[:], []byte{0})
	}
	var ids []deal.ID
	more := false
	err := s.kv.Range(start, end, func(k, _ []byte) bool {
		if len(ids) == limit {
			more = true
			return false
		}
		var id deal.ID
		copy(id[:], k[len(k)-len(id):])
		ids = append(ids, id)
		return true
	})
	if err != nil {
		return nil, err
	}
	page := &deal.ContractPage{Contracts: make([]deal.ContractView, 0, len(ids))}
	for _, id := range ids {
		c, err := s.Contract(id)
		if err != nil {
			return nil, err
		}
		page.Contracts = append(page.Contracts, *View(id, c))
	}
	if more {
		page.Next = ids[len(ids)-1].String()
	}
	return page, nil
}

// View is c as the node answers it.
func View(id deal.ID, c *Contract) *deal.ContractView {
	t := &c.Terms
	v := &deal.ContractView{ID: id, Renter: c.Renter, Host: t.Host, State: c.State, Root: "0x" + hex.EncodeToString(t.Root[:]), Size: t.Size,
		LeafSize: c.LeafSize, Leaves: c.Leaves(), Start: t.Start, End: t.End(), Period: t.Period, Periods: t.Periods, Window: t.Window,
		Next: c.Next, NextProven: c.NextProven, Proven: c.Proven, Missed: c.Missed, MaxMisses: t.MaxMisses,
		Price: btt.Format(t.Price), Escrow: btt.Format(c.Escrow), Collateral: btt.Format(t.Collateral), CollateralNow: btt.Format(c.Collateral),
		SlashPerMiss: btt.Format(t.SlashPerMiss), PaidToHost: btt.Format(c.Paid),
		PriceWei: t.Price.Dec(), EscrowWei: c.Escrow.Dec(), CollateralWei: c.Collateral.Dec(), PaidWei: c.Paid.Dec()}
	if c.RenewalOf != (deal.ID{}) {
		r := c.RenewalOf
		v.RenewalOf = &r
	}
	return v
}
