package node

import (
	"bytes"
	"errors"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// TestReusedBatchesWriteLikeCometBFTs drives the tx index database's
// batches as CometBFT's indexer does, across several batches so that
// buffers are reused, and checks what reached the database and the
// errors of misuse.
func TestReusedBatchesWriteLikeCometBFTs(t *testing.T) {
	cfg := cmtcfg.DefaultConfig()
	cfg.SetRoot(t.TempDir())
	db, err := dbProvider(&cmtcfg.DBContext{ID: "tx_index", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok := db.(reusedBatches); !ok {
		t.Fatalf("the tx index database is a %T", db)
	}
	for round := range 3 {
		b := db.NewBatch()
		for i := range 5000 {
			if err := b.Set([]byte{byte(round), byte(i >> 8), byte(i)}, bytes.Repeat([]byte{byte(i)}, 50)); err != nil {
				t.Fatal(err)
			}
		}
		if round > 0 {
			if err := b.Delete([]byte{byte(round - 1), 0, 7}); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Write(); err != nil {
			t.Fatal(err)
		}
		if err := b.Set([]byte{1}, []byte{1}); !errors.Is(err, errBatchClosed) {
			t.Fatalf("set after write: %v", err)
		}
		if err := b.Close(); err != nil {
			t.Fatalf("close after write: %v", err)
		}
	}
	for round := range 3 {
		v, err := db.Get([]byte{byte(round), 0x13, 0x87})
		if err != nil || !bytes.Equal(v, bytes.Repeat([]byte{0x87}, 50)) {
			t.Fatalf("round %d: %x %v", round, v, err)
		}
	}
	if v, _ := db.Get([]byte{0, 0, 7}); v != nil {
		t.Fatalf("deleted key holds %x", v)
	}
	b := db.NewBatch()
	if err := b.Set(nil, []byte{1}); !errors.Is(err, errBatchKeyEmpty) {
		t.Fatalf("empty key: %v", err)
	}
	if err := b.Set([]byte{1}, nil); !errors.Is(err, errBatchValueNil) {
		t.Fatalf("nil value: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteSync(); !errors.Is(err, errBatchClosed) {
		t.Fatalf("write after close: %v", err)
	}
	other, err := dbProvider(&cmtcfg.DBContext{ID: "blockstore", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, ok := other.(reusedBatches); ok {
		t.Fatal("the block store took the write-heavy options")
	}
}
