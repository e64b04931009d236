package speed_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// The model test drives the module with random opens, top-ups, vouchers
// (valid, tampered, for another chain), batched redeems, closes,
// cooperative closes, settles and the passing of time, and checks it
// against a plain model after every step: balances, each channel, and the
// invariants (the fixture checks the escrow after every message; here a
// payee never takes more than a deposit and a payer is never charged more
// than the best voucher or close it signed). One generator feeds the
// property test and the fuzz target.

const modelDelay = 60 * time.Second

type mChannel struct {
	id                paych.ChannelID
	payer, payee      int
	deposit, redeemed uint64
	nonce             uint64
	state             paych.State
	settleAt          time.Time
	signedMax         uint64 // the most the payer promised by voucher, or the payee's close
	signedNonce       uint64
}

type mVoucher struct {
	sv paych.SignedVoucher
	ch int
	ok bool // signed by the payer for this chain
}

type model struct {
	f        *fixture
	parties  []party
	balances []uint64
	channels []*mChannel
	held     []mVoucher // vouchers the payees hold, valid or not
}

type source struct {
	data []byte
	i    int
}

func (s *source) next() (byte, bool) {
	if s.i >= len(s.data) {
		return 0, false
	}
	s.i++
	return s.data[s.i-1], true
}

func (s *source) n(limit int) int { b, _ := s.next(); return int(b) % limit }

func runModel(t *testing.T, data []byte) {
	m := &model{f: newFixture(t, modelDelay)}
	for i := 0; i < 4; i++ {
		m.parties = append(m.parties, newParty(t, byte(i+1)))
		m.balances = append(m.balances, 5000)
		m.f.fund(m.parties[i].addr, uint256.NewInt(5000))
	}
	src := &source{data: data}
	for step := 0; ; step++ {
		op, ok := src.next()
		if !ok {
			return
		}
		m.step(t, step, op%8, src)
		m.compare(t, step)
	}
}

func (m *model) channel(src *source) *mChannel {
	if len(m.channels) == 0 {
		return nil
	}
	return m.channels[src.n(len(m.channels))]
}

// redeemable is the module's rule, restated.
func (m *model) redeemable(c *mChannel, v *mVoucher) bool {
	vv := &v.sv.Voucher
	amount := vv.Amount.Uint64()
	return v.ok && c.state != paych.Closed && !(c.state == paych.Closing && !m.f.now.Before(c.settleAt)) &&
		vv.Nonce > c.nonce && amount <= c.deposit && amount > c.redeemed
}

func (m *model) pay(c *mChannel, toPayee, refund uint64) {
	m.balances[c.payee] += toPayee
	m.balances[c.payer] += refund
}

