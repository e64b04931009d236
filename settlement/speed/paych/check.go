package paych

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// Terms are what deciding a voucher needs of its channel.
type Terms struct {
	Payer    address.Address
	Deposit  *uint256.Int
	Redeemed *uint256.Int
	Nonce    uint64
	State    State
	SettleAt time.Time // for a closing channel
}

// Terms reads a channel view's terms.
func (v *ChannelView) Terms() Terms {
	t := Terms{Payer: v.Payer, Deposit: v.DepositAmount(), Redeemed: v.RedeemedAmount(), Nonce: v.Nonce, State: v.State}
	if v.SettleAt != nil {
		t.SettleAt = *v.SettleAt
	}
	return t
}

// Check is the one definition of a redeemable voucher, shared by the
// chain, which enforces it, and the payee's tools, which predict it: sv
// must be signed by the payer for chainID, its channel open (or closing
// before its settle delay ends at block time now), not expired at
// height, its nonce above the last redeemed and its amount above what was
// redeemed and within the deposit. The signature is checked first, so
// that a voucher from someone else, or for another chain or channel, is
// called that rather than whatever else is wrong with it.
func Check(t Terms, sv *SignedVoucher, chainID string, height int64, now time.Time) error {
	v := &sv.Voucher
	signer, err := sv.Signer(chainID)
	if err != nil {
		return err
	}
	if signer != t.Payer {
		return fmt.Errorf("%w: signed by %s, the payer is %s", ErrWrongSigner, signer, t.Payer)
	}
	switch {
	case t.State == Closed:
		return ErrClosed
	case t.State == Closing && !now.Before(t.SettleAt):
		return fmt.Errorf("%w (since %s)", ErrSettleDelayOver, t.SettleAt.UTC().Format(time.RFC3339))
	case v.Expiry != 0 && uint64(height) > v.Expiry:
		return fmt.Errorf("%w at height %d; this is %d", ErrExpired, v.Expiry, height)
	case v.Nonce <= t.Nonce:
		return fmt.Errorf("%w: nonce %d, the last redeemed is %d", ErrNonceTooLow, v.Nonce, t.Nonce)
	case v.Amount.Gt(t.Deposit):
		return fmt.Errorf("%w: %s wei, the deposit is %s wei", ErrAboveDeposit, v.Amount.Dec(), t.Deposit.Dec())
	case !v.Amount.Gt(t.Redeemed):
		return fmt.Errorf("%w: %s wei, %s wei redeemed", ErrNothingNew, v.Amount.Dec(), t.Redeemed.Dec())
	}
	return nil
}
