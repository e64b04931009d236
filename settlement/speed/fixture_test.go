package speed_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

const chainID = "bttc-speed-test"

// fixture runs the speed module over a real tree as the chain does: each
// message in a branch kept only if it succeeds, the escrow invariant
// checked after each.
type fixture struct {
	t      testing.TB
	kv     *state.Cache
	height int64
	now    time.Time
}

type party struct {
	key  *ecdsa.PrivateKey
	addr address.Address
}

func newParty(t testing.TB, seed byte) party {
	k, err := crypto.ToECDSA(bytes.Repeat([]byte{seed}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return party{key: k, addr: address.FromPublicKey(&k.PublicKey)}
}

func newFixture(t testing.TB, delay time.Duration) *fixture {
	t.Helper()
	st, err := state.OpenMemory(state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, kv: state.NewCache(st.Working()), height: 1, now: time.Unix(1_700_000_000, 0).UTC()}
	if err := speed.New(f.kv).InitGenesis(&speed.Genesis{Params: speed.Params{SettleDelay: dec.Of(delay)}}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) fund(a address.Address, amount *uint256.Int) {
	if err := bank.New(f.kv).Mint(a, amount); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) balance(a address.Address) *uint256.Int {
	b, err := bank.New(f.kv).Balance(a)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// do runs one message from sender. A store fault or a broken invariant
// fails the test; a refusal is returned.
func (f *fixture) do(sender address.Address, m tx.Msg) ([]tx.Event, error) {
	f.t.Helper()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	branch := state.NewCache(f.kv)
	env := tx.Env{ChainID: chainID, Height: f.height, Time: f.now, Sender: sender}
	ev, err := speed.New(branch).Handle(env, m)
	if errors.Is(err, state.ErrFault) {
		f.t.Fatalf("store fault: %v", err)
	}
	if err == nil {
		if ferr := branch.Flush(f.kv); ferr != nil {
			f.t.Fatal(ferr)
		}
	}
	if ierr := speed.Invariant(speed.New(f.kv)); ierr != nil {
		f.t.Fatal(ierr)
	}
	return ev, err
}

func (f *fixture) must(sender address.Address, m tx.Msg) []tx.Event {
	f.t.Helper()
	ev, err := f.do(sender, m)
	if err != nil {
		f.t.Fatalf("%s: %v", m.Kind(), err)
	}
	return ev
}

// advance moves to the next block, d later.
func (f *fixture) advance(d time.Duration) {
	f.height++
	f.now = f.now.Add(d)
}

func (f *fixture) channel(id paych.ChannelID) *speed.Channel {
	c, err := speed.New(f.kv).Channel(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// open opens a channel from payer to payee and returns its id.
func (f *fixture) open(payer, payee party, deposit *uint256.Int) paych.ChannelID {
	f.t.Helper()
	id, err := speed.New(f.kv).NextID(payer.addr, payee.addr)
	if err != nil {
		f.t.Fatal(err)
	}
	f.must(payer.addr, &paych.MsgOpen{Payee: payee.addr, Deposit: deposit})
	return id
}

func voucher(t testing.TB, payer party, chain string, id paych.ChannelID, amount uint64, nonce uint64) paych.SignedVoucher {
	t.Helper()
	sv, err := paych.Voucher{Channel: id, Amount: uint256.NewInt(amount), Nonce: nonce}.Sign(chain, payer.key)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func redeem(vs ...paych.SignedVoucher) *paych.MsgRedeem { return &paych.MsgRedeem{Vouchers: vs} }

func attr(ev []tx.Event, typ, key string) []string {
	var out []string
	for _, e := range ev {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				out = append(out, a.Value)
			}
		}
	}
	return out
}
