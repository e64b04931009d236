package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
)

// readFundFile adds the accounts of a fund file to funds: one
// ADDRESS,AMOUNT a line (0x… or T…, the amount with its unit), an optional
// header line, blank lines and # comments. It streams the file, so a
// launch with a million holders reads in seconds; an address given twice
// is funded with the sum. Errors name the line.
func readFundFile(path string, funds map[address.Address]*uint256.Int) (order []address.Address, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || (n == 1 && strings.HasPrefix(strings.ToLower(line), "address")) {
			continue
		}
		addrText, amountText, ok := strings.Cut(line, ",")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want ADDRESS,AMOUNT", path, n)
		}
		a, err := address.Parse(strings.TrimSpace(addrText))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		v, err := btt.Parse(strings.TrimSpace(amountText))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if prev, dup := funds[a]; dup {
			if _, overflow := v.AddOverflow(prev, v); overflow {
				return nil, fmt.Errorf("%s:%d: %s's amounts sum past 2^256 wei", path, n, a)
			}
		} else {
			order = append(order, a)
		}
		funds[a] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return order, nil
}

// addFunded merges funds into a genesis's accounts, adding to an account
// already there, sorted by address as init writes them. A balance that
// does not parse stays as it is, and genesis validation names it.
func addFunded(st *genesis.AppState, funds map[address.Address]*uint256.Int) {
	merged := make(map[address.Address]*uint256.Int, len(st.Bank.Accounts)+len(funds))
	var kept []bank.GenesisAccount
	for _, a := range st.Bank.Accounts {
		v, err := btt.Parse(a.Balance)
		if err != nil {
			kept = append(kept, a)
			continue
		}
		merged[a.Address] = v
	}
	for a, v := range funds {
		if prev, ok := merged[a]; ok {
			v = new(uint256.Int).Add(prev, v)
		}
		merged[a] = v
	}
	st.Bank.Accounts = append(bank.Funded(merged), kept...)
}
