package staking

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// fixture drives the module the way chain does: messages in branches that
// are kept only on success, then the block's end, over a real tree.
type fixture struct {
	t      testing.TB
	store  *state.Store
	kv     *state.Cache
	s      Store
	height int64
	now    time.Time
	// cometSet is CometBFT's view, built only from the updates we sent.
	cometSet map[string]int64
}

func testParams() Params {
	p := DefaultParams()
	p.UnbondingTime = dec.Of(time.Hour)
	p.MaxValidators = 3
	p.SignedBlocksWindow = 10
	p.DowntimeJailDuration = dec.Of(10 * time.Minute)
	return p
}

func newFixture(t testing.TB, p Params) *fixture {
	t.Helper()
	st, err := state.OpenMemory(state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kv := state.NewCache(st.Working())
	f := &fixture{t: t, store: st, kv: kv, s: New(kv), height: 1, now: time.Unix(1_700_000_000, 0).UTC(), cometSet: map[string]int64{}}
	if err := f.s.SetParams(p); err != nil {
		t.Fatal(err)
	}
	return f
}

func addr(n byte) address.Address { return address.Address{0xa0, n} }

func consKey(op address.Address) []byte {
	h := sha256.Sum256(append([]byte("cons"), op[:]...))
	return h[:]
}

func (f *fixture) fund(a address.Address, amount *uint256.Int) {
	f.t.Helper()
	if err := f.s.bank.Mint(a, amount); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) env(sender address.Address) tx.Env {
	return tx.Env{ChainID: "bttc-test", Height: f.height, Time: f.now, Sender: sender}
}

// run applies one message as a transaction would: on failure nothing it
// wrote stays.
func (f *fixture) run(sender address.Address, m tx.Msg) ([]tx.Event, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	branch := state.NewCache(f.kv)
	ev, err := Handle(branch, f.env(sender), m)
	if err != nil {
		return nil, err
	}
	if err := branch.Flush(f.kv); err != nil {
		f.t.Fatal(err)
	}
	return ev, nil
}

func (f *fixture) must(sender address.Address, m tx.Msg) []tx.Event {
	f.t.Helper()
	ev, err := f.run(sender, m)
	if err != nil {
		f.t.Fatalf("%s from %s: %v", m.Kind(), sender, err)
	}
	return ev
}

func (f *fixture) fails(sender address.Address, m tx.Msg, want error) {
	f.t.Helper()
	if _, err := f.run(sender, m); !errors.Is(err, want) {
		f.t.Fatalf("%s from %s = %v, want %v", m.Kind(), sender, err, want)
	}
}

func createMsg(op address.Address, selfBond *uint256.Int) *MsgCreateValidator {
	return &MsgCreateValidator{
		ConsPubKey: consKey(op), BridgeSigner: op, Description: Description{Moniker: "v"},
		Rate: dec.Percent(10), MaxRate: dec.Percent(20), MaxChange: dec.Percent(1),
		MinSelfDelegation: btt.FromBTT(1), SelfBond: selfBond,
	}
}

// validator creates a funded validator with a self-bond of n BTT.
func (f *fixture) validator(op address.Address, n uint64) {
	f.t.Helper()
	f.fund(op, btt.FromBTT(n))
	f.must(op, createMsg(op, btt.FromBTT(n)))
}

// endBlock ends the block, applies the updates to the CometBFT model, checks
// the invariants and moves to the next height, step later.
func (f *fixture) endBlock(step time.Duration) []ValidatorUpdate {
	f.t.Helper()
	updates, _, err := f.s.EndBlock(f.env(address.Address{}))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, u := range updates {
		if u.Power == 0 {
			delete(f.cometSet, string(u.ConsPubKey))
		} else {
			f.cometSet[string(u.ConsPubKey)] = u.Power
		}
	}
	f.checkInvariants()
	f.commit(step)
	return updates
}

// commit saves the block, as Commit does, so the cache stays one block
// deep, and moves to the next height, step later.
func (f *fixture) commit(step time.Duration) {
	if err := f.kv.Flush(f.store.Working()); err != nil {
		f.t.Fatal(err)
	}
	if _, _, err := f.store.Commit(); err != nil {
		f.t.Fatal(err)
	}
	f.height++
	f.now = f.now.Add(step)
}

// beginBlock runs rewards and liveness for votes of the previous block.
func (f *fixture) beginBlock(votes []Vote) {
	f.t.Helper()
	if _, err := f.s.AllocateRewards(votes); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.HandleLiveness(f.env(address.Address{}), votes); err != nil {
		f.t.Fatal(err)
	}
}

// votes is every validator in CometBFT's set, signing unless listed as missing.
func (f *fixture) votes(missing ...address.Address) []Vote {
	skip := map[[20]byte]bool{}
	for _, op := range missing {
		skip[ConsAddress(consKey(op))] = true
	}
	var out []Vote
	for pub, power := range f.cometSet {
		c := ConsAddress([]byte(pub))
		out = append(out, Vote{ConsAddress: c, Power: power, Signed: !skip[c]})
	}
	sortVotes(out)
	return out
}

func (f *fixture) checkInvariants() {
	f.t.Helper()
	if err := f.s.Invariants(); err != nil {
		f.t.Fatalf("height %d: %v", f.height, err)
	}
	if err := f.s.SetInvariant(); err != nil {
		f.t.Fatalf("height %d: %v", f.height, err)
	}
	// CometBFT's set, as built from our updates, is the stored last set.
	last, _, err := f.s.lastPowers()
	if err != nil {
		f.t.Fatal(err)
	}
	if len(last) != len(f.cometSet) {
		f.t.Fatalf("height %d: CometBFT has %d validators, staking's last set %d", f.height, len(f.cometSet), len(last))
	}
	for op, p := range last {
		v, err := f.s.mustValidator(op)
		if err != nil {
			f.t.Fatal(err)
		}
		if f.cometSet[string(v.ConsPubKey)] != p {
			f.t.Fatalf("height %d: CometBFT has power %d for %s, staking %d", f.height, f.cometSet[string(v.ConsPubKey)], op, p)
		}
	}
}

func (f *fixture) val(op address.Address) *Validator {
	f.t.Helper()
	v, err := f.s.mustValidator(op)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func (f *fixture) balance(a address.Address) *uint256.Int {
	f.t.Helper()
	b, err := f.s.bank.Balance(a)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func (f *fixture) supply() *uint256.Int {
	f.t.Helper()
	s, err := f.s.bank.Supply()
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixture) stake(del, op address.Address) *uint256.Int {
	d, ok, err := f.s.Delegation(del, op)
	if err != nil {
		f.t.Fatal(err)
	}
	if !ok {
		return new(uint256.Int)
	}
	return f.val(op).TokensFor(d.Shares)
}

// sortVotes orders votes by consensus address: votes built from a map must
// not depend on its order.
func sortVotes(v []Vote) {
	sort.Slice(v, func(i, j int) bool { return bytes.Compare(v[i].ConsAddress[:], v[j].ConsAddress[:]) < 0 })
}
