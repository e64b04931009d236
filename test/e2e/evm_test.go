package e2e

import (
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/core/address"
	bttcnode "github.com/bttc-network/bttc/node"
)

// evmChain is a real go-ethereum chain in the test process playing a root
// chain for a local network: the root contract is deployed once the
// network's homes exist, holding their validators' signer set.
type evmChain struct {
	sim     *simulated.Backend
	chainID *big.Int
	opts    *bind.TransactOpts
	token   common.Address
	root    *bind.BoundContract
}

func newEVM(t *testing.T) *evmChain {
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	e := &evmChain{chainID: params.AllDevChainProtocolChanges.ChainID}
	if e.opts, err = bind.NewKeyedTransactorWithChainID(key, e.chainID); err != nil {
		t.Fatal(err)
	}
	e.sim = simulated.NewBackend(types.GenesisAlloc{e.opts.From: {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}})
	t.Cleanup(func() { e.sim.Close() })
	if e.token, _, _, err = bind.DeployContract(e.opts, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, e.sim.Client(), uint8(0)); err != nil {
		t.Fatal(err)
	}
	e.sim.Commit()
	return e
}

// deployFor deploys the root contract, the first time, for the signer set
// of the local network home belongs to: every node's bridge-signer key
// (made by testnet init-files) with its genesis power.
func (e *evmChain) deployFor(t *testing.T, home string) *evmChain {
	t.Helper()
	if e.root != nil {
		return e
	}
	homes, err := filepath.Glob(filepath.Join(filepath.Dir(home), "node*"))
	if err != nil || len(homes) == 0 {
		t.Fatalf("no homes beside %s", home)
	}
	var signers []address.Address
	var powers []uint64
	for _, h := range homes {
		key, ok, err := bttcnode.LoadBridgeKey(bttcnode.DefaultCometConfig(h, ""))
		if err != nil || !ok {
			t.Fatalf("%s: bridge key: %v", h, err)
		}
		signers, powers = append(signers, address.FromPublicKey(&key.PublicKey)), append(powers, 1_000_000) // init-files' self-bond
	}
	set := bridge.NewSignerSet(signers, powers)
	_, _, root, err := bind.DeployContract(e.opts, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, e.sim.Client(),
		e.chainID, crypto.Keccak256Hash([]byte(localnetChainID(t, home))), e.token, set.Hash(), e.opts.From,
		new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18)), big.NewInt(3600), new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18)), big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	e.sim.Commit()

	e.root = root
	return e
}

func localnetChainID(t *testing.T, home string) string {
	raw, err := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ChainID string `json:"chain_id"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.ChainID
}

// submit hands the contract a checkpoint as `query bridge checkpoint`
// prints it, with the validators' signatures, and checks it was accepted.
func (e *evmChain) submit(t *testing.T, cp *bridge.CheckpointView) {
	t.Helper()
	type cpArg struct {
		Number, StartHeight, EndHeight, FirstWithdrawal, Withdrawals *big.Int
		WithdrawalsRoot, SetHash, NextSetHash                        [32]byte
	}
	u := func(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
	arg := cpArg{u(cp.Number), u(cp.StartHeight), u(cp.EndHeight), u(cp.FirstWithdrawal), u(cp.Withdrawals),
		hash32(t, cp.WithdrawalsRoot), hash32(t, cp.Set.Hash), hash32(t, cp.Next.Hash)}
	signers := make([]common.Address, len(cp.Set.Signers))
	powers := make([]*big.Int, len(cp.Set.Signers))
	sigs := make([]byte, 65*len(cp.Set.Signers))
	for i, a := range cp.Set.Signers {
		signers[i], powers[i] = common.Address(a), u(cp.Set.Powers[i])
		for j, s := range cp.Signers {
			if s == a {
				copy(sigs[65*i:], hexBytes(t, cp.Signatures[j]))
			}
		}
	}
	tx, err := e.root.Transact(e.opts, "submitCheckpoint", arg, signers, powers, sigs)
	if err != nil {
		t.Fatalf("the contract refused the localnet's checkpoint: %v", err)
	}
	e.sim.Commit()
	rc, err := bind.WaitMined(t.Context(), e.sim.Client(), tx)
	if err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("submitCheckpoint: %v %v", rc, err)
	}
	var out []any
	if err := e.root.Call(&bind.CallOpts{}, &out, "lastCheckpoint"); err != nil || out[0].(*big.Int).Uint64() != cp.Number {
		t.Fatalf("the contract's last checkpoint: %v %v", out, err)
	}
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hash32(t *testing.T, s string) bridge.Hash {
	t.Helper()
	h, err := bridge.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// adminSig is what `bttcd bridge sign-admin -o json` prints.
type adminSig struct {
	Action    uint8           `json:"action"`
	Data      string          `json:"data"`
	Signer    address.Address `json:"signer"`
	Signature string          `json:"signature"`
}

func (e *evmChain) paused(t *testing.T) bool {
	t.Helper()
	var out []any
	if err := e.root.Call(&bind.CallOpts{}, &out, "paused"); err != nil {
		t.Fatal(err)
	}
	return out[0].(bool)
}

func (e *evmChain) transact(t *testing.T, method string, args ...any) {
	t.Helper()
	tx, err := e.root.Transact(e.opts, method, args...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	e.sim.Commit()
	if rc, err := bind.WaitMined(t.Context(), e.sim.Client(), tx); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("%s: %v %v", method, rc, err)
	}
}

// pause pauses the contract as its guardian (the deployer).
func (e *evmChain) pause(t *testing.T) {
	e.transact(t, "pause")
	if !e.paused(t) {
		t.Fatal("the guardian's pause did not take")
	}
}

// unpause submits the validators' signatures of the unpause, over the
// signer set the contract holds after cp.
func (e *evmChain) unpause(t *testing.T, cp *bridge.CheckpointView, sigs []adminSig) {
	signers := make([]common.Address, len(cp.Next.Signers))
	powers := make([]*big.Int, len(cp.Next.Signers))
	packed := make([]byte, 65*len(cp.Next.Signers))
	for i, a := range cp.Next.Signers {
		signers[i], powers[i] = common.Address(a), new(big.Int).SetUint64(cp.Next.Powers[i])
		for _, s := range sigs {
			if s.Signer == a {
				copy(packed[65*i:], hexBytes(t, s.Signature))
			}
		}
	}
	e.transact(t, "admin", sigs[0].Action, hexBytes(t, sigs[0].Data), signers, powers, packed)
	if e.paused(t) {
		t.Fatal("the contract is still paused after the validators' unpause")
	}
}
