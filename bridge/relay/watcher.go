package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
)

// depositTopic is the root contract's Deposit(uint256 indexed nonce,
// address indexed depositor, address indexed bttcRecipient, uint256
// amount) event.
var depositTopic = crypto.Keccak256Hash([]byte("Deposit(uint256,address,address,uint256)"))

// Errors of the watcher.
var (
	// ErrWrongChain is returned when the RPC serves another chain id than the registry says.
	ErrWrongChain = errors.New("the RPC serves another chain")
	// ErrFinalityLie is returned when the RPC's finalized block is its latest.
	ErrFinalityLie = errors.New("the RPC reports its latest block as finalized")
)

// Config is one watched root chain.
type Config struct {
	// Chain is the root chain's name in BTTC's registry.
	Chain    string
	RPC      string
	ChainID  uint64
	Contract address.Address
	// Confirmations below the latest block make a deposit final; 0 means
	// the RPC's finalized block. On TRON they count below its solidified
	// block.
	Confirmations uint64
	// StateFile keeps the scan position and the pending deposits.
	StateFile string
	// Poll is how often the chain is read; MaxBlocks bounds one log query.
	Poll      time.Duration
	MaxBlocks uint64
	Logger    *slog.Logger
	Metrics   *Metrics
}

// Watcher follows one root contract's deposits.
type Watcher struct {
	cfg  Config
	link *link

	mu      sync.Mutex
	scanned uint64                        // highest block scanned
	pending map[uint64]bridge.Observation // by nonce, not yet known minted
	lastErr error
}

// persisted is the state file's content.
type persisted struct {
	Scanned uint64               `json:"scanned"`
	Pending []bridge.Observation `json:"pending"`
}

