package contracts_test

import (
	"context"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/relay"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/node"
	"github.com/bttc-network/bttc/staking"
)

// observer is the deterministic in-process deposit observer: the test
// hands it each Deposit event the root contract emitted, as the relayer
// will from a root chain's logs.
type observer struct {
	mu  sync.Mutex
	obs []bridge.Observation
}

func (o *observer) add(ob bridge.Observation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.obs = append(o.obs, ob)
}

func (o *observer) Deposits(c *bridge.RootChain, from uint64, max int) []bridge.Observation {
	chain := c.Name
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []bridge.Observation
	for _, ob := range o.obs {
		if ob.Chain == chain && ob.Nonce >= from && len(out) < max {
			out = append(out, ob)
		}
	}
	return out
}

// TestBridgeFullCycle carries BTT both ways between a real go-ethereum
// chain and a real BTTC node, both in this process: a deposit locked in
// the root contract is observed, agreed in vote extensions and minted on
// BTTC; a withdrawal burned on BTTC goes into a checkpoint the validator
// signs in its vote extensions; the checkpoint is submitted to the
// contract, and the withdrawal exits there with its Merkle proof. At the
// end each side holds what the other says it should.
func TestBridgeFullCycle(t *testing.T) {
	signerKey, _ := newKey(t, "cycle bridge signer")
	signer := address.FromPublicKey(&signerKey.PublicKey)
	power := uint64(staking.PowerOf(node.DefaultSelfBond))
	r := newRootChainWithSet(t, 0, bridge.NewSignerSet([]address.Address{signer}, []uint64{power}), testnode.ChainID)

	obs := &observer{}
	n := testnode.StartWith(t, testnode.Options{BridgeKey: signerKey, Observer: obs, TuneGenesis: func(g *genesis.AppState) {
		g.Bridge.Chains = []bridge.RootChain{{Name: "ethereum", ChainID: r.chainID.Uint64(), Contract: address.Address(r.rootAddr),
			Token: address.Address(r.tokAddr), CheckpointInterval: 2, RateLimit: btt.NewAmount(btt.FromBTT(1_000)),
			RateWindow: dec.Of(time.Hour), MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(500))}}
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Deposit 5 tokens on the root chain for a BTTC key.
	bttcKey, _ := newKey(t, "cycle bttc user")
	bttcUser := address.FromPublicKey(&bttcKey.PublicKey)
	five := new(big.Int).Mul(big.NewInt(5), big.NewInt(1e18))
	r.send(r.token, r.owner, "mint", r.user.From, new(big.Int).Mul(five, big.NewInt(2)))
	r.send(r.token, r.user, "approve", r.rootAddr, five)
	rc := r.send(r.root, r.user, "deposit", common.Address(bttcUser), five)
	ev := map[string]any{}
	if err := r.root.UnpackLogIntoMap(ev, "Deposit", *rc.Logs[len(rc.Logs)-1]); err != nil {
		t.Fatal(err)
	}
	nonce := new(big.Int).SetBytes(rc.Logs[len(rc.Logs)-1].Topics[1][:]).Uint64()
	obs.add(bridge.Observation{Chain: "ethereum", Nonce: nonce, Depositor: address.Address(r.user.From), Recipient: bttcUser,
		Amount: uint256.MustFromBig(ev["amount"].(*big.Int)), RootTx: bridge.Hash(rc.TxHash)})

	// Minted on BTTC.
	for {
		acc, err := n.Client.Account(ctx, bttcUser, 0)
		if err != nil {
			t.Fatal(err)
		}
		if acc.Balance == "5btt" {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the deposit was not minted: %s", acc.Balance)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Withdraw 2 BTT to a root-chain address.
	exitTo := common.Address{0xe1}
	s := &rpcclient.Sender{Client: n.Client, From: bttcUser, Signer: tx.KeySigner{Key: bttcKey}}
	res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)},
		&bridge.MsgWithdraw{Chain: "ethereum", To: address.Address(exitTo), Amount: btt.FromBTT(2)})
	if err != nil || res.Failed() {
		t.Fatalf("withdraw: %+v %v", res, err)
	}
	var proof bridge.ProofView
	for !proof.Final {
		if ctx.Err() != nil {
			t.Fatalf("no final checkpoint carries the withdrawal: %+v", proof)
		}
		time.Sleep(100 * time.Millisecond)
		_ = n.Client.Bridge(ctx, "withdrawal-proof/ethereum/1", 0, &proof)
	}
	var cp bridge.CheckpointView
	if err := n.Client.Bridge(ctx, "checkpoint/ethereum/1", 0, &cp); err != nil {
		t.Fatal(err)
	}

	// Submit the checkpoint as BTTC gives it, then exit with the proof.
	arg := cpArg{big.NewInt(int64(cp.Number)), big.NewInt(int64(cp.StartHeight)), big.NewInt(int64(cp.EndHeight)),
		big.NewInt(int64(cp.FirstWithdrawal)), big.NewInt(int64(cp.Withdrawals)), hash32(t, cp.WithdrawalsRoot), hash32(t, cp.Set.Hash), hash32(t, cp.Next.Hash)}
	signers := make([]common.Address, len(cp.Set.Signers))
	powers := make([]*big.Int, len(cp.Set.Signers))
	sigs := make([]byte, 65*len(cp.Set.Signers))
	for i, a := range cp.Set.Signers {
		signers[i], powers[i] = common.Address(a), new(big.Int).SetUint64(cp.Set.Powers[i])
		for j, sa := range cp.Signers {
			if sa == a {
				copy(sigs[65*i:], hexBytes(t, cp.Signatures[j]))
			}
		}
	}
	r.send(r.root, r.owner, "submitCheckpoint", arg, signers, powers, sigs)
	siblings := make([][32]byte, len(proof.Proof))
	for i, p := range proof.Proof {
		siblings[i] = hash32(t, p)
	}
	two := new(big.Int).Mul(big.NewInt(2), big.NewInt(1e18))
	r.send(r.root, r.user, "exit", big.NewInt(int64(cp.Number)), big.NewInt(1), exitTo, two, siblings)

	if got := r.balance(exitTo); got.Cmp(two) != 0 {
		t.Fatalf("the exit paid %v, want %v", got, two)
	}
	// The contract holds what BTTC minted less what left BTTC for it.
	var view bridge.ChainView
	if err := n.Client.Bridge(ctx, "chain/ethereum", 0, &view); err != nil {
		t.Fatal(err)
	}
	minted, _ := new(big.Int).SetString(view.MintedWei, 10)
	withdrawn, _ := new(big.Int).SetString(view.WithdrawnWei, 10)
	if held := r.balance(r.rootAddr); held.Cmp(new(big.Int).Sub(minted, withdrawn)) != 0 {
		t.Fatalf("the contract holds %v; BTTC minted %v and withdrew %v", held, minted, withdrawn)
	}
	if _, err := r.try(r.root, r.user, "exit", big.NewInt(int64(cp.Number)), big.NewInt(1), exitTo, two, siblings); err == nil || err.Error() != "AlreadyExited" {
		t.Fatalf("a second exit: %v", err)
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

// TestRelayedCycle: the node's own relayer, given the root chain's JSON-RPC
// as app.toml gives it, watches the contract over HTTP and reports its
// deposits once final, and BTTC mints them; a withdrawal's checkpoint, once
// final, is submitted to the contract by the relayer (paying gas from the
// bridge key's account there), and the user exits with the proof.
func TestRelayedCycle(t *testing.T) {
	signerKey, _ := newKey(t, "relay bridge signer")
	signer := address.FromPublicKey(&signerKey.PublicKey)
	power := uint64(staking.PowerOf(node.DefaultSelfBond))
	set := bridge.NewSignerSet([]address.Address{signer}, []uint64{power})
	r := httpChainFor(t, 1337, set, testnode.ChainID, common.Address(signer))
	n := testnode.StartWith(t, testnode.Options{BridgeKey: signerKey, Bridge: map[string]node.BridgeRPC{"ethereum": {RPC: r.url}},
		TuneGenesis: func(g *genesis.AppState) {
			g.Bridge.Chains = []bridge.RootChain{{Name: "ethereum", ChainID: 1337, Contract: address.Address(r.rootAddr),
				Token: address.Address(r.tokAddr), CheckpointInterval: 2, RateLimit: btt.NewAmount(btt.FromBTT(1_000)),
				RateWindow: dec.Of(time.Hour), MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(500))}}
		}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	userKey, _ := newKey(t, "relay bttc user")
	bttcUser := address.FromPublicKey(&userKey.PublicKey)
	three := new(big.Int).Mul(big.NewInt(3), big.NewInt(1e18))
	r.send(r.token, r.owner, "mint", r.owner.From, three)
	// The user's side goes through relay.Root, as `bttcd bridge deposit`
	// and `bttcd bridge exit` do, with the registry entry BTTC serves.
	var view bridge.ChainView
	if err := n.Client.Bridge(ctx, "chain/ethereum", 0, &view); err != nil {
		t.Fatal(err)
	}
	ownerKey, _ := newKey(t, "owner")
	wrong := view.RootChain
	wrong.ChainID = 56
	if _, err := relay.DialRoot(ctx, &wrong, r.url, ownerKey); !errors.Is(err, relay.ErrWrongChain) {
		t.Fatalf("dialing chain 1337 as chain 56: %v", err)
	}
	user, err := relay.DialRoot(ctx, &view.RootChain, r.url, ownerKey)
	if err != nil {
		t.Fatal(err)
	}
	defer user.Close()
	var nonce uint64
	r.mining(func() { nonce, err = user.Deposit(ctx, bttcUser, uint256.MustFromBig(three)) })
	if err != nil || nonce != 1 {
		t.Fatalf("deposit: nonce %d, %v", nonce, err)
	}
	// The dev beacon finalizes every 32 blocks: move past the deposit's
	// epoch, off a boundary (where finalized = latest is refused).
	for {
		h, err := r.sim.Client().BlockNumber(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h >= 33 && h%32 != 0 {
			break
		}
		r.sim.Commit()
	}
	eventuallyTrue(ctx, t, "the relayed deposit minted", func() bool {
		acc, err := n.Client.Account(ctx, bttcUser, 0)
		return err == nil && acc.Balance == "3btt"
	})

	// Withdraw 1 BTT; the relayer lands the checkpoint on the root chain.
	exitTo := common.Address{0xe2}
	s := &rpcclient.Sender{Client: n.Client, From: bttcUser, Signer: tx.KeySigner{Key: userKey}}
	res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)},
		&bridge.MsgWithdraw{Chain: "ethereum", To: address.Address(exitTo), Amount: btt.FromBTT(1)})
	if err != nil || res.Failed() {
		t.Fatalf("withdraw: %+v %v", res, err)
	}
	eventuallyTrue(ctx, t, "the checkpoint submitted by the relayer", func() bool {
		r.sim.Commit() // the simulated chain mines on demand
		var out []any
		return r.root.Call(&bind.CallOpts{}, &out, "lastCheckpoint") == nil && out[0].(*big.Int).Sign() > 0
	})
	var proof bridge.ProofView
	if err := n.Client.Bridge(ctx, "withdrawal-proof/ethereum/1", 0, &proof); err != nil {
		t.Fatal(err)
	}
	notFinal := proof
	notFinal.Final = false
	if _, err := user.Exit(ctx, &notFinal, nil); err == nil || !strings.Contains(err.Error(), "not final") {
		t.Fatalf("exiting before the checkpoint is final: %v", err)
	}
	r.mining(func() { _, err = user.Exit(ctx, &proof, nil) })
	one := big.NewInt(1e18)
	if got := r.balance(exitTo); err != nil || got.Cmp(one) != 0 {
		t.Fatalf("the exit paid %v: %v", got, err)
	}
	r.mining(func() { _, err = user.Exit(ctx, &proof, nil) })
	if err == nil || !strings.Contains(err.Error(), "exited already") {
		t.Fatalf("a second exit: %v", err)
	}
	// What `bttcd bridge status` reads of the root chain.
	st, err := relay.ReadRootStatus(ctx, r.url, address.Address(r.rootAddr), signer)
	if err != nil || st.LastCheckpoint != proof.Checkpoint || st.DepositNonce != 1 || st.Paused || st.ChainID != 1337 || st.SignerBalance == "0" {
		t.Fatalf("root status %+v %v", st, err)
	}
}

// mining runs f while blocks are committed every 50ms, as a live chain
// would mine the transactions f waits for.
func (r *rootChain) mining(f func()) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
				r.sim.Commit()
			}
		}
	}()
	f()
	close(done)
	<-stopped
}

func eventuallyTrue(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if ctx.Err() != nil {
			t.Fatalf("%s: not in time", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
