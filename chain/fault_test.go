package chain

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/staking"
)

// damage overwrites the records under a module's prefix in the working
// tree (those whose key holds one of the addresses, if any are given) with
// a byte no decoder accepts: a database damaged under the node.
func damage(t *testing.T, s *state.Store, prefix byte, of ...address.Address) {
	t.Helper()
	var keys [][]byte
	if err := state.RangePrefix(s.Working(), []byte{prefix}, func(k, _ []byte) bool {
		for _, a := range of {
			if !bytes.Contains(k, a[:]) {
				return true
			}
		}
		keys = append(keys, bytes.Clone(k))
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatalf("nothing stored under prefix %#x to damage", prefix)
	}
	for _, k := range keys {
		if err := s.Working().Set(k, []byte{0xff}); err != nil {
			t.Fatal(err)
		}
	}
}

// A damaged record under any module stops the block: FinalizeBlock fails
// with a store fault that names it, nothing is committed or written into
// the tree, and the node is asked to stop. No validator turns a damaged
// disk into a "failed transaction" that others would not see.
func TestStoreFaultStopsTheBlock(t *testing.T) {
	for _, tc := range []struct {
		module string
		prefix byte
	}{
		{"bank", state.PrefixBank},
		{"staking", state.PrefixStaking},
		{"governance", state.PrefixGovernance},
	} {
		t.Run(tc.module, func(t *testing.T) {
			alice, bob := newUser(t), newUser(t)
			store := memStore(t)
			c := newTestChain(t, store, appStateFor(map[address.Address]*uint256.Int{alice.addr: btt.FromBTT(100)}), Config{})
			c.block(alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1))))
			// A delegation and a vote would read staking and governance;
			// the block's own work (rewards, end block) reads them anyway.
			send := alice.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1)))
			damage(t, store, tc.prefix)
			expectFault(t, c, tc.module, send)
		})
	}
}

// The same holds when only a transaction's message reads the damaged
// record: before, such a fault became that transaction's failure code on
// the damaged validator alone, and the chain split on the app hash.
func TestStoreFaultInAMessageStopsTheBlock(t *testing.T) {
	c, voter := govChain(t, Config{})
	store := c.app.Store()
	bob := newUser(t)
	c.block(voter.sign(t, testChainID, gas, sendMsg(bob.addr, btt.FromBTT(1000))))
	c.block(bob.sign(t, testChainID, 500_000, &staking.MsgDelegate{Validator: voter.addr, Amount: btt.FromBTT(100)}),
		bob.sign(t, testChainID, 500_000, &governance.MsgSubmitProposal{Title: "a text proposal", InitialDeposit: btt.FromBTT(5)}))
	for _, tc := range []struct {
		module string
		prefix byte
		msg    tx.Msg
	}{
		{"staking", state.PrefixStaking, &staking.MsgWithdrawRewards{}},
		{"governance", state.PrefixGovernance, &governance.MsgDeposit{ProposalID: 1, Amount: btt.FromBTT(1)}},
	} {
		t.Run(tc.module, func(t *testing.T) {
			raw := bob.sign(t, testChainID, 500_000, tc.msg)
			damage(t, store, tc.prefix, bob.addr)
			expectFault(t, c, tc.module, raw)
			store.Rollback() // undo the damage for the next case,
			bob.nonce--      // whose transaction takes the nonce this one did not use
		})
	}
}

// expectFault runs the next block with txs and checks that it stopped on
// a fault of module, leaving the tree and the saved versions alone.
func expectFault(t *testing.T, c *testChain, module string, txs ...[]byte) {
	t.Helper()
	store := c.app.Store()
	before, last := store.WorkingHash(), store.LastVersion()
	_, err := c.app.FinalizeBlock(context.Background(), &abci.RequestFinalizeBlock{
		Txs: txs, Height: c.height + 1, Time: c.time.Add(time.Second), DecidedLastCommit: c.lastCommit,
	})
	if !errors.Is(err, state.ErrFault) {
		t.Fatalf("FinalizeBlock over a damaged %s store: %v, want a store fault", module, err)
	}
	if !strings.Contains(err.Error(), "corrupt "+module+" record") || !strings.Contains(err.Error(), "not committed") {
		t.Fatalf("the error does not say what broke and what happened: %v", err)
	}
	if store.LastVersion() != last || !bytes.Equal(store.WorkingHash(), before) {
		t.Fatal("the failed block left writes in the tree")
	}
	select {
	case reason := <-c.app.Halted():
		if !errors.Is(reason, state.ErrFault) {
			t.Fatalf("halt reason %v, want the fault", reason)
		}
	default:
		t.Fatal("the node was not asked to stop")
	}
}
