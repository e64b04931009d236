package e2e

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay/tron"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/internal/rootchain"
	bttcnode "github.com/bttc-network/bttc/node"
)

// testRoot is one root chain of a bridged local network: a go-ethereum
// chain in the test process, served over HTTP on loopback, with a test BTT
// token; for TRON, behind the stand-in of TRON's API.
type testRoot struct {
	name   string
	chain  *rootchain.Chain
	tron   *rootchain.TronStandIn // nil but for TRON
	url    string                 // what app.toml and --rpc get
	faucet *bind.TransactOpts
	token  common.Address
}

func newTestRoot(t *testing.T, name string, chainID uint64) *testRoot {
	t.Helper()
	faucetKey, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	c, err := rootchain.Start(rootchain.Options{ChainID: chainID, BlockTime: 100 * time.Millisecond,
		Fund: []common.Address{crypto.PubkeyToAddress(faucetKey.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r := &testRoot{name: name, chain: c, url: c.URL}
	if r.faucet, err = bind.NewKeyedTransactorWithChainID(faucetKey, c.ChainID); err != nil {
		t.Fatal(err)
	}
	if tron.IsChainID(chainID) {
		if r.tron, err = c.ServeTron(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.tron.Close() })
		r.url = r.tron.URL
	}
	var tx *types.Transaction
	if r.token, tx, _, err = bind.DeployContract(r.faucet, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, c.Client(), uint8(0)); err != nil {
		t.Fatal(err)
	}
	r.mined(t, tx)
	return r
}

func (r *testRoot) mined(t *testing.T, tx *types.Transaction) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if rc, err := bind.WaitMined(ctx, r.chain.Client(), tx); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("%s: %v %v", r.name, rc, err)
	}
}

// account gives key's account 100 coins for gas, and lets the TRON
// stand-in send for it.
func (r *testRoot) account(t *testing.T, key *ecdsa.PrivateKey) {
	t.Helper()
	r.fund(t, crypto.PubkeyToAddress(key.PublicKey))
	if r.tron != nil {
		r.tron.AddKey(key)
	}
}

// fund gives to 100 coins from the faucet.
func (r *testRoot) fund(t *testing.T, to common.Address) {
	t.Helper()
	ctx := context.Background()
	nonce, err := r.chain.Client().PendingNonceAt(ctx, r.faucet.From)
	if err != nil {
		t.Fatal(err)
	}
	price, err := r.chain.Client().SuggestGasPrice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := r.faucet.Signer(r.faucet.From, types.NewTx(&types.LegacyTx{Nonce: nonce, GasPrice: price, Gas: 21_000, To: &to,
		Value: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.chain.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	r.mined(t, tx)
}

// mint gives to amount of the token.
func (r *testRoot) mint(t *testing.T, to common.Address, amount *big.Int) {
	t.Helper()
	tx, err := bind.NewBoundContract(r.token, contracts.TestTokenArtifact.ABI, r.chain.Client(), r.chain.Client(), r.chain.Client()).
		Transact(r.faucet, "mint", to, amount)
	if err != nil {
		t.Fatal(err)
	}
	r.mined(t, tx)
}

// balance is a's balance of the token.
func (r *testRoot) balance(t *testing.T, a common.Address) *big.Int {
	t.Helper()
	var out []any
	token := bind.NewBoundContract(r.token, contracts.TestTokenArtifact.ABI, r.chain.Client(), r.chain.Client(), r.chain.Client())
	if err := token.Call(&bind.CallOpts{}, &out, "balanceOf", a); err != nil {
		t.Fatal(err)
	}
	return out[0].(*big.Int)
}

// homeKey is a key of a localnet home: its bridge key, or a test-keyring
// key such as "operator".
func homeKey(t *testing.T, home, name string) *ecdsa.PrivateKey {
	t.Helper()
	if name == "bridge" {
		key, ok, err := bttcnode.LoadBridgeKey(bttcnode.DefaultCometConfig(home, ""))
		if err != nil || !ok {
			t.Fatalf("%s: bridge key: %v", home, err)
		}
		return key
	}
	kr, err := keyring.Open(filepath.Join(home, "keystore-test"), keyring.BackendTest)
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.Key(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// bridgeNet is four validator processes from `testnet init-files`, each
// with its relayer on, bridged to three root chains; each validator reaches
// each chain through its own rpcProxy, so that a scenario can make one
// validator's RPC fail or lie.
type bridgeNet struct {
	t       *testing.T
	ln      *localnet
	roots   []*testRoot
	proxies [][]*rpcProxy // [node][root]
	user    address.Address
	// down is a node a scenario stopped, whose commands and queries go to
	// the next node meanwhile; -1 for none.
	down int
}

// rpc is node n's RPC, or the next node's while n is down.
func (bn *bridgeNet) rpc(n int) string {
	if n == bn.down {
		n = (n + 1) % len(bn.ln.nodes)
	}
	return bn.ln.nodes[n].rpc()
}

func (bn *bridgeNet) root(name string) (int, *testRoot) {
	for i, r := range bn.roots {
		if r.name == name {
			return i, r
		}
	}
	bn.t.Fatalf("no root chain %q", name)
	return 0, nil
}

// as is a command run as node n's operator against node n.
func (bn *bridgeNet) as(n int, args ...string) []string {
	return append(args, "--from", "operator", "--keyring-backend", "test", "--home", bn.ln.nodes[n].home, "--node", bn.rpc(n))
}

// view is the chain as BTTC's registry shows it.
func (bn *bridgeNet) view(name string) bridge.ChainView {
	bn.t.Helper()
	var v bridge.ChainView
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "bridge", "chain", name, "--node", bn.rpc(0), "-o", "json")), &v); err != nil {
		bn.t.Fatal(err)
	}
	return v
}

// deposit locks amount on a root chain for node n's operator on BTTC,
// reaching the chain directly (not through n's proxy), and waits for the
// mint unless noWait.
func (bn *bridgeNet) deposit(n int, name, amount string, noWait bool) result {
	bn.t.Helper()
	_, r := bn.root(name)
	args := bn.as(n, "bridge", "deposit", amount, "--chain", name, "--rpc", r.url, "--timeout", "2m")
	if noWait {
		args = append(args, "--no-wait")
	}
	return run(bn.t, "", args...)
}

// withdraw burns amount on BTTC for the root chain and waits for the
// checkpoint carrying it to be final; it returns the withdrawal's id and
// checkpoint.
func (bn *bridgeNet) withdraw(name, amount string, to common.Address) (id, checkpoint uint64) {
	bn.t.Helper()
	before := bn.view(name).Withdrawals
	mustRun(bn.t, bn.as(1, "tx", "bridge", "withdraw", amount, "--chain", name, "--to", to.Hex(), "-y")...)
	id = before + 1
	var p bridge.ProofView
	eventually(bn.t, time.Minute, fmt.Sprintf("%s withdrawal %d in a final checkpoint", name, id), func() bool {
		r := run(bn.t, "", "query", "bridge", "withdrawal-proof", name, fmt.Sprint(id), "--node", bn.rpc(0), "-o", "json")
		return r.code == 0 && json.Unmarshal([]byte(r.stdout), &p) == nil && p.Final
	})
	return id, p.Checkpoint
}

// exit pays withdrawal id out on its root chain with the CLI.
func (bn *bridgeNet) exit(name string, id uint64) {
	bn.t.Helper()
	_, r := bn.root(name)
	out := mustRun(bn.t, bn.as(0, "bridge", "exit", "--chain", name, "--withdrawal", fmt.Sprint(id), "--rpc", r.url, "--timeout", "2m")...)
	if !strings.Contains(out, "Exited:") {
		bn.t.Fatalf("%s exit %d:\n%s", name, id, out)
	}
}

// startBridgeNet makes the network, and on each root chain deploys the root
// contract with `bridge deploy`, registers it by a governance vote of the
// four, and moves BTT both ways once, as the README says.
func startBridgeNet(t *testing.T) *bridgeNet {
	bn := &bridgeNet{t: t, down: -1, roots: []*testRoot{newTestRoot(t, "ethereum", 1), newTestRoot(t, "bsc", 56), newTestRoot(t, "tron", tron.Mainnet)}}
	// Every listener before the network picks its ports.
	for range 4 {
		var proxies []*rpcProxy
		for _, r := range bn.roots {
			proxies = append(proxies, newRPCProxy(t, r.url))
		}
		bn.proxies = append(bn.proxies, proxies)
	}
	homes := 0
	bn.ln = startLocalnet(t, 4, func(home string) {
		setGovParams(t, home)
		for i, r := range bn.roots {
			r.account(t, homeKey(t, home, "bridge"))
			r.account(t, homeKey(t, home, "operator"))
			if err := bttcnode.SetBridgeRPC(home, r.name, bn.proxies[homes][i].url); err != nil {
				t.Fatal(err)
			}
		}
		homes++
	})
	all := bn.ln.nodes
	bn.ln.agree(3, all...)
	bn.user = address.FromPublicKey(&homeKey(t, all[0].home, "operator").PublicKey)

	for i, r := range bn.roots {
		r.mint(t, common.Address(bn.user), btt.FromBTT(1_000).ToBig())
		token := r.token.Hex()
		if r.tron != nil {
			token = address.Address(r.token).Tron() // TRON people write T…
		}
		out := mustRun(t, bn.as(0, "bridge", "deploy", "--chain", r.name, "--rpc", r.url, "--token", token, "--checkpoint-interval", "3")...)
		proposal := writeFile(t, r.name+".json", out)
		mustRun(t, bn.as(0, "tx", "gov", "submit-proposal", proposal, "-y")...)
		for n := range all {
			bn.voteYes(t, n, i+1)
		}
	}
	for i, r := range bn.roots {
		if p := waitStatus(t, all[0], i+1); p["status"] != "passed" {
			t.Fatalf("registering %s: %v", r.name, p)
		}
	}
	return bn
}

// TestBridgeThreeRootChainsTronStandIn: four validator processes, each
// with its relayer on, and three root chains over HTTP on loopback:
// go-ethereum chains with Ethereum's chain id 1 and BNB Chain's 56, and for
// TRON (whose node cannot run here) a stand-in of its HTTP API and /jsonrpc
// in front of a go-ethereum chain with TRON mainnet's id. On each: `bridge
// deploy`, registered by governance, a deposit minted on BTTC, a withdrawal
// carried by a checkpoint the relayers land, and its exit paid, once. Then
// the adversarial scenarios, on the same network, each ending with the
// bridge's invariant on every chain.
func TestBridgeThreeRootChainsTronStandIn(t *testing.T) {
	bn := startBridgeNet(t)
	all := bn.ln.nodes

	// Deposits, on the three chains at once: each is final on its chain,
	// observed by the relayers, minted by more than 2/3 of the power.
	deposits := make(chan error, len(bn.roots))
	for _, r := range bn.roots {
		go func() {
			res := bn.deposit(0, r.name, "100btt", false)
			if res.code != 0 || !strings.Contains(res.stdout, "Minted on BTTC") {
				deposits <- fmt.Errorf("%s: deposit: exit %d\n%s%s", r.name, res.code, res.stdout, res.stderr)
				return
			}
			deposits <- nil
		}()
	}
	for range bn.roots {
		if err := <-deposits; err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range bn.roots {
		if v := bn.view(r.name); v.Minted != "100btt" || v.NextDeposit != 2 {
			t.Fatalf("%s after one deposit: minted %s, next deposit %d", r.name, v.Minted, v.NextDeposit)
		}
	}

	// Withdrawals to each chain, exited there once the relayers landed
	// the checkpoints; a second exit is refused.
	to := common.Address{0xe4}
	for _, r := range bn.roots {
		bn.withdraw(r.name, "40btt", to)
	}
	for _, r := range bn.roots {
		bn.exit(r.name, 1)
		if got := r.balance(t, to); got.Cmp(btt.FromBTT(40).ToBig()) != 0 {
			t.Fatalf("%s: the exit paid %s wei", r.name, got)
		}
		assertCleanError(t, run(t, "", bn.as(0, "bridge", "exit", "--chain", r.name, "--withdrawal", "1", "--rpc", r.url)...), "exited already")
	}
	status := mustRun(t, "bridge", "status", "--home", all[3].home, "--node", all[3].rpc())
	for _, want := range []string{`on chain 1: checkpoint [1-9]`, `on chain 56: checkpoint [1-9]`, `on chain 728126428: checkpoint [1-9].*signer T\w+ holds [\d.]+ TRX`} {
		if !regexp.MustCompile(want).MatchString(status) {
			t.Fatalf("bridge status lacks %q:\n%s", want, status)
		}
	}
	bn.invariants()

	bn.adversarial(t)
}