func (m *model) step(t *testing.T, step int, op byte, src *source) {
	f := m.f
	expect := func(ok bool, err error, what string) {
		t.Helper()
		if ok != (err == nil) {
			t.Fatalf("step %d, %s: the model says ok=%v, the module: %v", step, what, ok, err)
		}
	}
	switch op {
	case 0: // open
		p, q, dep := src.n(4), src.n(4), uint64(src.n(200)+1)
		id := paych.NewChannelID(m.parties[p].addr, m.parties[q].addr, m.opened(p))
		_, err := f.do(m.parties[p].addr, &paych.MsgOpen{Payee: m.parties[q].addr, Deposit: uint256.NewInt(dep)})
		ok := p != q && m.balances[p] >= dep
		expect(ok, err, "open")
		if ok {
			m.balances[p] -= dep
			m.channels = append(m.channels, &mChannel{id: id, payer: p, payee: q, deposit: dep, state: paych.Open})
		}
	case 1: // top up, by the payer or someone else
		c := m.channel(src)
		if c == nil {
			return
		}
		from, amount := src.n(4), uint64(src.n(100)+1)
		_, err := f.do(m.parties[from].addr, &paych.MsgTopUp{Channel: c.id, Amount: uint256.NewInt(amount)})
		ok := from == c.payer && c.state == paych.Open && m.balances[from] >= amount
		expect(ok, err, "top-up")
		if ok {
			m.balances[from] -= amount
			c.deposit += amount
		}
	case 2: // the payer signs a voucher; sometimes someone else, or for another chain
		idx := src.n(max(len(m.channels), 1))
		if len(m.channels) == 0 {
			return
		}
		c := m.channels[idx]
		amount := c.signedMax + uint64(src.n(60))
		nonce := c.signedNonce + 1
		if src.n(4) == 0 {
			nonce = uint64(src.n(int(c.signedNonce) + 2)) // an old nonce, or a new one
		}
		if nonce == 0 || amount == 0 {
			return
		}
		signer, chain := c.payer, chainID
		switch src.n(8) {
		case 0:
			signer = (c.payer + 1) % 4
		case 1:
			chain = "another-chain"
		}
		sv := voucher(t, m.parties[signer], chain, c.id, amount, nonce)
		good := signer == c.payer && chain == chainID
		if good {
			c.signedMax, c.signedNonce = max(c.signedMax, amount), max(c.signedNonce, nonce)
		}
		m.held = append(m.held, mVoucher{sv: sv, ch: idx, ok: good})
	case 3: // redeem a batch of held vouchers
		if len(m.held) == 0 {
			return
		}
		var batch []paych.SignedVoucher
		any := false
		for k := src.n(4) + 1; k > 0; k-- {
			v := m.held[src.n(len(m.held))]
			c := m.channels[v.ch]
			batch = append(batch, v.sv)
			if m.redeemable(c, &v) {
				amount := v.sv.Voucher.Amount.Uint64()
				m.pay(c, amount-c.redeemed, 0)
				c.redeemed, c.nonce = amount, v.sv.Voucher.Nonce
				any = true
			}
		}
		_, err := f.do(m.parties[src.n(4)].addr, redeem(batch...))
		expect(any, err, "redeem")
	case 4: // close, by anyone
		c := m.channel(src)
		if c == nil {
			return
		}
		from := src.n(4)
		_, err := f.do(m.parties[from].addr, &paych.MsgClose{Channel: c.id})
		switch {
		case c.state == paych.Closed || (from != c.payer && from != c.payee) || (from == c.payer && c.state == paych.Closing):
			expect(false, err, "close")
		case from == c.payee:
			expect(true, err, "payee's close")
			m.pay(c, 0, c.deposit-c.redeemed)
			c.state = paych.Closed
		default:
			expect(true, err, "payer's close")
			c.state, c.settleAt = paych.Closing, f.now.Add(modelDelay)
		}
	case 5: // cooperative close at an amount near what was redeemed
		c := m.channel(src)
		if c == nil {
			return
		}
		amount := c.redeemed + uint64(src.n(80))
		if c.redeemed >= 20 && src.n(3) == 0 {
			amount = c.redeemed - 20 // below redeemed
		}
		sc, err := paych.Close{Channel: c.id, Amount: uint256.NewInt(amount)}.Sign(chainID, m.parties[c.payee].key)
		if err != nil {
			t.Fatal(err)
		}
		from := src.n(4)
		_, err = f.do(m.parties[from].addr, &paych.MsgCoopClose{Close: sc})
		ok := c.state != paych.Closed && (from == c.payer || from == c.payee) && amount <= c.deposit && amount >= c.redeemed
		expect(ok, err, "cooperative close")
		if ok {
			m.pay(c, amount-c.redeemed, c.deposit-amount)
			c.redeemed, c.state = amount, paych.Closed
			c.signedMax = max(c.signedMax, amount)
		}
	case 6: // settle, by anyone
		c := m.channel(src)
		if c == nil {
			return
		}
		_, err := f.do(m.parties[src.n(4)].addr, &paych.MsgSettle{Channel: c.id})
		ok := c.state == paych.Closing && !f.now.Before(c.settleAt)
		expect(ok, err, "settle")
		if ok {
			m.pay(c, 0, c.deposit-c.redeemed)
			c.state = paych.Closed
		}
	case 7: // a block passes
		f.advance(time.Duration(src.n(4)) * 10 * time.Second) // multiples of 10 s meet the delay exactly
	}
}

func (m *model) opened(p int) uint64 {
	n := uint64(0)
	for _, c := range m.channels {
		if c.payer == p {
			n++
		}
	}
	return n
}

func (m *model) compare(t *testing.T, step int) {
	for i, p := range m.parties {
		if got := m.f.balance(p.addr); got.Uint64() != m.balances[i] {
			t.Fatalf("step %d: party %d holds %s, the model %d", step, i, got.Dec(), m.balances[i])
		}
	}
	for _, c := range m.channels {
		got := m.f.channel(c.id)
		if got.State != c.state || got.Deposit.Uint64() != c.deposit || got.Redeemed.Uint64() != c.redeemed || got.Nonce != c.nonce && c.state != paych.Closed {
			t.Fatalf("step %d: channel %s is %+v, the model %+v", step, c.id.Short(), got, c)
		}
		if c.redeemed > c.deposit || c.redeemed > c.signedMax {
			t.Fatalf("step %d: channel %s paid %d of a %d deposit, the payer signed at most %d", step, c.id.Short(), c.redeemed, c.deposit, c.signedMax)
		}
	}
}

func TestModel(t *testing.T) {
	for seed := int64(1); seed <= 30; seed++ {
		data := make([]byte, 1500)
		rand.New(rand.NewSource(seed)).Read(data)
		runModel(t, data)
	}
}

func FuzzModel(f *testing.F) {
	for seed := int64(1); seed <= 3; seed++ {
		data := make([]byte, 200)
		rand.New(rand.NewSource(seed)).Read(data)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { runModel(t, data) })
}
