package speed

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Invariant checks the module against its escrow: the escrow account
// holds exactly the sum over open and closing channels of what is left of
// their deposits, no channel has paid its payee more than its deposit,
// a closed channel holds nothing, and the unsettled count is the number
// of channels open or closing. Tests call it after every block; it
// reads every channel.
func Invariant(s Store) error {
	sum := new(uint256.Int)
	var unsettled uint64
	err := state.EachPrefix(s.kv, []byte{prefixChannel}, func(k, v []byte) error {
		var c Channel
		if err := state.DecodeRecord(v, &c, ErrCorrupt); err != nil {
			return err
		}
		var id paych.ChannelID
		copy(id[:], k[len(k)-len(id):])
		if c.Redeemed.Gt(c.Deposit) {
			return fmt.Errorf("speed invariant: channel %s paid %s of a %s deposit", id, btt.Format(c.Redeemed), btt.Format(c.Deposit))
		}
		if c.State != paych.Closed {
			sum.Add(sum, c.Remaining())
			unsettled++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n, err := s.Unsettled(); err != nil || n != unsettled {
		return fmt.Errorf("speed invariant: %d channels counted unsettled, %d found (%v)", n, unsettled, err)
	}
	held, err := s.bank.Balance(Escrow)
	if err != nil {
		return err
	}
	if !held.Eq(sum) {
		return fmt.Errorf("speed invariant: escrow holds %s, open and closing channels have %s left", btt.Format(held), btt.Format(sum))
	}
	return nil
}
