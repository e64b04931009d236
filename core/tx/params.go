package tx

import (
	"errors"
	"fmt"
)

// Gas charged for every transaction on top of its messages and store
// access: a flat part, a part per byte of the wire form, and the signature
// recovery.
const (
	GasTxBase    uint64 = 10_000
	GasPerByte   uint64 = 10
	GasSigVerify uint64 = 5_000
)

// Params are the consensus settings of the transaction pipeline, kept in
// genesis and state.
type Params struct {
	// MaxBlockGas bounds the sum of the gas limits of a block's
	// transactions.
	MaxBlockGas uint64 `json:"max_block_gas"`
}

// DefaultParams allow about 10,000 plain transfers per block.
func DefaultParams() Params { return Params{MaxBlockGas: 500_000_000} }

// ErrBadParams is returned for params that fail validation.
var ErrBadParams = errors.New("invalid tx params")

// Validate checks the params.
func (p Params) Validate() error {
	if p.MaxBlockGas < GasTxBase+GasSigVerify {
		return fmt.Errorf("%w: max_block_gas %d is below the cost of one transaction", ErrBadParams, p.MaxBlockGas)
	}
	return nil
}

// IntrinsicGas is what a transaction costs before its messages touch the
// store: the base, its bytes, its signature and each message's fixed gas
// (scaled by what it carries, for a Scaled message).
func IntrinsicGas(c *Codec, size int, msgs []Msg) uint64 {
	gas := GasTxBase + GasSigVerify + GasPerByte*uint64(size)
	for _, m := range msgs {
		gas += c.Gas(m.Kind())
		if s, ok := m.(Scaled); ok {
			gas += s.ScaledGas()
		}
	}
	return gas
}
