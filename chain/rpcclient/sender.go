package rpcclient

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// DefaultGasAdjustment is the margin put on simulated gas: state may move
// between the simulation and the block. Unused gas is refunded, so the
// margin costs nothing unless it is used.
const DefaultGasAdjustment = 1.3

// simulationGasLimit is the gas limit of the probe that simulation signs:
// far above any transaction, and it is never broadcast.
const simulationGasLimit = 50_000_000

// Errors of Sender.
var (
	// ErrStaleNonce is returned when a transaction's nonce is not the
	// sender's next: another transaction of the same sender took it.
	ErrStaleNonce = errors.New("the nonce was taken by another transaction of the sender")
	// ErrTxFailed is returned by Commit for a transaction that was included but failed.
	ErrTxFailed = errors.New("the transaction failed in its block")
	// ErrWouldFail is returned when simulation shows the transaction would fail.
	ErrWouldFail = errors.New("the transaction would fail")
	// ErrFeeAboveCap is returned when gas limit × gas price exceeds the sender's fee cap.
	ErrFeeAboveCap = errors.New("fee above the cap")
	// ErrNoSigner is returned when a signature is needed and the Sender has no signer.
	ErrNoSigner = errors.New("no signing key")
)

// Sender builds, prices, signs and broadcasts the transactions of one
// account through a node: what a wallet does, for the CLI, the btt client
// and the relayer alike.
type Sender struct {
	Client *Client
	// From is the account that signs and pays.
	From address.Address
	// Signer signs for From; nil builds unsigned bodies only, which need
	// a gas limit since simulation needs a signature.
	Signer tx.Signer
	// ChainID is the chain to sign for; "" asks the node, once.
	ChainID string

	mu sync.Mutex // Commit's: one transaction of this sender at a time
}

// TxOptions set one transaction. Zero values ask the node or estimate.
type TxOptions struct {
	// Nonce is the sender's nonce; nil asks the node for the next one.
	Nonce *uint64
	// GasLimit is the gas limit; 0 simulates and adds GasAdjustment.
	GasLimit      uint64
	GasAdjustment float64
	// GasPrice is the price per gas. Fees, when set instead, is the total
	// fee and the price is Fees / GasLimit (GasLimit must then be set).
	GasPrice *uint256.Int
	Fees     *uint256.Int
	// FeeCap bounds gas limit × gas price; nil means no cap.
	FeeCap *uint256.Int
	Memo   string
}

// Build makes the body of a transaction of msgs: each message validated,
// the chain id and nonce asked from the node unless given, the gas limit
// estimated unless given, the fee checked against the cap.
func (s *Sender) Build(ctx context.Context, o TxOptions, msgs ...tx.Msg) (tx.Body, error) {
	var body tx.Body
	if len(msgs) == 0 {
		return body, tx.ErrNoMsgs
	}
	raws := make([]tx.RawMsg, len(msgs))
	for i, m := range msgs {
		if err := m.Validate(); err != nil {
			return body, fmt.Errorf("message %d (%s): %w", i, m.Kind(), err)
		}
		raw, err := tx.EncodeMsg(m)
		if err != nil {
			return body, err
		}
		raws[i] = raw
	}
	if o.Fees != nil && o.GasLimit == 0 {
		return body, errors.New("a total fee needs a gas limit: the price is the fee divided by it")
	}
	if o.GasLimit == 0 && s.Signer == nil {
		return body, fmt.Errorf("%w: estimating gas needs a signature; give a gas limit", ErrNoSigner)
	}
	chainID, err := s.chainID(ctx)
	if err != nil {
		return body, err
	}
	body = tx.Body{ChainID: chainID, GasLimit: o.GasLimit, GasPrice: o.GasPrice, Memo: o.Memo, Msgs: raws}
	if body.GasPrice == nil {
		body.GasPrice = new(uint256.Int)
	}
	if o.Nonce != nil {
		body.Nonce = *o.Nonce
	} else {
		acc, err := s.Client.Account(ctx, s.From, 0)
		if err != nil {
			return body, fmt.Errorf("asking the node for the nonce: %w", err)
		}
		body.Nonce = acc.Nonce
	}
	if body.GasLimit == 0 {
		if body.GasLimit, err = s.EstimateGas(ctx, body, o.GasAdjustment); err != nil {
			return body, err
		}
	}
	if o.Fees != nil {
		body.GasPrice = new(uint256.Int).Div(o.Fees, uint256.NewInt(body.GasLimit))
	}
	if o.FeeCap != nil && body.Fee().Gt(o.FeeCap) {
		return body, fmt.Errorf("%w: up to %s (gas limit %d at %s per gas), the cap is %s",
			ErrFeeAboveCap, btt.Format(body.Fee()), body.GasLimit, btt.FormatWei(body.GasPrice), btt.Format(o.FeeCap))
	}
	return body, nil
}

