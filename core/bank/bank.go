package bank

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Store is the bank's typed view of a KV (a block cache, a transaction
// branch or a committed version).
type Store struct {
	kv state.Prefixed
}

// New returns the bank view of kv.
func New(kv state.KV) Store { return Store{kv: state.NewPrefixed(kv, state.PrefixBank)} }

// Account reads an address's record; an unknown address is an empty account.
func (s Store) Account(a address.Address) (Account, error) {
	b, err := s.kv.Get(AccountKey(a))
	if err != nil {
		return Account{}, err
	}
	acc, err := decodeAccount(b)
	if err != nil {
		return Account{}, fmt.Errorf("account %s: %w", a, err)
	}
	return acc, nil
}

// SetAccount writes a record; an empty one is deleted so the tree holds
// only accounts that exist.
func (s Store) SetAccount(a address.Address, acc Account) error {
	if acc.IsEmpty() {
		return s.kv.Delete(AccountKey(a))
	}
	return s.kv.Set(AccountKey(a), acc.encode())
}

// Balance is an address's balance in wei.
func (s Store) Balance(a address.Address) (*uint256.Int, error) {
	acc, err := s.Account(a)
	if err != nil {
		return nil, err
	}
	return &acc.Balance, nil
}

// Supply is the total supply in wei.
func (s Store) Supply() (*uint256.Int, error) {
	b, err := s.kv.Get(supplyKey)
	if err != nil {
		return nil, err
	}
	if b != nil && len(b) != 32 {
		return nil, fmt.Errorf("%w: supply record of %d bytes", ErrCorrupt, len(b))
	}
	return new(uint256.Int).SetBytes(b), nil
}

func (s Store) setSupply(v *uint256.Int) error {
	if v.IsZero() {
		return s.kv.Delete(supplyKey)
	}
	b := v.Bytes32()
	return s.kv.Set(supplyKey, b[:])
}

// Params reads the bank's parameters.
func (s Store) Params() (Params, error) {
	p := DefaultParams()
	if _, err := state.GetJSON(s.kv, paramsKey, &p, ErrCorrupt); err != nil {
		return Params{}, fmt.Errorf("params: %w", err)
	}
	return p, nil
}

// SetParams validates and writes the bank's parameters.
func (s Store) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return state.SetJSON(s.kv, paramsKey, p)
}

// AddBalance credits an address without touching the supply: the BTT comes
// from somewhere the caller has already debited.
func (s Store) AddBalance(a address.Address, amount *uint256.Int) error {
	acc, err := s.Account(a)
	if err != nil {
		return err
	}
	if _, overflow := acc.Balance.AddOverflow(&acc.Balance, amount); overflow {
		return fmt.Errorf("%w: balance of %s", ErrSupplyOverflow, a)
	}
	return s.SetAccount(a, acc)
}

// SubBalance debits an address, failing if it holds less than amount.
func (s Store) SubBalance(a address.Address, amount *uint256.Int) error {
	acc, err := s.Account(a)
	if err != nil {
		return err
	}
	if acc.Balance.Lt(amount) {
		return fmt.Errorf("%w: %s holds %s, needs %s", ErrInsufficientFunds, a, btt.Format(&acc.Balance), btt.Format(amount))
	}
	acc.Balance.Sub(&acc.Balance, amount)
	return s.SetAccount(a, acc)
}

// Transfer moves amount between two addresses. It applies no policy (module
// escrow uses it too); Send is the user-facing transfer.
func (s Store) Transfer(from, to address.Address, amount *uint256.Int) error {
	if err := s.SubBalance(from, amount); err != nil {
		return err
	}
	return s.AddBalance(to, amount)
}

// Mint creates amount wei in an address and raises the supply.
func (s Store) Mint(to address.Address, amount *uint256.Int) error {
	supply, err := s.Supply()
	if err != nil {
		return err
	}
	if _, overflow := supply.AddOverflow(supply, amount); overflow {
		return ErrSupplyOverflow
	}
	if err := s.AddBalance(to, amount); err != nil {
		return err
	}
	return s.setSupply(supply)
}

// Burn destroys amount wei held by an address and lowers the supply.
func (s Store) Burn(from address.Address, amount *uint256.Int) error {
	if err := s.SubBalance(from, amount); err != nil {
		return err
	}
	supply, err := s.Supply()
	if err != nil {
		return err
	}
	if supply.Lt(amount) {
		return fmt.Errorf("%w: supply below a burn of %s", ErrCorrupt, btt.Format(amount))
	}
	return s.setSupply(supply.Sub(supply, amount))
}

// Send is the "bank/send" transition: the sender pays one recipient.
func (s Store) Send(env tx.Env, m *MsgSend) ([]tx.Event, error) {
	if err := s.checkRecipients(m.To); err != nil {
		return nil, err
	}
	if err := s.Transfer(env.Sender, m.To, m.Amount); err != nil {
		return nil, err
	}
	return []tx.Event{transferEvent(env.Sender, m.To, m.Amount)}, nil
}

// MultiSend is the "bank/multi-send" transition: the sender pays several
// recipients at once; all or none are paid.
func (s Store) MultiSend(env tx.Env, m *MsgMultiSend) ([]tx.Event, error) {
	to := make([]address.Address, len(m.Outputs))
	for i, o := range m.Outputs {
		to[i] = o.To
	}
	if err := s.checkRecipients(to...); err != nil {
		return nil, err
	}
	total, _ := m.Total()
	if err := s.SubBalance(env.Sender, total); err != nil {
		return nil, err
	}
	events := make([]tx.Event, 0, len(m.Outputs))
	for _, o := range m.Outputs {
		if err := s.AddBalance(o.To, o.Amount); err != nil {
			return nil, err
		}
		events = append(events, transferEvent(env.Sender, o.To, o.Amount))
	}
	return events, nil
}

func (s Store) checkRecipients(to ...address.Address) error {
	p, err := s.Params()
	if err != nil {
		return err
	}
	if !p.SendEnabled {
		return ErrSendDisabled
	}
	for _, a := range to {
		if IsModuleAccount(a) || p.isBlocked(a) {
			return fmt.Errorf("%w: %s", ErrBlockedRecipient, a)
		}
	}
	return nil
}

func transferEvent(from, to address.Address, amount *uint256.Int) tx.Event {
	return tx.NewEvent(EventTransfer, AttrSender, from.Hex(), AttrRecipient, to.Hex(), AttrAmount, amount.Dec())
}

// FeeEvent reports a fee taken from a payer.
func FeeEvent(payer address.Address, amount *uint256.Int) tx.Event {
	return tx.NewEvent(EventFee, AttrPayer, payer.Hex(), AttrAmount, amount.Dec())
}
