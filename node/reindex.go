package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	dbm "github.com/cometbft/cometbft-db"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	blockidxkv "github.com/cometbft/cometbft/state/indexer/block/kv"
	"github.com/cometbft/cometbft/state/txindex"
	txidxkv "github.com/cometbft/cometbft/state/txindex/kv"
	"github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"
)

// CometBFT indexes a block's transactions and events after it commits, on
// another goroutine. A node killed between the two keeps the block and its
// results but never indexes them, so `tx_search` and `query tx` would deny
// a committed payment forever. On every start the node therefore indexes
// the committed heights its index lacks, walking down from the last one;
// `bttcd comet reindex-event` does the same for any range.

// indexStores are the databases reindexing reads and writes.
type indexStores struct {
	blocks     *store.BlockStore
	states     sm.Store
	txs        txindex.TxIndexer
	blockIndex *blockidxkv.BlockerIndexer
	close      func()
}

// openIndexStores opens them, or returns nil when the node keeps no index
// (tx_index.indexer = "null") or has no chain data yet.
func openIndexStores(cfg *cmtcfg.Config) (*indexStores, error) {
	if strings.ToLower(cfg.TxIndex.Indexer) != "kv" {
		return nil, nil
	}
	for _, name := range []string{"blockstore.db", "state.db"} {
		if _, err := os.Stat(filepath.Join(cfg.DBDir(), name)); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	var dbs []dbm.DB
	closeAll := func() {
		for _, db := range dbs {
			db.Close()
		}
	}
	open := func(name string) (dbm.DB, error) {
		db, err := openCometDB(cfg, name)
		if err == nil {
			dbs = append(dbs, db)
		}
		return db, err
	}
	blockDB, err := open("blockstore")
	if err != nil {
		return nil, err
	}
	stateDB, err := open("state")
	if err != nil {
		closeAll()
		return nil, err
	}
	indexDB, err := open("tx_index")
	if err != nil {
		closeAll()
		return nil, err
	}
	return &indexStores{
		blocks:     store.NewBlockStore(blockDB),
		states:     sm.NewStore(stateDB, sm.StoreOptions{DiscardABCIResponses: cfg.Storage.DiscardABCIResponses}),
		txs:        txidxkv.NewTxIndex(indexDB),
		blockIndex: blockidxkv.New(dbm.NewPrefixDB(indexDB, []byte("block_events"))),
		close:      closeAll,
	}, nil
}

// committed is the last height whose results CometBFT saved: its state's
// last height, or one above when the block's results were saved and the
// state was not (a kill between the two, which the handshake finishes).
func (s *indexStores) committed() (int64, error) {
	st, err := s.states.Load()
	if err != nil {
		return 0, fmt.Errorf("read CometBFT state: %w", err)
	}
	top := st.LastBlockHeight
	if next := top + 1; next <= s.blocks.Height() {
		if _, err := s.states.LoadFinalizeBlockResponse(next); err == nil {
			top = next
		}
	}
	return top, nil
}

// indexed reports whether height is wholly in the index. CometBFT indexes
// a block's events before its transactions, so the block's mark alone
// does not tell: its last transaction must be found too.
func (s *indexStores) indexed(height int64) (bool, error) {
	has, err := s.blockIndex.Has(height)
	if err != nil || !has {
		return false, err
	}
	block := s.blocks.LoadBlock(height)
	if block == nil || len(block.Txs) == 0 {
		return true, nil
	}
	r, err := s.txs.Get(block.Txs[len(block.Txs)-1].Hash())
	return r != nil && r.Height == height, err
}

// index indexes one committed height, as CometBFT's indexer would have.
func (s *indexStores) index(height int64) error {
	block := s.blocks.LoadBlock(height)
	if block == nil {
		return fmt.Errorf("block %d is not in the block store", height)
	}
	resp, err := s.states.LoadFinalizeBlockResponse(height)
	if err != nil {
		return fmt.Errorf("results of block %d: %w", height, err)
	}
	if len(resp.TxResults) > 0 {
		batch := txindex.NewBatch(int64(len(resp.TxResults)))
		for i, r := range resp.TxResults {
			if err := batch.Add(&abci.TxResult{Height: height, Index: uint32(i), Tx: block.Txs[i], Result: *r}); err != nil {
				return err
			}
		}
		if err := s.txs.AddBatch(batch); err != nil {
			return fmt.Errorf("index the transactions of block %d: %w", height, err)
		}
	}
	if err := s.blockIndex.Index(types.EventDataNewBlockEvents{Height: height, Events: resp.Events, NumTxs: int64(len(resp.TxResults))}); err != nil {
		return fmt.Errorf("index block %d: %w", height, err)
	}
	return nil
}

// IndexMissing indexes the committed heights at the top of the chain that
// the index lacks and returns them, lowest first. The node must be stopped.
func IndexMissing(cfg *cmtcfg.Config) ([]int64, error) {
	s, err := openIndexStores(cfg)
	if err != nil || s == nil {
		return nil, err
	}
	defer s.close()
	top, err := s.committed()
	if err != nil {
		return nil, err
	}
	var missing []int64
	for h := top; h >= max(s.blocks.Base(), 1); h-- {
		done, err := s.indexed(h)
		if err != nil {
			return nil, err
		}
		if done {
			break
		}
		missing = append(missing, h)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := s.index(missing[i]); err != nil {
			return nil, err
		}
	}
	for i, j := 0, len(missing)-1; i < j; i, j = i+1, j-1 {
		missing[i], missing[j] = missing[j], missing[i]
	}
	return missing, nil
}

// ErrNoSuchHeights is returned for a reindex range outside the stored blocks.
var ErrNoSuchHeights = errors.New("heights not stored")

// Reindex indexes heights from..to again (0 for either: the first or last
// stored) and returns the range it indexed. The node must be stopped.
func Reindex(cfg *cmtcfg.Config, from, to int64) (int64, int64, error) {
	if err := CheckHomeFree(cfg.RootDir); err != nil {
		return 0, 0, err
	}
	s, err := openIndexStores(cfg)
	if err != nil {
		return 0, 0, err
	}
	if s == nil {
		return 0, 0, fmt.Errorf("%w: this node keeps no index (tx_index.indexer is %q) or has no blocks", ErrNoSuchHeights, cfg.TxIndex.Indexer)
	}
	defer s.close()
	top, err := s.committed()
	if err != nil {
		return 0, 0, err
	}
	base := max(s.blocks.Base(), 1)
	if from == 0 {
		from = base
	}
	if to == 0 {
		to = top
	}
	if from < base || to > top || from > to {
		return 0, 0, fmt.Errorf("%w: asked %d to %d, the node has %d to %d", ErrNoSuchHeights, from, to, base, top)
	}
	for h := from; h <= to; h++ {
		if err := s.index(h); err != nil {
			return 0, 0, err
		}
	}
	return from, to, nil
}
