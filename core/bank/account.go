package bank

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"
)

// accountLen is the encoded size: 32-byte balance, 8-byte nonce.
const accountLen = 40

// Account is everything the chain keeps per address. Keeping the nonce
// beside the balance means one record per account: a transfer reads and
// writes two keys, the sender's and the recipient's.
type Account struct {
	Balance uint256.Int `json:"balance"`
	Nonce   uint64      `json:"nonce"`
}

// IsEmpty reports whether the account is indistinguishable from a fresh one.
func (a *Account) IsEmpty() bool { return a.Balance.IsZero() && a.Nonce == 0 }

func (a *Account) encode() []byte {
	b := make([]byte, accountLen)
	a.Balance.PutUint256(b[:32])
	binary.BigEndian.PutUint64(b[32:], a.Nonce)
	return b
}

func decodeAccount(b []byte) (Account, error) {
	var a Account
	if b == nil {
		return a, nil
	}
	if len(b) != accountLen {
		return a, fmt.Errorf("%w: account record of %d bytes", ErrCorrupt, len(b))
	}
	a.Balance.SetBytes32(b[:32])
	a.Nonce = binary.BigEndian.Uint64(b[32:])
	return a, nil
}
