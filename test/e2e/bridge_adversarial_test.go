package e2e

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// scenario runs f as the named subtest on bn's network, then checks the
// invariant on every chain.
func (bn *bridgeNet) scenario(t *testing.T, name string, f func(t *testing.T)) {
	t.Run(name, func(t *testing.T) {
		// The network's helpers fail the test that runs them.
		parent := bn.t
		bn.use(t)
		defer bn.use(parent)
		f(t)
		bn.invariants()
	})
}

func (bn *bridgeNet) use(t *testing.T) {
	bn.t, bn.ln.t = t, t
	for _, n := range bn.ln.nodes {
		n.t = t
	}
}

// checkpoint is checkpoint n of a chain as BTTC shows it.
func (bn *bridgeNet) checkpoint(name string, n uint64) *bridge.CheckpointView {
	bn.t.Helper()
	var cp bridge.CheckpointView
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "bridge", "checkpoint", name, fmt.Sprint(n), "--node", bn.rpc(0), "-o", "json")), &cp); err != nil {
		bn.t.Fatal(err)
	}
	return &cp
}

// proof is what the exit of withdrawal id needs.
func (bn *bridgeNet) proof(name string, id uint64) *bridge.ProofView {
	bn.t.Helper()
	var p bridge.ProofView
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "bridge", "withdrawal-proof", name, fmt.Sprint(id), "--node", bn.rpc(0), "-o", "json")), &p); err != nil {
		bn.t.Fatal(err)
	}
	return &p
}

// exitCall sends the exit of p to name's contract and returns its error.
func (bn *bridgeNet) exitCall(name string, p *bridge.ProofView) string {
	bn.t.Helper()
	siblings := make([][32]byte, len(p.Proof))
	for i, s := range p.Proof {
		copy(siblings[i][:], common.FromHex(s))
	}
	amount, _ := new(big.Int).SetString(p.AmountWei, 10)
	return bn.call(name, "exit", new(big.Int).SetUint64(p.Checkpoint), new(big.Int).SetUint64(p.ID), common.Address(p.To), amount, siblings)
}

// landed is the last checkpoint name's contract holds.
func (bn *bridgeNet) landed(name string) uint64 {
	bn.t.Helper()
	_, r := bn.root(name)
	var out []any
	c := bind.NewBoundContract(common.Address(bn.view(name).Contract), contracts.RootArtifact.ABI, r.chain.Client(), r.chain.Client(), r.chain.Client())
	if err := c.Call(&bind.CallOpts{}, &out, "lastCheckpoint"); err != nil {
		bn.t.Fatal(err)
	}
	return out[0].(*big.Int).Uint64()
}

func (bn *bridgeNet) waitLanded(name string, n uint64) {
	bn.t.Helper()
	eventually(bn.t, 2*time.Minute, fmt.Sprintf("%s checkpoint %d landed", name, n), func() bool { return bn.landed(name) >= n })
}

// proxiesOf sets f on the proxies of chain name in front of the given
// nodes.
func (bn *bridgeNet) proxiesOf(name string, nodes []int, f func(p *rpcProxy)) {
	i, _ := bn.root(name)
	for _, n := range nodes {
		bn.proxies[n][i].set(f)
	}
}

// stays checks cond holds for the whole of d.
func stays(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(300 * time.Millisecond) {
		if !cond() {
			t.Fatalf("%s: no longer so", what)
		}
	}
}

func randomKeys(t *testing.T, n int) []*ecdsa.PrivateKey {
	var keys []*ecdsa.PrivateKey
	for range n {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	return keys
}

// govPass passes a proposal of one content, voted yes by the four.
func (bn *bridgeNet) govPass(title, kind string, content any) {
	bn.t.Helper()
	raw, err := json.Marshal(map[string]any{"title": title, "summary": title, "deposit": "10btt",
		"contents": []any{map[string]any{"kind": kind, "content": content}}})
	if err != nil {
		bn.t.Fatal(err)
	}
	mustRun(bn.t, bn.as(0, "tx", "gov", "submit-proposal", writeFile(bn.t, "proposal.json", string(raw)), "-y")...)
	var ps []map[string]any
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "gov", "proposals", "--node", bn.rpc(0), "-o", "json")), &ps); err != nil || len(ps) == 0 {
		bn.t.Fatalf("proposals: %v", err)
	}
	id := 0
	for _, p := range ps {
		if n := int(p["id"].(float64)); n > id {
			id = n
		}
	}
	for n := range bn.ln.nodes {
		bn.voteYes(bn.t, n, id)
	}
	if p := waitStatus(bn.t, bn.ln.nodes[0], id); p["status"] != "passed" {
		bn.t.Fatalf("%s: %v", title, p)
	}
}

// voteYes votes yes on proposal id as node n's operator. On a slow
// machine the votes before this one may already have passed it; the vote
// then fails, saying so, and is not needed.
func (bn *bridgeNet) voteYes(t *testing.T, n, id int) {
	t.Helper()
	r := run(t, "", bn.as(n, "tx", "gov", "vote", fmt.Sprint(id), "yes", "-y")...)
	if r.code != 0 && !strings.Contains(r.stderr, fmt.Sprintf("proposal %d is passed", id)) {
		t.Fatalf("vote on node%d: exit %d\n%s%s", n, r.code, r.stdout, r.stderr)
	}
}

