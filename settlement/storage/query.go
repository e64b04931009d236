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

// Answer answers a query path under the module's prefix:
//
//	params
//	contract/ID
//	contracts/renter|host/ADDRESS[/AFTER[/LIMIT]]
//	stats   (contracts proposed or active)
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
	case "stats":
		n, err := s.counter([]byte{keyLive})
		return deal.Stats{Live: n}, err
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
		req, err := state.ParsePage(parts[3:], func(t string) ([32]byte, error) { return deal.ParseID(t) })
		if err != nil {
			return nil, bad("%v", err)
		}
		prefix := prefixByHost
		if parts[1] == "renter" {
			prefix = prefixByRenter
		}
		return s.contracts(key(prefix, who[:]), req)
	}
	return nil, fmt.Errorf("%w: unknown storage query %q", state.ErrUnknownQuery, parts[0])
}

func (s Store) contracts(index []byte, req state.PageRequest) (*deal.ContractPage, error) {
	ids, more, err := state.PageIDs(s.kv, index, req)
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
		page.Next = deal.ID(ids[len(ids)-1]).String()
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
