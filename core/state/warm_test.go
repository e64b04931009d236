package state

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"
)

// countingDB counts the reads that reach the database, that is, that the
// node cache did not answer.
type countingDB struct {
	iavldb.DB
	gets atomic.Int64
}

func (d *countingDB) Get(key []byte) ([]byte, error) {
	d.gets.Add(1)
	return d.DB.Get(key)
}

// savedStore saves n keys over a few versions into db and returns the
// store that wrote them.
func savedStore(t *testing.T, db iavldb.DB, n int) *Store {
	t.Helper()
	s, err := newStore(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		must(t, s.Working().Set(fmt.Appendf(nil, "account/%06d", i), []byte{byte(i)}))
		if i%1000 == 999 {
			if _, _, err := s.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWarmFillsTheNodeCache(t *testing.T) {
	db := &countingDB{DB: iavldb.NewMemDB()}
	const n = 10_000
	savedStore(t, db, n)

	walk := func(s *Store) int64 {
		before := db.gets.Load()
		it := iavl.NewIterator(nil, nil, true, s.committed.Load())
		defer it.Close()
		for ; it.Valid(); it.Next() {
		}
		must(t, it.Error())
		return db.gets.Load() - before
	}
	// A reopened store starts with an empty cache: walking it reads disk.
	cold, err := newStore(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reads := walk(cold); reads < n {
		t.Fatalf("a cold walk of %d leaves read the database %d times; the test cannot tell warm from cold", n, reads)
	}

	s, err := newStore(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Warm(context.Background())
	if err != nil || got != n {
		t.Fatalf("Warm = %d, %v; want %d leaves", got, err, n)
	}
	if reads := walk(s); reads != 0 {
		t.Fatalf("after Warm a walk read the database %d times", reads)
	}
}

func TestWarmStopsNearTheCacheSize(t *testing.T) {
	db := iavldb.NewMemDB()
	savedStore(t, db, 30_000)
	s, err := newStore(db, Options{CacheNodes: 20_000})
	if err != nil {
		t.Fatal(err)
	}
	// Half the cache, rounded up to whole chunks.
	if got, err := s.Warm(context.Background()); err != nil || got != 3*warmChunk {
		t.Fatalf("Warm = %d, %v; want %d", got, err, 3*warmChunk)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := s.Warm(ctx); err != nil || got != 0 {
		t.Fatalf("Warm with a cancelled context = %d, %v", got, err)
	}
}

// Warm runs beside the writer at start; under -race this checks that it
// only reads saved versions under ReadLock.
func TestWarmBesideCommits(t *testing.T) {
	s := savedStore(t, iavldb.NewMemDB(), 20_000)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := s.Warm(context.Background()); err != nil {
			t.Error(err)
		}
	}()
	for i := range 50 {
		for j := range 100 {
			must(t, s.Working().Set(fmt.Appendf(nil, "account/%06d", (i*7919+j*104729)%20_000), []byte{byte(i)}))
		}
		if _, _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
