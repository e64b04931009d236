package node

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/staking"
)

// A chain restarted from its export, as operators do after a halt: stop,
// export, reset the chain data, put the export in as genesis.json, start.
// The node goes on above the last height it signed, with the same key and
// signing state, and its state answers as before the halt.
func TestExportAndRestart(t *testing.T) {
	h := newTestHome(t, btt.FromBTT(1_000_000), nil)
	n, stop := h.run(DefaultAppConfig())
	waitHeight(t, n, 2, 30*time.Second)
	ctx := context.Background()
	cl, s := h.client(), h.sender()
	var to []address.Address
	for i := range 5 {
		a := address.Address{0xa0, byte(i)}
		to = append(to, a)
		if _, err := s.Commit(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, &bank.MsgSend{To: a, Amount: btt.FromBTT(uint64(i + 1))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := Export(h.cfg, ExportOptions{}); !errors.Is(err, ErrHomeInUse) {
		t.Fatalf("export of a running node: %v", err)
	}
	waitHeight(t, n, n.BlockStore().Height()+2, 30*time.Second)
	before := snapshotOf(t, cl, append(to, h.op))
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// The chain goes on above the last height this validator signed, as
	// after a halt: its double-sign guard stays.
	signed, err := LastSignedHeight(h.cfg)
	if err != nil || signed < 2 {
		t.Fatalf("last signed height %d: %v", signed, err)
	}
	doc, sum, err := Export(h.cfg, ExportOptions{InitialHeight: signed + 2})
	if err != nil {
		t.Fatal(err)
	}
	height := sum.ExportedHeight
	if sum.ExportedFrom != "bttc-test-1" || doc.InitialHeight != signed+2 || doc.ChainID != "bttc-test-1" || len(sum.Validators) != 1 || height < 2 {
		t.Fatalf("exported %s at %d: %+v", doc.ChainID, doc.InitialHeight, sum)
	}
	if _, _, err := Export(h.cfg, ExportOptions{Height: height + 1}); !errors.Is(err, ErrNotExportable) {
		t.Fatalf("export above the last height: %v", err)
	}
	if _, _, err := Export(h.cfg, ExportOptions{InitialHeight: height}); !errors.Is(err, ErrNotExportable) {
		t.Fatalf("an initial height not above the export: %v", err)
	}
	older, _, err := Export(h.cfg, ExportOptions{Height: height - 3, ChainID: "bttc-test-2"})
	if err != nil || older.InitialHeight != height-2 || older.ChainID != "bttc-test-2" {
		t.Fatalf("an older height under a new id: %v", err)
	}

	if _, err := ResetAll(h.cfg, ResetOptions{}); err != nil {
		t.Fatal(err)
	}
	raw, err := genesis.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.cfg.GenesisFile(), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	n, _ = h.run(DefaultAppConfig())
	waitHeight(t, n, doc.InitialHeight+2, 30*time.Second)
	// New clients: CometBFT stops listening when the node stops but goes
	// on serving connections kept alive, from the stopped node's state.
	cl, s = h.client(), h.sender()
	if base := n.BlockStore().Base(); base != doc.InitialHeight {
		t.Fatalf("the restarted chain's first block is %d; want %d", base, doc.InitialHeight)
	}
	if after := snapshotOf(t, cl, append(to, h.op)); !reflect.DeepEqual(before, after) {
		t.Fatalf("before the halt:\n%+v\nafter the restart:\n%+v", before, after)
	}
	// And it goes on: a transfer after the restart.
	if _, err := s.Commit(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, &bank.MsgSend{To: to[0], Amount: uint256.NewInt(1)}); err != nil {
		t.Fatal(err)
	}
}

// chainSnapshot is what a user would ask the chain: balances and nonces,
// the supply, the validators.
type chainSnapshot struct {
	Accounts   []api.AccountView
	Supply     api.SupplyView
	Validators []staking.ValidatorView
}

func snapshotOf(t *testing.T, cl *rpcclient.Client, accounts []address.Address) chainSnapshot {
	t.Helper()
	ctx := context.Background()
	var s chainSnapshot
	for _, a := range accounts {
		v, err := cl.Account(ctx, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.Accounts = append(s.Accounts, *v)
	}
	sup, err := cl.Supply(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Supply = *sup
	if err := cl.Staking(ctx, "validators", 0, &s.Validators); err != nil {
		t.Fatal(err)
	}
	if len(s.Validators) == 0 {
		t.Fatalf("validators %+v", s.Validators)
	}
	return s
}
