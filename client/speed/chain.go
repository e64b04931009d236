package speed

import (
	"context"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Chain is a Bank and a Ledger over a bttcd node's RPC.
type Chain struct {
	Sender  *rpcclient.Sender
	Options rpcclient.TxOptions
}

// Channel reads a channel.
func (c *Chain) Channel(ctx context.Context, id paych.ChannelID) (*paych.ChannelView, error) {
	var v paych.ChannelView
	if err := c.Sender.Client.Speed(ctx, "channel/"+id.String(), 0, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func (c *Chain) send(ctx context.Context, m tx.Msg) (*rpcclient.Committed, error) {
	return c.Sender.Commit(ctx, c.Options, m)
}

// Open opens a channel to payee and returns its id.
func (c *Chain) Open(ctx context.Context, payee address.Address, deposit *uint256.Int) (paych.ChannelID, error) {
	com, err := c.send(ctx, &paych.MsgOpen{Payee: payee, Deposit: deposit})
	if err != nil {
		return paych.ChannelID{}, err
	}
	ids := com.Attr(paych.EventOpen, paych.AttrChannel)
	if len(ids) != 1 {
		return paych.ChannelID{}, fmt.Errorf("transaction %s opened %d channels", com.Hash, len(ids))
	}
	return paych.ParseChannelID(ids[0])
}

// TopUp adds amount to a channel's deposit.
func (c *Chain) TopUp(ctx context.Context, id paych.ChannelID, amount *uint256.Int) error {
	_, err := c.send(ctx, &paych.MsgTopUp{Channel: id, Amount: amount})
	return err
}

// CoopClose closes a channel at once with the payee's signed close.
func (c *Chain) CoopClose(ctx context.Context, sc paych.SignedClose) error {
	_, err := c.send(ctx, &paych.MsgCoopClose{Close: sc})
	return err
}

// Close closes a channel as its payer: the settle delay starts.
func (c *Chain) Close(ctx context.Context, id paych.ChannelID) error {
	_, err := c.send(ctx, &paych.MsgClose{Channel: id})
	return err
}
