package chain

import (
	"fmt"
	"testing"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/tx"
)

// Codes are a public contract: each (codespace, code) names one error.
func TestCodesAreUnique(t *testing.T) {
	seen := map[string]error{}
	for _, c := range codes {
		k := fmt.Sprintf("%s/%d", c.codespace, c.code)
		if prev, dup := seen[k]; dup {
			t.Fatalf("%s is both %v and %v", k, prev, c.err)
		}
		seen[k] = c.err
	}
}

// A module error wrapped in tx.ErrBadMsg reports the module's code.
func TestCodeOfPrefersModuleErrors(t *testing.T) {
	err := fmt.Errorf("%w: %w", tx.ErrBadMsg, bank.ErrZeroAmount)
	if space, code := CodeOf(err); space != bank.Codespace || code != bank.Codes[bank.ErrZeroAmount] {
		t.Fatalf("CodeOf = %s/%d", space, code)
	}
	if space, code := CodeOf(fmt.Errorf("something else")); space != CodespaceTx || code != 1 {
		t.Fatalf("unknown error maps to %s/%d, want tx/1", space, code)
	}
}
