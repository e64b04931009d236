package bridge

import "github.com/bttc-network/bttc/core/address"

// Stake is what the bridge reads of staking; chain adapts staking's store
// to it.
type Stake interface {
	// BridgeSigners returns the bonded validators' bridge signers and
	// their voting power, in any order.
	BridgeSigners() (signers []address.Address, powers []uint64, err error)
	// BridgeSignerOf returns the bridge signer registered by the
	// validator whose consensus address is cons and its power in the
	// active set (0 outside it); ok is false for no such validator.
	BridgeSignerOf(cons [20]byte) (signer address.Address, power uint64, ok bool, err error)
}
