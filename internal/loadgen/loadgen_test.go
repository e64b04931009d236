package loadgen_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/internal/loadgen"
	"github.com/bttc-network/bttc/internal/testnode"
)

func TestRunCommitsEveryTransfer(t *testing.T) {
	n := testnode.Start(t)
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
	_, err := loadgen.Run(context.Background(), loadgen.Options{Client: n.Client, ChainID: testnode.ChainID, Funder: n.Funder, Accounts: 1, PerAcct: 1, Workers: 1, Batch: 1})
	if err == nil || !strings.Contains(err.Error(), "at least 2 accounts") {
		t.Fatalf("one account: %v", err)
	}
}
