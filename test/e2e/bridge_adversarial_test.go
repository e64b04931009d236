package e2e

import (
	"testing"
)

// scenario runs f as the named subtest on bn's network, then checks the
// invariant on every chain.
func (bn *bridgeNet) scenario(t *testing.T, name string, f func(t *testing.T)) {
	t.Run(name, func(t *testing.T) {
		// The network's helpers fail the test that runs them.
		parent := bn.t
		bn.use(t)
		defer bn.use(parent)
		f(t)
		bn.invariants()
	})
}

func (bn *bridgeNet) use(t *testing.T) {
	bn.t, bn.ln.t = t, t
	for _, n := range bn.ln.nodes {
		n.t = t
	}
}

// adversarial runs the scenarios of a bridge under attack or failure, in
// order, on bn's network; each ends with the invariant on every chain.
func (bn *bridgeNet) adversarial(t *testing.T) {
}
