package relay

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bttc-network/bttc/bridge/contracts"
)

// revertErr is a reverted call's error as go-ethereum's RPC client gives it.
type revertErr struct{ data string }

func (e revertErr) Error() string          { return "execution reverted" }
func (e revertErr) ErrorData() interface{} { return e.data }

func packError(t *testing.T, name string, args ...any) string {
	t.Helper()
	e := contracts.RootArtifact.ABI.Errors[name]
	packed, err := e.Inputs.Pack(args...)
	if err != nil {
		t.Fatal(err)
	}
	return "0x" + common.Bytes2Hex(append(e.ID[:4:4], packed...))
}

// The root contract's errors are said in words, and still read as the
// contract's by isRevert; other errors pass unchanged.
func TestRefusal(t *testing.T) {
	tenBTT := new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18))
	err := refusal(revertErr{packError(t, "RateLimited", tenBTT, big.NewInt(1_800_000_000))})
	var r *Refusal
	if !errors.As(err, &r) || r.Name != "RateLimited" || !strings.Contains(err.Error(), "10btt may exit now, more from 2027-01-15 08:00:00 UTC") {
		t.Fatalf("RateLimited: %v", err)
	}
	if !isRevert(err, "RateLimited") || isRevert(err, "IsPaused") {
		t.Fatal("isRevert does not read the refusal")
	}
	if err := refusal(revertErr{packError(t, "IsPaused")}); !strings.Contains(err.Error(), "paused") {
		t.Fatalf("IsPaused: %v", err)
	}
	// Error(string), as a token says it.
	reason := "0x08c379a0" + common.Bytes2Hex(common.LeftPadBytes([]byte{0x20}, 32)) + common.Bytes2Hex(common.LeftPadBytes([]byte{4}, 32)) +
		common.Bytes2Hex(common.RightPadBytes([]byte("nope"), 32))
	if err := refusal(revertErr{reason}); err == nil || err.Error() != "refused: nope" {
		t.Fatalf("a reason: %v", err)
	}
	plain := errors.New("connection refused")
	if refusal(plain) != plain || refusal(revertErr{"0x12"}).Error() != "execution reverted" {
		t.Fatal("an error without revert data changed")
	}
}
