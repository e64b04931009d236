package tron

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bttc-network/bttc/core/address"
)

// DefaultFeeLimit caps what one bridge transaction may burn: 1,000 TRX, in
// sun. A checkpoint with a hundred signatures needs less than a tenth.
const DefaultFeeLimit = 1_000_000_000

// Client talks to one TRON full node's HTTP API (such as
// https://api.trongrid.io or a node's :8090).
type Client struct {
	base string
	http *http.Client
	// Poll is how often Wait asks for a transaction's outcome.
	Poll time.Duration
}

// NewClient reaches the API at base.
func NewClient(base string) *Client {
	return &Client{base: strings.TrimRight(base, "/"), http: &http.Client{Timeout: 30 * time.Second}, Poll: time.Second}
}

// APIError is a refusal by the node, with its code and message.
type APIError struct {
	Path, Code, Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("tron %s: %s: %s", e.Path, e.Code, e.Message)
}

// post sends in as JSON to path and decodes the answer into out.
func (c *Client) post(ctx context.Context, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("tron %s: %w", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("tron %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &APIError{Path: path, Code: resp.Status, Message: strings.TrimSpace(string(raw))}
	}
	// Refusals come in two shapes: {"Error": "..."} and
	// {"code": "...", "message": "<hex>"}.
	var refusal struct {
		Error   string `json:"Error"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(raw, &refusal)
	if refusal.Error != "" {
		return &APIError{Path: path, Code: "Error", Message: refusal.Error}
	}
	if refusal.Code != "" && refusal.Code != "SUCCESS" {
		return &APIError{Path: path, Code: refusal.Code, Message: readable(refusal.Message)}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("tron %s: the answer is not what the API returns: %v", path, err)
	}
	return nil
}

// readable decodes a message the API hex-encoded, when it is text.
func readable(msg string) string {
	b, err := hex.DecodeString(msg)
	if err != nil || len(b) == 0 {
		return msg
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return msg
		}
	}
	return string(b)
}

func hexAddr(a address.Address) string { return hex.EncodeToString(tronBytes(a)) }

// Trigger asks the node to build a call of contract by owner.
func (c *Client) Trigger(ctx context.Context, owner, contract address.Address, data []byte, feeLimit int64) (*Transaction, error) {
	var out struct {
		Result struct {
			Result  bool   `json:"result"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"result"`
		Transaction *Transaction `json:"transaction"`
	}
	in := map[string]any{"owner_address": hexAddr(owner), "contract_address": hexAddr(contract),
		"data": hex.EncodeToString(data), "fee_limit": feeLimit, "call_value": 0, "visible": false}
	if err := c.post(ctx, "/wallet/triggersmartcontract", in, &out); err != nil {
		return nil, err
	}
	if !out.Result.Result || out.Transaction == nil {
		return nil, &APIError{Path: "/wallet/triggersmartcontract", Code: out.Result.Code, Message: readable(out.Result.Message)}
	}
	return out.Transaction, nil
}

// Deploy asks the node to build a deployment of code (creation code and
// constructor arguments) by owner.
func (c *Client) Deploy(ctx context.Context, owner address.Address, name, abiJSON string, code []byte, feeLimit int64) (*Transaction, error) {
	var tx Transaction
	in := map[string]any{"owner_address": hexAddr(owner), "name": name, "abi": abiJSON, "bytecode": hex.EncodeToString(code),
		"fee_limit": feeLimit, "call_value": 0, "consume_user_resource_percent": 100, "origin_energy_limit": 10_000_000, "visible": false}
	if err := c.post(ctx, "/wallet/deploycontract", in, &tx); err != nil {
		return nil, err
	}
	return &tx, nil
}

// Broadcast sends a signed transaction.
func (c *Client) Broadcast(ctx context.Context, tx *Transaction) error {
	var out struct {
		Result bool   `json:"result"`
		TxID   string `json:"txid"`
	}
	if err := c.post(ctx, "/wallet/broadcasttransaction", tx, &out); err != nil {
		return err
	}
	if !out.Result {
		return &APIError{Path: "/wallet/broadcasttransaction", Code: "not accepted"}
	}
	return nil
}

// Info is a transaction's outcome, from /wallet/gettransactioninfobyid.
type Info struct {
	ID              string   `json:"id"`
	BlockNumber     uint64   `json:"blockNumber"`
	ContractAddress string   `json:"contract_address"`
	ContractResult  []string `json:"contractResult"`
	Receipt         struct {
		Result string `json:"result"`
	} `json:"receipt"`
	Log []struct {
		Address string   `json:"address"`
		Topics  []string `json:"topics"`
		Data    string   `json:"data"`
	} `json:"log"`
	ResMessage string `json:"resMessage"`
}

// Info returns a transaction's outcome, nil while it is in no block.
func (c *Client) Info(ctx context.Context, txID string) (*Info, error) {
	var info Info
	if err := c.post(ctx, "/wallet/gettransactioninfobyid", map[string]string{"value": txID}, &info); err != nil {
		return nil, err
	}
	if info.ID == "" {
		return nil, nil
	}
	return &info, nil
}

// SolidBlock is the number of the latest solidified block: one that
// enough super representatives confirmed to be irreversible.
func (c *Client) SolidBlock(ctx context.Context) (uint64, error) {
	var out struct {
		BlockHeader struct {
			RawData struct {
				Number uint64 `json:"number"`
			} `json:"raw_data"`
		} `json:"block_header"`
	}
	if err := c.post(ctx, "/walletsolidity/getnowblock", map[string]any{}, &out); err != nil {
		return 0, err
	}
	return out.BlockHeader.RawData.Number, nil
}

// Reverted is a transaction that is in a block but whose contract call
// failed. ErrorData gives the revert data in go-ethereum's form, so that
// callers read custom errors the same way on every chain.
type Reverted struct {
	TxID, Result, Message string
	Data                  []byte
}

func (r *Reverted) Error() string {
	msg := fmt.Sprintf("transaction %s: %s", r.TxID, r.Result)
	if r.Message != "" {
		msg += ": " + r.Message
	}
	return msg
}

// ErrorData is the revert data, 0x-hex.
func (r *Reverted) ErrorData() interface{} { return "0x" + hex.EncodeToString(r.Data) }

// Sent is a transaction in a block, its contract run successfully.
type Sent struct {
	TxID string
	// Contract is the new contract's address, for a deployment.
	Contract address.Address
	Logs     []*types.Log
}

// Call calls contract from key's account with data and waits until it is
// in a block: the node builds it, this checks, signs and broadcasts it.
func (c *Client) Call(ctx context.Context, key *ecdsa.PrivateKey, contract address.Address, data []byte, feeLimit int64) (*Sent, error) {
	owner := address.FromPublicKey(&key.PublicKey)
	tx, err := c.Trigger(ctx, owner, contract, data, feeLimit)
	if err != nil {
		return nil, err
	}
	if err := tx.CheckCall(owner, contract, data, feeLimit); err != nil {
		return nil, err
	}
	return c.send(ctx, key, tx)
}

// Create deploys code (creation code and constructor arguments) from key's
// account and waits until it is in a block.
func (c *Client) Create(ctx context.Context, key *ecdsa.PrivateKey, name, abiJSON string, code []byte, feeLimit int64) (*Sent, error) {
	owner := address.FromPublicKey(&key.PublicKey)
	tx, err := c.Deploy(ctx, owner, name, abiJSON, code, feeLimit)
	if err != nil {
		return nil, err
	}
	if err := tx.CheckCreate(owner, code, feeLimit); err != nil {
		return nil, err
	}
	return c.send(ctx, key, tx)
}

func (c *Client) send(ctx context.Context, key *ecdsa.PrivateKey, tx *Transaction) (*Sent, error) {
	if err := tx.Sign(key); err != nil {
		return nil, err
	}
	if err := c.Broadcast(ctx, tx); err != nil {
		return nil, err
	}
	info, err := c.Wait(ctx, tx.TxID)
	if err != nil {
		return nil, err
	}
	if info.Receipt.Result != "SUCCESS" {
		r := &Reverted{TxID: tx.TxID, Result: info.Receipt.Result, Message: readable(info.ResMessage)}
		if len(info.ContractResult) > 0 {
			r.Data, _ = hex.DecodeString(info.ContractResult[0])
		}
		return nil, r
	}
	s := &Sent{TxID: tx.TxID}
	if info.ContractAddress != "" {
		b, err := hex.DecodeString(info.ContractAddress)
		if err != nil {
			return nil, fmt.Errorf("%w: contract_address %q", ErrMalformed, info.ContractAddress)
		}
		if s.Contract, err = FromTronBytes(b); err != nil {
			return nil, err
		}
	}
	for _, l := range info.Log {
		log, err := ethLog(l.Address, l.Topics, l.Data, tx.TxID)
		if err != nil {
			return nil, err
		}
		s.Logs = append(s.Logs, log)
	}
	return s, nil
}

// Wait polls until the transaction is in a block. A failing poll is
// tried again until ctx ends: the transaction may land meanwhile.
func (c *Client) Wait(ctx context.Context, txID string) (*Info, error) {
	var last error
	for {
		info, err := c.Info(ctx, txID)
		if info != nil {
			return info, nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return nil, fmt.Errorf("transaction %s was broadcast but is in no block yet (%v): %w", txID, last, ctx.Err())
			}
			return nil, fmt.Errorf("transaction %s was broadcast but is in no block yet: %w", txID, ctx.Err())
		case <-time.After(c.Poll):
		}
	}
}

// ethLog reads a log of gettransactioninfobyid in go-ethereum's form; its
// address comes as 20 bytes of hex, or 21 with TRON's 0x41.
func ethLog(addr string, topics []string, data, txID string) (*types.Log, error) {
	digits := addr
	if len(addr) == 42 && strings.HasPrefix(addr, "41") {
		digits = addr[2:]
	}
	a, err := hex.DecodeString(digits)
	if err != nil || len(a) != 20 {
		return nil, fmt.Errorf("%w: log address %q", ErrMalformed, addr)
	}
	l := &types.Log{Address: common.BytesToAddress(a), TxHash: common.HexToHash(txID)}
	for _, t := range topics {
		b, err := hex.DecodeString(t)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("%w: log topic %q", ErrMalformed, t)
		}
		l.Topics = append(l.Topics, common.BytesToHash(b))
	}
	if l.Data, err = hex.DecodeString(data); err != nil {
		return nil, fmt.Errorf("%w: log data", ErrMalformed)
	}
	return l, nil
}