// restartWatcherAfresh stops node n, deletes its watcher's file for
// chain name (so that it scans the chain again from the start, as an
// operator recovering a relayer would), and starts it again.
func (bn *bridgeNet) restartWatcherAfresh(n int, name string) {
	bn.t.Helper()
	node := bn.ln.nodes[n]
	if err := node.stop(syscall.SIGTERM); err != nil {
		bn.t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(node.home, "data", "bridge", name+".json")); err != nil {
		bn.t.Fatal(err)
	}
	node.launch()
	node.waitHeight(bn.ln.nodes[0].height() + 1)
}

// fakeDeposit is a Deposit log of name's contract that never happened.
func fakeDeposit(contract common.Address, nonce uint64, to common.Address, block string) json.RawMessage {
	word := func(b []byte) string { return "0x" + hex.EncodeToString(common.LeftPadBytes(b, 32)) }
	amount := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	raw, _ := json.Marshal(map[string]any{"address": contract.Hex(), "topics": []string{
		crypto.Keccak256Hash([]byte("Deposit(uint256,address,address,uint256)")).Hex(), word(new(big.Int).SetUint64(nonce).Bytes()),
		word(to[:]), word(to[:])}, "data": word(amount.Bytes()), "blockNumber": block, "transactionHash": "0x" + strings.Repeat("f1", 32),
		"transactionIndex": "0x0", "blockHash": "0x" + strings.Repeat("f2", 32), "logIndex": "0x0", "removed": false})
	return raw
}

// logsWithout drops the Deposit logs of nonce from an eth_getLogs result.
func logsWithout(result json.RawMessage, nonce uint64) json.RawMessage {
	var logs []map[string]any
	if json.Unmarshal(result, &logs) != nil {
		return result
	}
	kept := []map[string]any{}
	for _, l := range logs {
		topics, _ := l["topics"].([]any)
		if len(topics) > 1 && new(big.Int).SetBytes(common.FromHex(fmt.Sprint(topics[1]))).Uint64() == nonce {
			continue
		}
		kept = append(kept, l)
	}
	out, _ := json.Marshal(kept)
	return out
}

// admin gathers the bridge-key signatures of nodes for a root contract
// admin action (sign-admin ACTION --chain name --nonce nonce, extra
// flags) and sends it, over the set the contract holds now; it returns the
// contract's error, "" if it took it.
func (bn *bridgeNet) admin(name string, nonce int, nodes []int, action string, extra ...string) string {
	t := bn.t
	t.Helper()
	var sigs []adminSig
	for _, n := range nodes {
		node := bn.ln.nodes[n]
		args := append([]string{"bridge", "sign-admin", action, "--chain", name, "--nonce", fmt.Sprint(nonce), "--home", node.home, "--node", node.rpc(), "-o", "json"}, extra...)
		var s adminSig
		if err := json.Unmarshal([]byte(mustRun(t, args...)), &s); err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	set := bn.checkpoint(name, bn.landed(name)).Next
	signers := make([]common.Address, len(set.Signers))
	powers := make([]*big.Int, len(set.Signers))
	packed := make([]byte, 65*len(set.Signers))
	for i, a := range set.Signers {
		signers[i], powers[i] = common.Address(a), new(big.Int).SetUint64(set.Powers[i])
		for _, s := range sigs {
			if s.Signer == a {
				copy(packed[65*i:], hexBytes(t, s.Signature))
			}
		}
	}
	return bn.call(name, "admin", sigs[0].Action, hexBytes(t, sigs[0].Data), signers, powers, packed)
}

// turn is the node whose turn it is to submit name's next checkpoint, and
// that checkpoint's number.
func (bn *bridgeNet) turn(name string) (node int, number uint64) {
	bn.t.Helper()
	last := bn.view(name).LastCheckpoint
	set := bn.checkpoint(name, last).Next
	number = last + 1
	signer := set.Signers[number%uint64(len(set.Signers))]
	for i, n := range bn.ln.nodes {
		if address.FromPublicKey(&homeKey(bn.t, n.home, "bridge").PublicKey) == signer {
			return i, number
		}
	}
	bn.t.Fatalf("no node signs as %s", signer)
	return 0, 0
}

// submitter is the account that landed checkpoint number on name's
// contract.
func (bn *bridgeNet) submitter(name string, number uint64) common.Address {
	bn.t.Helper()
	_, r := bn.root(name)
	ctx := context.Background()
	logs, err := r.chain.Client().FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{common.Address(bn.view(name).Contract)},
		Topics: [][]common.Hash{{contracts.RootArtifact.ABI.Events["CheckpointAccepted"].ID}, {common.BigToHash(new(big.Int).SetUint64(number))}}})
	if err != nil || len(logs) != 1 {
		bn.t.Fatalf("%s checkpoint %d accepted %d times: %v", name, number, len(logs), err)
	}
	tx, _, err := r.chain.Client().TransactionByHash(ctx, logs[0].TxHash)
	if err != nil {
		bn.t.Fatal(err)
	}
	from, err := types.Sender(types.LatestSignerForChainID(r.chain.ChainID), tx)
	if err != nil {
		bn.t.Fatal(err)
	}
	return from
}

