package rpcclient

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
)

// ErrUnreachable is returned when the node does not answer.
var ErrUnreachable = errors.New("cannot reach the node")

// ErrRejected is returned when the node refuses a transaction in CheckTx.
var ErrRejected = errors.New("transaction rejected")

// Client is a connection to one node's RPC.
type Client struct {
	remote string
	rpc    *rpchttp.HTTP
}

// Dial prepares a client for remote ("tcp://127.0.0.1:26657" or
// "http://…"); it does not connect until the first call.
func Dial(remote string) (*Client, error) {
	if !strings.Contains(remote, "://") {
		remote = "tcp://" + remote
	}
	c, err := rpchttp.New(remote, "/websocket")
	if err != nil {
		return nil, fmt.Errorf("node address %q: %w", remote, err)
	}
	return &Client{remote: remote, rpc: c}, nil
}

// Remote is the node's address as Dial was given it, with a scheme.
func (c *Client) Remote() string { return c.remote }

func (c *Client) wrap(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host") || strings.Contains(msg, "i/o timeout") {
		return fmt.Errorf("%w at %s (is bttcd running? set --node)", ErrUnreachable, c.remote)
	}
	return err
}

// query runs an ABCI query and decodes its JSON answer into out.
func (c *Client) query(ctx context.Context, path string, data []byte, height int64, out any) error {
	res, err := c.rpc.ABCIQueryWithOptions(ctx, path, data, rpcQueryOpts(height))
	if err != nil {
		return c.wrap(err)
	}
	if res.Response.Code != 0 {
		return fmt.Errorf("query %s: %s", path, res.Response.Log)
	}
	return json.Unmarshal(res.Response.Value, out)
}

// Account reads an account at a height (0: the latest).
func (c *Client) Account(ctx context.Context, a address.Address, height int64) (*api.AccountView, error) {
	var v api.AccountView
	return &v, c.query(ctx, api.PathAccount+a.Hex(), nil, height, &v)
}

// Supply reads the total supply.
func (c *Client) Supply(ctx context.Context, height int64) (*api.SupplyView, error) {
	var v api.SupplyView
	return &v, c.query(ctx, api.PathSupply, nil, height, &v)
}

// Params reads the chain id and parameters.
func (c *Client) Params(ctx context.Context) (*api.ParamsView, error) {
	var v api.ParamsView
	return &v, c.query(ctx, api.PathParams, nil, 0, &v)
}

// Staking answers a staking query ("validator/0x…", "pool", …) at a
// height (0: the latest) into out.
func (c *Client) Staking(ctx context.Context, query string, height int64, out any) error {
	return c.query(ctx, api.PathStaking+query, nil, height, out)
}

// Gov asks a governance query (see api.PathGov) and decodes the JSON
// answer into out.
func (c *Client) Gov(ctx context.Context, query string, height int64, out any) error {
	return c.query(ctx, api.PathGov+query, nil, height, out)
}

// Bridge asks a bridge query (see api.PathBridge) and decodes the JSON
// answer into out.
func (c *Client) Bridge(ctx context.Context, query string, height int64, out any) error {
	return c.query(ctx, api.PathBridge+query, nil, height, out)
}

// Speed asks a Speed channel query (see api.PathSpeed) and decodes the
// JSON answer into out.
func (c *Client) Speed(ctx context.Context, query string, height int64, out any) error {
	return c.query(ctx, api.PathSpeed+query, nil, height, out)
}

// Storage asks a storage contract query (see api.PathStorage) and
// decodes the JSON answer into out.
func (c *Client) Storage(ctx context.Context, query string, height int64, out any) error {
	return c.query(ctx, api.PathStorage+query, nil, height, out)
}

// Simulate runs a signed transaction against the latest state.
func (c *Client) Simulate(ctx context.Context, raw []byte) (*api.SimulateView, error) {
	var v api.SimulateView
	return &v, c.query(ctx, api.PathSimulate, raw, 0, &v)
}

