package bridge

import (
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// The bridge hashes what the root contract hashes, so values are laid out
// as Solidity's abi.encode lays them out: every static value in a 32-byte
// word, addresses right-aligned.

func wordUint(v uint64) []byte {
	w := make([]byte, 32)
	u := uint256.NewInt(v).Bytes32()
	copy(w, u[:])
	return w
}

func wordBig(v *uint256.Int) []byte {
	u := v.Bytes32()
	return u[:]
}

func wordAddr(a address.Address) []byte {
	w := make([]byte, 32)
	copy(w[12:], a[:])
	return w
}

func concat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
