package state

import (
	"errors"
	"fmt"
)

// Gas costs of store access. Reads and writes are charged per call and per
// byte so that a transaction pays for the tree work it causes.
const (
	GasReadFlat     uint64 = 1_000
	GasReadPerByte  uint64 = 3
	GasWriteFlat    uint64 = 2_000
	GasWritePerByte uint64 = 30
	GasDelete       uint64 = 1_000
)

// ErrOutOfGas is returned when a transaction uses more gas than its limit.
var ErrOutOfGas = errors.New("out of gas")

// Meter counts gas against a limit.
type Meter struct {
	limit, used uint64
}

// NewMeter returns a meter with the given limit.
func NewMeter(limit uint64) *Meter { return &Meter{limit: limit} }

// Used is the gas consumed so far, never more than the limit.
func (m *Meter) Used() uint64 { return m.used }

// Limit is the meter's limit.
func (m *Meter) Limit() uint64 { return m.limit }

// Consume charges amount for what; past the limit it charges up to the
// limit and fails.
func (m *Meter) Consume(amount uint64, what string) error {
	if amount > m.limit-m.used {
		m.used = m.limit
		return fmt.Errorf("%w: %s needs %d more gas, limit %d", ErrOutOfGas, what, amount, m.limit)
	}
	m.used += amount
	return nil
}

// Metered charges a meter for every access to a KV.
type Metered struct {
	KV    KV
	Meter *Meter
}

// Get charges a read, then reads.
func (m Metered) Get(key []byte) ([]byte, error) {
	v, err := m.KV.Get(key)
	if err != nil {
		return nil, err
	}
	if err := m.Meter.Consume(GasReadFlat+GasReadPerByte*uint64(len(key)+len(v)), "store read"); err != nil {
		return nil, err
	}
	return v, nil
}

// Range charges a read for every key it visits. Once the meter runs out it
// stops and returns ErrOutOfGas.
func (m Metered) Range(start, end []byte, fn func(key, value []byte) bool) error {
	var gasErr error
	err := m.KV.Range(start, end, func(k, v []byte) bool {
		if gasErr = m.Meter.Consume(GasReadFlat+GasReadPerByte*uint64(len(k)+len(v)), "store range"); gasErr != nil {
			return false
		}
		return fn(k, v)
	})
	if err != nil {
		return err
	}
	return gasErr
}

// Set charges a write, then writes.
func (m Metered) Set(key, value []byte) error {
	if err := m.Meter.Consume(GasWriteFlat+GasWritePerByte*uint64(len(key)+len(value)), "store write"); err != nil {
		return err
	}
	return m.KV.Set(key, value)
}

// Delete charges a removal, then removes.
func (m Metered) Delete(key []byte) error {
	if err := m.Meter.Consume(GasDelete, "store delete"); err != nil {
		return err
	}
	return m.KV.Delete(key)
}
