package relay

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/btt"
)

// Refusal is a call the root contract (or its token) refused: the custom
// error's name and arguments, said in words. It keeps the revert data, so
// isRevert reads it as it reads the chain's own error.
type Refusal struct {
	// Name is the contract's custom error, such as IsPaused, or "Error"
	// for a reason string and "Panic" for a Solidity panic.
	Name string
	Args []any
	text string
	data string
}

func (r *Refusal) Error() string { return r.text }

// ErrorData is the revert data, 0x-hex.
func (r *Refusal) ErrorData() interface{} { return r.data }

// refusal turns a reverted call's error into a Refusal when its revert
// data is one of the root contract's errors, a reason or a panic; other
// errors pass unchanged.
func refusal(err error) error {
	var de interface{ ErrorData() interface{} }
	if err == nil || !errors.As(err, &de) {
		return err
	}
	hexData := fmt.Sprint(de.ErrorData())
	data := common.FromHex(hexData)
	if len(data) < 4 {
		return err
	}
	for name, e := range contracts.RootArtifact.ABI.Errors {
		if bytes.Equal(data[:4], e.ID[:4]) {
			args, _ := e.Inputs.Unpack(data[4:])
			return &Refusal{Name: name, Args: args, text: describe(name, args), data: hexData}
		}
	}
	if reason, uerr := abi.UnpackRevert(data); uerr == nil {
		return &Refusal{Name: "Error", Args: []any{reason}, text: "refused: " + reason, data: hexData}
	}
	return err
}

// describe says a root contract error in words.
func describe(name string, args []any) string {
	num := func(i int) *big.Int {
		if i < len(args) {
			if v, ok := args[i].(*big.Int); ok {
				return v
			}
		}
		return new(big.Int)
	}
	amount := func(i int) string {
		v, _ := uint256.FromBig(num(i))
		return btt.Format(v)
	}
	when := func(i int) string { return time.Unix(num(i).Int64(), 0).UTC().Format("2006-01-02 15:04:05 UTC") }
	switch name {
	case "IsPaused":
		return "the root contract is paused (its guardian paused it; the validators' signatures unpause it)"
	case "RateLimited":
		return fmt.Sprintf("the root contract's exit rate limit is reached: %s may exit now, more from %s (root chain time)", amount(0), when(1))
	case "StillDelayed":
		return fmt.Sprintf("the exit is queued until %s (root chain time)", when(0))
	case "NotQueued":
		return "not queued: it has not exited, or was claimed already"
	case "AlreadyExited":
		return "exited already"
	case "NoSuchCheckpoint":
		return fmt.Sprintf("the root contract holds no checkpoint %s yet", num(0))
	case "NotInCheckpoint":
		return "not in that checkpoint"
	case "BadProof":
		return "the root contract refused the withdrawal's proof"
	case "ZeroAmount":
		return "the amount is zero"
	case "ZeroAddress":
		return "the recipient is the zero address"
	case "TransferFailed":
		return "the token refused the transfer"
	}
	return "the root contract refused: " + name
}
