package chain

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// DefaultSenderCacheSize holds the senders of about two full mempools.
const DefaultSenderCacheSize = 100_000

// verified is a transaction that passed every check that needs no state:
// decoding, shape, signature, messages. It is cached by hash, so a
// transaction is decoded and its signature recovered once, in CheckTx or in
// the parallel pass of a proposal, and reused by FinalizeBlock.
type verified struct {
	tx        *tx.Tx
	msgs      []tx.Msg
	sender    address.Address
	intrinsic uint64
	size      int
	err       error // non-nil: the transaction is invalid on its own
}

// senderCache is a bounded FIFO cache of verified transactions.
type senderCache struct {
	mu    sync.Mutex
	max   int
	items map[[32]byte]*verified
	order [][32]byte
	head  int
}

func newSenderCache(max int) *senderCache {
	if max <= 0 {
		max = DefaultSenderCacheSize
	}
	return &senderCache{max: max, items: make(map[[32]byte]*verified, max)}
}

func (c *senderCache) get(h [32]byte) *verified {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[h]
}

func (c *senderCache) put(h [32]byte, v *verified) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[h]; ok {
		return
	}
	if len(c.order) < c.max {
		c.order = append(c.order, h)
	} else {
		delete(c.items, c.order[c.head])
		c.order[c.head] = h
		c.head = (c.head + 1) % c.max
	}
	c.items[h] = v
}

// verifyAll verifies raw transactions, recovering signatures in parallel
// across cores for those not cached yet. Results are in input order.
func (a *App) verifyAll(raws [][]byte) []*verified {
	get := a.verifyStream(raws)
	out := make([]*verified, len(raws))
	for i := range out {
		out[i] = get(i)
	}
	return out
}

// verifyStream starts verifying raw transactions in the background, in
// parallel across cores and in input order, and returns get, which waits
// for the i-th result. FinalizeBlock applies transaction i while later
// senders are still being recovered, which keeps every core busy on a
// block whose senders CheckTx never saw. The workers finish on their own
// whether or not every result is asked for.
func (a *App) verifyStream(raws [][]byte) (get func(i int) *verified) {
	out := make([]*verified, len(raws))
	hashes := make([][32]byte, len(raws))
	var todo []int
	for i, raw := range raws {
		hashes[i] = tx.Hash(raw)
		if v := a.senders.get(hashes[i]); v != nil {
			out[i] = v
			if v.presigned() {
				todo = append(todo, i) // CheckTx left its vouchers' signers for the block to recover
			}
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return func(i int) *verified { return out[i] }
	}
	done := make([]chan struct{}, len(raws))
	for _, i := range todo {
		done[i] = make(chan struct{})
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		go func() {
			for n := int(next.Add(1)) - 1; n < len(todo); n = int(next.Add(1)) - 1 {
				i := todo[n]
				if out[i] == nil {
					out[i] = a.verifyStateless(raws[i])
					a.senders.put(hashes[i], out[i])
				}
				out[i].recoverSigners()
				close(done[i])
			}
		}()
	}
	return func(i int) *verified {
		if done[i] != nil {
			<-done[i]
		}
		return out[i]
	}
}

// presigned reports whether v carries signatures of its own (vouchers)
// that a block recovers with the senders.
func (v *verified) presigned() bool {
	for _, m := range v.msgs {
		if _, ok := m.(tx.Presigned); ok {
			return true
		}
	}
	return false
}

// recoverSigners recovers the signatures v's messages carry, on the
// block's worker goroutines. CheckTx does not: a transaction that cannot
// pay its fee must not make a node recover hundreds of vouchers. ABCI
// calls are serialised, so nothing else reads v meanwhile.
func (v *verified) recoverSigners() {
	if v.err != nil {
		return
	}
	for _, m := range v.msgs {
		if p, ok := m.(tx.Presigned); ok {
			p.RecoverSigners(v.tx.Body.ChainID)
		}
	}
}

// verify is verifyAll for one transaction.
func (a *App) verify(raw []byte) *verified {
	h := tx.Hash(raw)
	if v := a.senders.get(h); v != nil {
		return v
	}
	v := a.verifyStateless(raw)
	a.senders.put(h, v)
	return v
}
