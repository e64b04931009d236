package storage

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// Escrow is the module account holding renters' payments and hosts'
// collateral.
var Escrow = address.Module(bank.StorageEscrow)

// Contract is a contract as stored; its id is its key.
type Contract struct {
	Renter address.Address
	Terms  deal.Terms
	// Fixed from the params when it was proposed.
	LeafSize   uint64
	Challenges uint64
	Lookback   uint64
	State      deal.State
	// Next is the period being proven now or next; NextProven whether its
	// proof is in.
	Next       uint64
	NextProven bool
	Proven     uint64
	Missed     uint64
	Escrow     *uint256.Int // the renter's payment not yet paid or refunded
	Collateral *uint256.Int // what is left of the host's collateral (0 until accepted)
	Paid       *uint256.Int // paid to the host
	Due        uint64       // height of its sweep entry; 0 for none
	RenewalOf  deal.ID      // zero unless it renews another
}

// Leaves is the file's leaf count.
func (c *Contract) Leaves() uint64 { return merkle.Leaves(c.Terms.Size, c.LeafSize) }

// PeriodStart is the first height of period p.
func (c *Contract) PeriodStart(p uint64) uint64 { return c.Terms.Start + p*c.Terms.Period }

// WindowEnd is the last height of period p's proof window.
func (c *Contract) WindowEnd(p uint64) uint64 { return c.PeriodStart(p) + c.Terms.Window - 1 }

// Store is the module's typed view of a KV.
type Store struct {
	kv   state.Prefixed
	bank bank.Store
	pool address.Address // where the community's share of slashes goes
}

// New returns the storage module's view of kv.
func New(kv state.KV) Store {
	return Store{kv: state.NewPrefixed(kv, state.PrefixStorage), bank: bank.New(kv), pool: address.Module(bank.CommunityPool)}
}

func (s Store) getJSON(k []byte, v any) (bool, error) { return state.GetJSON(s.kv, k, v, ErrCorrupt) }
func (s Store) setJSON(k []byte, v any) error         { return state.SetJSON(s.kv, k, v) }

// Contract reads a contract.
func (s Store) Contract(id deal.ID) (*Contract, error) {
	c := new(Contract)
	found, err := state.GetRecord(s.kv, contractKey(id), c, ErrCorrupt)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w %s", deal.ErrNoContract, id)
	}
	if c.Escrow == nil || c.Collateral == nil || c.Paid == nil || c.Terms.Price == nil || c.Terms.Collateral == nil || c.Terms.SlashPerMiss == nil || c.LeafSize == 0 {
		return nil, fmt.Errorf("%w: contract %s is missing amounts", ErrCorrupt, id)
	}
	return c, nil
}

func (s Store) setContract(id deal.ID, c *Contract) error {
	return state.SetRecord(s.kv, contractKey(id), c)
}

func (s Store) counter(k []byte) (uint64, error) {
	b, err := s.kv.Get(k)
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: counter %x is %d bytes", ErrCorrupt, k, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// addLive counts a contract in (+1) or out (−1) of the live ones.
func (s Store) addLive(delta int64) error {
	n, err := s.counter([]byte{keyLive})
	if err != nil {
		return err
	}
	if delta < 0 && n == 0 {
		return fmt.Errorf("%w: live contracts below zero", ErrCorrupt)
	}
	return s.kv.Set([]byte{keyLive}, be64(uint64(int64(n)+delta)))
}

// NextID is the id the renter's next proposal will have.
func (s Store) NextID(renter address.Address) (deal.ID, error) {
	n, err := s.counter(proposedKey(renter))
	return deal.NewID(renter, n), err
}

// schedule moves c's sweep entry to height (0: none).
func (s Store) schedule(id deal.ID, c *Contract, height uint64) error {
	if c.Due != 0 {
		if err := s.kv.Delete(dueKey(c.Due, id)); err != nil {
			return err
		}
	}
	c.Due = height
	if height == 0 {
		return nil
	}
	return s.kv.Set(dueKey(height, id), []byte{1})
}

// blockHash is the hash of the block at height, if still kept.
func (s Store) blockHash(height uint64) ([]byte, bool, error) {
	b, err := s.kv.Get(hashKey(height))
	if err != nil || len(b) < 8 || binary.BigEndian.Uint64(b[:8]) != height {
		return nil, false, err
	}
	return b[8:], true, nil
}
