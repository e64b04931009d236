package node

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/keyring"
)

func TestInitTestnet(t *testing.T) {
	dir := t.TempDir()
	nodes, err := InitTestnet(TestnetOptions{Dir: dir, Validators: 3, ChainID: "bttc-localnet", StartingPort: 40000,
		SelfBond: btt.FromBTT(100), Funds: btt.FromBTT(1000), KeystoreDir: "keystore-test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 3 {
		t.Fatalf("%d nodes", len(nodes))
	}
	var first []byte
	for i, n := range nodes {
		doc, app, err := genesis.Load(filepath.Join(n.Home, "config", "genesis.json"))
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		raw, _ := genesis.Encode(doc)
		if i == 0 {
			first = raw
		} else if string(raw) != string(first) {
			t.Fatalf("node %d has a different genesis", i)
		}
		if len(app.Staking.Validators) != 3 || app.Staking.Validators[i].Operator != n.Operator {
			t.Fatalf("node %d: genesis validators %+v", i, app.Staking.Validators)
		}
		raw, err = os.ReadFile(filepath.Join(n.Home, "config", "config.toml"))
		if err != nil {
			t.Fatal(err)
		}
		toml := string(raw)
		for j, p := range nodes {
			peer := fmt.Sprintf("%s@127.0.0.1:%d", p.NodeID, 40000+10*j)
			if strings.Contains(toml, peer) != (i != j) {
				t.Fatalf("node %d: peer %s listed: %v, want %v", i, peer, !(i != j), i != j)
			}
		}
		if !strings.Contains(toml, fmt.Sprintf(`laddr = "tcp://127.0.0.1:%d"`, 40000+10*i+1)) || !strings.Contains(toml, "allow_duplicate_ip = true") {
			t.Fatalf("node %d config.toml lacks its RPC port or duplicate-IP peers", i)
		}
		kr, err := keyring.Open(filepath.Join(n.Home, "keystore-test"), keyring.BackendTest)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := kr.Show(OperatorKeyName); err != nil || info.Address != n.Operator {
			t.Fatalf("node %d operator key %+v %v", i, info, err)
		}
	}
	// Refusals name the problem.
	for name, o := range map[string]TestnetOptions{
		"not empty":    {Dir: dir, Validators: 2, ChainID: "bttc-localnet", StartingPort: 41000},
		"zero":         {Dir: t.TempDir(), Validators: 0, ChainID: "bttc-localnet", StartingPort: 41000},
		"mainnet id":   {Dir: t.TempDir(), Validators: 2, ChainID: "bttc-1", StartingPort: 41000},
		"port range":   {Dir: t.TempDir(), Validators: 2, ChainID: "bttc-localnet", StartingPort: 65530},
		"port too low": {Dir: t.TempDir(), Validators: 2, ChainID: "bttc-localnet", StartingPort: 80},
	} {
		if _, err := InitTestnet(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
