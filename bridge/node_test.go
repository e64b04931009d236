package bridge_test

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/node"
)

// A real single-validator node carries a withdrawal into a checkpoint that
// its own vote extensions sign with the bridge key init made: ExtendVote,
// the proposer's injected commit, FinalizeBlock counting the signature.
func TestCheckpointSignedByARealNode(t *testing.T) {
	n := testnode.StartWith(t, testnode.Options{TuneGenesis: func(g *genesis.AppState) {
		g.Bridge.Chains = []bridge.RootChain{{Name: "ethereum", ChainID: 1, Contract: address.Address{0xc0}, Token: address.Address{0x70},
			CheckpointInterval: 3, RateLimit: btt.NewAmount(btt.FromBTT(1_000)), RateWindow: dec.Of(time.Hour),
			MinWithdrawal: btt.NewAmount(btt.FromBTT(1)), MaxWithdrawal: btt.NewAmount(btt.FromBTT(500))}}
	}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	to := address.Address{0xee}
	res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, &bridge.MsgWithdraw{Chain: "ethereum", To: to, Amount: btt.FromBTT(7)})
	if err != nil || res.Failed() {
		t.Fatalf("withdraw: %+v %v", res, err)
	}
	var cp bridge.CheckpointView
	for !cp.Final {
		if ctx.Err() != nil {
			t.Fatalf("no final checkpoint in a minute: %+v", cp)
		}
		time.Sleep(100 * time.Millisecond)
		var cps []bridge.CheckpointView
		if err := n.Client.Bridge(ctx, "checkpoints/ethereum", 0, &cps); err != nil {
			t.Fatal(err)
		}
		for _, c := range cps {
			if c.Withdrawals > 0 {
				cp = c
			}
		}
	}
	key, ok, err := node.LoadBridgeKey(n.Comet)
	if err != nil || !ok {
		t.Fatalf("the home's bridge key: %v %v", ok, err)
	}
	signer := address.FromPublicKey(&key.PublicKey)
	if len(cp.Signers) != 1 || cp.Signers[0] != signer || cp.Set.Signers[0] != signer {
		t.Fatalf("checkpoint signed by %v, set %v; the node's signer is %s", cp.Signers, cp.Set.Signers, signer)
	}
	digest, _ := hex.DecodeString(strings.TrimPrefix(cp.Digest, "0x"))
	sig, _ := hex.DecodeString(strings.TrimPrefix(cp.Signatures[0], "0x"))
	if got, ok := bridge.Recover(bridge.Hash(digest), sig); !ok || got != signer {
		t.Fatalf("the stored signature recovers to %s", got)
	}
	var proof bridge.ProofView
	if err := n.Client.Bridge(ctx, "withdrawal-proof/ethereum/1", 0, &proof); err != nil {
		t.Fatal(err)
	}
	if !proof.Final || proof.To != to || proof.AmountWei != btt.FromBTT(7).Dec() {
		t.Fatalf("proof %+v", proof)
	}
}
