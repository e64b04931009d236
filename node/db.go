package node

import (
	"errors"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// writeHeavy are CometBFT's databases that take writes spread over their
// whole key space under load: the transaction index (by hash and by
// event) and the state database (each block's results).
var writeHeavy = map[string]bool{"tx_index": true, "state": true}

// dbProvider is CometBFT's default but for the write-heavy goleveldb
// databases, which get a 64 MiB write buffer (goleveldb's default is 4 MiB)
// and a Bloom filter. Every small table flushed from a small buffer
// overlaps most of the level below and makes a compaction that rewrites
// it; under thousands of transactions a second those compactions took a
// tenth of the node's CPU, and a larger buffer makes them rarer for the
// same writes. The block store writes by height, in order, and keeps the
// default.
func dbProvider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	if dbm.BackendType(ctx.Config.DBBackend) != dbm.GoLevelDBBackend || !writeHeavy[ctx.ID] {
		return cmtcfg.DefaultDBProvider(ctx)
	}
	db, err := dbm.NewGoLevelDBWithOpts(ctx.ID, ctx.Config.DBDir(), &opt.Options{
		Filter:      filter.NewBloomFilter(10),
		WriteBuffer: 64 * opt.MiB,
	})
	if err != nil {
		return nil, err
	}
	return reusedBatches{GoLevelDB: db, free: make(chan *leveldb.Batch, 2)}, nil
}

// reusedBatches hands out write batches whose buffers are kept from one
// use to the next. The indexer writes a whole block in one batch, tens of
// thousands of records, and goleveldb grows a batch past 3,000 records by
// only 3,000 records' worth at a time, copying it each time: a fresh
// batch a block cost a sixth of all the node's allocations under load.
type reusedBatches struct {
	*dbm.GoLevelDB
	free chan *leveldb.Batch
}

// maxKeptBatch bounds the buffer kept for reuse.
const maxKeptBatch = 64 * opt.MiB

// NewBatch returns a batch with a buffer from an earlier one, if any.
func (d reusedBatches) NewBatch() dbm.Batch {
	select {
	case b := <-d.free:
		return &reusedBatch{db: d, b: b}
	default:
		return &reusedBatch{db: d, b: new(leveldb.Batch)}
	}
}

// reusedBatch behaves as cometbft-db's goleveldb batch: unusable after
// Write or Close, errors for an empty key or a nil value.
type reusedBatch struct {
	db reusedBatches
	b  *leveldb.Batch
}

var (
	errBatchKeyEmpty = errors.New("key cannot be empty")
	errBatchValueNil = errors.New("value cannot be nil")
	errBatchClosed   = errors.New("batch has been written or closed")
)

func (b *reusedBatch) Set(key, value []byte) error {
	switch {
	case len(key) == 0:
		return errBatchKeyEmpty
	case value == nil:
		return errBatchValueNil
	case b.b == nil:
		return errBatchClosed
	}
	b.b.Put(key, value)
	return nil
}

func (b *reusedBatch) Delete(key []byte) error {
	switch {
	case len(key) == 0:
		return errBatchKeyEmpty
	case b.b == nil:
		return errBatchClosed
	}
	b.b.Delete(key)
	return nil
}

func (b *reusedBatch) Write() error     { return b.write(false) }
func (b *reusedBatch) WriteSync() error { return b.write(true) }

func (b *reusedBatch) write(sync bool) error {
	if b.b == nil {
		return errBatchClosed
	}
	// goleveldb copies the batch before Write returns, so its buffer may
	// be reused at once.
	if err := b.db.DB().Write(b.b, &opt.WriteOptions{Sync: sync}); err != nil {
		return err
	}
	return b.Close()
}

// Close gives the buffer back for the next batch.
func (b *reusedBatch) Close() error {
	if b.b == nil {
		return nil
	}
	if cap(b.b.Dump()) <= maxKeptBatch {
		b.b.Reset()
		select {
		case b.db.free <- b.b:
		default:
		}
	}
	b.b = nil
	return nil
}
