package chain

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// This file is the one definition of a valid transaction, shared by
// CheckTx, PrepareProposal, ProcessProposal and FinalizeBlock through admit.
//
// A transaction is valid when
//   - it decodes, has 1–64 messages of registered kinds that pass Validate,
//     and a low-S signature from which a sender is recovered;
//   - its chain id is this chain's;
//   - its gas limit covers its intrinsic gas and is within the block's;
//   - its nonce is the sender's next nonce;
//   - the sender can pay the whole fee, gas limit × gas price, up front.
//
// What differs between the four callers is a policy: CheckTx and
// PrepareProposal add this node's minimum gas price (local, so never
// checked on others' blocks); the three block builders and checkers count
// the block's gas against its limit.

// policy is what a caller of admit adds to the chain's rules.
type policy struct {
	// minGasPrice is the node's minimum; nil checks none.
	minGasPrice *uint256.Int
	// blockGas, when not nil, is the gas limit of the transactions
	// admitted to the block so far; admit adds this one's to it.
	blockGas *uint64
}

// admit checks v against the chain's rules and the policy, then takes
// the full fee and uses the nonce on kv. On an error kv is unchanged,
// unless the error is a store fault.
func (a *App) admit(kv state.KV, v *verified, p policy) error {
	if err := a.checkAgainst(v); err != nil {
		return err
	}
	b := &v.tx.Body
	if p.minGasPrice != nil && b.GasPrice.Lt(p.minGasPrice) {
		return fmt.Errorf("%w: %s per gas, this node wants at least %s", ErrGasPriceTooLow,
			btt.FormatWei(b.GasPrice), btt.FormatWei(p.minGasPrice))
	}
	if p.blockGas != nil {
		if max := a.params().MaxBlockGas; *p.blockGas+b.GasLimit > max {
			return fmt.Errorf("%w: the block's transactions would ask %d gas, the block limit is %d", ErrBlockFull, *p.blockGas+b.GasLimit, max)
		}
	}
	if err := chargeFee(kv, v); err != nil {
		return err
	}
	if p.blockGas != nil {
		*p.blockGas += b.GasLimit
	}
	return nil
}

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
	v.intrinsic = tx.IntrinsicGas(a.codec, len(raw), v.msgs)
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

// chargeFee checks the nonce and the fee against kv, then takes the whole
// fee and uses the nonce, writing once and only after both checks pass.
// It is the stateful half of validity, and the part of a transaction that
// stays even when its messages fail.
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