func (s *Sender) chainID(ctx context.Context) (string, error) {
	if s.ChainID == "" {
		p, err := s.Client.Params(ctx)
		if err != nil {
			return "", fmt.Errorf("asking the node for the chain id: %w", err)
		}
		s.ChainID = p.ChainID
	}
	return s.ChainID, nil
}

// EstimateGas simulates body, signed with no fee and a large limit, and
// returns the gas it used times adjustment (DefaultGasAdjustment if 0).
func (s *Sender) EstimateGas(ctx context.Context, body tx.Body, adjustment float64) (uint64, error) {
	if s.Signer == nil {
		return 0, ErrNoSigner
	}
	if adjustment == 0 {
		adjustment = DefaultGasAdjustment
	}
	probe := body
	probe.GasPrice, probe.GasLimit = new(uint256.Int), simulationGasLimit
	signed, err := tx.Sign(probe, s.Signer)
	if err != nil {
		return 0, err
	}
	raw, err := signed.Encode()
	if err != nil {
		return 0, err
	}
	sim, err := s.Client.Simulate(ctx, raw)
	if err != nil {
		return 0, fmt.Errorf("estimating gas: %w", err)
	}
	if sim.Codespace == api.CodespaceTx && sim.Code == api.CodeBadNonce {
		// Another program of the same key has a transaction waiting:
		// Send asks for the nonce again once it is in a block.
		return 0, fmt.Errorf("%w: %w: %s", ErrWouldFail, ErrStaleNonce, sim.Log)
	}
	if sim.Code != 0 {
		return 0, fmt.Errorf("%w: %s", ErrWouldFail, sim.Log)
	}
	return uint64(float64(sim.GasUsed) * adjustment), nil
}

// Sign signs body and returns the transaction and its wire bytes.
func (s *Sender) Sign(body tx.Body) (*tx.Tx, []byte, error) {
	if s.Signer == nil {
		return nil, nil, ErrNoSigner
	}
	signed, err := tx.Sign(body, s.Signer)
	if err != nil {
		return nil, nil, err
	}
	raw, err := signed.Encode()
	return signed, raw, err
}

// Send builds, signs, broadcasts and waits for a transaction of msgs.
//
// When the node asked for the nonce, a nonce another transaction of the
// sender took (another program with the same key) is asked again, a few
// times, once that transaction is in a block.
func (s *Sender) Send(ctx context.Context, o TxOptions, msgs ...tx.Msg) (*Committed, error) {
	for attempt := 1; ; attempt++ {
		body, err := s.Build(ctx, o, msgs...)
		if err != nil {
			return nil, err
		}
		_, raw, err := s.Sign(body)
		if err != nil {
			return nil, err
		}
		com, err := s.Client.BroadcastAndWait(ctx, raw)
		if !errors.Is(err, ErrStaleNonce) || o.Nonce != nil || attempt == staleNonceAttempts {
			return com, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// Commit is Send for programs that send from several goroutines: one
// transaction of the sender at a time, so that each takes the next nonce,
// and a transaction that failed in its block is an ErrTxFailed naming its
// log.
func (s *Sender) Commit(ctx context.Context, o TxOptions, msgs ...tx.Msg) (*Committed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	com, err := s.Send(ctx, o, msgs...)
	if err != nil {
		return nil, err
	}
	if com.Failed() {
		return com, fmt.Errorf("%w: %s: %s", ErrTxFailed, com.Hash, com.Log)
	}
	return com, nil
}

// staleNonceAttempts bounds Send's attempts with a taken nonce.
const staleNonceAttempts = 8

// Committed is a transaction's result once it is in a block.
type Committed struct {
	Hash      string `json:"hash"`
	Height    int64  `json:"height"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
	GasWanted int64  `json:"gas_wanted"`
	GasUsed   int64  `json:"gas_used"`
	// Events are what the transaction's messages reported.
	Events []abci.Event `json:"events,omitempty"`
}

// Attr lists the values of key in the events of type typ, in order.
func (c *Committed) Attr(typ, key string) []string {
	var out []string
	for _, e := range c.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				out = append(out, a.Value)
			}
		}
	}
	return out
}

// Failed reports whether the transaction was included but failed.
func (c *Committed) Failed() bool { return c.Code != 0 }

// BroadcastAndWait submits a signed transaction and waits until it is in a
// block (or ctx ends). A transaction that was included but failed is
// returned without an error: check Failed.
func (c *Client) BroadcastAndWait(ctx context.Context, raw []byte) (*Committed, error) {
	hash, err := c.Broadcast(ctx, raw)
	if err != nil {
		return nil, err
	}
	res, err := c.WaitTx(ctx, hash, 200*time.Millisecond)
	if err != nil {
		return nil, err
	}
	r := res.TxResult
	return &Committed{Hash: hash, Height: res.Height, Code: r.Code, Codespace: r.Codespace, Log: r.Log, GasWanted: r.GasWanted, GasUsed: r.GasUsed, Events: r.Events}, nil
}
