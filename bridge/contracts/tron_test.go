package contracts_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/bridge/relay/tron"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/rootchain"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/node"
	"github.com/bttc-network/bttc/staking"
)

// TestRelayedCycleTronStandIn is TestRelayedCycle on TRON, whose node cannot
// run here: a go-ethereum chain with TRON mainnet's chain id behind the
// stand-in of TRON's HTTP API and /jsonrpc (internal/rootchain), which
// checks transaction ids, signatures and reference blocks as java-tron
// does. `bridge deploy`'s code deploys the root contract through the API;
// the relayer watches deposits up to the solidified block and submits the
// checkpoint through the API; the user deposits and exits through it.
func TestRelayedCycleTronStandIn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	signerKey, _ := newKey(t, "tron bridge signer")
	ownerKey, _ := newKey(t, "tron owner")
	signer, owner := address.FromPublicKey(&signerKey.PublicKey), address.FromPublicKey(&ownerKey.PublicKey)
	chain, err := rootchain.Start(rootchain.Options{ChainID: tron.Mainnet, BlockTime: 50 * time.Millisecond,
		Fund: []common.Address{common.Address(signer), common.Address(owner)}})
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	api, err := chain.ServeTron(signerKey, ownerKey)
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()

	// The token, minted to the owner, straight on the chain beneath.
	opts, err := bind.NewKeyedTransactorWithChainID(ownerKey, chain.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	tokenAddr, deployTx, token, err := bind.DeployContract(opts, contracts.TestTokenArtifact.ABI, contracts.TestTokenArtifact.Bytecode, chain.Client(), uint8(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(ctx, chain.Client(), deployTx); err != nil {
		t.Fatal(err)
	}
	three := new(big.Int).Mul(big.NewInt(3), big.NewInt(1e18))
	mintTx, err := token.Transact(opts, "mint", opts.From, three)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitMined(ctx, chain.Client(), mintTx); err != nil {
		t.Fatal(err)
	}

	// The root contract, through the API, as `bttcd bridge deploy` does it.
	power := uint64(staking.PowerOf(node.DefaultSelfBond))
	set := bridge.NewSignerSet([]address.Address{signer}, []uint64{power})
	limit := btt.FromBTT(1000)
	d, err := relay.Deploy(ctx, api.URL, ownerKey, relay.DeployArgs{BTTCChainID: testnode.ChainID, Set: set.Hash(), Token: address.Address(tokenAddr),
		Guardian: owner, RateLimit: limit, RateWindow: time.Hour, Delay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Tron || d.ChainID != tron.Mainnet {
		t.Fatalf("deployed %+v: not seen as TRON", d)
	}
	if code, err := chain.Client().CodeAt(ctx, common.Address(d.Contract), nil); err != nil || len(code) == 0 {
		t.Fatalf("no root contract at %s: %v", d.Contract, err)
	}

	n := testnode.StartWith(t, testnode.Options{BridgeKey: signerKey, Bridge: map[string]node.BridgeRPC{"tron": {RPC: api.URL}},
		TuneGenesis: func(g *genesis.AppState) {
			g.Bridge.Chains = []bridge.RootChain{{Name: "tron", ChainID: tron.Mainnet, Contract: d.Contract,
				Token: address.Address(tokenAddr), CheckpointInterval: 2, RateLimit: btt.NewAmount(limit),
				RateWindow: dec.Of(time.Hour), MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(500))}}
		}})
	var view bridge.ChainView
	if err := n.Client.Bridge(ctx, "chain/tron", 0, &view); err != nil {
		t.Fatal(err)
	}
	user, err := relay.DialRoot(ctx, &view.RootChain, api.URL, ownerKey)
	if err != nil {
		t.Fatal(err)
	}
	defer user.Close()
	if got := user.Show(owner); got != owner.Tron() || !strings.HasPrefix(got, "T") {
		t.Fatalf("a TRON address shown as %q", got)
	}
	userKey, _ := newKey(t, "tron bttc user")
	bttcUser := address.FromPublicKey(&userKey.PublicKey)
	if _, err := user.Deposit(ctx, bttcUser, uint256.MustFromBig(new(big.Int).Mul(three, big.NewInt(2)))); !errors.Is(err, relay.ErrInsufficientTokens) {
		t.Fatalf("a deposit beyond the balance: %v", err)
	}
	nonce, err := user.Deposit(ctx, bttcUser, uint256.MustFromBig(three))
	if err != nil || nonce != 1 {
		t.Fatalf("deposit through the API: nonce %d, %v", nonce, err)
	}
	eventuallyTrue(ctx, t, "the deposit minted once solidified", func() bool {
		acc, err := n.Client.Account(ctx, bttcUser, 0)
		return err == nil && acc.Balance == "3btt"
	})

	exitTo := common.Address{0xe3}
	s := &rpcclient.Sender{Client: n.Client, From: bttcUser, Signer: tx.KeySigner{Key: userKey}}
	res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)},
		&bridge.MsgWithdraw{Chain: "tron", To: address.Address(exitTo), Amount: btt.FromBTT(1)})
	if err != nil || res.Failed() {
		t.Fatalf("withdraw: %+v %v", res, err)
	}
	var proof bridge.ProofView
	eventuallyTrue(ctx, t, "the checkpoint submitted through the API", func() bool {
		last, err := user.LastCheckpoint(ctx)
		return err == nil && last > 0 && n.Client.Bridge(ctx, "withdrawal-proof/tron/1", 0, &proof) == nil && proof.Final
	})
	if _, err := user.Exit(ctx, &proof, nil); err != nil {
		t.Fatal(err)
	}
	out, err := chain.Client().CallContract(ctx, ethereum.CallMsg{To: &tokenAddr,
		Data: append(crypto.Keccak256([]byte("balanceOf(address)"))[:4], common.LeftPadBytes(exitTo[:], 32)...)}, nil)
	if err != nil || new(big.Int).SetBytes(out).Cmp(big.NewInt(1e18)) != 0 {
		t.Fatalf("the exit paid %x: %v", out, err)
	}
	if _, err := user.Exit(ctx, &proof, nil); err == nil || !strings.Contains(err.Error(), "exited already") {
		t.Fatalf("a second exit: %v", err)
	}
	st, err := relay.ReadRootStatus(ctx, api.URL, d.Contract, signer)
	if err != nil || !st.Tron || st.LastCheckpoint < 1 || st.DepositNonce != 1 || st.Low || !strings.HasPrefix(st.SignerCoins, "99") {
		t.Fatalf("root status %+v %v", st, err)
	}
}
