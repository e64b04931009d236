package loadgen

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"golang.org/x/sync/errgroup"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// Options describe a load run.
type Options struct {
	Client   *rpcclient.Client
	ChainID  string
	Funder   *ecdsa.PrivateKey
	Accounts int // sending accounts
	PerAcct  int // transfers each account sends
	GasPrice *uint256.Int
	Workers  int // concurrent submitters
	Batch    int // transfers per JSON-RPC request (a batch request above 1)
	Timeout  time.Duration
	Logf     func(format string, args ...any)
	// Rate paces submission at this many transactions a second, all
	// workers together; 0 submits as fast as the node takes them. A rate
	// the chain sustains shows the latency of a steady load; an unpaced
	// run shows throughput, its transactions queueing in the mempool.
	Rate float64
	// Funded skips the funding round: the accounts hold enough already,
	// as in a genesis made from FundFile.
	Funded bool
	// Opaque sends key=value transactions instead of signed transfers,
	// for CometBFT's own kvstore application: the engine's ceiling, loaded
	// by the same tool. No funding, no signatures, no Funder.
	Opaque bool
}

// Report is the outcome of a run.
type Report struct {
	Submitted int
	Committed int
	Failed    int // committed with a non-zero code
	Elapsed   time.Duration
	PerSecond float64
	P50, P95  time.Duration
	// ToolCPU is the CPU time this process used between the first
	// submission and the last inclusion: what the load took from a
	// machine it shares with the node.
	ToolCPU time.Duration
	// Resent counts transactions the node turned away with a full
	// mempool and the tool sent again after a pause: the load outran the
	// chain, and latencies include the wait.
	Resent int
}

// transferGas covers a plain transfer with room to spare.
const transferGas = 40_000

