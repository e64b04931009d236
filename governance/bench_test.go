package governance_test

import (
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/governance"
)

// benchChain has 100 validators and 10,000 delegators spread over them;
// one proposal is in its voting period with 500 votes: 400 delegators and
// 100 validators.
func benchChain(b *testing.B) (*fixture, uint64) {
	f := newFixture(b)
	vals := make([]address.Address, 100)
	for i := range vals {
		vals[i] = address.Address{0xaa, byte(i)}
		f.validator(vals[i], 1000)
	}
	f.fund(proposer, 1000)
	for i := range 10_000 {
		f.delegate(address.Address{0xde, byte(i >> 8), byte(i)}, vals[i%len(vals)], 10)
	}
	f.endBlock(time.Second)
	id := f.submit(proposer, 100, false)
	for i, v := range vals {
		f.must(v, vote(id, governance.Option(1+i%4)))
	}
	for i := range 400 {
		f.must(address.Address{0xde, byte(i * 25 >> 8), byte(i * 25)}, vote(id, governance.Option(1+i%3)))
	}
	f.endBlock(time.Second)
	return f, id
}

// BenchmarkTally is the live tally (what `query gov tally` and the end of
// voting compute): O(validators), whatever the number of votes.
func BenchmarkTally(b *testing.B) {
	f, id := benchChain(b)
	g := f.gov(f.kv)
	b.ResetTimer()
	for range b.N {
		if _, err := g.CurrentTally(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEndVoting is the end block that closes the proposal: the tally,
// the refund, and deleting the 500 votes and the running tally.
func BenchmarkEndVoting(b *testing.B) {
	f, id := benchChain(b)
	b.ResetTimer()
	for range b.N {
		kv := state.NewCache(f.kv) // thrown away: every round ends the same proposal
		env := f.env(address.Address{})
		env.Time = f.now.Add(time.Hour)
		if _, err := f.gov(kv).EndBlock(env); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if p, _ := f.gov(kv).QueryProposal(id); p.Status == "voting_period" {
			b.Fatal("the proposal did not end")
		}
		b.StartTimer()
	}
	b.StopTimer()
	if p := f.proposal(id); p.Status != "voting_period" {
		b.Fatalf("the benchmark changed the fixture: %s", p.Status)
	}
}

// BenchmarkScratchTally is the tally the Cosmos SDK computes at the end of
// voting (and on every tally query): every vote, every voter's
// delegations. It is the model the running tally is checked against; this
// shows what the running tally saves.
func BenchmarkScratchTally(b *testing.B) {
	f, id := benchChain(b)
	votes, err := f.gov(f.kv).QueryVotes(id)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := scratchTally(f.kv, votes); err != nil {
			b.Fatal(err)
		}
	}
}
