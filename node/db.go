package node

import (
	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
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
	return dbm.NewGoLevelDBWithOpts(ctx.ID, ctx.Config.DBDir(), &opt.Options{
		Filter:      filter.NewBloomFilter(10),
		WriteBuffer: 64 * opt.MiB,
	})
}
