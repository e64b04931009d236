package chain

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
)

// veChain is a test chain with vote extensions on from height 1, as
// genesis.New makes every chain.
func veChain(t *testing.T) *testChain {
	t.Helper()
	app, err := New(memStore(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := &testChain{tb: t, app: app, time: time.Unix(1_700_000_000, 0).UTC()}
	params := cmttypes.DefaultConsensusParams()
	params.ABCI.VoteExtensionsEnableHeight = 1
	pp := params.ToProto()
	_, err = app.InitChain(context.Background(), &abci.RequestInitChain{
		ChainId: testChainID, InitialHeight: 1, AppStateBytes: appStateFor(nil), Time: c.time, ConsensusParams: &pp,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var genesisConsPriv = ed25519.GenPrivKeyFromSecret([]byte("genesis validator"))

// extendedCommit is the genesis validator's signed precommit of height h.
func (c *testChain) extendedCommit(h int64) abci.ExtendedCommitInfo {
	ext, err := c.app.ExtendVote(context.Background(), &abci.RequestExtendVote{Height: h})
	if err != nil {
		c.tb.Fatal(err)
	}
	sb := cmttypes.VoteExtensionSignBytes(testChainID, &cmtproto.Vote{Type: cmtproto.PrecommitType, Height: h, Round: 0, Extension: ext.VoteExtension})
	sig, err := genesisConsPriv.Sign(sb)
	if err != nil {
		c.tb.Fatal(err)
	}
	return abci.ExtendedCommitInfo{Votes: []abci.ExtendedVoteInfo{{
		Validator:     abci.Validator{Address: genesisConsPriv.PubKey().Address(), Power: 1_000},
		VoteExtension: ext.VoteExtension, ExtensionSignature: sig, BlockIdFlag: cmtproto.BlockIDFlagCommit,
	}}}
}

func plainCommit(ec abci.ExtendedCommitInfo) abci.CommitInfo {
	ci := abci.CommitInfo{Round: ec.Round}
	for _, v := range ec.Votes {
		ci.Votes = append(ci.Votes, abci.VoteInfo{Validator: v.Validator, BlockIdFlag: v.BlockIdFlag})
	}
	return ci
}

func (c *testChain) process(height int64, txs [][]byte, plc abci.CommitInfo) abci.ResponseProcessProposal_ProposalStatus {
	res, err := c.app.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: txs, Height: height, Time: c.time, ProposedLastCommit: plc})
	if err != nil {
		c.tb.Fatal(err)
	}
	return res.Status
}

func TestVoteExtensionInjection(t *testing.T) {
	c := veChain(t)
	alice := newUser(t)
	ctx := context.Background()
	// Height 1: the votes of height 0 do not exist, so nothing is injected.
	prep, err := c.app.PrepareProposal(ctx, &abci.RequestPrepareProposal{Height: 1, MaxTxBytes: 1 << 20, Time: c.time})
	if err != nil || len(prep.Txs) != 0 {
		t.Fatalf("height 1 proposal: %d txs, %v", len(prep.Txs), err)
	}
	c.finalize()

	// Height 2: the proposer injects height 1's extended commit first.
	ec := c.extendedCommit(1)
	send := alice.sign(t, testChainID, 50_000, sendMsg(alice.addr, nil))
	prep, err = c.app.PrepareProposal(ctx, &abci.RequestPrepareProposal{Height: 2, MaxTxBytes: 1 << 20, Time: c.time, LocalLastCommit: ec, Txs: [][]byte{send}})
	if err != nil {
		t.Fatal(err)
	}
	if len(prep.Txs) != 1 || !IsInjected(prep.Txs[0]) {
		t.Fatalf("height 2 proposal has %d txs; the first injected: %v", len(prep.Txs), len(prep.Txs) > 0 && IsInjected(prep.Txs[0]))
	}
	plc := plainCommit(ec)
	if st := c.process(2, prep.Txs, plc); st != abci.ResponseProcessProposal_ACCEPT {
		t.Fatal("ProcessProposal rejected the proposer's own injection")
	}

	// Tampering is refused.
	reweighted := plainCommit(ec)
	reweighted.Votes[0].Validator.Power = 5
	absent := plainCommit(ec)
	absent.Votes[0].BlockIdFlag = cmtproto.BlockIDFlagAbsent
	forged := c.extendedCommit(1)
	forged.Votes[0].ExtensionSignature[0] ^= 1
	forgedTx, err := c.app.buildInjection(c.app.lastState(), 2, forged)
	if err != nil {
		t.Fatal(err)
	}
	unsigned := ec
	unsigned.Votes = []abci.ExtendedVoteInfo{ec.Votes[0]}
	unsigned.Votes[0].VoteExtension, unsigned.Votes[0].ExtensionSignature = nil, nil
	unsignedTx, _ := c.app.buildInjection(c.app.lastState(), 2, unsigned)
	for name, tc := range map[string]struct {
		txs [][]byte
		plc abci.CommitInfo
	}{
		"power differs from CometBFT's":       {prep.Txs, reweighted},
		"extension on a vote that is absent":  {prep.Txs, absent},
		"no injection when extensions are on": {nil, plc},
		"marker in a later position":          {[][]byte{prep.Txs[0], prep.Txs[0]}, plc},
		"forged signature dropped: no quorum": {[][]byte{forgedTx}, plc},
		"no extensions: no quorum":            {[][]byte{unsignedTx}, plc},
		"garbage after the marker":            {[][]byte{append(append([]byte(nil), injectedMarker...), 0xff, 0x01)}, plc},
		"other round":                         {prep.Txs, abci.CommitInfo{Round: 1, Votes: plc.Votes}},
	} {
		if st := c.process(2, tc.txs, tc.plc); st != abci.ResponseProcessProposal_REJECT {
			t.Errorf("%s: accepted", name)
		}
	}
	if !bytes.Equal(forgedTx, unsignedTx) {
		t.Error("the proposer kept an extension whose signature does not verify")
	}

	// FinalizeBlock treats the injected transaction as data.
	res := c.finalize(prep.Txs...)
	if len(res.TxResults) != 1 || res.TxResults[0].Code != 0 || !strings.Contains(res.TxResults[0].Log, "vote extensions") {
		t.Fatalf("injected transaction's result: %+v", res.TxResults)
	}
	// CheckTx refuses the marker: it can never come from the mempool.
	if r := c.checkTx(prep.Txs[0]); r.Code == 0 {
		t.Fatal("CheckTx admitted an injected transaction")
	}
	// After a restart the app still knows extensions are on.
	again, err := New(c.app.store, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if again.veHeight != 1 {
		t.Fatalf("reloaded vote-extension height %d", again.veHeight)
	}
}
