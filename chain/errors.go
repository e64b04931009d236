package chain

import (
	"errors"
	"sort"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/staking"
)

// Errors that make a transaction invalid against state. Like the sentinels
// of package tx, they keep it out of blocks.
var (
	// ErrWrongChain is returned for a transaction signed for another chain id.
	ErrWrongChain = errors.New("transaction is for another chain")
	// ErrBadNonce is returned when the nonce is not the sender's next one.
	ErrBadNonce = errors.New("wrong nonce")
	// ErrGasPriceTooLow is returned by CheckTx for a gas price below this node's minimum.
	ErrGasPriceTooLow = errors.New("gas price below this node's minimum")
	// ErrGasLimitTooLow is returned when the gas limit cannot cover the transaction's intrinsic gas.
	ErrGasLimitTooLow = errors.New("gas limit below the intrinsic gas")
	// ErrGasLimitTooHigh is returned when one transaction's gas limit exceeds the block's.
	ErrGasLimitTooHigh = errors.New("gas limit above the block gas limit")
	// ErrBlockFull is returned when a transaction's gas limit does not fit in what is left of the block's.
	ErrBlockFull = errors.New("block gas limit reached")
	// ErrCannotPayFee is returned when the sender cannot pay gas limit × gas price.
	ErrCannotPayFee = errors.New("insufficient funds for the fee")
	// ErrInternal is reported for a failure that no sentinel describes.
	ErrInternal = errors.New("internal error")
)

// CodespaceTx is the codespace of the transaction pipeline's own errors.
const CodespaceTx = api.CodespaceTx

// code is one stable (codespace, code) pair.
type code struct {
	err       error
	codespace string
	code      uint32
}

// codes lists every error a client can see in a result, with its stable
// number. Numbers are never reused or renumbered.
var codes = func() []code {
	list := []code{
		{tx.ErrMalformed, CodespaceTx, 2},
		{tx.ErrTooLarge, CodespaceTx, 3},
		{tx.ErrBadSignature, CodespaceTx, 4},
		{tx.ErrUnknownMsg, CodespaceTx, 5},
		{tx.ErrBadMsg, CodespaceTx, 6},
		{tx.ErrNoMsgs, CodespaceTx, 7},
		{tx.ErrMemoTooLong, CodespaceTx, 8},
		{tx.ErrNoGasPrice, CodespaceTx, 9},
		{ErrWrongChain, CodespaceTx, 10},
		{ErrBadNonce, CodespaceTx, api.CodeBadNonce},
		{ErrGasPriceTooLow, CodespaceTx, 12},
		{ErrGasLimitTooLow, CodespaceTx, 13},
		{ErrGasLimitTooHigh, CodespaceTx, 14},
		{ErrCannotPayFee, CodespaceTx, 15},
		{state.ErrOutOfGas, CodespaceTx, 16},
		{ErrBlockFull, CodespaceTx, 17},
		{ErrInternal, CodespaceTx, 1},
	}
	for err, c := range bank.Codes {
		list = append(list, code{err, bank.Codespace, c})
	}
	for err, c := range staking.Codes {
		list = append(list, code{err, staking.Codespace, c})
	}
	for err, c := range governance.Codes {
		list = append(list, code{err, governance.Codespace, c})
	}
	for err, c := range bridge.Codes {
		list = append(list, code{err, bridge.Codespace, c})
	}
	for err, c := range speed.Codes {
		list = append(list, code{err, speed.Codespace, c})
	}
	for err, c := range storage.Codes {
		list = append(list, code{err, storage.Codespace, c})
	}
	// Module tables are maps; sort so that lookup order never depends on
	// map iteration.
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].codespace != list[j].codespace {
			return list[i].codespace < list[j].codespace
		}
		return list[i].code < list[j].code
	})
	return list
}()

// CodeOf maps an error to its codespace and code. Module errors are
// checked before the generic ones (tx.ErrBadMsg wraps module errors).
func CodeOf(err error) (codespace string, c uint32) {
	for _, k := range codes {
		if k.codespace != CodespaceTx && errors.Is(err, k.err) {
			return k.codespace, k.code
		}
	}
	for _, k := range codes {
		if k.codespace == CodespaceTx && errors.Is(err, k.err) {
			return k.codespace, k.code
		}
	}
	return CodespaceTx, 1
}
