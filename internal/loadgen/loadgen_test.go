package loadgen_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/loadgen"
	"github.com/bttc-network/bttc/internal/testnode"
)

// TestRunCommitsEveryTransfer loads a node and counts every transfer
// committed; the node logs no error meanwhile (reading a block's results
// before they are stored would).
func TestRunCommitsEveryTransfer(t *testing.T) {
	var errs lockedBuffer
	n := testnode.StartWith(t, testnode.Options{Logger: slog.New(slog.NewTextHandler(&errs, &slog.HandlerOptions{Level: slog.LevelError}))})
	for _, batch := range []int{1, 5} {
		rep, err := loadgen.Run(context.Background(), loadgen.Options{Client: n.Client, ChainID: testnode.ChainID, Funder: n.Funder,
			Accounts: 10, PerAcct: 3, GasPrice: uint256.NewInt(1_000_000_000), Workers: 3, Batch: batch, Timeout: time.Minute, Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Submitted != 30 || rep.Committed != 30 || rep.Failed != 0 || rep.PerSecond <= 0 || rep.P95 < rep.P50 {
			t.Fatalf("batch %d: %+v", batch, rep)
		}
	}
	if logged := errs.String(); logged != "" {
		t.Fatalf("the node logged errors under the load:\n%s", logged)
	}
	_, err := loadgen.Run(context.Background(), loadgen.Options{Client: n.Client, ChainID: testnode.ChainID, Funder: n.Funder, Accounts: 1, PerAcct: 1, Workers: 1, Batch: 1})
	if err == nil || !strings.Contains(err.Error(), "at least 2 accounts") {
		t.Fatalf("one account: %v", err)
	}
}

// TestFundedGenesisNeedsNoFunding starts a node whose genesis funds the
// generator's accounts from FundFile, and loads it with Funded: no funding
// round, every transfer committed.
func TestFundedGenesisNeedsNoFunding(t *testing.T) {
	var file strings.Builder
	if err := loadgen.FundFile(&file, 20, btt.FromBTT(10)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(file.String()), "\n")
	_, addrs := loadgen.Accounts(20)
	if len(lines) != 20 || lines[3] != addrs[3].Hex()+","+btt.FromBTT(10).Dec()+"wei" {
		t.Fatalf("fund file: %d lines, line 4 %q", len(lines), lines[3])
	}
	n := testnode.StartWith(t, testnode.Options{TuneGenesis: func(s *genesis.AppState) {
		for _, a := range addrs {
			s.Bank.Accounts = append(s.Bank.Accounts, bank.GenesisAccount{Address: a, Balance: "10btt"})
		}
	}})
	rep, err := loadgen.Run(context.Background(), loadgen.Options{Client: n.Client, ChainID: testnode.ChainID, Accounts: 20, PerAcct: 2,
		GasPrice: uint256.NewInt(1_000_000_000), Workers: 4, Batch: 1, Timeout: time.Minute, Logf: t.Logf, Funded: true})
	if err != nil || rep.Committed != 40 || rep.Failed != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	// Paced at 20 a second, 40 transfers take two seconds to submit: the
	// last is sent 1.95 s after the first, so the run cannot end sooner.
	rep, err = loadgen.Run(context.Background(), loadgen.Options{Client: n.Client, ChainID: testnode.ChainID, Accounts: 20, PerAcct: 2,
		GasPrice: uint256.NewInt(1_000_000_000), Workers: 4, Batch: 1, Timeout: time.Minute, Logf: t.Logf, Funded: true, Rate: 20})
	if err != nil || rep.Committed != 40 || rep.Elapsed < 1950*time.Millisecond {
		t.Fatalf("paced at 20/s: %+v %v", rep, err)
	}
}

// lockedBuffer is a log's destination, written by the node's goroutines
// and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
