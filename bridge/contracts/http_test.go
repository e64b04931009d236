package contracts_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	gethnode "github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/internal/testnode"
)

// httpChain is a go-ethereum chain with the given chain id, served over
// HTTP JSON-RPC on 127.0.0.1 as a root chain's RPC is, with the root
// contract deployed by the "owner" key (so at the same address on every
// chain: only the chain id tells them apart).
func httpChain(t *testing.T, chainID int64, set bridge.SignerSet) *rootChain {
	return httpChainFor(t, chainID, set, bttcChainID)
}

// httpChainFor is httpChain for the BTTC chain bttcID.
// Every address in fund gets 1,000 ether there too.
func httpChainFor(t *testing.T, chainID int64, set bridge.SignerSet, bttcID string, fund ...common.Address) *rootChain {
	key, owner := newKey(t, "owner")
	cfg := *params.AllDevChainProtocolChanges
	cfg.ChainID = big.NewInt(chainID)
	port := testnode.FreePorts(t, 1)[0]
	eth := new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	alloc := types.GenesisAlloc{owner.From: {Balance: eth}}
	for _, a := range fund {
		alloc[a] = types.Account{Balance: eth}
	}
	sim := simulated.NewBackend(alloc, func(n *gethnode.Config, e *ethconfig.Config) {
		n.HTTPHost, n.HTTPPort, n.HTTPModules = "127.0.0.1", port, []string{"eth", "net", "web3"}
		e.Genesis.Config = &cfg
	})
	t.Cleanup(func() { sim.Close() })
	client, err := ethclient.Dial(fmt.Sprintf("http://127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	id, err := client.ChainID(t.Context())
	if err != nil || id.Int64() != chainID {
		t.Fatalf("the chain at port %d says chain id %v (%v), want %d", port, id, err, chainID)
	}
	opts, err := bind.NewKeyedTransactorWithChainID(key, cfg.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	r := &rootChain{t: t, sim: sim, chainID: cfg.ChainID, owner: opts, set: set, bttcID: bttcID, url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	tokAddr, tx, token, err := bind.DeployContract(opts, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, client, uint8(0))
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	if _, err := bind.WaitMined(t.Context(), client, tx); err != nil {
		t.Fatal(err)
	}
	r.tokAddr, r.token = tokAddr, token
	r.rootAddr, tx, r.root, err = bind.DeployContract(opts, contracts.RootArtifact.ABI, contracts.RootArtifact.Bytecode, client,
		cfg.ChainID, crypto.Keccak256Hash([]byte(bttcID)), tokAddr, set.Hash(), opts.From, new(big.Int).Mul(big.NewInt(1e6), big.NewInt(1e18)), big.NewInt(3600), new(big.Int).Mul(big.NewInt(1e6), big.NewInt(1e18)), big.NewInt(600))
	if err != nil {
		t.Fatal(err)
	}
	sim.Commit()
	if _, err := bind.WaitMined(t.Context(), client, tx); err != nil {
		t.Fatal(err)
	}
	return r
}

// A checkpoint signed for one root chain is refused by the other two, all
// three reached over HTTP JSON-RPC: Ethereum (1), BNB Chain (56) and TRON's
// mainnet id (728126428). The contract address is the same on all three;
// the chain id in the digest is what binds a signature to one.
func TestCheckpointBoundToOneChain(t *testing.T) {
	base := newRootChain(t, 0, []uint64{10, 20, 30, 40}) // for its keys and set
	chains := map[int64]*rootChain{}
	for _, id := range []int64{1, 56, 728126428} {
		chains[id] = httpChain(t, id, base.set)
		chains[id].keys = base.keys
	}
	if chains[1].rootAddr != chains[56].rootAddr || chains[56].rootAddr != chains[728126428].rootAddr {
		t.Fatal("the contract addresses differ: the test would not show the chain id binds the signature")
	}
	cp, _ := base.checkpoint(1, nil)
	s, p, sig := chains[1].signed(chains[1].domain().CheckpointDigest(cp), 1, 2, 3)
	for _, id := range []int64{56, 728126428} {
		if _, err := chains[id].try(chains[id].root, chains[id].owner, "submitCheckpoint", toArg(cp), s, p, sig); err == nil || err.Error() != "BadSignature" {
			t.Fatalf("chain %d took a checkpoint signed for chain 1: %v", id, err)
		}
	}
	if _, err := chains[1].try(chains[1].root, chains[1].owner, "submitCheckpoint", toArg(cp), s, p, sig); err != nil {
		t.Fatalf("chain 1 refused its own checkpoint: %v", err)
	}
}
