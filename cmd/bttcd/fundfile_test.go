package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
)

func TestReadFundFile(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "TFTsyAaajS3DTEbekme2wm9fNcypguDHp4"
	funds := map[address.Address]*uint256.Int{}
	order, err := readFundFile(write("address,amount\n"+a+",1.5btt\n# a comment\n\n"+b+" , 2btt\n"+a+",500000000000000000wei\n"), funds)
	if err != nil || len(order) != 2 || len(funds) != 2 {
		t.Fatalf("%d accounts, %v", len(funds), err)
	}
	pa, _ := address.Parse(a)
	if !funds[pa].Eq(btt.FromBTT(2)) {
		t.Fatalf("%s funded %s, want the sum 2btt", a, btt.Format(funds[pa]))
	}
	for text, want := range map[string]string{
		a + ",1.5btt\nnot an address,1btt\n": "f.csv:2",
		a + " 1.5btt\n":                      "f.csv:1: want ADDRESS,AMOUNT",
		a + ",1.5\n":                         "f.csv:1",
	} {
		if _, err := readFundFile(write(text), map[address.Address]*uint256.Int{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want it to name %q", text, err, want)
		}
	}
	if _, err := readFundFile(filepath.Join(dir, "missing.csv"), funds); err == nil {
		t.Fatal("a missing file read")
	}
	// Merged into a genesis: an operator already there gets the sum.
	st := genesis.DefaultAppState()
	st.Bank.Accounts = bank.Funded(map[address.Address]*uint256.Int{pa: btt.FromBTT(1)})
	addFunded(&st, funds)
	if len(st.Bank.Accounts) != 2 || st.Bank.Accounts[0].Address.Compare(st.Bank.Accounts[1].Address) >= 0 {
		t.Fatalf("merged accounts %+v", st.Bank.Accounts)
	}
	if _, _, err := st.Bank.Validate(); err != nil {
		t.Fatal(err)
	}
}
