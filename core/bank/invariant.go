package bank

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

// Invariant checks that the given addresses (which must be every address
// holding BTT, module accounts included) sum to the total supply.
// Tests call it after every block.
func Invariant(s Store, holders []address.Address) error {
	sum := new(uint256.Int)
	for _, a := range holders {
		bal, err := s.Balance(a)
		if err != nil {
			return err
		}
		if _, overflow := sum.AddOverflow(sum, bal); overflow {
			return fmt.Errorf("bank invariant: balances overflow 2^256")
		}
	}
	supply, err := s.Supply()
	if err != nil {
		return err
	}
	if !sum.Eq(supply) {
		return fmt.Errorf("bank invariant: balances sum to %s but supply is %s", btt.Format(sum), btt.Format(supply))
	}
	return nil
}

// SupplyInvariant is Invariant over every account in the store, for a
// state whose holders nobody listed (an exported genesis). It returns how
// many accounts it read.
func SupplyInvariant(s Store) (accounts int, err error) {
	sum := new(uint256.Int)
	err = state.EachPrefix(s.kv, []byte{prefixAccount}, func(k, v []byte) error {
		acc, err := decodeAccount(v)
		if err != nil {
			return fmt.Errorf("account %X: %w", k[1:], err)
		}
		accounts++
		if _, overflow := sum.AddOverflow(sum, &acc.Balance); overflow {
			return fmt.Errorf("bank invariant: balances overflow 2^256")
		}
		return nil
	})
	if err != nil {
		return accounts, err
	}
	supply, err := s.Supply()
	if err != nil {
		return accounts, err
	}
	if !sum.Eq(supply) {
		return accounts, fmt.Errorf("bank invariant: the %d accounts' balances sum to %s but supply is %s", accounts, btt.Format(sum), btt.Format(supply))
	}
	return accounts, nil
}
