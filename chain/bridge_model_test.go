package chain

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
)

// The bridge's model test: random withdrawals, deposits reported by random
// subsets of the validators (now and then with a lying validator), set
// changes and checkpoint signatures, through the real application, block
// after block. After every block, per root chain:
//
//   - what BTTC minted is exactly the honest deposits below its next nonce,
//     never a lie, and the supply moved by minted − withdrawn;
//   - a lane is halted only after a validator with stake reported a second
//     content for a nonce, and a paused or halted chain takes no
//     withdrawals (governance pauses and resumes chains now and then);
//   - withdrawn is the sum of the withdrawals, and checkpoints carry them
//     without gap or overlap, numbered without gaps.

type bridgeModel struct {
	t       *testing.T
	rnd     *rand.Rand
	r       *scriptRunner
	vals    []string
	users   []string
	chains  []string
	honest  map[string][]bridge.Observation // per chain, by nonce-1: what the contract really emitted
	lied    map[string]bool                 // a chain on which a staked validator lied
	supply0 *uint256.Int
	burned  *uint256.Int
	// proposals submitted so far, and the one to vote on next block
	proposals, voteOn int
}

func newBridgeModel(t *testing.T, seed int64) *bridgeModel {
	m := &bridgeModel{t: t, rnd: rand.New(rand.NewSource(seed)), vals: []string{"v1", "v2", "v3", "v4"},
		users: []string{"u1", "u2", "u3"}, chains: []string{"bsc", "ethereum"},
		honest: map[string][]bridge.Observation{}, lied: map[string]bool{}, burned: new(uint256.Int)}
	m.r = &scriptRunner{t: t, txs: map[string][]byte{}, users: map[string]*user{}, names: map[string]string{}}
	input := []string{"account u1 100000btt", "account u2 100000btt", "account u3 100000btt", "account v1 100btt", "account v2 100btt", "gov-fast",
		"validator v1 400btt", "validator v2 300btt", "validator v3 200btt", "validator v4 100btt",
		"root-chain ethereum 1 3 5000btt 1btt 500btt", "root-chain bsc 56 4 5000btt 1btt 500btt"}
	m.r.run(scriptCase{command: "init-chain", input: input})
	m.r.run(scriptCase{command: "block"}) // queries read committed state
	m.supply0 = m.supply()
	return m
}

func (m *bridgeModel) supply() *uint256.Int {
	s, err := bank.New(state.ReadOnly{Getter: m.r.c.app.lastState()}).Supply()
	if err != nil {
		m.t.Fatal(err)
	}
	return s
}

func (m *bridgeModel) pick(list []string) string { return list[m.rnd.Intn(len(list))] }

