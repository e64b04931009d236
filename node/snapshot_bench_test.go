package node

import (
	"context"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/core/state"
)

// BenchmarkStateSnapshot makes a state-sync snapshot of a state of
// 500,000 keys of an account's size (a 21-byte key, a 72-byte value) and
// restores it into an empty store through the ABCI calls, chunk by
// chunk, as a joining node does. It reports both rates in keys a second
// and the snapshot's size.
func BenchmarkStateSnapshot(b *testing.B) {
	const keys = 500_000
	src, err := state.Open(b.TempDir(), state.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	for i := range keys {
		key, value := make([]byte, 21), make([]byte, 72)                  // the tree keeps them
		binary.BigEndian.PutUint64(key[1:], uint64(i)*0x9E3779B97F4A7C15) // spread over the key space
		binary.BigEndian.PutUint64(value, uint64(i))
		if err := src.Working().Set(key, value); err != nil {
			b.Fatal(err)
		}
		if i%50_000 == 49_999 {
			if _, _, err := src.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	height, hash := src.LastVersion(), src.LastHash()
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()
	var makeSecs, restoreSecs float64
	var size int64
	b.ResetTimer()
	for range b.N {
		dir := snapshotDir(filepath.Join(b.TempDir(), "snapshots"))
		start := time.Now()
		info, err := dir.make(src, height)
		if err != nil {
			b.Fatal(err)
		}
		makeSecs += time.Since(start).Seconds()
		size = 0
		for i := range info.Chunks {
			fi, err := os.Stat(filepath.Join(dir.path(height), strconv.Itoa(i)))
			if err != nil {
				b.Fatal(err)
			}
			size += fi.Size()
		}

		dst, err := state.Open(b.TempDir(), state.Options{})
		if err != nil {
			b.Fatal(err)
		}
		app := &storeApp{store: dst}
		restorer := newSnapshotApp(app, app, "", 0, 1, log)
		sn := info.abci()
		start = time.Now()
		if res, _ := restorer.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: sn, AppHash: hash}); res.Result != abci.ResponseOfferSnapshot_ACCEPT {
			b.Fatalf("offer: %v", res)
		}
		for i := range sn.Chunks {
			res, err := restorer.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: i, Chunk: dir.chunk(height, i)})
			if err != nil || res.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
				b.Fatalf("chunk %d: %v %v", i, res, err)
			}
		}
		restoreSecs += time.Since(start).Seconds()
		dst.Close()
	}
	b.ReportMetric(float64(keys*b.N)/makeSecs, "keys/s-make")
	b.ReportMetric(float64(keys*b.N)/restoreSecs, "keys/s-restore")
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}
