package e2e

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/rootchain"
	bttcnode "github.com/bttc-network/bttc/node"
	"github.com/bttc-network/bttc/staking"
)

// liveRoot is a root chain of the test process (a testRoot: a block every
// 100 ms, served over HTTP) with the root contract deployed for a signer
// set.
type liveRoot struct {
	*testRoot
	rootAddr common.Address
}

// newLiveRoot gives each address in fund 100 coins and deploys the root
// contract for the signer set hashed set and the BTTC chain bttcID.
func newLiveRoot(t *testing.T, set bridge.Hash, bttcID string, fund ...common.Address) *liveRoot {
	t.Helper()
	r := &liveRoot{testRoot: newTestRoot(t, "ethereum", rootchain.DefaultChainID)}
	for _, a := range fund {
		r.fund(t, a)
	}
	limit := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	var tx *types.Transaction
	var err error
	r.rootAddr, tx, _, err = bind.DeployContract(r.faucet, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, r.chain.Client(),
		r.chain.ChainID, crypto.Keccak256Hash([]byte(bttcID)), r.token, set, r.faucet.From, limit, big.NewInt(3600), limit, big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	r.mined(t, tx)
	return r
}

// TestBridgeRoundTripCLI is a user's round trip, typed as the README says:
// `bridge deposit` locks BTT on a root chain (its RPC from app.toml), the
// node's relayer sees the deposit final and BTTC mints it; `tx bridge
// withdraw` burns some, the relayer lands the checkpoint on the root
// contract, and `bridge exit` pays it out, once. Then an operator adds a
// chain: `bridge deploy`, the printed proposal passes, and BTT moves both
// ways through the new contract.
func TestBridgeRoundTripCLI(t *testing.T) {
	home, alice, _, pass := newFundedHome(t, "bttc-e2e-roundtrip")
	key, ok, err := bttcnode.LoadBridgeKey(bttcnode.DefaultCometConfig(home, ""))
	if err != nil || !ok {
		t.Fatalf("bridge key: %v", err)
	}
	signer := address.FromPublicKey(&key.PublicKey)
	aliceAddr, err := address.Parse(alice)
	if err != nil {
		t.Fatal(err)
	}
	set0 := bridge.NewSignerSet([]address.Address{signer}, []uint64{uint64(staking.PowerOf(btt.FromBTT(10)))}).Hash() // init's --self-bond
	root := newLiveRoot(t, set0, "bttc-e2e-roundtrip", common.Address(signer), common.Address(aliceAddr))
	root.mint(t, common.Address(aliceAddr), new(big.Int).Mul(big.NewInt(50), big.NewInt(1e18)))
	editGenesis(t, home, func(app map[string]any) {
		app["bridge"].(map[string]any)["chains"] = []any{map[string]any{"name": "ethereum", "chain_id": 1337,
			"contract": root.rootAddr.Hex(), "token": root.token.Hex(),
			"confirmations": 0, "checkpoint_interval": 2, "rate_limit": "100btt", "rate_window": "1h",
			"min_withdrawal": "1btt", "max_withdrawal": "50btt", "paused": false}}
	})
	setGovParams(t, home)
	addBridgeRPC(t, home, "ethereum", root.url)
	n := startNode(t, home)
	user := func(args ...string) result {
		return run(t, "", append(args, "--home", home, "--passphrase-file", pass, "--node", n.rpc())...)
	}
	balance := func() *big.Int {
		a, err := btt.Parse(strings.TrimSpace(mustRun(t, "query", "balance", alice, "--node", n.rpc())))
		if err != nil {
			t.Fatal(err)
		}
		return a.ToBig()
	}

	before := balance()
	r := user("bridge", "deposit", "20btt", "--chain", "ethereum", "--from", "alice", "--timeout", "2m")
	if r.code != 0 || !strings.Contains(r.stdout, "Minted on BTTC") || !strings.Contains(r.stderr, "deposit 1.") {
		t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
	}
	if got := new(big.Int).Sub(balance(), before); got.Cmp(btt.FromBTT(20).ToBig()) != 0 {
		t.Fatalf("the deposit credited %s wei", got)
	}
	if got := root.balance(t, common.Address(aliceAddr)); got.Cmp(btt.FromBTT(30).ToBig()) != 0 {
		t.Fatalf("alice holds %s wei of the token after depositing 20 of 50", got)
	}

	assertCleanError(t, user("bridge", "deposit", "31btt", "--chain", "ethereum", "--from", "alice"), "not enough of the token")

	exitTo := common.Address{0xe7}
	if r := user("tx", "bridge", "withdraw", "7btt", "--chain", "ethereum", "--to", exitTo.Hex(), "--from", "alice", "-y"); r.code != 0 {
		t.Fatalf("withdraw: %s%s", r.stdout, r.stderr)
	}
	r = user("bridge", "exit", "--chain", "ethereum", "--withdrawal", "1", "--from", "alice", "--timeout", "2m")
	if r.code != 0 || !strings.Contains(r.stdout, "Exited: 7btt") {
		t.Fatalf("exit: %s%s", r.stdout, r.stderr)
	}
	if got := root.balance(t, exitTo); got.Cmp(btt.FromBTT(7).ToBig()) != 0 {
		t.Fatalf("the exit paid %s wei", got)
	}
	assertCleanError(t, user("bridge", "exit", "--chain", "ethereum", "--withdrawal", "1", "--from", "alice"), "exited already")
	status := mustRun(t, "bridge", "status", "--chain", "ethereum", "--home", home, "--node", n.rpc())
	if !strings.Contains(status, "checkpoint 1, 1 deposits (0 not yet minted)") || strings.Contains(status, "low:") {
		t.Fatalf("bridge status after the round trip:\n%s", status)
	}
	// The relayer's state, beside CometBFT's metrics.
	eventually(t, 20*time.Second, "the bridge metrics", func() bool {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", n.metricsPort))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		m := string(raw)
		return strings.Contains(m, `bttc_bridge_checkpoint_root{chain="ethereum"} 1`) &&
			strings.Contains(m, `bttc_bridge_checkpoint_bttc{chain="ethereum"} 1`) &&
			strings.Contains(m, `bttc_bridge_pending_deposits{chain="ethereum"} 0`) &&
			strings.Contains(m, `bttc_bridge_signer_balance{chain="ethereum"} 9`) // 1000 ether less gas
	})

	// A second root chain the way a live network gains one: `bridge
	// deploy` holds BTTC's signer set and prints the proposal; it passes;
	// the operator gives the node its RPC and restarts; deposits flow.
	assertCleanError(t, user("bridge", "deploy", "--chain", "ethereum", "--rpc", root.url, "--token", root.token.Hex(), "--from", "alice"), "registered already")
	assertCleanError(t, user("bridge", "deploy", "--chain", "bsc", "--rpc", root.url, "--token", root.token.Hex(), "--from", "alice", "--rate-limit", "0btt"), "--rate-limit")
	assertCleanError(t, user("bridge", "deploy", "--chain", "bsc", "--rpc", root.url, "--token", "0x00000000000000000000000000000000000000aa", "--from", "alice"), "has no code")
	r = user("bridge", "deploy", "--chain", "bsc", "--rpc", root.url, "--token", root.token.Hex(), "--from", "alice", "--checkpoint-interval", "2")
	if r.code != 0 {
		t.Fatalf("deploy: %s%s", r.stdout, r.stderr)
	}
	var set bridge.SetView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "signers", "--node", n.rpc(), "-o", "json")), &set); err != nil {
		t.Fatal(err)
	}
	if set.Hash != "0x"+hex.EncodeToString(set0[:]) {
		t.Fatalf("query bridge signers: %+v, want the set %x", set, set0)
	}
	if !strings.Contains(r.stdout, `"signer_set": "`+set.Hash+`"`) {
		t.Fatalf("the proposal does not name the deployed set %s:\n%s", set.Hash, r.stdout)
	}
	stale := writeFile(t, "stale.json", strings.Replace(r.stdout, `"signer_set": "`+set.Hash, `"signer_set": "0x`+strings.Repeat("ab", 32), 1))
	assertCleanError(t, user("tx", "gov", "submit-proposal", stale, "--from", "alice", "-y"), "deploy it again")
	proposal := writeFile(t, "register-bsc.json", r.stdout)
	if r := user("tx", "gov", "submit-proposal", proposal, "--from", "alice", "-y"); r.code != 0 {
		t.Fatalf("submit the printed proposal: %s%s", r.stdout, r.stderr)
	}
	mustRun(t, "tx", "gov", "vote", "1", "yes", "--from", "alice", "--home", home, "--passphrase-file", pass, "--node", n.rpc(), "-y")
	if p := waitStatus(t, n, 1); p["status"] != "passed" {
		t.Fatalf("the registration: %v", p)
	}
	var bsc bridge.ChainView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "chain", "bsc", "--node", n.rpc(), "-o", "json")), &bsc); err != nil {
		t.Fatal(err)
	}
	if bsc.Contract == (address.Address{}) || bsc.Contract == address.Address(root.rootAddr) || bsc.ChainID != 1337 {
		t.Fatalf("bsc registered as %+v", bsc.RootChain)
	}
	if err := n.stop(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	addBridgeRPC(t, home, "bsc", root.url)
	n.start()
	before = balance()
	if r := user("bridge", "deposit", "4btt", "--chain", "bsc", "--from", "alice", "--timeout", "2m"); r.code != 0 {
		t.Fatalf("deposit on bsc: %s%s", r.stdout, r.stderr)
	}
	if got := new(big.Int).Sub(balance(), before); got.Cmp(btt.FromBTT(4).ToBig()) != 0 {
		t.Fatalf("the bsc deposit credited %s wei", got)
	}
	// and its checkpoints land: the contract holds the set BTTC signs with.
	bscTo := common.Address{0xb5}
	if r := user("tx", "bridge", "withdraw", "2btt", "--chain", "bsc", "--to", bscTo.Hex(), "--from", "alice", "-y"); r.code != 0 {
		t.Fatalf("withdraw to bsc: %s%s", r.stdout, r.stderr)
	}
	if r := user("bridge", "exit", "--chain", "bsc", "--withdrawal", "1", "--from", "alice", "--timeout", "2m"); r.code != 0 {
		t.Fatalf("exit on bsc: %s%s", r.stdout, r.stderr)
	}
	if got := root.balance(t, bscTo); got.Cmp(btt.FromBTT(2).ToBig()) != 0 {
		t.Fatalf("the bsc exit paid %s wei", got)
	}
}

// addBridgeRPC gives a home's relayer the RPC of root chain name.
func addBridgeRPC(t *testing.T, home, name, url string) {
	t.Helper()
	if err := bttcnode.SetBridgeRPC(home, name, url); err != nil {
		t.Fatal(err)
	}
}
