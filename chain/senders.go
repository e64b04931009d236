package chain

import (
	"runtime"
	"sync"

	"github.com/bttc-network/bttc/chain/address"
	"github.com/bttc-network/bttc/chain/tx"
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
	out := make([]*verified, len(raws))
	hashes := make([][32]byte, len(raws))
	var todo []int
	for i, raw := range raws {
		hashes[i] = tx.Hash(raw)
		if v := a.senders.get(hashes[i]); v != nil {
			out[i] = v
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		workers := min(runtime.GOMAXPROCS(0), len(todo))
		var wg sync.WaitGroup
		next := make(chan int, len(todo))
		for _, i := range todo {
			next <- i
		}
		close(next)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					out[i] = a.verifyStateless(raws[i])
				}
			}()
		}
		wg.Wait()
		for _, i := range todo {
			a.senders.put(hashes[i], out[i])
		}
	}
	return out
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
