package chain

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
)

// The model's chain is exported mid-run and a new chain started from the
// export at the next height; both then run the same blocks, and after
// each the two states hold the same keys and values — so every query,
// which reads nothing else, answers the same on both.
func TestExportAndGoOn(t *testing.T) {
	before, after := 150, 60
	if testing.Short() {
		before, after = 50, 20
	}
	for seed := int64(1); seed <= 2; seed++ {
		m := newAppModel(t, seed)
		for range before {
			m.block()
		}
		old := m.twins[0]
		e := exportOf(t, old)
		if e.Height != old.height {
			t.Fatalf("exported height %d, the chain is at %d", e.Height, old.height)
		}
		sum, err := CheckGenesis(exportDoc(t, e, old))
		if err != nil {
			t.Fatal(err)
		}
		if sum.ExportedFrom != testChainID || sum.ExportedHeight != e.Height || sum.InitialHeight != e.Height+1 ||
			sum.Entries["bank"] == 0 || sum.Entries["staking"] == 0 || sum.Supply.IsZero() || len(sum.Validators) != len(m.vals) {
			t.Fatalf("summary %+v", sum)
		}
		heir, res := startFromExport(t, e, old)
		if len(res.Validators) != len(m.vals) {
			t.Fatalf("the heir starts with %d validators, the chain has %d", len(res.Validators), len(m.vals))
		}
		// The one difference allowed: the old chain sent a new set in its
		// last block, in force from e.Height+2; the heir uses it from its
		// first height, and its history says so.
		first, next := valSetKey(e.Height+1), valSetKey(e.Height+2)
		if want, _ := old.app.lastState().Get(next); want != nil {
			if got, _ := heir.app.lastState().Get(first); !bytes.Equal(got, want) {
				t.Fatalf("the heir's set at %d is %X, the set sent last %X", e.Height+1, got, want)
			}
			m.heirSet = first
		}
		sameState(t, old.height, old, heir, m.heirSet)
		m.heir = heir
		for range after {
			m.block()
		}
		if heir.height != e.Height+int64(after) {
			t.Fatalf("the heir is at %d", heir.height)
		}
		for _, u := range m.users {
			if a, b := old.account(u.addr), heir.account(u.addr); a != b {
				t.Fatalf("%s: %+v on the old chain, %+v on the heir", u.addr, a, b)
			}
		}
	}
}

// exportOf exports c's last saved version.
func exportOf(t *testing.T, c *testChain) *genesis.Export {
	t.Helper()
	v, err := c.app.store.At(0)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ExportState(v)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// exportAppState is an exported genesis' app_state.
func exportAppState(t *testing.T, e *genesis.Export) []byte {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"export": e})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// exportDoc is the genesis document of a chain going on from e.
func exportDoc(t *testing.T, e *genesis.Export, old *testChain) *types.GenesisDoc {
	t.Helper()
	doc := &types.GenesisDoc{ChainID: "bttc-heir-1", GenesisTime: old.time, InitialHeight: e.Height + 1, AppState: exportAppState(t, e)}
	if err := doc.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	return doc
}

