package storage

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

// Invariant checks the module against its escrow account: it holds the
// renters' unpaid escrow plus the hosts' unreleased collateral, exactly;
// a contract that is not live holds neither; the live count is right.
// Tests call it after every block; it reads every contract.
func Invariant(s Store) error {
	sum := new(uint256.Int)
	var live uint64
	err := state.EachPrefix(s.kv, []byte{prefixContract}, func(k, v []byte) error {
		var c Contract
		if err := state.DecodeRecord(v, &c, ErrCorrupt); err != nil {
			return err
		}
		held := new(uint256.Int).Add(c.Escrow, c.Collateral)
		if c.State.Live() {
			live++
			sum.Add(sum, held)
		} else if !held.IsZero() {
			return fmt.Errorf("storage invariant: contract %x is %s but holds %s", k[len(k)-32:], c.State, btt.Format(held))
		}
		return nil
	})
	if err != nil {
		return err
	}
	held, err := s.bank.Balance(Escrow)
	if err != nil {
		return err
	}
	if !held.Eq(sum) {
		return fmt.Errorf("storage invariant: escrow holds %s, live contracts %s", btt.Format(held), btt.Format(sum))
	}
	if n, err := s.counter([]byte{keyLive}); err != nil || n != live {
		return fmt.Errorf("storage invariant: %d live contracts counted, %d found (%v)", n, live, err)
	}
	return nil
}