// Run funds the accounts, then submits and tracks the transfers.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Accounts < 2 || o.PerAcct < 1 || o.Workers < 1 || o.Batch < 1 {
		return nil, errors.New("need at least 2 accounts, 1 transfer each, 1 worker and batches of 1 or more")
	}
	if o.Opaque {
		return submitAndTrack(ctx, o, opaqueRounds(o))
	}
	keys, addrs := Accounts(o.Accounts)
	if !o.Funded {
		if err := fund(ctx, o, addrs); err != nil {
			return nil, fmt.Errorf("funding accounts: %w", err)
		}
	}
	nonces, err := readNonces(ctx, o, addrs)
	if err != nil {
		return nil, err
	}
	o.Logf("signing %d transfers", o.Accounts*o.PerAcct)
	// rounds[j] holds nonce j of every account. Account i is always sent
	// by worker i mod Workers, round after round (and a batch request is
	// run in order), so no nonce reaches the node before its predecessor.
	rounds := make([][][]byte, o.PerAcct)
	for j := range rounds {
		rounds[j] = make([][]byte, o.Accounts)
	}
	// Signed on every core: a million transfers take seconds, not a minute.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, k := range keys {
		g.Go(func() error {
			for j := range rounds {
				raw, err := signTransfer(o, k, nonces[i]+uint64(j), addrs[(i+1+j)%o.Accounts], uint256.NewInt(1))
				if err != nil {
					return err
				}
				rounds[j][i] = raw
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return submitAndTrack(ctx, o, rounds)
}

// readNonces asks the node for every account's nonce, Workers at a time:
// a hundred thousand accounts take seconds, not minutes.
func readNonces(ctx context.Context, o Options, addrs []address.Address) ([]uint64, error) {
	nonces := make([]uint64, len(addrs))
	errs := make(chan error, o.Workers)
	var next sync.Mutex
	i := 0
	for range o.Workers {
		go func() {
			for {
				next.Lock()
				n := i
				i++
				next.Unlock()
				if n >= len(addrs) {
					errs <- nil
					return
				}
				acc, err := o.Client.Account(ctx, addrs[n], 0)
				if err != nil {
					errs <- fmt.Errorf("nonce of %s: %w", addrs[n], err)
					return
				}
				nonces[n] = acc.Nonce
			}
		}()
	}
	var first error
	for range o.Workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return nonces, first
}

// FundFile writes the fund-file lines (ADDRESS,AMOUNT) of the first n
// accounts, for a genesis whose load needs no funding round.
func FundFile(w io.Writer, n int, amount *uint256.Int) error {
	bw := bufio.NewWriter(w)
	_, addrs := Accounts(n)
	for _, a := range addrs {
		if _, err := fmt.Fprintf(bw, "%s,%swei\n", a.Hex(), amount.Dec()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// opaqueRounds are Accounts × PerAcct distinct key=value transactions,
// shaped as the transfers would be; a random run tag keeps a second run's
// from colliding with the first's in the node's mempool cache.
func opaqueRounds(o Options) [][][]byte {
	var tag [8]byte
	_, _ = rand.Read(tag[:])
	rounds := make([][][]byte, o.PerAcct)
	for j := range rounds {
		rounds[j] = make([][]byte, o.Accounts)
		for i := range rounds[j] {
			rounds[j][i] = fmt.Appendf(nil, "load-%x-%d-%d=%0100d", tag, i, j, j) // about a transfer's size
		}
	}
	return rounds
}

// Accounts are the first n sending accounts, the same in every run: a
// second run on the same chain reuses them (and reads their nonces), and a
// test can check what a run did to them.
func Accounts(n int) ([]*ecdsa.PrivateKey, []address.Address) {
	keys := make([]*ecdsa.PrivateKey, n)
	addrs := make([]address.Address, n)
	for i := range keys {
		seed := crypto.Keccak256([]byte("bttc-loadgen"), binary.BigEndian.AppendUint64(nil, uint64(i)))
		// A keccak output is a valid secp256k1 scalar but for a chance of
		// about 2^-128, which ToECDSA would report.
		k, err := crypto.ToECDSA(seed)
		if err != nil {
			panic(fmt.Sprintf("loadgen account %d: %v", i, err))
		}
		keys[i], addrs[i] = k, address.FromPublicKey(&k.PublicKey)
	}
	return keys, addrs
}

func signTransfer(o Options, k *ecdsa.PrivateKey, nonce uint64, to address.Address, amount *uint256.Int) ([]byte, error) {
	return signMsgs(o, k, nonce, transferGas, &bank.MsgSend{To: to, Amount: amount})
}

func signMsgs(o Options, k *ecdsa.PrivateKey, nonce, gas uint64, msgs ...tx.Msg) ([]byte, error) {
	raws := make([]tx.RawMsg, len(msgs))
	for i, m := range msgs {
		r, err := tx.EncodeMsg(m)
		if err != nil {
			return nil, err
		}
		raws[i] = r
	}
	signed, err := tx.Sign(tx.Body{ChainID: o.ChainID, Nonce: nonce, GasLimit: gas, GasPrice: o.GasPrice, Msgs: raws}, tx.KeySigner{Key: k})
	if err != nil {
		return nil, err
	}
	return signed.Encode()
}

// fund gives every account enough for its transfers and fees, in
// multi-sends of up to 500 outputs.
func fund(ctx context.Context, o Options, addrs []address.Address) error {
	funder := address.FromPublicKey(&o.Funder.PublicKey)
	acc, err := o.Client.Account(ctx, funder, 0)
	if err != nil {
		return err
	}
	each := new(uint256.Int).Mul(uint256.NewInt(uint64(o.PerAcct)*transferGas*2), o.GasPrice)
	each.Add(each, btt.OneBTT())
	nonce := acc.Nonce
	for start := 0; start < len(addrs); start += 500 {
		end := min(start+500, len(addrs))
		m := &bank.MsgMultiSend{}
		for _, a := range addrs[start:end] {
			m.Outputs = append(m.Outputs, bank.Output{To: a, Amount: each})
		}
		raw, err := signMsgs(o, o.Funder, nonce, uint64(20_000+(end-start)*8_000), m)
		if err != nil {
			return err
		}
		nonce++
		hash, err := o.Client.Broadcast(ctx, raw)
		if err != nil {
			return err
		}
		res, err := o.Client.WaitTx(ctx, hash, 100*time.Millisecond)
		if err != nil {
			return err
		}
		if res.TxResult.Code != 0 {
			return fmt.Errorf("funding multi-send failed: %s", res.TxResult.Log)
		}
	}
	o.Logf("funded %d accounts with %s each", len(addrs), btt.Format(each))
	return nil
}

func submitAndTrack(ctx context.Context, o Options, rounds [][][]byte) (*Report, error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	status, err := o.Client.Status(ctx)
	if err != nil {
		return nil, err
	}
	startHeight := status.SyncInfo.LatestBlockHeight + 1

	sub, err := newSubmitter(o.Client.Remote(), o.Workers)
	if err != nil {
		return nil, err
	}
	// Each worker's requests, encoded before the clock starts.
	type part struct {
		body   []byte
		txs    [][]byte
		hashes []string
	}
	work := make([][]part, o.Workers)
	for _, round := range rounds {
		for w := range work {
			var mine [][]byte
			for i := w; i < len(round); i += o.Workers {
				mine = append(mine, round[i])
			}
			for len(mine) > 0 {
				txs := mine[:min(o.Batch, len(mine))]
				mine = mine[len(txs):]
				p := part{body: request(txs), txs: txs}
				for _, raw := range txs {
					p.hashes = append(p.hashes, string(types.Tx(raw).Hash()))
				}
				work[w] = append(work[w], p)
			}
		}
	}

	var mu sync.Mutex
	submitted := make(map[string]time.Time, len(rounds)*len(rounds[0]))
	rep := &Report{}
	cpu0 := cpuTime()
	start := time.Now()

	var wg sync.WaitGroup
	var submitErr error
	var reserved atomic.Int64 // transactions given a send time so far, when paced
	for w := range work {
		wg.Add(1)
		go func(parts []part) {
			defer wg.Done()
			for _, p := range parts {
				n := len(p.hashes)
				if o.Rate > 0 { // this part's place in a steady stream
					at := start.Add(time.Duration(float64(reserved.Add(int64(n))-int64(n)) / o.Rate * float64(time.Second)))
					select {
					case <-time.After(time.Until(at)):
					case <-ctx.Done():
						return
					}
				}
				// Recorded before sending: the block may be committed
				// and read before the call returns.
				t := time.Now()
				mu.Lock()
				for _, h := range p.hashes {
					submitted[h] = t
				}
				mu.Unlock()
				err := resend(ctx, sub, p.body, p.txs, func(n int) {
					mu.Lock()
					rep.Resent += n
					mu.Unlock()
				})
				mu.Lock()
				if err != nil && submitErr == nil {
					submitErr = err
				}
				if err == nil {
					rep.Submitted += n
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}(work[w])
	}
	total := len(rounds) * len(rounds[0])
	var latencies []time.Duration
	var last time.Time
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	height := startHeight
	// Inclusion is watched through /block alone; the result codes are read
	// from /block_results once the clock has stopped, because encoding
	// thousands of results as JSON costs the node as much CPU as a good
	// part of its CheckTx work, and the two share the machine's cores.
	var included []inclusion
	seen := 0
	for seen < total {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%d of %d transfers committed before the time-out: %w", seen, total, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
		mu.Lock()
		failedSubmit := submitErr
		mu.Unlock()
		if failedSubmit != nil {
			return nil, fmt.Errorf("submitting: %w", failedSubmit)
		}
		for {
			b, err := o.Client.Block(ctx, height)
			if err != nil {
				break // not yet committed
			}
			now := time.Now()
			in := inclusion{height: height}
			mu.Lock()
			for i, raw := range b.Block.Txs {
				if t, ok := submitted[string(raw.Hash())]; ok {
					latencies = append(latencies, now.Sub(t))
					in.txs = append(in.txs, i)
				}
			}
			mu.Unlock()
			if len(in.txs) > 0 {
				included = append(included, in)
				seen += len(in.txs)
				last = now
			}
			height++
		}
	}
	<-done
	rep.ToolCPU = cpuTime() - cpu0
	if len(included) > 0 {
		if err := waitCommitted(ctx, o.Client, included[len(included)-1].height); err != nil {
			return nil, err
		}
	}
	for _, in := range included {
		res, err := o.Client.BlockResults(ctx, in.height)
		// An application that counts a block committed before CometBFT
		// stores its results (kvstore) leaves a moment to wait out.
		for err != nil && ctx.Err() == nil {
			time.Sleep(50 * time.Millisecond)
			res, err = o.Client.BlockResults(ctx, in.height)
		}
		if err != nil {
			return nil, fmt.Errorf("results of block %d: %w", in.height, err)
		}
		for _, i := range in.txs {
			if res.TxsResults[i].Code != 0 {
				rep.Failed++
			} else {
				rep.Committed++
			}
		}
	}
	rep.Elapsed = last.Sub(start)
	rep.PerSecond = float64(rep.Committed) / rep.Elapsed.Seconds()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	rep.P50 = latencies[len(latencies)/2]
	rep.P95 = latencies[len(latencies)*95/100]
	return rep, nil
}

// waitCommitted waits until the application has committed height, so that
// the block's results are stored: asked for them any earlier, the node
// fails the request and logs an error.
func waitCommitted(ctx context.Context, c *rpcclient.Client, height int64) error {
	for {
		h, err := c.AppHeight(ctx)
		if err == nil && h >= height {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("block %d not committed in time: %w (last asked: %v)", height, ctx.Err(), err)
			}
			return fmt.Errorf("block %d not committed in time: %w", height, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ResendPause is how long a worker waits for room in a full mempool: about
// the time a block takes to clear some.
const ResendPause = 250 * time.Millisecond

// resend sends one request and, while the node answers that its mempool is
// full, waits and sends the transactions it turned away again, in their
// order, so that an account's later nonces never overtake an earlier one.
// resent is told how many went again each time.
func resend(ctx context.Context, sub *submitter, body []byte, txs [][]byte, resent func(int)) error {
	for {
		full, err := sub.send(ctx, body, len(txs))
		if err != nil || len(full) == 0 {
			return err
		}
		again := make([][]byte, len(full))
		for i, at := range full {
			again[i] = txs[at]
		}
		txs, body = again, request(again)
		resent(len(txs))
		select {
		case <-time.After(ResendPause):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// inclusion is where some of the run's transfers landed: a height and
// their positions in its block.
type inclusion struct {
	height int64
	txs    []int
}