// misbehave restarts node n as a validator that misbehaves as mode says
// (cmd/bttcd/byzantine_e2e.go), or, with mode "", as an honest one again.
func (bn *bridgeNet) misbehave(n int, mode string) {
	bn.t.Helper()
	node := bn.ln.nodes[n]
	if err := node.stop(syscall.SIGTERM); err != nil {
		bn.t.Fatal(err)
	}
	node.bin, node.env = bttcd, nil
	if mode != "" {
		node.bin, node.env = bttcdByzantine, []string{"BTTCD_E2E_BYZANTINE=" + mode}
	}
	node.launch()
}

// logged reports whether node n's log holds text.
func (bn *bridgeNet) logged(n int, text string) bool {
	logs, _ := os.ReadFile(bn.ln.nodes[n].log)
	return strings.Contains(string(logs), text)
}

// adversarial runs the scenarios of a bridge under attack or failure, in
// order, on bn's network; each ends with the invariant on every chain.
func (bn *bridgeNet) adversarial(t *testing.T) {
	// Withdrawals to bsc go elsewhere than to ethereum, so that a
	// withdrawal's leaf differs between the chains in more than the chain.
	to, toB := common.Address{0xad}, common.Address{0xbd}
	all := []int{0, 1, 2, 3}

	bn.scenario(t, "01_ForgedCheckpointSignature", func(t *testing.T) {
		cp := bn.checkpoint("ethereum", 1)
		forged := *cp
		forged.Number, forged.StartHeight, forged.EndHeight = 2, cp.EndHeight+1, cp.EndHeight+3
		forged.FirstWithdrawal, forged.Withdrawals = cp.FirstWithdrawal+cp.Withdrawals, 1
		forged.WithdrawalsRoot = "0x" + strings.Repeat("66", 32) // a withdrawal nobody made
		// Signatures by keys outside the set, in the set's places.
		sigs := make([]byte, 65*len(cp.Set.Signers))
		for i, k := range randomKeys(t, len(cp.Set.Signers)) {
			sig, err := crypto.Sign(crypto.Keccak256([]byte("forged")), k)
			if err != nil {
				t.Fatal(err)
			}
			sig[64] += 27
			copy(sigs[65*i:], sig)
		}
		if e := bn.submit("ethereum", &forged, sigs); !strings.HasPrefix(e, "BadSignature") {
			t.Fatalf("signatures by outsiders: %q", e)
		}
		// The set's real signatures of checkpoint 1, on other content.
		if e := bn.submit("ethereum", &forged, nil); !strings.HasPrefix(e, "BadSignature") {
			t.Fatalf("checkpoint 1's signatures on forged content: %q", e)
		}
		if bn.landed("ethereum") != 1 {
			t.Fatal("the contract moved")
		}
	})

	bn.scenario(t, "02_SignatureForAnotherRootChain", func(t *testing.T) {
		_, n := bn.withdraw("ethereum", "5btt", to)
		bn.waitLanded("ethereum", n)
		cp := bn.checkpoint("ethereum", n)
		// The other contracts hold the same signer set and expect this
		// number next: only the chain in the signed digest differs.
		for _, other := range []string{"bsc", "tron"} {
			if bn.landed(other) != n-1 {
				t.Fatalf("%s holds checkpoint %d, not %d", other, bn.landed(other), n-1)
			}
			if e := bn.submit(other, cp, nil); !strings.HasPrefix(e, "BadSignature") {
				t.Fatalf("ethereum's checkpoint %d on %s: %q", n, other, e)
			}
		}
	})

	bn.scenario(t, "03_CheckpointReplayed", func(t *testing.T) {
		for _, n := range []uint64{1, 2} {
			if e := bn.submit("ethereum", bn.checkpoint("ethereum", n), nil); e != "WrongCheckpointNumber" {
				t.Fatalf("checkpoint %d again: %q", n, e)
			}
		}
	})

	bn.scenario(t, "04_CheckpointOutOfOrder", func(t *testing.T) {
		// The relayers cannot send to bsc: its checkpoints pile up on BTTC.
		bn.proxiesOf("bsc", all, func(p *rpcProxy) { p.noWrite = true })
		idA, nA := bn.withdraw("bsc", "5btt", toB)
		idB, nB := bn.withdraw("bsc", "5btt", toB)
		if nB <= nA || bn.landed("bsc") >= nA {
			t.Fatalf("checkpoints %d and %d, the contract at %d", nA, nB, bn.landed("bsc"))
		}
		if e := bn.submit("bsc", bn.checkpoint("bsc", nB), nil); e != "WrongCheckpointNumber" {
			t.Fatalf("checkpoint %d before %d: %q", nB, nA, e)
		}
		bn.proxiesOf("bsc", all, func(p *rpcProxy) { p.noWrite = false })
		bn.waitLanded("bsc", nB)
		bn.exit("bsc", idA)
		bn.exit("bsc", idB)
	})

	bn.scenario(t, "05_ExitReplayed", func(t *testing.T) {
		for _, name := range []string{"ethereum", "bsc"} {
			if e := bn.exitCall(name, bn.proof(name, 1)); !strings.HasPrefix(e, "AlreadyExited") {
				t.Fatalf("%s withdrawal 1 again: %q", name, e)
			}
		}
	})

	bn.scenario(t, "06_ExitWithAnotherCheckpointsOrChainsProof", func(t *testing.T) {
		pe := bn.proof("ethereum", 2) // made in 02, not exited
		wrongCheckpoint := *pe
		wrongCheckpoint.Checkpoint = 1
		if e := bn.exitCall("ethereum", &wrongCheckpoint); !strings.HasPrefix(e, "NotInCheckpoint") {
			t.Fatalf("ethereum withdrawal 2 against checkpoint 1: %q", e)
		}
		// bsc's withdrawal 2 sits in bsc's checkpoint 2, as ethereum's
		// withdrawal 2 in ethereum's: its proof does not prove it there.
		pb := bn.proof("bsc", 2)
		if pb.Checkpoint != pe.Checkpoint {
			t.Fatalf("bsc withdrawal 2 in checkpoint %d, ethereum's in %d", pb.Checkpoint, pe.Checkpoint)
		}
		if e := bn.exitCall("ethereum", pb); !strings.HasPrefix(e, "BadProof") {
			t.Fatalf("bsc's proof on ethereum: %q", e)
		}
		tampered := *pe
		tampered.AmountWei = new(big.Int).Mul(big.NewInt(500), big.NewInt(1e18)).String()
		if e := bn.exitCall("ethereum", &tampered); !strings.HasPrefix(e, "BadProof") {
			t.Fatalf("a proof for another amount: %q", e)
		}
		bn.exit("ethereum", 2)
	})

	bn.scenario(t, "09_ObserversBelowTwoThirds", func(t *testing.T) {
		next := bn.view("ethereum").NextDeposit
		bn.proxiesOf("ethereum", []int{2, 3}, func(p *rpcProxy) { p.down = true })
		if r := bn.deposit(0, "ethereum", "7btt", true); r.code != 0 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		// Final on the chain within 32 blocks (3.2 s); half the power sees it.
		stays(t, 10*time.Second, "nothing minted with half the power observing", func() bool { return bn.view("ethereum").NextDeposit == next })
		bn.proxiesOf("ethereum", []int{2, 3}, func(p *rpcProxy) { p.down = false })
		eventually(t, 2*time.Minute, "minted once the observers are back", func() bool { return bn.view("ethereum").NextDeposit == next+1 })
	})

	bn.scenario(t, "21_RootChainRPCDownThenBack", func(t *testing.T) {
		next := bn.view("bsc").NextDeposit
		bn.proxiesOf("bsc", all, func(p *rpcProxy) { p.down = true })
		if r := bn.deposit(0, "bsc", "6btt", true); r.code != 0 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		h := bn.ln.nodes[0].height()
		stays(t, 30*time.Second, "nothing minted while every relayer's RPC is down", func() bool { return bn.view("bsc").NextDeposit == next })
		if bn.ln.nodes[0].height() < h+10 {
			t.Fatal("the chain stalled while the root chain's RPC was down")
		}
		bn.proxiesOf("bsc", all, func(p *rpcProxy) { p.down = false })
		eventually(t, 2*time.Minute, "caught up once the RPC is back", func() bool { return bn.view("bsc").NextDeposit == next+1 })
	})

	bn.scenario(t, "08_OneValidatorsRPCLying", func(t *testing.T) {
		v := bn.view("ethereum")
		contract, next := common.Address(v.Contract), v.NextDeposit
		// Fake finality: node1's RPC says its latest block is finalized.
		bn.proxiesOf("ethereum", []int{1}, func(p *rpcProxy) {
			p.rewrite = func(method string, params []json.RawMessage, result json.RawMessage) json.RawMessage {
				if method == "eth_getBlockByNumber" && len(params) > 0 && string(params[0]) == `"finalized"` {
					var head map[string]any
					if json.Unmarshal(result, &head) == nil {
						head["number"] = fmt.Sprintf("0x%x", bn.roots[0].chain.Head())
						result, _ = json.Marshal(head)
					}
				}
				return result
			}
		})
		if r := bn.deposit(0, "ethereum", "3btt", false); r.code != 0 {
			t.Fatalf("a deposit the three honest relayers see: %s%s", r.stdout, r.stderr)
		}
		eventually(t, time.Minute, "node1 refusing its lying RPC", func() bool {
			logs, _ := os.ReadFile(bn.ln.nodes[1].log)
			return strings.Contains(string(logs), "reports its latest block as finalized")
		})
		// Fake deposits: node1's RPC shows a deposit of a million BTT, at
		// the next nonce, that no contract locked.
		next = bn.view("ethereum").NextDeposit
		var injected atomic.Bool
		bn.proxiesOf("ethereum", []int{1}, func(p *rpcProxy) {
			p.rewrite = func(method string, params []json.RawMessage, result json.RawMessage) json.RawMessage {
				var q struct {
					ToBlock string `json:"toBlock"`
				}
				if method != "eth_getLogs" || injected.Load() || len(params) == 0 || json.Unmarshal(params[0], &q) != nil {
					return result
				}
				var logs []json.RawMessage
				if json.Unmarshal(result, &logs) != nil {
					return result
				}
				injected.Store(true)
				out, _ := json.Marshal(append(logs, fakeDeposit(contract, next, common.Address{0xfa}, q.ToBlock)))
				return out
			}
		})
		supply := mustRun(t, "query", "supply", "--node", bn.rpc(0))
		stays(t, 10*time.Second, "nothing minted on one validator's word", func() bool {
			return bn.view("ethereum").NextDeposit == next && mustRun(t, "query", "supply", "--node", bn.rpc(0)) == supply
		})
		if !injected.Load() {
			t.Fatal("node1's relayer never read the fake deposit")
		}
		bn.proxiesOf("ethereum", []int{1}, func(p *rpcProxy) { p.rewrite = nil })
	})

	bn.scenario(t, "17_ConflictingObservationsHaltTheLane", func(t *testing.T) {
		// node1 still holds the fake deposit from 08 at the next nonce;
		// a real deposit there gives that nonce two contents.
		next := bn.view("ethereum").NextDeposit
		if r := bn.deposit(0, "ethereum", "2btt", true); r.code != 0 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		eventually(t, time.Minute, "the ethereum lane halted", func() bool { return bn.view("ethereum").Halted })
		if v := bn.view("ethereum"); v.NextDeposit != next || !strings.Contains(v.HaltReason, fmt.Sprint(next)) {
			t.Fatalf("halted at %d: %q", v.NextDeposit, v.HaltReason)
		}
		if r := bn.deposit(0, "bsc", "1btt", false); r.code != 0 {
			t.Fatalf("the other lanes go on: %s%s", r.stdout, r.stderr)
		}
		// node1's operator mends its relayer; governance reopens the lane.
		bn.restartWatcherAfresh(1, "ethereum")
		bn.govPass("Reopen the ethereum lane", bridge.KindUnhaltLane, map[string]any{"chain": "ethereum", "nonce": next})
		eventually(t, time.Minute, "the real deposit minted after the unhalt", func() bool { return bn.view("ethereum").NextDeposit == next+1 })
		if v := bn.view("ethereum"); v.Halted {
			t.Fatalf("still halted: %q", v.HaltReason)
		}
	})

	bn.scenario(t, "15_GapInDepositNonces", func(t *testing.T) {
		next := bn.view("ethereum").NextDeposit
		// The RPCs of nodes 2 and 3 omit deposit next: only half the
		// power sees it, all see next+1, which must wait.
		bn.proxiesOf("ethereum", []int{2, 3}, func(p *rpcProxy) {
			p.rewrite = func(method string, _ []json.RawMessage, result json.RawMessage) json.RawMessage {
				if method == "eth_getLogs" {
					return logsWithout(result, next)
				}
				return result
			}
		})
		for _, amount := range []string{"4btt", "5btt"} {
			if r := bn.deposit(0, "ethereum", amount, true); r.code != 0 {
				t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
			}
		}
		stays(t, 10*time.Second, "nothing minted past the gap", func() bool { return bn.view("ethereum").NextDeposit == next })
		bn.proxiesOf("ethereum", []int{2, 3}, func(p *rpcProxy) { p.rewrite = nil })
		bn.restartWatcherAfresh(2, "ethereum")
		bn.restartWatcherAfresh(3, "ethereum")
		eventually(t, time.Minute, "both minted, in order", func() bool { return bn.view("ethereum").NextDeposit == next+2 })
	})

	bn.scenario(t, "16_SameDepositReportedTwice", func(t *testing.T) {
		// Half the power cannot see bsc: a deposit waits, reported by
		// node0, which then forgets its place and reports it again.
		next := bn.view("bsc").NextDeposit
		bn.proxiesOf("bsc", []int{2, 3}, func(p *rpcProxy) { p.down = true })
		if r := bn.deposit(0, "bsc", "8btt", true); r.code != 0 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		time.Sleep(5 * time.Second) // final, and reported by nodes 0 and 1
		bn.restartWatcherAfresh(0, "bsc")
		time.Sleep(5 * time.Second) // reported again by node0
		if v := bn.view("bsc"); v.NextDeposit != next {
			t.Fatalf("minted with half the power: next deposit %d", v.NextDeposit)
		}
		minted := bn.view("bsc").MintedWei
		bn.proxiesOf("bsc", []int{2, 3}, func(p *rpcProxy) { p.down = false })
		eventually(t, 2*time.Minute, "minted once", func() bool { return bn.view("bsc").NextDeposit == next+1 })
		was, _ := new(big.Int).SetString(minted, 10)
		now, _ := new(big.Int).SetString(bn.view("bsc").MintedWei, 10)
		if diff := new(big.Int).Sub(now, was); diff.Cmp(new(big.Int).Mul(big.NewInt(8), big.NewInt(1e18))) != 0 {
			t.Fatalf("minted %s wei for an 8 BTT deposit", diff)
		}
	})

	bn.scenario(t, "20_HugeDepositAndWithdrawalToZeroAddress", func(t *testing.T) {
		max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
		other := homeKey(t, bn.ln.nodes[2].home, "operator")
		bn.roots[0].mint(t, crypto.PubkeyToAddress(other.PublicKey), max)
		next := bn.view("ethereum").NextDeposit
		r := bn.deposit(2, "ethereum", max.String()+"wei", true)
		assertCleanError(t, r, "deposit")
		if bn.view("ethereum").NextDeposit != next {
			t.Fatal("a deposit of 2^256-1 moved the lane")
		}
		for _, zero := range []string{"0x0000000000000000000000000000000000000000", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"} {
			assertCleanError(t, run(t, "", bn.as(1, "tx", "bridge", "withdraw", "1btt", "--chain", "ethereum", "--to", zero, "-y")...), "zero address")
		}
	})

	bn.scenario(t, "11_PausedByTheGuardianUnpausedByTheSigners", func(t *testing.T) {
		id, _ := bn.withdraw("ethereum", "3btt", to)
		bn.waitLanded("ethereum", bn.proof("ethereum", id).Checkpoint)
		_, eth := bn.root("ethereum")
		guardian, err := bind.NewKeyedTransactorWithChainID(homeKey(t, bn.ln.nodes[0].home, "operator"), eth.chain.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		contract := common.Address(bn.view("ethereum").Contract)
		if e := eth.call(t, contract, eth.faucet, "pause"); !strings.HasPrefix(e, "NotGuardian") {
			t.Fatalf("a pause by someone else: %q", e)
		}
		if e := eth.call(t, contract, guardian, "pause"); e != "" {
			t.Fatalf("the guardian's pause: %q", e)
		}
		next := bn.view("ethereum").NextDeposit
		assertCleanError(t, bn.deposit(0, "ethereum", "1btt", true), "paused")
		assertCleanError(t, run(t, "", bn.as(0, "bridge", "exit", "--chain", "ethereum", "--withdrawal", fmt.Sprint(id), "--rpc", eth.url)...), "paused")
		// The guardian cannot unpause; more than 2/3 of the signers can.
		if e := eth.call(t, contract, guardian, "admin", uint8(bridge.ActionUnpause), []byte{}, []common.Address{}, []*big.Int{}, []byte{}); e == "" {
			t.Fatal("the guardian unpaused alone")
		}
		if e := bn.admin("ethereum", 0, []int{0, 1}, "unpause"); !strings.HasPrefix(e, "NotEnoughPower") {
			t.Fatalf("half the signers unpausing: %q", e)
		}
		if e := bn.admin("ethereum", 0, []int{0, 1, 2}, "unpause"); e != "" {
			t.Fatalf("three of four unpausing: %q", e)
		}
		bn.exit("ethereum", id)
		if r := bn.deposit(0, "ethereum", "1btt", false); r.code != 0 {
			t.Fatalf("a deposit after the unpause: %s%s", r.stdout, r.stderr)
		}
		if bn.view("ethereum").NextDeposit != next+1 {
			t.Fatal("the deposit after the unpause is not minted")
		}
	})

	bn.scenario(t, "10_WithdrawalRateLimitReached", func(t *testing.T) {
		// BTTC's side: governance lowers bsc's limit; past it a withdrawal
		// is refused, saying when capacity frees.
		chain := bn.view("bsc").RootChain
		was, wasMax := chain.RateLimit, chain.MaxWithdrawal
		chain.RateLimit, chain.MaxWithdrawal = btt.NewAmount(btt.FromBTT(70)), btt.NewAmount(btt.FromBTT(60))
		bn.govPass("A lower limit for bsc", bridge.KindUpdateChain, chain)
		// The window counts what was withdrawn in the last hour: fill it.
		r := run(t, "", bn.as(1, "tx", "bridge", "withdraw", "60btt", "--chain", "bsc", "--to", toB.Hex(), "-y")...)
		for r.code == 0 {
			r = run(t, "", bn.as(1, "tx", "bridge", "withdraw", "60btt", "--chain", "bsc", "--to", toB.Hex(), "-y")...)
		}
		assertCleanError(t, r, "rate limit")
		chain.RateLimit, chain.MaxWithdrawal = was, wasMax
		bn.govPass("bsc's limit back", bridge.KindUpdateChain, chain)

		// The contract's side: the signers lower its delay threshold; an
		// exit above it is queued, then claimed after the delay. With a
		// limit below any exit, an exit is refused until it is raised.
		if e := bn.admin("bsc", 0, []int{0, 1, 2}, "set-limits", "--rate-limit", "1000000btt", "--rate-window", "1h", "--delay-threshold", "5btt", "--delay", "20s"); e != "" {
			t.Fatalf("set-limits: %q", e)
		}
		big1, _ := bn.withdraw("bsc", "8btt", toB)
		_, bsc := bn.root("bsc")
		out := mustRun(t, bn.as(0, "bridge", "exit", "--chain", "bsc", "--withdrawal", fmt.Sprint(big1), "--rpc", bsc.url)...)
		if !strings.Contains(out, "Queued: 8btt") || !strings.Contains(out, "bttcd bridge claim --chain bsc --withdrawal") {
			t.Fatalf("an exit above the delay threshold:\n%s", out)
		}
		claim := func() result {
			return run(t, "", bn.as(0, "bridge", "claim", "--chain", "bsc", "--withdrawal", fmt.Sprint(big1), "--rpc", bsc.url)...)
		}
		// 20 s of root chain time pass in 2 s here (a block every 100 ms,
		// a second apart), so the first claim may be due already.
		if r := claim(); r.code != 0 {
			assertCleanError(t, r, "queued until")
			eventually(t, time.Minute, "the claim paid after the delay", func() bool { return claim().code == 0 })
		}
		assertCleanError(t, claim(), "not queued")
		if e := bn.admin("bsc", 1, []int{0, 1, 2}, "set-limits", "--rate-limit", "1wei", "--rate-window", "1h", "--delay-threshold", "5btt", "--delay", "20s"); e != "" {
			t.Fatalf("set-limits: %q", e)
		}
		small, _ := bn.withdraw("bsc", "4btt", toB)
		assertCleanError(t, run(t, "", bn.as(0, "bridge", "exit", "--chain", "bsc", "--withdrawal", fmt.Sprint(small), "--rpc", bsc.url)...), "rate limit is reached")
		if e := bn.admin("bsc", 2, []int{0, 1, 2}, "set-limits", "--rate-limit", "1000000btt", "--rate-window", "1h", "--delay-threshold", "100000btt", "--delay", "6h"); e != "" {
			t.Fatalf("set-limits back: %q", e)
		}
		bn.exit("bsc", small)
	})

	bn.scenario(t, "12_SignerSetRotation", func(t *testing.T) {
		// node1's operator delegates 3,000,000 BTT to node0's validator:
		// node0 goes from a quarter of the power to 4/7.
		before := bn.view("ethereum").SignerSet
		mustRun(t, bn.as(1, "tx", "staking", "delegate", bn.user.Hex(), "3000000btt", "-y")...)
		var after bridge.SetView
		eventually(t, time.Minute, "the signer set changed", func() bool {
			return json.Unmarshal([]byte(mustRun(t, "query", "bridge", "signers", "--node", bn.rpc(0), "-o", "json")), &after) == nil && after.Hash != before
		})
		// BTTC makes a checkpoint to carry the change, signed by the set
		// the contract holds and naming the new one; the relayers land it.
		var rotation uint64
		eventually(t, time.Minute, "a checkpoint moving the contract to the new set", func() bool {
			for n := bn.view("ethereum").LastCheckpoint; n > 0; n-- {
				if cp := bn.checkpoint("ethereum", n); cp.Set.Hash == before && cp.Next.Hash == after.Hash {
					rotation = n
					return true
				}
			}
			return false
		})
		bn.waitLanded("ethereum", rotation)
		// Later checkpoints are signed by the new set, which the contract
		// now checks them against.
		id, n := bn.withdraw("ethereum", "2btt", to)
		if cp := bn.checkpoint("ethereum", n); n <= rotation || cp.Set.Hash != after.Hash {
			t.Fatalf("checkpoint %d after the rotation %d is signed by set %s, not %s", n, rotation, cp.Set.Hash, after.Hash)
		}
		bn.waitLanded("ethereum", n)
		bn.exit("ethereum", id)
	})

	bn.scenario(t, "13_SignerWithoutGasOnTheRootChain", func(t *testing.T) {
		x, number := bn.turn("bsc")
		_, bsc := bn.root("bsc")
		key := homeKey(t, bn.ln.nodes[x].home, "bridge")
		me := crypto.PubkeyToAddress(key.PublicKey)
		ctx := context.Background()
		bal, err := bsc.chain.Client().BalanceAt(ctx, me, nil)
		if err != nil {
			t.Fatal(err)
		}
		price, _ := bsc.chain.Client().SuggestGasPrice(ctx)
		price.Mul(price, big.NewInt(2))
		nonce, _ := bsc.chain.Client().PendingNonceAt(ctx, me)
		fee := new(big.Int).Mul(price, big.NewInt(21_000))
		drain, err := types.SignNewTx(key, types.LatestSignerForChainID(bsc.chain.ChainID), &types.LegacyTx{Nonce: nonce, GasPrice: price, Gas: 21_000,
			To: &bsc.faucet.From, Value: new(big.Int).Sub(bal, fee)})
		if err != nil {
			t.Fatal(err)
		}
		if err := bsc.chain.Client().SendTransaction(ctx, drain); err != nil {
			t.Fatal(err)
		}
		bsc.mined(t, drain)
		id, n := bn.withdraw("bsc", "1btt", toB)
		if n != number {
			t.Fatalf("checkpoint %d, expected %d", n, number)
		}
		bn.waitLanded("bsc", n) // by the next in the rotation, a grace period later
		if from := bn.submitter("bsc", n); from == me {
			t.Fatal("landed by the signer without gas")
		}
		eventually(t, time.Minute, "the node warned of its low balance", func() bool {
			logs, _ := os.ReadFile(bn.ln.nodes[x].log)
			return strings.Contains(string(logs), "balance is low")
		})
		bsc.account(t, key)
		bn.exit("bsc", id)
	})

	bn.scenario(t, "14_SubmitterKilledMidSubmission", func(t *testing.T) {
		x, number := bn.turn("ethereum")
		i, _ := bn.root("ethereum")
		p := bn.proxies[x][i]
		p.set(func(p *rpcProxy) { p.hold, p.held = true, 0 })
		id, n := bn.withdraw("ethereum", "1btt", to)
		if n != number {
			t.Fatalf("checkpoint %d, expected %d", n, number)
		}
		eventually(t, time.Minute, "the submitter sending", func() bool {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.held > 0
		})
		if err := bn.ln.nodes[x].stop(syscall.SIGKILL); err == nil {
			t.Fatal("SIGKILL did not kill the submitter's node")
		}
		bn.down = x
		p.set(func(p *rpcProxy) { p.hold = false })
		bn.waitLanded("ethereum", n)
		me := crypto.PubkeyToAddress(homeKey(t, bn.ln.nodes[x].home, "bridge").PublicKey)
		if from := bn.submitter("ethereum", n); from == me {
			t.Fatal("landed by the killed submitter")
		}
		bn.ln.nodes[x].launch()
		bn.ln.nodes[x].waitHeight(bn.ln.nodes[(x+1)%4].height() + 2)
		bn.down = -1
		bn.exit("ethereum", id)
	})

	bn.scenario(t, "07_DepositReorgedAwayBeforeFinality", func(t *testing.T) {
		_, eth := bn.root("ethereum")
		contract := common.Address(bn.view("ethereum").Contract)
		next := bn.view("ethereum").NextDeposit
		// Blocks come when the test makes them, early in an epoch of the
		// dev beacon: a deposit there is 29 blocks from final.
		eth.chain.Hold(true)
		defer eth.chain.Hold(false)
		for eth.chain.Head()%32 != 2 {
			eth.chain.Commit()
		}
		user, err := bind.NewKeyedTransactorWithChainID(homeKey(t, bn.ln.nodes[0].home, "operator"), eth.chain.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		amount := btt.FromBTT(50).ToBig()
		send := func(at common.Address, abi contracts.Artifact, method string, args ...any) *types.Receipt {
			tx, err := bind.NewBoundContract(at, abi.ABI, eth.chain.Client(), eth.chain.Client(), eth.chain.Client()).Transact(user, method, args...)
			if err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			eth.chain.Commit()
			rc, err := bind.WaitMined(context.Background(), eth.chain.Client(), tx)
			if err != nil || rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("%s: %v %v", method, rc, err)
			}
			return rc
		}
		send(eth.token, contracts.TestTokenArtifact, "approve", contract, amount)
		rc := send(contract, contracts.RootArtifact, "deposit", common.Address(bn.user), amount)
		if len(rc.Logs) == 0 {
			t.Fatal("the deposit emitted nothing")
		}
		for range 3 {
			eth.chain.Commit()
		}
		stays(t, 3*time.Second, "nothing minted before finality", func() bool { return bn.view("ethereum").NextDeposit == next })
		// The blocks from the deposit's on are replaced: it never happened.
		if err := eth.chain.Rewind(rc.BlockNumber.Uint64() - 1); err != nil {
			t.Fatal(err)
		}
		eth.chain.Hold(false)
		target := rc.BlockNumber.Uint64() + 40
		eventually(t, time.Minute, "the chain final past the reorged deposit", func() bool { return eth.chain.Head() > target })
		stays(t, 5*time.Second, "the reorged deposit never minted", func() bool { return bn.view("ethereum").NextDeposit == next })
		// Its nonce is free on the contract: the next deposit takes it.
		if r := bn.deposit(0, "ethereum", "9btt", false); r.code != 0 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		var minted []bridge.DepositView
		if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "deposits", "ethereum", "--node", bn.rpc(0), "-o", "json")), &minted); err != nil {
			t.Fatal(err)
		}
		if minted[0].Nonce != next || minted[0].Amount != "9btt" {
			t.Fatalf("deposit %d minted as %+v", next, minted[0])
		}
	})

	bn.scenario(t, "18_MalformedVoteExtension", func(t *testing.T) {
		bn.misbehave(3, "malformed-extension")
		h := bn.ln.nodes[0].height()
		eventually(t, time.Minute, "the others refusing node3's extensions", func() bool { return bn.logged(0, "rejecting vote extension") })
		// The chain goes on, checkpoints are signed and deposits minted
		// without node3.
		id, n := bn.withdraw("ethereum", "1btt", to)
		if cp := bn.checkpoint("ethereum", n); !cp.Final {
			t.Fatalf("checkpoint %d not final", n)
		}
		next := bn.view("bsc").NextDeposit
		if r := bn.deposit(0, "bsc", "2btt", false); r.code != 0 || bn.view("bsc").NextDeposit != next+1 {
			t.Fatalf("deposit: %s%s", r.stdout, r.stderr)
		}
		if bn.ln.nodes[0].height() < h+5 {
			t.Fatal("the chain slowed to a stop")
		}
		bn.misbehave(3, "")
		bn.waitLanded("ethereum", n)
		bn.exit("ethereum", id)
	})

	bn.scenario(t, "19_ProposerInjectsFabricatedData", func(t *testing.T) {
		next := bn.view("ethereum").NextDeposit
		bn.misbehave(3, "fabricate-proposal")
		eventually(t, 2*time.Minute, "node3's proposal refused", func() bool {
			return bn.logged(0, "rejecting proposal: vote extensions") && bn.logged(1, "rejecting proposal: vote extensions")
		})
		h := bn.ln.nodes[0].height()
		bn.ln.nodes[0].waitHeight(h + 5)
		if v := bn.view("ethereum"); v.NextDeposit != next || v.Halted {
			t.Fatalf("after fabricated observations: next deposit %d, halted %v", v.NextDeposit, v.Halted)
		}
		bn.misbehave(3, "")
		bn.ln.agree(bn.ln.nodes[0].height()+2, bn.ln.nodes...)
	})
}
