package bank

import (
	"fmt"

	"github.com/bttc-network/bttc/core/address"
)

// Params are the bank's governance-changeable settings.
type Params struct {
	// SendEnabled switches user transfers on or off; escrow by modules is
	// unaffected.
	SendEnabled bool `json:"send_enabled"`
	// BlockedAddresses may not receive plain transfers, on top of the
	// module accounts (which never may).
	BlockedAddresses []address.Address `json:"blocked_addresses"`
}

// DefaultParams has sends enabled and nothing blocked beyond module accounts.
func DefaultParams() Params { return Params{SendEnabled: true, BlockedAddresses: []address.Address{}} }

// MaxBlocked bounds the blocked list so that checking it stays cheap.
const MaxBlocked = 1000

// Validate checks the params on their own.
func (p Params) Validate() error {
	if len(p.BlockedAddresses) > MaxBlocked {
		return fmt.Errorf("blocked_addresses: %d entries, limit %d", len(p.BlockedAddresses), MaxBlocked)
	}
	seen := make(map[address.Address]bool, len(p.BlockedAddresses))
	for i, a := range p.BlockedAddresses {
		if seen[a] {
			return fmt.Errorf("blocked_addresses[%d]: %s listed twice", i, a)
		}
		seen[a] = true
	}
	return nil
}

func (p Params) isBlocked(a address.Address) bool {
	for _, b := range p.BlockedAddresses {
		if b == a {
			return true
		}
	}
	return false
}
