package chain

import (
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
)

// BenchmarkBridgeVoteExtensions measures what checkpoint signing costs a
// block: 100 validators each signing a pending checkpoint of each of three
// root chains (300 signatures) in their vote extensions. It reports the
// size of the extended commit the proposer injects, and the time
// FinalizeBlock takes to verify and count the signatures (each a secp256k1
// recovery); ProcessProposal pays about as much again in
// VerifyVoteExtension's checks.
func BenchmarkBridgeVoteExtensions(b *testing.B) {
	t := &testing.T{}
	r := &scriptRunner{t: t, txs: map[string][]byte{}, users: map[string]*user{}, names: map[string]string{}}
	input := []string{"account alice 100000btt"}
	var vals []string
	for i := range 100 {
		v := fmt.Sprintf("v%d", i)
		vals = append(vals, v)
		input = append(input, fmt.Sprintf("validator %s %dbtt", v, 1000+i))
	}
	for i, c := range []string{"ethereum", "bsc", "tron"} {
		input = append(input, fmt.Sprintf("root-chain %s %d 1 5000btt 1btt 500btt", c, i+1))
	}
	r.run(scriptCase{command: "init-chain", input: input})
	for _, c := range []string{"ethereum", "bsc", "tron"} {
		r.run(scriptCase{command: "sign w-" + c + " from=alice", input: []string{"withdraw " + c + " bob 2btt"}})
	}
	r.run(scriptCase{command: "block w-ethereum w-bsc w-tron"})
	r.run(scriptCase{command: "block"})
	votes := r.bridgeVotes(vals)
	b.ResetTimer()
	for range b.N {
		// Each round is a fresh block on the same state: the checkpoints
		// stay pending because the block is rolled back.
		b.StopTimer()
		c := r.c
		c.height++
		b.StartTimer()
		_, err := c.app.FinalizeBlock(b.Context(), finalizeReq(c, [][]byte{votes}))
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		c.app.store.Rollback()
		c.app.block = nil
		c.height--
		b.StartTimer()
	}
	b.ReportMetric(float64(len(votes)), "injected-bytes")
	if t.Failed() {
		b.Fatal("setting up failed")
	}
}

func finalizeReq(c *testChain, txs [][]byte) *abci.RequestFinalizeBlock {
	return &abci.RequestFinalizeBlock{Txs: txs, Height: c.height, Time: c.time.Add(time.Second), DecidedLastCommit: c.lastCommit}
}
