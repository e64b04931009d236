package speed

import (
	"fmt"
	"strings"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Answer answers a query path under the module's prefix:
//
//	params
//	stats              (channels open or closing)
//	channel/ID
//	channels/payer/ADDRESS[/AFTER[/LIMIT]]   channels/payee/ADDRESS[/AFTER[/LIMIT]]
//	next/PAYER/PAYEE   (the id the payer's next channel to the payee will have)
//
// Lists are in channel-id order, state.DefaultPageSize at a time; AFTER is
// the last id of the previous page (the answer's "next"), "-" for the first.
func (s Store) Answer(path string) (any, error) {
	parts := strings.Split(path, "/")
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: speed query %q: %s", state.ErrBadQuery, path, fmt.Sprintf(format, a...))
	}
	switch parts[0] {
	case "params":
		return s.Params()
	case "stats":
		n, err := s.Unsettled()
		return paych.Stats{Unsettled: n}, err
	case "channel":
		if len(parts) != 2 {
			return nil, bad("want channel/ID")
		}
		id, err := paych.ParseChannelID(parts[1])
		if err != nil {
			return nil, bad("%v", err)
		}
		c, err := s.Channel(id)
		if err != nil {
			return nil, err
		}
		return View(id, c), nil
	case "next":
		if len(parts) != 3 {
			return nil, bad("want next/PAYER/PAYEE")
		}
		payer, err1 := address.Parse(parts[1])
		payee, err2 := address.Parse(parts[2])
		if err1 != nil || err2 != nil {
			return nil, bad("want two addresses")
		}
		return s.NextID(payer, payee)
	case "channels":
		if len(parts) < 3 || len(parts) > 5 || (parts[1] != "payer" && parts[1] != "payee") {
			return nil, bad("want channels/payer|payee/ADDRESS[/AFTER[/LIMIT]]")
		}
		who, err := address.Parse(parts[2])
		if err != nil {
			return nil, bad("%v", err)
		}
		req, err := state.ParsePage(parts[3:], func(t string) ([32]byte, error) { return paych.ParseChannelID(t) })
		if err != nil {
			return nil, bad("%v", err)
		}
		prefix := prefixByPayee
		if parts[1] == "payer" {
			prefix = prefixByPayer
		}
		return s.channels(key(prefix, who[:]), req)
	}
	return nil, fmt.Errorf("%w: unknown speed query %q", state.ErrUnknownQuery, parts[0])
}

// channels lists one page of an index.
func (s Store) channels(index []byte, req state.PageRequest) (*paych.ChannelPage, error) {
	ids, more, err := state.PageIDs(s.kv, index, req)
	if err != nil {
		return nil, err
	}
	page := &paych.ChannelPage{Channels: make([]paych.ChannelView, 0, len(ids))}
	for _, id := range ids {
		c, err := s.Channel(id)
		if err != nil {
			return nil, err
		}
		page.Channels = append(page.Channels, *View(id, c))
	}
	if more {
		page.Next = paych.ChannelID(ids[len(ids)-1]).String()
	}
	return page, nil
}

// View is c as the node answers it.
func View(id paych.ChannelID, c *Channel) *paych.ChannelView {
	v := &paych.ChannelView{ID: id, Payer: c.Payer, Payee: c.Payee, State: c.State, Nonce: c.Nonce, Vouchers: c.Vouchers,
		SettleDelay: time.Duration(c.SettleDelay).String(), OpenedHeight: c.OpenedHeight}
	v.Amounts(c.Deposit, c.Redeemed)
	if c.State == paych.Closing || (c.State == paych.Closed && c.ClosingSince != 0) {
		since, at := state.TimeOf(c.ClosingSince), c.SettleAt()
		v.ClosingSince, v.SettleAt = &since, &at
	}
	return v
}
