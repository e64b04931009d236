package chain

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
	"github.com/bttc-network/bttc/staking"
)

// The application-level model test: random signed transactions from many
// keys, valid, invalid and failing, through the real ABCI calls of two
// apps over separate stores, block after block. After every block:
//
//   - the twins agree on the app hash;
//   - every balance, module accounts included, sums to the total supply,
//     and staking's own invariants hold;
//   - each sender's nonce is what the model expects: used by every
//     transaction that entered a block, failed or not, and by no invalid
//     one;
//   - CheckTx admits exactly the transactions built valid, PrepareProposal
//     keeps exactly those, and ProcessProposal accepts its block.
//
// The same generator drives FuzzApp.

const modelUsers = 8

type modelUser struct {
	*user
	nonce uint64 // what the chain should say
}

type appModel struct {
	t     testing.TB
	rnd   *rand.Rand
	twins [2]*testChain
	// heir, once set, is a chain started from twin 0's export (export
	// test): it runs every later block too, and its state must stay equal
	// to twin 0's, key for key.
	heir    *testChain
	heirSet []byte // the heir's one key whose value may differ
	users   []*modelUser
	vals    []address.Address
	cons    [][]byte
	kinds   map[string]int // how many of each kind entered a block
	height  int64
	// Speed channels someone tried to open: ids, their payers, and how
	// many opens each user tried (the next id's counter if all succeeded).
	channels []paych.ChannelID
	payerOf  map[paych.ChannelID]*modelUser
	opens    map[address.Address]uint64
	vouchers uint64 // nonces of the vouchers signed so far, all growing
}

func newAppModel(t testing.TB, seed int64) *appModel {
	m := &appModel{t: t, rnd: rand.New(rand.NewSource(seed)), kinds: map[string]int{},
		payerOf: map[paych.ChannelID]*modelUser{}, opens: map[address.Address]uint64{}}
	st := genesis.DefaultAppState()
	balances := map[address.Address]*uint256.Int{}
	for i := range modelUsers {
		sum := sha256.Sum256([]byte(fmt.Sprintf("model user %d", i)))
		k, err := crypto.ToECDSA(sum[:])
		if err != nil {
			t.Fatal(err)
		}
		u := &modelUser{user: &user{key: k, addr: address.FromPublicKey(&k.PublicKey)}}
		m.users = append(m.users, u)
		balances[u.addr] = btt.FromBTT(uint64(1_000 + m.rnd.Intn(100_000)))
	}
	balances[address.Module(bank.RewardPool)] = btt.FromBTT(1_000_000)
	st.Bank.Accounts = bank.Funded(balances)
	sortAccounts(st.Bank.Accounts)
	st.Speed.Params.SettleDelay = dec.Of(speed.MinSettleDelay) // so that settles succeed between blocks
	// The first two users run validators.
	for i := range 2 {
		cons := ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("model validator %d", i))).PubKey().Bytes()
		if err := genesis.AddValidator(&st, m.users[i].addr, cons, fmt.Sprintf("v%d", i), btt.FromBTT(10_000)); err != nil {
			t.Fatal(err)
		}
		m.vals, m.cons = append(m.vals, m.users[i].addr), append(m.cons, cons)
	}
	st.Bridge.Chains = []bridge.RootChain{{Name: "ethereum", ChainID: 1, Contract: address.Address{0xc0}, Token: address.Address{0x70},
		CheckpointInterval: 5, RateLimit: btt.NewAmount(btt.FromBTT(2_000)), RateWindow: dec.Of(time.Minute),
		MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(500))}}
	st.Staking.Params.BlockReward = btt.NewAmount(btt.FromBTT(3))
	st.Staking.Params.UnbondingTime = dec.Of(20 * time.Second)
	g := &st.Governance.Params
	g.MinDeposit, g.ExpeditedMinDeposit = btt.NewAmount(btt.FromBTT(10)), btt.NewAmount(btt.FromBTT(50))
	g.MaxDepositPeriod, g.VotingPeriod, g.ExpeditedVotingPeriod = dec.Of(30*time.Second), dec.Of(8*time.Second), dec.Of(4*time.Second)
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.twins {
		store, err := state.OpenMemory(state.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.twins[i] = newTestChain(t, store, raw, Config{})
		var votes []abci.VoteInfo
		for _, c := range m.cons {
			votes = append(votes, abci.VoteInfo{Validator: abci.Validator{Address: ed25519.PubKey(c).Address(), Power: 10_000},
				BlockIdFlag: cmtproto.BlockIDFlagCommit})
		}
		m.twins[i].lastCommit = abci.CommitInfo{Votes: votes}
	}
	return m
}

