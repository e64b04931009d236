package bridge

import (
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// Admin actions of the root contract. The guardian may only pause; these
// take a message signed by more than 2/3 of the contract's signer set,
// each validator signing with its bridge key (`bttcd bridge sign-admin`).
const (
	ActionUnpause     uint8 = 1
	ActionSetGuardian uint8 = 2
	ActionSetLimits   uint8 = 3
)

// AdminData is the data of an admin action as the contract decodes it:
// nothing for unpause, abi.encode(guardian) for set-guardian,
// abi.encode(rateLimit, rateWindow, delayThreshold, delay) for set-limits.
func AdminData(action uint8, guardian address.Address, limits [4]*uint256.Int) ([]byte, error) {
	switch action {
	case ActionUnpause:
		return []byte{}, nil
	case ActionSetGuardian:
		if guardian.IsZero() {
			return nil, fmt.Errorf("%w: a guardian must be set", ErrBadChain)
		}
		return wordAddr(guardian), nil
	case ActionSetLimits:
		var parts [][]byte
		for _, l := range limits {
			if l == nil {
				l = new(uint256.Int)
			}
			parts = append(parts, wordBig(l))
		}
		return concat(parts...), nil
	}
	return nil, fmt.Errorf("%w: unknown admin action %d", ErrBadChain, action)
}

// AdminDigest is the digest of admin action number nonce (the contract's
// adminNonce) with data, for the contract of d.
func (d Domain) AdminDigest(nonce uint64, action uint8, data []byte) Hash {
	h := crypto.Keccak256(data)
	return d.Digest(KindAdmin, concat(wordUint(nonce), wordUint(uint64(action)), h))
}