// step runs one block: a few withdrawals and maybe a delegation, then the
// next block carries every validator's vote extensions.
func (m *bridgeModel) step() {
	var txs []string
	for i := 0; i < m.rnd.Intn(3); i++ {
		name := fmt.Sprintf("tx%d", len(m.r.txs))
		amount := 1 + m.rnd.Intn(700) // often over the maximum: a failure
		m.r.run(scriptCase{command: "sign " + name + " from=" + m.pick(m.users),
			input: []string{fmt.Sprintf("withdraw %s %s %dbtt", m.pick(m.chains), m.pick(m.users), amount)}})
		txs = append(txs, name)
	}
	if m.rnd.Intn(15) == 0 {
		name := fmt.Sprintf("tx%d", len(m.r.txs))
		m.r.run(scriptCase{command: "sign " + name + " from=u1", input: []string{fmt.Sprintf("delegate %s %dbtt", m.pick(m.vals), 1+m.rnd.Intn(300))}})
		txs = append(txs, name)
	}
	// Now and then governance pauses or resumes a chain: the proposal in
	// this block, v1 and v2 vote in the next, it passes after the period.
	if m.rnd.Intn(25) == 0 {
		name := fmt.Sprintf("tx%d", len(m.r.txs))
		m.r.run(scriptCase{command: "sign " + name + " from=u1",
			input: []string{fmt.Sprintf("pause-chain pause 10btt %s %v", m.pick(m.chains), m.rnd.Intn(2) == 0)}})
		txs = append(txs, name)
		m.proposals++
		m.voteOn = m.proposals
	} else if m.voteOn > 0 {
		for _, v := range []string{"v1", "v2"} {
			name := fmt.Sprintf("tx%d", len(m.r.txs))
			m.r.run(scriptCase{command: "sign " + name + " from=" + v, input: []string{fmt.Sprintf("vote %d yes", m.voteOn)}})
			txs = append(txs, name)
		}
		m.voteOn = 0
	}
	// New deposits on the root chains, as their contracts number them.
	for _, c := range m.chains {
		if m.rnd.Intn(3) == 0 {
			n := uint64(len(m.honest[c]) + 1)
			m.honest[c] = append(m.honest[c], bridge.Observation{Chain: c, Nonce: n, Depositor: address.Address{0xde},
				Recipient: m.r.userNamed(m.pick(m.users)).addr, Amount: uint256.NewInt(uint64(1+m.rnd.Intn(1000)) * 1e15)})
		}
	}
	before := m.chainViews()
	res := m.r.run(scriptCase{command: "block " + join(txs)})
	for _, line := range res {
		if len(line) > 6 && line[:6] == "error:" {
			m.t.Fatalf("height %d: %s", m.r.c.height, line)
		}
	}
	m.countBurns(before)
	// The validators' extensions of that block: each reports a random
	// stretch of the honest deposits; now and then one lies about one.
	obs := map[string][]bridge.Observation{}
	var voters []string
	for _, v := range m.vals {
		if m.rnd.Intn(5) == 0 {
			continue // absent
		}
		voters = append(voters, v)
		for _, c := range m.chains {
			next := m.nextDeposit(c)
			for n := next; n <= uint64(len(m.honest[c])) && n < next+uint64(m.rnd.Intn(4)); n++ {
				o := m.honest[c][n-1]
				if m.rnd.Intn(500) == 0 {
					o.Amount = new(uint256.Int).AddUint64(o.Amount, 1) // a lie
					if m.power(v) > 0 {
						m.lied[c] = true
					}
				}
				obs[v] = append(obs[v], o)
			}
		}
	}
	m.r.txs["votes"] = m.r.bridgeVotesWith(voters, obs)
	if out := m.r.finalize([][]byte{m.r.txs["votes"]}); len(out) > 0 && len(out[0]) > 6 && out[0][:6] == "error:" {
		m.t.Fatalf("height %d: %s", m.r.c.height, out[0])
	}
	m.check()
}

