package e2e

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
)

// TestStakingCLI runs the staking commands against the dev chain: a second
// validator is created, the dev key delegates to it and unbonds, rewards
// and commission are withdrawn, and every query reads the result.
func TestStakingCLI(t *testing.T) {
	home := t.TempDir() + "/dev"
	n := startNodeAs(t, "dev", home)
	kr := []string{"--keyring-backend", "test", "--home", home, "--node", n.rpc(), "-y"}
	tx := func(args ...string) string { return mustRun(t, append(append([]string{"tx"}, args...), kr...)...) }

	var bob struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "keys", "add", "bob", "--keyring-backend", "test", "--home", home, "-o", "json")), &bob); err != nil {
		t.Fatal(err)
	}
	tx("bank", "send", bob.Address, "100btt", "--from", "dev")
	pub := base64.StdEncoding.EncodeToString(ed25519.GenPrivKey().PubKey().Bytes())
	tx("staking", "create-validator", "--amount", "10btt", "--moniker", "bob", "--pubkey", pub, "--from", "bob")
	tx("staking", "delegate", bob.Address, "5btt", "--from", "dev")

	var v struct {
		Status string `json:"status"`
		Power  int64  `json:"power"`
		Tokens string `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "query", "staking", "validator", bob.Address, "--node", n.rpc(), "-o", "json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Status != "bonded" || v.Power != 15 || v.Tokens != "15btt" {
		t.Fatalf("bob's validator: %+v", v)
	}
	list := mustRun(t, "query", "staking", "validators", "--status", "bonded", "--node", n.rpc())
	if !strings.Contains(list, "bob") || !strings.Contains(list, "dev") {
		t.Fatalf("validators table:\n%s", list)
	}

	tx("staking", "unbond", bob.Address, "2btt", "--from", "dev")
	var unb []struct {
		Validator string `json:"validator"`
		Balance   string `json:"balance"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "query", "staking", "unbondings", "dev", "--home", home, "--node", n.rpc(), "-o", "json")), &unb); err != nil {
		t.Fatal(err)
	}
	if len(unb) != 1 || unb[0].Balance != "2btt" || !strings.EqualFold(unb[0].Validator, bob.Address) {
		t.Fatalf("unbondings: %+v", unb)
	}
	var dels []struct {
		Validator string `json:"validator"`
		Amount    string `json:"amount"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "query", "staking", "delegations", "dev", "--home", home, "--node", n.rpc(), "-o", "json")), &dels); err != nil {
		t.Fatal(err)
	}
	if len(dels) != 2 {
		t.Fatalf("dev's delegations: %+v", dels)
	}
	// Fees of the transactions above were paid out as rewards to the dev
	// validator, which holds almost all the power.
	out := tx("staking", "withdraw-rewards", "--commission", "--from", "dev", "-o", "json")
	if !strings.Contains(out, `"code": 0`) {
		t.Fatalf("withdraw-rewards:\n%s", out)
	}

	// Mistakes get one clear line.
	assertCleanError(t, run(t, "", append([]string{"tx", "staking", "delegate", bob.Address, "five", "--from", "dev"}, kr...)...), "amount")
	assertCleanError(t, run(t, "", append([]string{"tx", "staking", "unbond", bob.Address, "500btt", "--from", "dev", "--gas", "200000"}, kr...)...), "exceeds the delegation")
	assertCleanError(t, run(t, "", "query", "staking", "validator", "0x0000000000000000000000000000000000000001", "--node", n.rpc()), "no such validator")
	assertCleanError(t, run(t, "", "query", "staking", "validators", "--status", "sleepy", "--node", n.rpc()), "unknown validator status")
}
