package e2e

import (
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
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
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "bridge", "checkpoint", name, fmt.Sprint(n), "--node", bn.ln.nodes[0].rpc(), "-o", "json")), &cp); err != nil {
		bn.t.Fatal(err)
	}
	return &cp
}

// proof is what the exit of withdrawal id needs.
func (bn *bridgeNet) proof(name string, id uint64) *bridge.ProofView {
	bn.t.Helper()
	var p bridge.ProofView
	if err := json.Unmarshal([]byte(mustRun(bn.t, "query", "bridge", "withdrawal-proof", name, fmt.Sprint(id), "--node", bn.ln.nodes[0].rpc(), "-o", "json")), &p); err != nil {
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
}

