package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/bridge/contracts"
	"github.com/bttc-network/bttc/bridge/relay"
)

// bridgeItem is a deposit or an exit: who gets how much.
type bridgeItem struct {
	to     common.Address
	amount *big.Int
}

// invariants checks invariant on every root chain.
func (bn *bridgeNet) invariants() {
	bn.t.Helper()
	for _, r := range bn.roots {
		bn.invariant(r.name)
	}
}

// invariant is what no sequence of faults may break, for one root chain:
// BTT minted on BTTC from it less BTT withdrawn to it equals what its
// contract locked less what it let exit, once the deposits not yet minted
// and the withdrawals not yet exited are counted; every deposit BTTC minted
// is one the contract locked, for the same recipient and amount, minted
// once; every exit the contract paid is a BTTC withdrawal to the same
// recipient for the same amount, paid once; and the contract holds exactly
// what it locked less what it paid out.
func (bn *bridgeNet) invariant(name string) {
	t := bn.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, r := bn.root(name)
	v := bn.view(name)
	contract := common.Address(v.Contract)
	logs, err := r.chain.Client().FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{contract}})
	if err != nil {
		t.Fatal(err)
	}
	root := contracts.NewBTTCRoot()
	locked, exited := map[uint64]bridgeItem{}, map[uint64]bridgeItem{}
	lockedSum, paidSum, exitedSum := new(big.Int), new(big.Int), new(big.Int)
	for i := range logs {
		l := &logs[i]
		if d, err := root.UnpackDepositEvent(l); err == nil {
			n := d.Nonce.Uint64()
			if _, twice := locked[n]; twice {
				t.Fatalf("%s: the contract emitted deposit %d twice", name, n)
			}
			locked[n] = bridgeItem{d.BttcRecipient, d.Amount}
			lockedSum.Add(lockedSum, d.Amount)
		}
		if e, err := root.UnpackExitedEvent(l); err == nil {
			paidSum.Add(paidSum, e.Amount)
			if q, queued := exited[e.Id.Uint64()]; queued && q.amount.Cmp(e.Amount) == 0 {
				continue // a queued exit claimed
			}
			bn.noteExit(name, exited, e.Id.Uint64(), e.Recipient, e.Amount, exitedSum)
		}
		if e, err := root.UnpackExitQueuedEvent(l); err == nil {
			bn.noteExit(name, exited, e.Id.Uint64(), e.Recipient, e.Amount, exitedSum)
		}
	}

	// BTTC's side: what it minted, deposit by deposit.
	var minted []bridge.DepositView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "deposits", name, "--node", bn.rpc(0), "-o", "json")), &minted); err != nil {
		t.Fatal(err)
	}
	mintedSum := new(big.Int)
	seen := map[uint64]bool{}
	for _, d := range minted {
		if seen[d.Nonce] {
			t.Fatalf("%s: deposit %d minted twice", name, d.Nonce)
		}
		seen[d.Nonce] = true
		l, ok := locked[d.Nonce]
		amount, _ := new(big.Int).SetString(d.AmountWei, 10)
		if !ok || l.to != common.Address(d.Recipient) || l.amount.Cmp(amount) != 0 {
			t.Fatalf("%s: BTTC minted deposit %d (%s to %s) that the contract did not lock so (%+v)", name, d.Nonce, d.Amount, d.Recipient, l)
		}
		mintedSum.Add(mintedSum, amount)
	}
	if m, _ := new(big.Int).SetString(v.MintedWei, 10); m == nil || m.Cmp(mintedSum) != 0 {
		t.Fatalf("%s: minted %s wei in total, %s deposit by deposit", name, v.MintedWei, mintedSum)
	}
	unminted := new(big.Int)
	for n, l := range locked {
		if n >= v.NextDeposit {
			unminted.Add(unminted, l.amount)
		} else if !seen[n] {
			t.Fatalf("%s: deposit %d below the next nonce %d was never minted", name, n, v.NextDeposit)
		}
	}
	withdrawn, _ := new(big.Int).SetString(v.WithdrawnWei, 10)
	unexited := new(big.Int).Sub(withdrawn, exitedSum)

	// minted − withdrawn = (locked − not yet minted) − (exited + not yet exited)
	left := new(big.Int).Sub(mintedSum, withdrawn)
	right := new(big.Int).Sub(new(big.Int).Sub(lockedSum, unminted), new(big.Int).Add(exitedSum, unexited))
	if left.Cmp(right) != 0 || unexited.Sign() < 0 {
		t.Fatalf("%s: minted − withdrawn = %s, locked − exited = %s (locked %s, %s not minted yet, exited %s, %s not exited yet)",
			name, left, right, lockedSum, unminted, exitedSum, unexited)
	}
	held := r.balance(t, contract)
	if want := new(big.Int).Sub(lockedSum, paidSum); held.Cmp(want) != 0 {
		t.Fatalf("%s: the contract holds %s wei, locked %s less paid %s", name, held, lockedSum, paidSum)
	}
}

