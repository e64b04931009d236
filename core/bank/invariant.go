package bank

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
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
