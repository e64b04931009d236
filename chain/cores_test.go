package chain

import (
	"runtime"
	"testing"
	"time"
)

// TestBlockHoldsACore checks the sharing rule: with a block holding a
// core, CheckTx recovers senders on the others only, and a block waits for
// at most one recovery to finish, never for a queue of them.
func TestBlockHoldsACore(t *testing.T) {
	c := newCores()
	n := runtime.GOMAXPROCS(0)
	releaseBlock := c.hold()
	var releases []func()
	for range n - 1 {
		releases = append(releases, c.hold())
	}
	got := make(chan func())
	go func() { got <- c.hold() }()
	select {
	case <-got:
		t.Fatalf("a recovery started while %d of %d cores were taken", n, n)
	case <-time.After(50 * time.Millisecond):
	}
	releaseBlock()
	select {
	case r := <-got:
		r()
	case <-time.After(5 * time.Second):
		t.Fatal("a released core was not taken up")
	}
	for _, r := range releases {
		r()
	}
	if len(c.tokens) != 0 {
		t.Fatalf("%d cores still held", len(c.tokens))
	}
}