// sortAccounts orders genesis accounts by address: bank.Funded ranges
// over a map, and the twins must start from the same bytes.
func sortAccounts(a []bank.GenesisAccount) {
	slices.SortFunc(a, func(x, y bank.GenesisAccount) int { return bytes.Compare(x.Address[:], y.Address[:]) })
}

// planned is a generated transaction and whether the model built it valid.
type planned struct {
	raw   []byte
	kind  string
	valid bool
	user  *modelUser
}

// balance is a user's spendable balance on the first twin's last state.
func (m *appModel) balance(u *modelUser) *uint256.Int {
	b, err := bank.New(state.ReadOnly{Getter: m.twins[0].app.lastState()}).Balance(u.addr)
	if err != nil {
		m.t.Fatal(err)
	}
	return b
}

// fraction is a random amount up to num/den of v, at least 1 wei.
func (m *appModel) fraction(v *uint256.Int, num, den uint64) *uint256.Int {
	cap := new(uint256.Int).Div(new(uint256.Int).Mul(v, uint256.NewInt(num)), uint256.NewInt(den))
	if cap.IsZero() {
		return uint256.NewInt(1)
	}
	r := new(uint256.Int).Mod(uint256.NewInt(m.rnd.Uint64()), cap)
	return r.AddUint64(r, 1)
}

