package bank

import (
	"fmt"
	"sort"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// Genesis is the bank's part of app_state.
type Genesis struct {
	Params   Params           `json:"params"`
	Accounts []GenesisAccount `json:"accounts"`
	// Supply, if set, must equal the sum of the balances; it is a check
	// against typos in hand-edited files.
	Supply string `json:"supply,omitempty"`
}

// GenesisAccount is one funded address. Balance takes a unit: "1000btt" or
// "1000000000000000000000wei".
type GenesisAccount struct {
	Address address.Address `json:"address"`
	Balance string          `json:"balance"`
	Nonce   uint64          `json:"nonce,omitempty"`
}

// MaxSupply is 990 trillion BTT, the token's total supply.
var MaxSupply = btt.FromBTT(990_000_000_000_000)

// Validate checks the genesis and returns the parsed balances and supply.
// Error messages name the field, as in "accounts[3].balance".
func (g *Genesis) Validate() ([]uint256.Int, *uint256.Int, error) {
	if err := g.Params.Validate(); err != nil {
		return nil, nil, fmt.Errorf("params.%w", err)
	}
	seen := make(map[address.Address]int, len(g.Accounts))
	balances := make([]uint256.Int, len(g.Accounts))
	total := new(uint256.Int)
	for i, a := range g.Accounts {
		if j, dup := seen[a.Address]; dup {
			return nil, nil, fmt.Errorf("accounts[%d].address: %s is also accounts[%d]", i, a.Address, j)
		}
		seen[a.Address] = i
		if a.Address.IsZero() {
			return nil, nil, fmt.Errorf("accounts[%d].address: missing or zero", i)
		}
		v, err := btt.Parse(a.Balance)
		if err != nil {
			return nil, nil, fmt.Errorf("accounts[%d].balance: %w", i, err)
		}
		balances[i] = *v
		if _, overflow := total.AddOverflow(total, v); overflow {
			return nil, nil, fmt.Errorf("accounts[%d].balance: the balances sum past 2^256 wei", i)
		}
	}
	if total.Gt(MaxSupply) {
		return nil, nil, fmt.Errorf("accounts: balances sum to %s, above the maximum supply %s", btt.Format(total), btt.Format(MaxSupply))
	}
	if g.Supply != "" {
		want, err := btt.Parse(g.Supply)
		if err != nil {
			return nil, nil, fmt.Errorf("supply: %w", err)
		}
		if !want.Eq(total) {
			return nil, nil, fmt.Errorf("supply: says %s but the accounts hold %s", btt.Format(want), btt.Format(total))
		}
	}
	return balances, total, nil
}

// InitGenesis writes a validated genesis into the store.
func (s Store) InitGenesis(g *Genesis) error {
	balances, total, err := g.Validate()
	if err != nil {
		return err
	}
	if err := s.SetParams(g.Params); err != nil {
		return err
	}
	for i, a := range g.Accounts {
		if err := s.SetAccount(a.Address, Account{Balance: balances[i], Nonce: a.Nonce}); err != nil {
			return err
		}
	}
	return s.setSupply(total)
}

// Funded builds a GenesisAccount list sorted by address, as `init` writes it.
func Funded(amounts map[address.Address]*uint256.Int) []GenesisAccount {
	out := make([]GenesisAccount, 0, len(amounts))
	for a, v := range amounts {
		out = append(out, GenesisAccount{Address: a, Balance: btt.FormatWei(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address.Compare(out[j].Address) < 0 })
	return out
}
