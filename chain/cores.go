package chain

import "runtime"

// cores shares the machine's cores between mempool admission and the
// block. CometBFT calls CheckTx from every RPC submission at once; left
// alone, a few dozen goroutines recovering senders take turns with the
// one goroutine that runs the block, which then gets a small share of a
// core and takes seconds over a block it could apply in a fraction of one.
// Blocks then grow, take longer still, and the chain falls behind its
// mempool. So sender recovery in CheckTx runs at most one per core, and a
// block in progress holds one core of its own: admission goes on beside it
// on the others, and never delays it.
type cores struct{ tokens chan struct{} }

func newCores() *cores {
	return &cores{tokens: make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))}
}

// hold takes a core and returns the function that gives it back.
func (c *cores) hold() (release func()) {
	c.tokens <- struct{}{}
	return func() { <-c.tokens }
}
