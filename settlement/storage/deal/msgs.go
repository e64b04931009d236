package deal

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// Message kinds of the storage module.
const (
	KindPropose = "storage/propose"
	KindAccept  = "storage/accept"
	KindCancel  = "storage/cancel"
	KindRenew   = "storage/renew"
	KindProve   = "storage/prove"
)

// Fixed gas of each kind; a proof pays GasPerLeaf more for each leaf it
// carries (its path's hashes), on top of its bytes.
const (
	GasPropose uint64 = 30_000
	GasAccept  uint64 = 20_000
	GasCancel  uint64 = 10_000
	GasRenew   uint64 = 30_000
	GasProve   uint64 = 10_000
	GasPerLeaf uint64 = 2_000
)

// Hard bounds that need no state; the chain's params bound tighter.
const (
	MaxPeriods   = 1_000_000
	MaxLeafBytes = 1 << 16
	MaxLeaves    = 64
	MaxPathLen   = 64
)

// Terms are what a renter proposes and a host accepts.
type Terms struct {
	Host         address.Address
	Root         merkle.Hash
	Size         uint64 // bytes of the file
	Start        uint64 // height of period 0's start
	Period       uint64 // blocks a period
	Periods      uint64
	Window       uint64       // blocks from a period's start in which its proof is taken
	Price        *uint256.Int // wei a period
	Collateral   *uint256.Int // wei the host locks
	MaxMisses    uint64       // the contract ends at this many missed periods
	SlashPerMiss *uint256.Int // wei of collateral a miss costs
}

// Validate checks what needs no state.
func (t *Terms) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadTerms}, a...)...)
	}
	switch {
	case t.Host.IsZero():
		return fmt.Errorf("%w: the zero address", ErrBadHost)
	case t.Size == 0:
		return bad("the file is empty")
	case t.Period == 0 || t.Periods == 0 || t.Periods > MaxPeriods:
		return bad("%d periods of %d blocks: want 1 to %d periods of at least a block", t.Periods, t.Period, MaxPeriods)
	case t.Window == 0 || t.Window > t.Period:
		return bad("a proof window of %d blocks in periods of %d", t.Window, t.Period)
	case t.Price == nil || t.Price.IsZero():
		return bad("the price per period must be positive")
	case t.Collateral == nil || t.SlashPerMiss == nil:
		return bad("collateral and slash per miss are required (0 is allowed)")
	case t.SlashPerMiss.Gt(t.Collateral):
		return bad("a miss slashes %s of a %s collateral", btt.Format(t.SlashPerMiss), btt.Format(t.Collateral))
	case t.MaxMisses == 0:
		return bad("max misses must be at least 1")
	}
	if _, overflow := new(uint256.Int).MulOverflow(t.Price, uint256.NewInt(t.Periods)); overflow {
		return fmt.Errorf("%w: price × periods passes 2^256-1 wei", ErrOverflow)
	}
	if hi, length := bits.Mul64(t.Period, t.Periods); hi != 0 || t.Start+length < t.Start || t.Start+length > math.MaxInt64 {
		return bad("the contract ends past the last height")
	}
	return nil
}

// Total is what the renter escrows: price × periods.
func (t *Terms) Total() *uint256.Int { return new(uint256.Int).Mul(t.Price, uint256.NewInt(t.Periods)) }

// End is the first height after the last period.
func (t *Terms) End() uint64 { return t.Start + t.Period*t.Periods }

// MsgPropose proposes a contract to a host and escrows its price.
type MsgPropose struct{ Terms Terms }

// MsgAccept accepts a proposal and locks the collateral.
type MsgAccept struct{ Contract ID }

// MsgCancel withdraws a proposal not yet accepted.
type MsgCancel struct{ Contract ID }

// MsgRenew proposes a follow-on contract: the same host, file and terms,
// Periods more periods from the end of Contract. The host accepts it as
// any proposal.
type MsgRenew struct {
	Contract ID
	Periods  uint64
}

// MsgProve answers period Period's challenge: the challenged leaves, in
// the challenge's order, each with its audit path.
type MsgProve struct {
	Contract ID
	Period   uint64
	Leaves   [][]byte
	Paths    [][]merkle.Hash
}