// next builds one random transaction.
func (m *appModel) next() planned {
	u := m.users[m.rnd.Intn(len(m.users))]
	other := m.users[m.rnd.Intn(len(m.users))].addr
	val := m.vals[m.rnd.Intn(len(m.vals))]
	bal := m.balance(u)
	body := func(msgs ...tx.Msg) tx.Body {
		raws := make([]tx.RawMsg, len(msgs))
		for i, msg := range msgs {
			r, err := tx.EncodeMsg(msg)
			if err != nil {
				m.t.Fatal(err)
			}
			raws[i] = r
		}
		return tx.Body{ChainID: testChainID, Nonce: u.nonce, GasLimit: 400_000, GasPrice: uint256.NewInt(1_000), Msgs: raws}
	}
	sign := func(b tx.Body) []byte {
		signed, err := tx.Sign(b, tx.KeySigner{Key: u.key})
		if err != nil {
			m.t.Fatal(err)
		}
		raw, err := signed.Encode()
		if err != nil {
			m.t.Fatal(err)
		}
		return raw
	}
	valid := func(kind string, msgs ...tx.Msg) planned {
		return planned{raw: sign(body(msgs...)), kind: kind, valid: true, user: u}
	}
	channel := func() paych.ChannelID {
		if len(m.channels) == 0 {
			return paych.ChannelID{1}
		}
		return m.channels[m.rnd.Intn(len(m.channels))]
	}
	switch n := m.rnd.Intn(112); {
	case n >= 100 && n < 103: // to oneself now and then: a failure
		id := paych.NewChannelID(u.addr, other, m.opens[u.addr])
		m.opens[u.addr]++
		m.channels = append(m.channels, id)
		m.payerOf[id] = u
		return valid("speed-open", &paych.MsgOpen{Payee: other, Deposit: m.fraction(bal, 1, 10)})
	case n >= 103 && n < 107: // vouchers of several channels, some not the payer's or too big: some refused
		r := &paych.MsgRedeem{}
		for range 1 + m.rnd.Intn(4) {
			id := channel()
			signer := m.payerOf[id]
			if signer == nil || m.rnd.Intn(6) == 0 {
				signer = u
			}
			m.vouchers++
			sv, err := paych.Voucher{Channel: id, Amount: new(uint256.Int).Mul(uint256.NewInt(uint64(1+m.rnd.Intn(200))), uint256.NewInt(1e15)), Nonce: m.vouchers}.Sign(testChainID, signer.key)
			if err != nil {
				m.t.Fatal(err)
			}
			r.Vouchers = append(r.Vouchers, sv)
		}
		return valid("speed-redeem", r)
	case n >= 103 && n < 110: // often by neither party: a failure
		return valid("speed-close", &paych.MsgClose{Channel: channel()})
	case n >= 110: // often before the delay: a failure
		return valid("speed-settle", &paych.MsgSettle{Channel: channel()})
	case n < 30: // sometimes more than the sender holds: a failed transfer
		amt := m.fraction(bal, 1, 4)
		if m.rnd.Intn(8) == 0 {
			amt = new(uint256.Int).Mul(bal, uint256.NewInt(2))
		}
		return valid("send", &bank.MsgSend{To: other, Amount: amt})
	case n < 38:
		ms := &bank.MsgMultiSend{}
		for range 1 + m.rnd.Intn(3) {
			ms.Outputs = append(ms.Outputs, bank.Output{To: m.users[m.rnd.Intn(len(m.users))].addr, Amount: m.fraction(bal, 1, 10)})
		}
		return valid("multi-send", ms)
	case n < 50:
		return valid("delegate", &staking.MsgDelegate{Validator: val, Amount: m.fraction(bal, 1, 5)})
	case n < 58: // may exceed the delegation: a failure
		return valid("unbond", &staking.MsgUndelegate{Validator: val, Amount: m.fraction(btt.FromBTT(200), 1, 1)})
	case n < 66:
		return valid("withdraw-rewards", &staking.MsgWithdrawRewards{})
	case n < 67: // often over the limits: a failure
		return valid("withdraw", &bridge.MsgWithdraw{Chain: "ethereum", To: other, Amount: m.fraction(btt.FromBTT(800), 1, 1)})
	case n < 70:
		return valid("propose", &governance.MsgSubmitProposal{Title: "model", InitialDeposit: btt.FromBTT(10)})
	case n < 80: // often of a proposal that is not voting: a failure
		opts := []governance.Option{governance.Yes, governance.No, governance.Abstain, governance.NoWithVeto}
		return valid("vote", &governance.MsgVote{ProposalID: uint64(1 + m.rnd.Intn(4)),
			Options: []governance.WeightedOption{{Option: opts[m.rnd.Intn(len(opts))], Weight: dec.One()}}})
	case n < 85:
		b := body(&bank.MsgSend{To: other, Amount: uint256.NewInt(1)})
		b.Nonce += 1 + uint64(m.rnd.Intn(3))
		return planned{raw: sign(b), kind: "invalid/nonce", user: u}
	case n < 90:
		b := body(&bank.MsgSend{To: other, Amount: uint256.NewInt(1)})
		b.ChainID = "another-chain"
		return planned{raw: sign(b), kind: "invalid/chain", user: u}
	case n < 95:
		b := body(&bank.MsgSend{To: other, Amount: uint256.NewInt(1)})
		b.GasLimit = 1_000
		return planned{raw: sign(b), kind: "invalid/gas", user: u}
	default:
		junk := make([]byte, 1+m.rnd.Intn(80))
		m.rnd.Read(junk)
		return planned{raw: junk, kind: "invalid/bytes", user: u}
	}
}