// startFromExport runs InitChain of a new app on e, at the height and time
// where old stands, with old's last commit to hand on.
func startFromExport(t *testing.T, e *genesis.Export, old *testChain) (*testChain, *abci.ResponseInitChain) {
	t.Helper()
	app, err := New(memStore(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := app.InitChain(context.Background(), &abci.RequestInitChain{ChainId: testChainID, InitialHeight: e.Height + 1,
		AppStateBytes: exportAppState(t, e), Time: old.time})
	if err != nil {
		t.Fatal(err)
	}
	return &testChain{tb: t, app: app, height: e.Height, time: old.time, lastCommit: old.lastCommit}, res
}

// valSetKey is staking's key of the validator set in force from height
// (prefixValSets in staking/keys.go).
func valSetKey(height int64) []byte {
	return state.Key(state.PrefixStaking, []byte{0x14}, state.BE64(uint64(height)))
}

// sameState fails unless a's last saved state and b's (or b's genesis,
// before its first block) hold the same keys and values, but for the key
// except.
func sameState(t testing.TB, height int64, a, b *testChain, except []byte) {
	t.Helper()
	ka, kb := dump(t, a.app.lastState(), except), dump(t, b.app.lastState(), except)
	for i := range max(len(ka), len(kb)) {
		if i >= len(ka) || i >= len(kb) || !bytes.Equal(ka[i][0], kb[i][0]) || !bytes.Equal(ka[i][1], kb[i][1]) {
			var x, y [2][]byte
			if i < len(ka) {
				x = ka[i]
			}
			if i < len(kb) {
				y = kb[i]
			}
			t.Fatalf("height %d: the states differ at entry %d of %d/%d: %X=%X against %X=%X", height, i, len(ka), len(kb), x[0], x[1], y[0], y[1])
		}
	}
}

func dump(t testing.TB, g state.Getter, except []byte) [][2][]byte {
	var out [][2][]byte
	err := g.Range(nil, nil, func(k, v []byte) bool {
		if bytes.Equal(k, except) {
			return true
		}
		out = append(out, [2][]byte{bytes.Clone(k), bytes.Clone(v)})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// What an export must not get past: a wrong initial height (or one that
// skips a planned upgrade), a changed
// entry, an entry changed with its digest recomputed (the invariants
// catch it), and a genesis mixing an export with a module section.
func TestExportRefused(t *testing.T) {
	m := newAppModel(t, 3)
	for range 20 {
		m.block()
	}
	old := m.twins[0]
	initWith := func(appState []byte, initial int64) error {
		app, err := New(memStore(t), Config{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = app.InitChain(context.Background(), &abci.RequestInitChain{ChainId: testChainID, InitialHeight: initial,
			AppStateBytes: appState, Time: old.time})
		return err
	}
	e := exportOf(t, old)
	if err := initWith(exportAppState(t, e), e.Height); err == nil || !strings.Contains(err.Error(), "must go on above") {
		t.Fatalf("initial height one short: %v", err)
	}
	// Going on above the next height is allowed, unless a planned upgrade
	// falls in the heights skipped.
	if err := initWith(exportAppState(t, e), e.Height+5); err != nil {
		t.Fatalf("initial height above the next: %v", err)
	}
	planned := *e
	rec := state.NewCache(memStore(t).Committed())
	planKey := state.Key(state.PrefixGovernance, []byte{0x0a}) // prefixUpgradePlan in governance/keys.go
	if err := state.SetRecord(rec, planKey, governance.Plan{Name: "v2", Height: uint64(e.Height + 3)}); err != nil {
		t.Fatal(err)
	}
	planValue, _ := rec.Get(planKey)
	planned.Entries = append(append([]genesis.Entry(nil), e.Entries...), genesis.Entry{planKey, planValue})
	slices.SortFunc(planned.Entries, func(a, b genesis.Entry) int { return bytes.Compare(a[0], b[0]) })
	planned.Digest = genesis.EntriesDigest(planned.Entries)
	if err := initWith(exportAppState(t, &planned), e.Height+3); err != nil {
		t.Fatalf("an upgrade planned at the first height: %v", err)
	}
	if err := initWith(exportAppState(t, &planned), e.Height+5); !errors.Is(err, genesis.ErrInvalid) || !strings.Contains(err.Error(), `upgrade "v2"`) {
		t.Fatalf("an upgrade planned in the heights skipped: %v", err)
	}

	// Raise the first user's balance by one wei.
	acct := bank.AccountKey(m.users[0].addr)
	acct = append([]byte{state.PrefixBank}, acct...)
	bumped := *e
	bumped.Entries = append([]genesis.Entry(nil), e.Entries...)
	found := false
	for i, en := range bumped.Entries {
		if bytes.Equal(en[0], acct) {
			v := bytes.Clone(en[1])
			bal := new(uint256.Int).SetBytes32(v[:32])
			bal.AddUint64(bal, 1)
			bal.PutUint256(v[:32])
			bumped.Entries[i][1] = v
			found = true
		}
	}
	if !found {
		t.Fatalf("no account entry %X", acct)
	}
	err := initWith(exportAppState(t, &bumped), e.Height+1)
	if !errors.Is(err, genesis.ErrInvalid) || !strings.Contains(err.Error(), "digest") {
		t.Fatalf("a changed entry: %v", err)
	}
	bumped.Digest = genesis.EntriesDigest(bumped.Entries)
	err = initWith(exportAppState(t, &bumped), e.Height+1)
	if !errors.Is(err, genesis.ErrInvalid) || !strings.Contains(err.Error(), "bank invariant") {
		t.Fatalf("a changed entry with its digest: %v", err)
	}
	if _, err := CheckGenesis(exportDoc(t, &bumped, old)); err == nil || !strings.Contains(err.Error(), "bank invariant") {
		t.Fatalf("CheckGenesis of a changed entry: %v", err)
	}

	mixed, _ := json.Marshal(map[string]any{"export": e, "bank": genesis.DefaultAppState().Bank})
	if err := initWith(mixed, e.Height+1); err == nil || !strings.Contains(err.Error(), "holds only the export") {
		t.Fatalf("an export beside a bank section: %v", err)
	}
}
