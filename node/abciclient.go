package node

import (
	"context"
	"sync"

	abcicli "github.com/cometbft/cometbft/abci/client"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/proxy"
)

// parallelCheckCreator makes CometBFT's in-process ABCI clients as
// proxy.NewConnSyncLocalClientCreator does, one mutex per connection,
// except that CheckTx is not serialised. CometBFT's mempool runs the
// CheckTx of concurrent RPC submissions side by side (it holds only a read
// lock); the local client would queue them on its mutex, leaving every
// core but one idle while each sender's signature is recovered. The
// application recovers senders without a lock and serialises only its
// stateful check (chain.App.CheckTx says so). Every other call keeps the
// connection's mutex.
type parallelCheckCreator struct{ app abci.Application }

var _ proxy.ClientCreator = parallelCheckCreator{}

// NewABCIClient returns a client of one connection.
func (c parallelCheckCreator) NewABCIClient() (abcicli.Client, error) {
	return &parallelCheckClient{Client: abcicli.NewLocalClient(nil, c.app), app: c.app}, nil
}

type parallelCheckClient struct {
	abcicli.Client
	app abci.Application

	mu sync.Mutex
	cb abcicli.Callback // the connection's response callback: the mempool's recheck handler
}

// SetResponseCallback keeps the callback for CheckTxAsync and gives it to
// the wrapped client for every other call.
func (c *parallelCheckClient) SetResponseCallback(cb abcicli.Callback) {
	c.mu.Lock()
	c.cb = cb
	c.mu.Unlock()
	c.Client.SetResponseCallback(cb)
}

// CheckTx calls the application without the connection's mutex.
func (c *parallelCheckClient) CheckTx(ctx context.Context, req *abci.RequestCheckTx) (*abci.ResponseCheckTx, error) {
	return c.app.CheckTx(ctx, req)
}

// CheckTxAsync is the local client's, without its mutex: it runs CheckTx
// at once, reports it to the response callback and returns a finished
// request, whose callback the mempool's SetCallback then runs at once.
func (c *parallelCheckClient) CheckTxAsync(ctx context.Context, req *abci.RequestCheckTx) (*abcicli.ReqRes, error) {
	res, err := c.app.CheckTx(ctx, req)
	if err != nil {
		return nil, err
	}
	rreq, rres := abci.ToRequestCheckTx(req), abci.ToResponseCheckTx(res)
	c.mu.Lock()
	cb := c.cb
	c.mu.Unlock()
	if cb != nil {
		cb(rreq, rres)
	}
	rr := abcicli.NewReqRes(rreq)
	rr.Response = rres
	rr.InvokeCallback() // no callback yet: marks it done
	return rr, nil
}