// block generates up to 10 transactions and runs one block on both twins.
func (m *appModel) block() {
	var plan []planned
	var kept [][]byte
	for range m.rnd.Intn(11) {
		p := m.next()
		res := m.twins[0].checkTx(p.raw)
		if (res.Code == 0) != p.valid {
			m.t.Fatalf("height %d: CheckTx of a %s (valid %v): code %d %s", m.height+1, p.kind, p.valid, res.Code, res.Log)
		}
		if m.twins[1].checkTx(p.raw).Code != res.Code {
			m.t.Fatalf("height %d: the twins' CheckTx disagree on a %s", m.height+1, p.kind)
		}
		if m.heir != nil && m.heir.checkTx(p.raw).Code != res.Code {
			m.t.Fatalf("height %d: the heir's CheckTx disagrees on a %s", m.height+1, p.kind)
		}
		if p.valid {
			p.user.nonce++
			kept = append(kept, p.raw)
			m.kinds[p.kind]++
		}
		plan = append(plan, p)
	}
	all := make([][]byte, len(plan))
	for i, p := range plan {
		all[i] = p.raw
	}
	m.height++
	var skip time.Duration // now and then, a pause between blocks
	if m.rnd.Intn(5) == 0 {
		skip = time.Duration(m.rnd.Intn(10)) * time.Second
	}
	var hash []byte
	chains := m.twins[:]
	if m.heir != nil {
		chains = append(chains, m.heir)
	}
	for i, c := range chains {
		txs := c.propose(all...)
		if len(txs) != len(kept) {
			m.t.Fatalf("height %d: PrepareProposal kept %d of %d, the model %d", m.height, len(txs), len(all), len(kept))
		}
		for j := range txs {
			if !bytes.Equal(txs[j], kept[j]) {
				m.t.Fatalf("height %d: PrepareProposal kept another transaction at %d", m.height, j)
			}
		}
		c.time = c.time.Add(skip)
		res := c.finalize(txs...)
		switch {
		case i == 0:
			hash = res.AppHash
		case c == m.heir:
			// A rebuilt tree has other node versions, so another hash.
		case !bytes.Equal(res.AppHash, hash):
			m.t.Fatalf("height %d: the twins' app hashes differ: %X and %X", m.height, hash, res.AppHash)
		}
	}
	if m.heir != nil {
		sameState(m.t, m.height, m.twins[0], m.heir, m.heirSet)
	}
	m.checkInvariants()
}

// holders are every address that can hold BTT in this model.
func (m *appModel) holders() []address.Address {
	var out []address.Address
	for _, u := range m.users {
		out = append(out, u.addr)
	}
	for _, n := range bank.ModuleNames {
		out = append(out, address.Module(n))
	}
	return out
}

func (m *appModel) checkInvariants() {
	for i, c := range m.twins {
		ro := state.ReadOnly{Getter: c.app.store.Committed()}
		if err := bank.Invariant(bank.New(ro), m.holders()); err != nil {
			m.t.Fatalf("height %d, twin %d: %v", m.height, i, err)
		}
		if err := staking.New(ro).Invariants(); err != nil {
			m.t.Fatalf("height %d, twin %d: %v", m.height, i, err)
		}
		if err := speed.Invariant(speed.New(ro)); err != nil {
			m.t.Fatalf("height %d, twin %d: %v", m.height, i, err)
		}
	}
	for _, u := range m.users {
		if have := m.twins[0].account(u.addr).Nonce; have != u.nonce {
			m.t.Fatalf("height %d: %s has nonce %d, the model %d", m.height, u.addr, have, u.nonce)
		}
	}
}

func TestAppModel(t *testing.T) {
	blocks := 400
	if testing.Short() {
		blocks = 60
	}
	for seed := int64(1); seed <= 2; seed++ {
		m := newAppModel(t, seed)
		for range blocks {
			m.block()
		}
		if testing.Short() {
			continue
		}
		for _, k := range []string{"send", "multi-send", "delegate", "unbond", "withdraw-rewards", "withdraw", "propose", "vote",
			"speed-open", "speed-redeem", "speed-close", "speed-settle"} {
			if m.kinds[k] == 0 {
				t.Errorf("seed %d: no %s in %d blocks; the generator no longer reaches it (%v)", seed, k, blocks, m.kinds)
			}
		}
	}
}

func FuzzApp(f *testing.F) {
	f.Add(int64(1), uint8(20))
	f.Add(int64(7), uint8(60))
	f.Fuzz(func(t *testing.T, seed int64, blocks uint8) {
		m := newAppModel(t, seed)
		for range int(blocks) % 80 {
			m.block()
		}
	})
}
