package storage

import (
	"context"
	"fmt"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Chain reads and writes storage contracts through a bttcd node.
type Chain struct {
	Sender  *rpcclient.Sender
	Options rpcclient.TxOptions
}

// Params are the chain's storage parameters a client needs.
type Params struct {
	LeafSize uint64 `json:"leaf_size"`
	Lookback uint64 `json:"lookback"`
}

// Params reads the storage parameters.
func (c *Chain) Params(ctx context.Context) (Params, error) {
	var p Params
	err := c.Sender.Client.Storage(ctx, "params", 0, &p)
	if err == nil && p.LeafSize == 0 {
		err = fmt.Errorf("the node's storage parameters have no leaf size")
	}
	return p, err
}

// Height is the latest block's height.
func (c *Chain) Height(ctx context.Context) (uint64, error) {
	st, err := c.Sender.Client.Status(ctx)
	if err != nil {
		return 0, err
	}
	return uint64(st.SyncInfo.LatestBlockHeight), nil
}

// Contract reads a contract.
func (c *Chain) Contract(ctx context.Context, id deal.ID) (*deal.ContractView, error) {
	var v deal.ContractView
	if err := c.Sender.Client.Storage(ctx, "contract/"+id.String(), 0, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Challenge reads a period's challenge.
func (c *Chain) Challenge(ctx context.Context, id deal.ID, period uint64) (*deal.ChallengeView, error) {
	var v deal.ChallengeView
	if err := c.Sender.Client.Storage(ctx, fmt.Sprintf("challenge/%s/%d", id, period), 0, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Contracts lists every contract of a as role ("host" or "renter").
func (c *Chain) Contracts(ctx context.Context, role string, a address.Address) ([]deal.ContractView, error) {
	var all []deal.ContractView
	after := "-"
	for {
		var page deal.ContractPage
		if err := c.Sender.Client.Storage(ctx, fmt.Sprintf("contracts/%s/%s/%s", role, a, after), 0, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Contracts...)
		if page.Next == "" {
			return all, nil
		}
		after = page.Next
	}
}

func (c *Chain) send(ctx context.Context, m tx.Msg) (*rpcclient.Committed, error) {
	return c.Sender.Commit(ctx, c.Options, m)
}

// Propose proposes a contract and returns its id.
func (c *Chain) Propose(ctx context.Context, t deal.Terms) (deal.ID, error) {
	com, err := c.send(ctx, &deal.MsgPropose{Terms: t})
	if err != nil {
		return deal.ID{}, err
	}
	ids := com.Attr(deal.EventProposed, deal.AttrContract)
	if len(ids) != 1 {
		return deal.ID{}, fmt.Errorf("transaction %s proposed %d contracts", com.Hash, len(ids))
	}
	return deal.ParseID(ids[0])
}

// Accept accepts a proposal as its host.
func (c *Chain) Accept(ctx context.Context, id deal.ID) error {
	_, err := c.send(ctx, &deal.MsgAccept{Contract: id})
	return err
}

// Prove sends a period's proof.
func (c *Chain) Prove(ctx context.Context, m *deal.MsgProve) error {
	_, err := c.send(ctx, m)
	return err
}
