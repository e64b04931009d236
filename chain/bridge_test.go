package chain

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/core/address"
)

// bridgeScript is a chain with a root chain and a pending checkpoint,
// driven by the golden-script runner.
func bridgeScript(t *testing.T) *scriptRunner {
	r := &scriptRunner{t: t, txs: map[string][]byte{}, users: map[string]*user{}, names: map[string]string{}}
	r.run(scriptCase{command: "init-chain", input: []string{"account alice 1000btt", "validator val1 600btt", "validator val2 400btt",
		"root-chain ethereum 1 2 50btt 1btt 40btt"}})
	r.run(scriptCase{command: "sign w1 from=alice", input: []string{"withdraw ethereum bob 10btt"}})
	r.run(scriptCase{command: "block w1"})
	r.run(scriptCase{command: "block"})
	return r
}

func (r *scriptRunner) checkpoint(n int) bridge.CheckpointView {
	r.t.Helper()
	res := r.c.query(api.PathBridge+fmt.Sprintf("checkpoint/ethereum/%d", n), nil, 0, false)
	if res.Code != 0 {
		r.t.Fatalf("query checkpoint: %s", res.Log)
	}
	var v bridge.CheckpointView
	if err := json.Unmarshal(res.Value, &v); err != nil {
		r.t.Fatal(err)
	}
	return v
}

// A validator's node signs the pending checkpoint in ExtendVote with its
// bridge key; VerifyVoteExtension accepts it from that validator and
// refuses it as another's.
func TestBridgeVoteExtensions(t *testing.T) {
	r := bridgeScript(t)
	if cp := r.checkpoint(1); cp.Final || cp.Withdrawals != 1 {
		t.Fatalf("checkpoint 1: %+v", cp)
	}
	r.c.app.cfg.BridgeKey = r.userNamed("val1").key
	ext, err := r.c.app.ExtendVote(context.Background(), &abci.RequestExtendVote{Height: r.c.height + 1})
	if err != nil {
		t.Fatal(err)
	}
	verify := func(val string) abci.ResponseVerifyVoteExtension_VerifyStatus {
		res, err := r.c.app.VerifyVoteExtension(context.Background(), &abci.RequestVerifyVoteExtension{
			Height: r.c.height + 1, ValidatorAddress: ed25519.PubKey(r.valCons[val]).Address(), VoteExtension: ext.VoteExtension})
		if err != nil {
			t.Fatal(err)
		}
		return res.Status
	}
	if s := verify("val1"); s != abci.ResponseVerifyVoteExtension_ACCEPT {
		t.Fatalf("val1's own extension: %v", s)
	}
	if s := verify("val2"); s != abci.ResponseVerifyVoteExtension_REJECT {
		t.Fatalf("val1's signatures as val2's: %v", s)
	}
	// Without a key the node still extends, with nothing to count.
	r.c.app.cfg.BridgeKey = nil
	empty, err := r.c.app.ExtendVote(context.Background(), &abci.RequestExtendVote{Height: r.c.height + 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.c.app.VerifyVoteExtension(context.Background(), &abci.RequestVerifyVoteExtension{
		Height: r.c.height + 1, ValidatorAddress: ed25519.PubKey(r.valCons["val2"]).Address(), VoteExtension: empty.VoteExtension})
	if err != nil || res.Status != abci.ResponseVerifyVoteExtension_ACCEPT {
		t.Fatalf("an empty extension: %v %v", res, err)
	}
}

// Injected signatures count only when they are the registered signer's,
// once per signer, with the power state gives the signer; a checkpoint is
// final past 2/3 and not before.
func TestBridgeInjectedSignatures(t *testing.T) {
	r := bridgeScript(t)
	// mallory signs in val1's name: not counted.
	r.users["val1-real"] = r.users["val1"]
	mallory, _ := crypto.GenerateKey()
	r.users["val1"] = &user{key: mallory, addr: r.users["val1-real"].addr}
	r.txs["forged"] = r.bridgeVotes([]string{"val1"})
	r.users["val1"] = r.users["val1-real"]
	r.finalize([][]byte{r.txs["forged"]})
	if cp := r.checkpoint(1); cp.SignedPower != 0 {
		t.Fatalf("a forged signature counted: %+v", cp)
	}
	// val2 (400 of 1000) twice: counted once, not final.
	r.txs["v2"] = r.bridgeVotes([]string{"val2", "val2"})
	r.finalize([][]byte{r.txs["v2"]})
	if cp := r.checkpoint(1); cp.SignedPower != 400 || cp.Final {
		t.Fatalf("after val2 twice: %+v", cp)
	}
	// Garbage in the injected data is skipped, never fatal.
	r.finalize([][]byte{append(injectedMarker, 0xff, 0x00)})
	r.txs["v1"] = r.bridgeVotes([]string{"val1"})
	r.finalize([][]byte{r.txs["v1"]})
	cp := r.checkpoint(1)
	if cp.SignedPower != 1000 || !cp.Final || len(cp.Signatures) != 2 || cp.Signers[0] == cp.Signers[1] {
		t.Fatalf("after val1: %+v", cp)
	}
	// The signatures, sorted by signer, recover to the signers.
	d := bridge.Hash(hexHash(t, cp.Digest))
	for i, s := range cp.Signatures {
		got, ok := bridge.Recover(d, hexBytes(t, s))
		if !ok || got != cp.Signers[i] {
			t.Fatalf("signature %d recovers to %s, listed for %s", i, got, cp.Signers[i])
		}
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

func hexHash(t *testing.T, s string) bridge.Hash {
	t.Helper()
	h, err := bridge.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// A proposer that puts deposit reports into a validator's extension, which
// the validator never signed, has its block refused: ProcessProposal checks
// each extension's CometBFT signature before the bridge sees it.
func TestInjectedFakeObservationsAreRefused(t *testing.T) {
	c := veChain(t)
	c.finalize()
	ec := c.extendedCommit(1)
	fake, err := (&bridge.Extension{Deposits: []bridge.Observation{{Chain: "ethereum", Nonce: 1, Recipient: address.Address{1}, Amount: uint256.NewInt(1)}}}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rlp.EncodeToBytes([]extensionEntry{{Name: BridgeExtensionName, Payload: fake}})
	if err != nil {
		t.Fatal(err)
	}
	ec.Votes[0].VoteExtension = raw
	injected, err := c.app.buildInjection(c.app.lastState(), 2, ec)
	if err != nil {
		t.Fatal(err)
	}
	if st := c.process(2, [][]byte{injected}, plainCommit(ec)); st != abci.ResponseProcessProposal_REJECT {
		t.Fatalf("a block with a fake deposit report: %v", st)
	}
}
