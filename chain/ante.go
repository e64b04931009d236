package chain

import (
	"fmt"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// This file is the one definition of a valid transaction, shared by
// CheckTx, PrepareProposal, ProcessProposal and FinalizeBlock.
//
// A transaction is valid when
//   - it decodes, has 1–64 messages of registered kinds that pass Validate,
//     and a low-S signature from which a sender is recovered;
//   - its chain id is this chain's;
//   - its gas limit covers its intrinsic gas and is within the block's;
//   - its nonce is the sender's next nonce;
//   - the sender can pay the whole fee, gas limit × gas price.
//
// CheckTx adds one node-local rule: the gas price is at least the node's
// minimum.

// verifyStateless runs the checks that need no state. It is safe to call
// from several goroutines.
func (a *App) verifyStateless(raw []byte) *verified {
	v := &verified{size: len(raw)}
	t, err := tx.Decode(raw)
	if err != nil {
		v.err = err
		return v
	}
	v.tx = t
	if v.sender, err = t.Sender(); err != nil {
		v.err = err
		return v
	}
	if v.msgs, err = a.codec.DecodeAll(&t.Body); err != nil {
		v.err = err
		return v
	}
	v.intrinsic = tx.IntrinsicGas(a.codec, len(raw), &t.Body)
	return v
}

// checkAgainst applies the checks that depend on the chain's settings.
func (a *App) checkAgainst(v *verified) error {
	if v.err != nil {
		return v.err
	}
	b := &v.tx.Body
	if b.ChainID != a.chainID {
		return fmt.Errorf("%w: signed for %q, this is %q", ErrWrongChain, b.ChainID, a.chainID)
	}
	if b.GasLimit < v.intrinsic {
		return fmt.Errorf("%w: limit %d, needs at least %d", ErrGasLimitTooLow, b.GasLimit, v.intrinsic)
	}
	if b.GasLimit > a.params().MaxBlockGas {
		return fmt.Errorf("%w: limit %d, block limit %d", ErrGasLimitTooHigh, b.GasLimit, a.params().MaxBlockGas)
	}
	return nil
}

// chargeFee checks the nonce and the fee against kv, then takes the fee
// and uses the nonce. It is the stateful half of validity, and the part of
// a transaction that stays even when its messages fail.
func chargeFee(kv state.KV, v *verified) error {
	b := &v.tx.Body
	bk := bank.New(kv)
	acc, err := bk.Account(v.sender)
	if err != nil {
		return err
	}
	if b.Nonce != acc.Nonce {
		return fmt.Errorf("%w: %s has nonce %d, the transaction has %d", ErrBadNonce, v.sender, acc.Nonce, b.Nonce)
	}
	fee := b.Fee()
	if acc.Balance.Lt(fee) {
		return fmt.Errorf("%w: %s holds %s, the fee is %s", ErrCannotPayFee, v.sender, btt.Format(&acc.Balance), btt.Format(fee))
	}
	acc.Balance.Sub(&acc.Balance, fee)
	acc.Nonce++
	return bk.SetAccount(v.sender, acc)
}
