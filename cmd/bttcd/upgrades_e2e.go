//go:build e2e_upgrade

package main

import (
	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/staking"
)

// The end-to-end tests build a second binary with this tag: the "new
// release" that knows upgrade e2e-v2. Its migration raises staking's
// max_entries to 9, so the tests can see that it ran.
func init() {
	upgrades = append(upgrades, chain.Upgrade{Name: "e2e-v2", Apply: func(kv state.KV, _ tx.Env) error {
		s := staking.New(kv)
		p, err := s.Params()
		if err != nil {
			return err
		}
		p.MaxEntries = 9
		return s.SetParams(p)
	}})
}