func (*MsgPropose) Kind() string { return KindPropose }
func (*MsgAccept) Kind() string  { return KindAccept }
func (*MsgCancel) Kind() string  { return KindCancel }
func (*MsgRenew) Kind() string   { return KindRenew }
func (*MsgProve) Kind() string   { return KindProve }

// Validate checks the terms.
func (m *MsgPropose) Validate() error { return m.Terms.Validate() }

// Validate has nothing to check.
func (m *MsgAccept) Validate() error { return nil }

// Validate has nothing to check.
func (m *MsgCancel) Validate() error { return nil }

// Validate checks the number of periods.
func (m *MsgRenew) Validate() error {
	if m.Periods == 0 || m.Periods > MaxPeriods {
		return fmt.Errorf("%w: renew for %d periods: want 1 to %d", ErrBadTerms, m.Periods, MaxPeriods)
	}
	return nil
}

// Validate checks the proof's shape against the hard bounds.
func (m *MsgProve) Validate() error {
	switch {
	case len(m.Leaves) == 0 || len(m.Leaves) > MaxLeaves:
		return fmt.Errorf("%w: %d leaves, want 1 to %d", ErrBadProof, len(m.Leaves), MaxLeaves)
	case len(m.Paths) != len(m.Leaves):
		return fmt.Errorf("%w: %d leaves but %d paths", ErrBadProof, len(m.Leaves), len(m.Paths))
	}
	for i := range m.Leaves {
		if len(m.Leaves[i]) == 0 || len(m.Leaves[i]) > MaxLeafBytes || len(m.Paths[i]) > MaxPathLen {
			return fmt.Errorf("%w: leaf %d of %d bytes with a path of %d", ErrBadProof, i, len(m.Leaves[i]), len(m.Paths[i]))
		}
	}
	return nil
}

// Bytes is the proof's size: its leaves and paths.
func (m *MsgProve) Bytes() int {
	n := 0
	for i := range m.Leaves {
		n += len(m.Leaves[i]) + 32*len(m.Paths[i])
	}
	return n
}

// ScaledGas is the hashing of each leaf's path.
func (m *MsgProve) ScaledGas() uint64 { return GasPerLeaf * uint64(len(m.Leaves)) }

// Describe says "propose storing 1.2 MB with 0x… for 10 periods at 1btt".
func (m *MsgPropose) Describe() string {
	t := &m.Terms
	return fmt.Sprintf("propose that %s keep %d bytes (root 0x%x) for %d periods of %d blocks from height %d at %s a period, escrowing %s; collateral %s",
		t.Host, t.Size, t.Root[:4], t.Periods, t.Period, t.Start, btt.Format(t.Price), btt.Format(t.Total()), btt.Format(t.Collateral))
}

// Describe says "accept storage contract 0x…".
func (m *MsgAccept) Describe() string { return fmt.Sprintf("accept storage contract %s", m.Contract) }

// Describe says "cancel storage proposal 0x…".
func (m *MsgCancel) Describe() string { return fmt.Sprintf("cancel storage proposal %s", m.Contract) }

// Describe says "renew storage contract 0x… for 5 periods".
func (m *MsgRenew) Describe() string {
	return fmt.Sprintf("renew storage contract %s for %d periods", m.Contract, m.Periods)
}

// Describe says "prove period 3 of storage contract 0x…".
func (m *MsgProve) Describe() string {
	return fmt.Sprintf("prove period %d of storage contract %s (%d leaves)", m.Period, m.Contract, len(m.Leaves))
}

// Kinds lists the storage module's messages for the codec.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindPropose, Gas: GasPropose, New: func() tx.Msg { return new(MsgPropose) }},
		{Name: KindAccept, Gas: GasAccept, New: func() tx.Msg { return new(MsgAccept) }},
		{Name: KindCancel, Gas: GasCancel, New: func() tx.Msg { return new(MsgCancel) }},
		{Name: KindRenew, Gas: GasRenew, New: func() tx.Msg { return new(MsgRenew) }},
		{Name: KindProve, Gas: GasProve, New: func() tx.Msg { return new(MsgProve) }},
	}
}