func join(list []string) string {
	s := ""
	for i, x := range list {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}

func (m *bridgeModel) power(val string) uint64 {
	var cons [20]byte
	copy(cons[:], ed25519.PubKey(m.r.valCons[val]).Address())
	_, p, _, err := Wire(state.ReadOnly{Getter: m.r.c.app.lastState()}).Staking.BridgeSignerOf(cons)
	if err != nil {
		m.t.Fatal(err)
	}
	return p
}

func (m *bridgeModel) nextDeposit(chain string) uint64 {
	next, _, err := bridgeOf(state.ReadOnly{Getter: m.r.c.app.lastState()}).Lane(chain)
	if err != nil {
		m.t.Fatal(err)
	}
	return next
}

func (m *bridgeModel) chainViews() map[string]bridge.ChainView {
	out := map[string]bridge.ChainView{}
	for _, c := range m.chains {
		var v bridge.ChainView
		m.query("chain/"+c, &v)
		out[c] = v
	}
	return out
}

func (m *bridgeModel) query(path string, out any) {
	res := m.r.c.query(api.PathBridge+path, nil, 0, false)
	if res.Code != 0 {
		m.t.Fatalf("query %s: %s", path, res.Log)
	}
	if err := json.Unmarshal(res.Value, out); err != nil {
		m.t.Fatal(err)
	}
}

func (m *bridgeModel) countBurns(before map[string]bridge.ChainView) {
	after := m.chainViews()
	for _, c := range m.chains {
		b, _ := uint256.FromDecimal(before[c].WithdrawnWei)
		a, _ := uint256.FromDecimal(after[c].WithdrawnWei)
		if (before[c].Paused || before[c].Halted) && !a.Eq(b) {
			m.t.Fatalf("height %d: %s took withdrawals while paused or halted", m.r.c.height, c)
		}
		m.burned.Add(m.burned, new(uint256.Int).Sub(a, b))
	}
}

func (m *bridgeModel) check() {
	minted := new(uint256.Int)
	for _, c := range m.chains {
		var v bridge.ChainView
		m.query("chain/"+c, &v)
		if v.Halted && !m.lied[c] {
			m.t.Fatalf("height %d: %s halted without a staked lie: %s", m.r.c.height, c, v.HaltReason)
		}
		// Minted: exactly the honest deposits below the next nonce.
		want := new(uint256.Int)
		for n := uint64(1); n < v.NextDeposit; n++ {
			want.Add(want, m.honest[c][n-1].Amount)
		}
		got, _ := uint256.FromDecimal(v.MintedWei)
		if !got.Eq(want) {
			m.t.Fatalf("height %d: %s minted %s, the honest deposits below nonce %d are %s", m.r.c.height, c, got.Dec(), v.NextDeposit, want.Dec())
		}
		minted.Add(minted, got)
		// Checkpoints: gap-free, carrying consecutive withdrawals.
		var cps []bridge.CheckpointView
		m.query("checkpoints/"+c, &cps)
		nextID := uint64(1)
		for i := len(cps) - 1; i >= 0; i-- {
			cp := cps[i]
			if cp.Number != uint64(len(cps)-i) || cp.FirstWithdrawal != nextID {
				m.t.Fatalf("height %d: %s checkpoint %d starts at withdrawal %d, want %d", m.r.c.height, c, cp.Number, cp.FirstWithdrawal, nextID)
			}
			nextID += cp.Withdrawals
		}
		if nextID-1 > v.Withdrawals {
			m.t.Fatalf("height %d: %s checkpoints carry %d withdrawals of %d", m.r.c.height, c, nextID-1, v.Withdrawals)
		}
	}
	want := new(uint256.Int).Add(m.supply0, minted)
	want.Sub(want, m.burned)
	if s := m.supply(); !s.Eq(want) {
		m.t.Fatalf("height %d: supply %s, genesis + minted − withdrawn is %s", m.r.c.height, s.Dec(), want.Dec())
	}
}

func TestBridgeModel(t *testing.T) {
	blocks := 150
	if testing.Short() {
		blocks = 40
	}
	for seed := int64(1); seed <= 3; seed++ {
		m := newBridgeModel(t, seed)
		for range blocks {
			m.step()
		}
		var minted, finals, paused int
		for _, c := range m.chains {
			var v bridge.ChainView
			m.query("chain/"+c, &v)
			minted += int(v.NextDeposit - 1)
			if v.Paused {
				paused++
			}
			var cps []bridge.CheckpointView
			m.query("checkpoints/"+c, &cps)
			var carried uint64
			for _, cp := range cps {
				if cp.Final {
					finals++
				}
				carried += cp.Withdrawals
			}
			if len(cps) < 100 && v.Unchecked != v.Withdrawals-carried {
				t.Errorf("seed %d, %s: %d withdrawals unchecked; %d made, %d in checkpoints", seed, c, v.Unchecked, v.Withdrawals, carried)
			}
		}
		if !testing.Short() && (minted == 0 || finals == 0) {
			t.Errorf("seed %d: %d deposits minted and %d checkpoints final in %d blocks: the generator no longer reaches them", seed, minted, finals, blocks)
		}
		t.Logf("seed %d: %d deposits minted, %d checkpoints final, lanes lied on %v, %d proposals, %d chains paused at the end",
			seed, minted, finals, m.lied, m.proposals, paused)
	}
}