// noteExit records an exit of the contract after checking it against the
// BTTC withdrawal of the same id.
func (bn *bridgeNet) noteExit(name string, exited map[uint64]bridgeItem, id uint64, to common.Address, amount, sum *big.Int) {
	t := bn.t
	t.Helper()
	if _, twice := exited[id]; twice {
		t.Fatalf("%s: withdrawal %d exited twice", name, id)
	}
	var p bridge.ProofView
	if err := json.Unmarshal([]byte(mustRun(t, "query", "bridge", "withdrawal-proof", name, fmt.Sprint(id), "--node", bn.rpc(0), "-o", "json")), &p); err != nil {
		t.Fatal(err)
	}
	if common.Address(p.To) != to || p.AmountWei != amount.String() {
		t.Fatalf("%s: exit %d paid %s to %s; BTTC withdrew %s to %s", name, id, amount, to, p.AmountWei, p.To)
	}
	exited[id] = bridgeItem{to, amount}
	sum.Add(sum, amount)
}

// submit sends checkpoint cp to name's contract from the chain's faucet,
// as anyone may, and returns the contract's custom error, "" if it took
// it.
func (bn *bridgeNet) submit(name string, cp *bridge.CheckpointView, sigs []byte) string {
	t := bn.t
	t.Helper()
	arg, signers, powers, packed, err := relay.Assemble(cp)
	if err != nil {
		t.Fatal(err)
	}
	if sigs != nil {
		packed = sigs
	}
	return bn.call(name, "submitCheckpoint", arg, signers, powers, packed)
}

// call calls the root contract of name from the chain's faucet and returns
// its custom error's name, "" if the call succeeded.
func (bn *bridgeNet) call(name, method string, args ...any) string {
	t := bn.t
	t.Helper()
	_, r := bn.root(name)
	return r.call(t, common.Address(bn.view(name).Contract), r.faucet, method, args...)
}

func (r *testRoot) call(t *testing.T, contract common.Address, from *bind.TransactOpts, method string, args ...any) string {
	t.Helper()
	c := bind.NewBoundContract(contract, contracts.RootArtifact.ABI, r.chain.Client(), r.chain.Client(), r.chain.Client())
	tx, err := c.Transact(from, method, args...)
	if err != nil {
		var de interface{ ErrorData() interface{} }
		if errors.As(err, &de) {
			data := common.FromHex(fmt.Sprint(de.ErrorData()))
			for errName, e := range contracts.RootArtifact.ABI.Errors {
				if len(data) >= 4 && string(data[:4]) == string(e.ID[:4]) {
					return errName
				}
			}
		}
		if strings.Contains(err.Error(), "revert") {
			return err.Error()
		}
		t.Fatalf("%s: %v", method, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rc, err := bind.WaitMined(ctx, r.chain.Client(), tx)
	if err != nil || rc.Status != 1 {
		t.Fatalf("%s: %v %v", method, rc, err)
	}
	return ""
}
