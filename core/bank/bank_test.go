package bank

import (
	"errors"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

var (
	alice = address.Address{1}
	bob   = address.Address{2}
	carol = address.Address{3}
)

func newBank(t *testing.T, balances map[address.Address]*uint256.Int) (Store, state.KV) {
	t.Helper()
	kv := state.NewCache(emptyGetter{})
	s := New(kv)
	g := &Genesis{Params: DefaultParams(), Accounts: Funded(balances)}
	if err := s.InitGenesis(g); err != nil {
		t.Fatal(err)
	}
	return s, kv
}

type emptyGetter struct{}

func (emptyGetter) Get([]byte) ([]byte, error) { return nil, nil }

func (emptyGetter) Range([]byte, []byte, func(k, v []byte) bool) error { return nil }

func TestSend(t *testing.T) {
	tests := []struct {
		name       string
		msg        tx.Msg
		wantErr    error
		wantAlice  uint64 // in BTT, after the message
		wantEvents int
	}{
		{"send", &MsgSend{To: bob, Amount: btt.FromBTT(3)}, nil, 7, 1},
		{"send everything", &MsgSend{To: bob, Amount: btt.FromBTT(10)}, nil, 0, 1},
		{"insufficient funds", &MsgSend{To: bob, Amount: btt.FromBTT(11)}, ErrInsufficientFunds, 10, 0},
		{"to a module account", &MsgSend{To: address.Module(BondedPool), Amount: btt.FromBTT(1)}, ErrBlockedRecipient, 10, 0},
		{"multi-send", &MsgMultiSend{Outputs: []Output{{bob, btt.FromBTT(2)}, {carol, btt.FromBTT(5)}}}, nil, 3, 2},
		{"multi-send over balance", &MsgMultiSend{Outputs: []Output{{bob, btt.FromBTT(6)}, {carol, btt.FromBTT(5)}}}, ErrInsufficientFunds, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, kv := newBank(t, map[address.Address]*uint256.Int{alice: btt.FromBTT(10)})
			supplyBefore, _ := s.Supply()
			events, err := Handle(kv, tx.Env{Sender: alice}, tt.msg)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(events) != tt.wantEvents {
				t.Fatalf("%d events, want %d", len(events), tt.wantEvents)
			}
			if tt.wantErr != nil {
				return // a failed message's writes are discarded by its branch, not by bank
			}
			bal, _ := s.Balance(alice)
			if !bal.Eq(btt.FromBTT(tt.wantAlice)) {
				t.Fatalf("alice holds %s, want %dbtt", btt.Format(bal), tt.wantAlice)
			}
			supply, _ := s.Supply()
			if !supply.Eq(supplyBefore) {
				t.Fatalf("a transfer changed the supply from %s to %s", supplyBefore, supply)
			}
			if err := Invariant(s, []address.Address{alice, bob, carol}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestMsgValidate(t *testing.T) {
	max := new(uint256.Int).SetAllOne()
	tests := []struct {
		name string
		msg  tx.Msg
		want error
	}{
		{"zero send", &MsgSend{To: bob, Amount: new(uint256.Int)}, ErrZeroAmount},
		{"nil amount", &MsgSend{To: bob}, ErrZeroAmount},
		{"no outputs", &MsgMultiSend{}, ErrNoOutputs},
		{"zero output", &MsgMultiSend{Outputs: []Output{{bob, new(uint256.Int)}}}, ErrZeroAmount},
		{"overflowing outputs", &MsgMultiSend{Outputs: []Output{{bob, max}, {carol, uint256.NewInt(1)}}}, ErrSupplyOverflow},
		{"fine", &MsgSend{To: bob, Amount: uint256.NewInt(1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.Validate(); !errors.Is(err, tt.want) {
				t.Fatalf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestMintBurn(t *testing.T) {
	s, _ := newBank(t, map[address.Address]*uint256.Int{alice: btt.FromBTT(10)})
	if err := s.Mint(bob, btt.FromBTT(5)); err != nil {
		t.Fatal(err)
	}
	if err := s.Burn(alice, btt.FromBTT(4)); err != nil {
		t.Fatal(err)
	}
	supply, _ := s.Supply()
	if !supply.Eq(btt.FromBTT(11)) {
		t.Fatalf("supply %s, want 11btt", btt.Format(supply))
	}
	if err := s.Burn(alice, btt.FromBTT(7)); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("over-burn = %v", err)
	}
	if err := Invariant(s, []address.Address{alice, bob}); err != nil {
		t.Fatal(err)
	}
}

func TestGenesisValidateNamesField(t *testing.T) {
	tests := []struct {
		name string
		g    Genesis
		want string
	}{
		{"bad balance", Genesis{Params: DefaultParams(), Accounts: []GenesisAccount{{Address: alice, Balance: "12"}}}, "accounts[0].balance"},
		{"duplicate", Genesis{Params: DefaultParams(), Accounts: []GenesisAccount{{Address: alice, Balance: "1btt"}, {Address: alice, Balance: "1btt"}}}, "accounts[1].address"},
		{"zero address", Genesis{Params: DefaultParams(), Accounts: []GenesisAccount{{Balance: "1btt"}}}, "accounts[0].address"},
		{"wrong supply", Genesis{Params: DefaultParams(), Accounts: []GenesisAccount{{Address: alice, Balance: "1btt"}}, Supply: "2btt"}, "supply"},
		{"over max supply", Genesis{Params: DefaultParams(), Accounts: []GenesisAccount{{Address: alice, Balance: "990000000000001btt"}}}, "maximum supply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.g.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error naming %q", err, tt.want)
			}
		})
	}
}

func TestAccountRecordRoundTrip(t *testing.T) {
	a := Account{Nonce: 1 << 40}
	a.Balance.SetAllOne()
	back, err := decodeAccount(a.encode())
	if err != nil || back != a {
		t.Fatalf("round trip gave %+v, %v", back, err)
	}
	if _, err := decodeAccount([]byte{1, 2, 3}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("short record = %v", err)
	}
}