// Broadcast submits a transaction and waits for CheckTx; it returns the
// transaction hash (hex, upper case, as CometBFT prints it).
func (c *Client) Broadcast(ctx context.Context, raw []byte) (string, error) {
	res, err := c.rpc.BroadcastTxSync(ctx, raw)
	if err != nil && strings.Contains(err.Error(), "tx already exists in cache") {
		return "", fmt.Errorf("%w: the node has already seen this exact transaction", ErrRejected)
	}
	if err != nil {
		return "", c.wrap(err)
	}
	if res.Codespace == api.CodespaceTx && res.Code == api.CodeBadNonce {
		return res.Hash.String(), fmt.Errorf("%w: %w (%s %d): %s", ErrRejected, ErrStaleNonce, res.Codespace, res.Code, res.Log)
	}
	if res.Code != 0 {
		return res.Hash.String(), fmt.Errorf("%w (%s %d): %s", ErrRejected, res.Codespace, res.Code, res.Log)
	}
	return res.Hash.String(), nil
}

// BroadcastBatch submits several transactions in one JSON-RPC batch
// request, which the node runs in order, each through CheckTx as
// Broadcast would. It fails on the first refused transaction.
func (c *Client) BroadcastBatch(ctx context.Context, raws [][]byte) error {
	b := c.rpc.NewBatch()
	for _, raw := range raws {
		if _, err := b.BroadcastTxSync(ctx, raw); err != nil {
			return err
		}
	}
	results, err := b.Send(ctx)
	if err != nil {
		return c.wrap(err)
	}
	for i, r := range results {
		res, ok := r.(*coretypes.ResultBroadcastTx)
		if !ok {
			if e, isErr := r.(error); isErr {
				return fmt.Errorf("%w: transaction %d of the batch: %v", ErrRejected, i, e)
			}
			return fmt.Errorf("transaction %d of the batch: unexpected answer %T", i, r)
		}
		if res.Code != 0 {
			return fmt.Errorf("%w (%s %d): %s", ErrRejected, res.Codespace, res.Code, res.Log)
		}
	}
	return nil
}

// Tx looks a committed transaction up by hash.
func (c *Client) Tx(ctx context.Context, hash string) (*coretypes.ResultTx, error) {
	h, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(hash, "0x"), "0X"))
	if err != nil || len(h) != 32 {
		return nil, fmt.Errorf("transaction hash %q: want 64 hex digits", hash)
	}
	res, err := c.rpc.Tx(ctx, h, false)
	if err != nil {
		if strings.Contains(err.Error(), "not found") {
			return nil, fmt.Errorf("transaction %s not found (not committed yet, or pruned)", hash)
		}
		return nil, c.wrap(err)
	}
	return res, nil
}

// WaitTx polls until a transaction is committed or ctx ends.
func (c *Client) WaitTx(ctx context.Context, hash string, every time.Duration) (*coretypes.ResultTx, error) {
	for {
		res, err := c.Tx(ctx, hash)
		if err == nil {
			return res, nil
		}
		if errors.Is(err, ErrUnreachable) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("transaction %s not committed in time: %w", hash, ctx.Err())
		case <-time.After(every):
		}
	}
}

// Block returns a block (height 0: the latest).
func (c *Client) Block(ctx context.Context, height int64) (*coretypes.ResultBlock, error) {
	var h *int64
	if height > 0 {
		h = &height
	}
	res, err := c.rpc.Block(ctx, h)
	return res, c.wrap(err)
}

// BlockResults returns the results of a block's transactions.
func (c *Client) BlockResults(ctx context.Context, height int64) (*coretypes.ResultBlockResults, error) {
	res, err := c.rpc.BlockResults(ctx, &height)
	return res, c.wrap(err)
}

// AppHeight is the height of the last block the application committed.
// CometBFT stores a block before it executes it and stores the results
// before the application commits, so the results of every block up to
// AppHeight can be read, while /block_results for a newer block fails
// and the node logs the failure as an error.
func (c *Client) AppHeight(ctx context.Context) (int64, error) {
	res, err := c.rpc.ABCIInfo(ctx)
	if err != nil {
		return 0, c.wrap(err)
	}
	return res.Response.LastBlockHeight, nil
}

// NetInfo is the node's peers.
func (c *Client) NetInfo(ctx context.Context) (*coretypes.ResultNetInfo, error) {
	res, err := c.rpc.NetInfo(ctx)
	if err != nil {
		return nil, c.wrap(err)
	}
	return res, nil
}

// Status returns the node's status.
func (c *Client) Status(ctx context.Context) (*coretypes.ResultStatus, error) {
	res, err := c.rpc.Status(ctx)
	return res, c.wrap(err)
}