// NewWatcher dials the RPC (lazily: the first poll connects) and loads the
// state file.
func NewWatcher(cfg Config) (*Watcher, error) {
	if cfg.Poll == 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.MaxBlocks == 0 {
		cfg.MaxBlocks = 2_000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	l, err := newLink(cfg.RPC, cfg.ChainID)
	if err != nil {
		return nil, fmt.Errorf("bridge %s: %w", cfg.Chain, err)
	}
	w := &Watcher{cfg: cfg, link: l, pending: map[uint64]bridge.Observation{}}
	raw, err := os.ReadFile(cfg.StateFile)
	if err == nil {
		var p persisted
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("bridge %s: %s is not a watcher state file: %v", cfg.Chain, cfg.StateFile, err)
		}
		w.scanned = p.Scanned
		for _, o := range p.Pending {
			w.pending[o.Nonce] = o
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return w, nil
}

// Close closes the RPC connection.
func (w *Watcher) Close() { w.link.close() }

// Run polls until ctx ends, backing off after failures. It never returns
// an error: a failing RPC only means nothing new to report.
func (w *Watcher) Run(ctx context.Context) {
	wait := w.cfg.Poll
	for {
		err := w.Poll(ctx)
		w.mu.Lock()
		w.lastErr = err
		w.mu.Unlock()
		if err != nil {
			w.cfg.Logger.Warn("bridge watcher", "chain", w.cfg.Chain, "err", err)
			w.cfg.Metrics.rpcError(w.cfg.Chain)
			wait = min(2*wait, time.Minute)
		} else {
			wait = w.cfg.Poll
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// Err is the last poll's failure, nil after a good one.
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lastErr
}

// Poll reads the chain once: the deposits in the blocks that became final
// since the last poll.
func (w *Watcher) Poll(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id, err := w.link.eth.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("chain id: %w", err)
	}
	if id.Uint64() != w.cfg.ChainID || !id.IsUint64() {
		return fmt.Errorf("%w: it says %s, %s is %d", ErrWrongChain, id, w.cfg.Chain, w.cfg.ChainID)
	}
	final, latest, err := w.finalBlock(ctx)
	if err != nil {
		return err
	}
	w.mu.Lock()
	from := w.scanned + 1
	w.mu.Unlock()
	for from <= final {
		to := min(final, from+w.cfg.MaxBlocks-1)
		logs, err := w.link.eth.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{common.Address(w.cfg.Contract)}, Topics: [][]common.Hash{{depositTopic}},
		})
		if err != nil {
			return fmt.Errorf("deposit logs %d-%d: %w", from, to, err)
		}
		w.mu.Lock()
		for _, l := range logs {
			if o, ok := w.observation(l); ok {
				w.pending[o.Nonce] = o
			}
		}
		w.scanned = to
		err = w.save()
		w.mu.Unlock()
		if err != nil {
			return err
		}
		from = to + 1
	}
	w.mu.Lock()
	w.cfg.Metrics.set(lagBlocks, w.cfg.Chain, float64(latest-min(latest, w.scanned)))
	w.cfg.Metrics.set(pendingDeposits, w.cfg.Chain, float64(len(w.pending)))
	w.mu.Unlock()
	return nil
}

// finalBlock is the highest block the chain's finality rule makes final,
// and the latest. The rule is the RPC's finalized block (TRON's solidified
// block), or Confirmations below it; on a chain without finality tags
// (BNB Chain before its fast finality, a dev node), Confirmations below the
// latest. A chain whose final block is its latest lies about finality.
func (w *Watcher) finalBlock(ctx context.Context) (final, latest uint64, err error) {
	latest, err = w.link.eth.BlockNumber(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("latest block: %w", err)
	}
	var fin uint64
	switch {
	case w.link.isTron():
		if fin, err = w.link.tron.SolidBlock(ctx); err != nil {
			return 0, 0, fmt.Errorf("solidified block: %w", err)
		}
	case w.cfg.Confirmations > 0:
		return latest - min(latest, w.cfg.Confirmations), latest, nil
	default:
		head, err := w.link.eth.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		if err != nil {
			return 0, 0, fmt.Errorf("finalized block: %w", err)
		}
		fin = head.Number.Uint64()
	}
	if fin >= latest && latest > 0 {
		return 0, 0, fmt.Errorf("%w (block %d)", ErrFinalityLie, latest)
	}
	return fin - min(fin, w.cfg.Confirmations), latest, nil
}

// observation reads a Deposit log; ok is false for anything else.
func (w *Watcher) observation(l types.Log) (bridge.Observation, bool) {
	if len(l.Topics) != 4 || l.Topics[0] != depositTopic || len(l.Data) != 32 || l.Removed {
		return bridge.Observation{}, false
	}
	nonce := new(big.Int).SetBytes(l.Topics[1][:])
	if !nonce.IsUint64() {
		return bridge.Observation{}, false
	}
	var depositor, recipient address.Address
	copy(depositor[:], l.Topics[2][12:])
	copy(recipient[:], l.Topics[3][12:])
	amount := new(uint256.Int).SetBytes(l.Data)
	return bridge.Observation{Chain: w.cfg.Chain, Nonce: nonce.Uint64(), Depositor: depositor, Recipient: recipient,
		Amount: amount, RootTx: bridge.Hash(l.TxHash)}, true
}

// save writes the state file atomically. The caller holds w.mu.
func (w *Watcher) save() error {
	p := persisted{Scanned: w.scanned}
	for _, o := range w.pending {
		p.Pending = append(p.Pending, o)
	}
	sort.Slice(p.Pending, func(i, j int) bool { return p.Pending[i].Nonce < p.Pending[j].Nonce })
	raw, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(w.cfg.StateFile), 0o700); err != nil {
		return err
	}
	tmp := w.cfg.StateFile + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, w.cfg.StateFile)
}

// Deposits returns the pending deposits of chain from nonce from on, in
// order and without gaps, at most max; it forgets those below from, which
// BTTC has minted. It is what the vote extension reports.
func (w *Watcher) Deposits(chain string, from uint64, max int) []bridge.Observation {
	if chain != w.cfg.Chain {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	pruned := false
	for n := range w.pending {
		if n < from {
			delete(w.pending, n)
			pruned = true
		}
	}
	if pruned {
		_ = w.save() // a failed write only repeats reports after a restart
		w.cfg.Metrics.set(pendingDeposits, w.cfg.Chain, float64(len(w.pending)))
	}
	var out []bridge.Observation
	for n := from; len(out) < max; n++ {
		o, ok := w.pending[n]
		if !ok {
			break
		}
		out = append(out, o)
	}
	return out
}
