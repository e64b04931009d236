package speed

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Escrow is the module account that holds every channel's deposit until
// it is redeemed or returned.
var Escrow = address.Module(bank.SpeedEscrow)

// Channel is a channel as stored; its id is its key.
type Channel struct {
	Payer    address.Address
	Payee    address.Address
	Deposit  *uint256.Int
	Redeemed *uint256.Int // all the payee has taken, never above Deposit
	Nonce    uint64       // the highest voucher nonce redeemed
	Vouchers uint64       // vouchers redeemed in all
	// SettleDelay is the params' delay when the channel opened, in ns.
	SettleDelay  uint64
	OpenedHeight uint64
	State        paych.State
	ClosingSince uint64 // block time of the payer's close, unix ns; 0 while open
}

// Remaining is what is left of the deposit.
func (c *Channel) Remaining() *uint256.Int { return new(uint256.Int).Sub(c.Deposit, c.Redeemed) }

// SettleAt is the block time from which a closing channel may be settled.
func (c *Channel) SettleAt() time.Time {
	return state.TimeOf(c.ClosingSince).Add(time.Duration(c.SettleDelay))
}

// Store is the module's typed view of a KV.
type Store struct {
	kv   state.Prefixed
	bank bank.Store
}

// New returns the speed module's view of kv.
func New(kv state.KV) Store {
	return Store{kv: state.NewPrefixed(kv, state.PrefixSpeed), bank: bank.New(kv)}
}

func (s Store) getJSON(k []byte, v any) (bool, error) { return state.GetJSON(s.kv, k, v, ErrCorrupt) }

func (s Store) setJSON(k []byte, v any) error { return state.SetJSON(s.kv, k, v) }

// Channel reads a channel.
func (s Store) Channel(id paych.ChannelID) (*Channel, error) {
	c := new(Channel)
	found, err := state.GetRecord(s.kv, channelKey(id), c, ErrCorrupt)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w %s", paych.ErrNoChannel, id)
	}
	if c.Deposit == nil || c.Redeemed == nil || c.Redeemed.Gt(c.Deposit) {
		return nil, fmt.Errorf("%w: channel %s: amounts out of order", ErrCorrupt, id)
	}
	return c, nil
}

func (s Store) setChannel(id paych.ChannelID, c *Channel) error {
	return state.SetRecord(s.kv, channelKey(id), c)
}

// opened is how many channels payer has opened.
func (s Store) opened(payer address.Address) (uint64, error) {
	b, err := s.kv.Get(openedKey(payer))
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: channel counter of %s is %d bytes", ErrCorrupt, payer, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// NextID is the id payer's next channel to payee will have.
func (s Store) NextID(payer, payee address.Address) (paych.ChannelID, error) {
	n, err := s.opened(payer)
	return paych.NewChannelID(payer, payee, n), err
}

// Unsettled is how many channels are open or closing: not yet paid out.
func (s Store) Unsettled() (uint64, error) {
	b, err := s.kv.Get([]byte{keyUnsettled})
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%w: unsettled-channel count of %d bytes", ErrCorrupt, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// addUnsettled moves the unsettled-channel count by delta (±1).
func (s Store) addUnsettled(delta int64) error {
	n, err := s.Unsettled()
	if err != nil {
		return err
	}
	if delta < 0 && n == 0 {
		return fmt.Errorf("%w: a channel settled with none counted unsettled", ErrCorrupt)
	}
	return s.kv.Set([]byte{keyUnsettled}, state.BE64(uint64(int64(n)+delta)))
}
