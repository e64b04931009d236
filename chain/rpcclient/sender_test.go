package rpcclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/testnode"
)

// One real node serves every case: none of them interferes with another
// but through the funder's nonce, which each reads from the node.
func TestSenderAgainstARealNode(t *testing.T) {
	n := testnode.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	price := uint256.NewInt(1_000_000_000)
	bob := address.Address{0xb0}

	t.Run("send", func(t *testing.T) {
		res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: price}, &bank.MsgSend{To: bob, Amount: btt.FromBTT(3)})
		if err != nil || res.Failed() || res.Height <= 0 || res.GasUsed <= 0 || res.GasUsed > res.GasWanted {
			t.Fatalf("send: %+v %v", res, err)
		}
		if s.ChainID != testnode.ChainID {
			t.Fatalf("the chain id was not asked from the node: %q", s.ChainID)
		}
		acc, err := n.Client.Account(ctx, bob, 0)
		if err != nil || acc.Balance != "3btt" {
			t.Fatalf("bob: %+v %v", acc, err)
		}
		found, err := n.Client.Tx(ctx, res.Hash)
		if err != nil || found.Height != res.Height {
			t.Fatalf("looking the transaction up: %v", err)
		}
	})

	t.Run("estimate covers the use", func(t *testing.T) {
		body, err := s.Build(ctx, rpcclient.TxOptions{GasPrice: price}, &bank.MsgSend{To: bob, Amount: uint256.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: price}, &bank.MsgSend{To: bob, Amount: uint256.NewInt(1)})
		if err != nil || res.Failed() {
			t.Fatalf("%+v %v", res, err)
		}
		if uint64(res.GasUsed) > body.GasLimit || float64(body.GasLimit) < 1.2*float64(res.GasUsed) {
			t.Fatalf("estimated %d, used %d: want the use plus a margin", body.GasLimit, res.GasUsed)
		}
	})

	t.Run("would fail", func(t *testing.T) {
		_, err := s.Build(ctx, rpcclient.TxOptions{GasPrice: price}, &bank.MsgSend{To: bob, Amount: btt.FromBTT(2 * testnode.FunderBTT)})
		if !errors.Is(err, rpcclient.ErrWouldFail) || !strings.Contains(err.Error(), "insufficient funds") {
			t.Fatalf("an overdraft: %v", err)
		}
	})

	t.Run("included but failed", func(t *testing.T) {
		res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: price, GasLimit: 100_000}, &bank.MsgSend{To: bob, Amount: btt.FromBTT(2 * testnode.FunderBTT)})
		if err != nil || !res.Failed() || !strings.Contains(res.Log, "insufficient funds") {
			t.Fatalf("a failed transfer with a given gas limit: %+v %v", res, err)
		}
	})

	t.Run("fee cap", func(t *testing.T) {
		_, err := s.Build(ctx, rpcclient.TxOptions{GasPrice: btt.FromBTT(1), GasLimit: 50_000, FeeCap: btt.FromBTT(100)},
			&bank.MsgSend{To: bob, Amount: uint256.NewInt(1)})
		if !errors.Is(err, rpcclient.ErrFeeAboveCap) || !strings.Contains(err.Error(), "50000btt") {
			t.Fatalf("a 50,000 BTT fee under a 100 BTT cap: %v", err)
		}
	})

	t.Run("invalid message", func(t *testing.T) {
		if _, err := s.Build(ctx, rpcclient.TxOptions{}, &bank.MsgSend{To: bob, Amount: new(uint256.Int)}); !errors.Is(err, bank.ErrZeroAmount) {
			t.Fatalf("a zero send: %v", err)
		}
	})

	t.Run("unsigned needs a gas limit", func(t *testing.T) {
		u := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr}
		if _, err := u.Build(ctx, rpcclient.TxOptions{}, &bank.MsgSend{To: bob, Amount: uint256.NewInt(1)}); !errors.Is(err, rpcclient.ErrNoSigner) {
			t.Fatalf("estimating without a key: %v", err)
		}
		body, err := u.Build(ctx, rpcclient.TxOptions{GasLimit: 50_000, Fees: btt.FromBTT(1)}, &bank.MsgSend{To: bob, Amount: uint256.NewInt(1)})
		if err != nil || body.GasLimit != 50_000 || body.Fee().Gt(btt.FromBTT(1)) || body.Fee().IsZero() {
			t.Fatalf("an unsigned body with a total fee: %+v %v", body, err)
		}
	})

	t.Run("rejected", func(t *testing.T) {
		other, _ := crypto.GenerateKey()
		poor := &rpcclient.Sender{Client: n.Client, From: address.FromPublicKey(&other.PublicKey), Signer: tx.KeySigner{Key: other}}
		body, err := poor.Build(ctx, rpcclient.TxOptions{GasPrice: price, GasLimit: 50_000}, &bank.MsgSend{To: bob, Amount: uint256.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		_, raw, err := poor.Sign(body)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.Client.BroadcastAndWait(ctx, raw); !errors.Is(err, rpcclient.ErrRejected) || !strings.Contains(err.Error(), "fee") {
			t.Fatalf("a key with nothing to pay the fee: %v", err)
		}
	})

	t.Run("not found", func(t *testing.T) {
		if _, err := n.Client.Tx(ctx, strings.Repeat("ab", 32)); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("an unknown hash: %v", err)
		}
		if _, err := n.Client.Tx(ctx, "xyz"); err == nil || !strings.Contains(err.Error(), "64 hex digits") {
			t.Fatalf("a bad hash: %v", err)
		}
	})
}

func TestUnreachableNode(t *testing.T) {
	c, err := rpcclient.Dial("127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(context.Background()); !errors.Is(err, rpcclient.ErrUnreachable) || !strings.Contains(err.Error(), "--node") {
		t.Fatalf("a closed port: %v", err)
	}
}

// TestSendersSharingAKey: two programs with the same key send at once.
// One of them finds its nonce taken and, asking again, gets the next:
// both transactions land, with consecutive nonces.
func TestSendersSharingAKey(t *testing.T) {
	n := testnode.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	to := address.Address{7}
	errs := make(chan error, 4)
	for i := range 4 {
		s := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
		go func() {
			m := &bank.MsgSend{To: to, Amount: uint256.NewInt(uint64(i + 1))}
			res, err := s.Send(ctx, rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, m)
			if err == nil && res.Failed() {
				err = errors.New(res.Log)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	acc, err := n.Client.Account(ctx, to, 0)
	if err != nil || acc.BalanceWei != "10" {
		t.Fatalf("the recipient has %+v, %v; want 1+2+3+4 wei", acc, err)
	}
}

// TestEstimateAfterANonceTaken: another program's transaction of the
// same key landed between Send's asking for the nonce and its gas
// simulation. The simulation's refusal is a stale nonce, which Send asks
// again for, not a failure to report.
func TestEstimateAfterANonceTaken(t *testing.T) {
	n := testnode.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	opts := rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000), GasLimit: 100_000}
	mine, err := s.Build(ctx, opts, &bank.MsgSend{To: address.Address{8}, Amount: uint256.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	other := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	if _, err := other.Commit(ctx, opts, &bank.MsgSend{To: address.Address{9}, Amount: uint256.NewInt(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EstimateGas(ctx, mine, 0); !errors.Is(err, rpcclient.ErrStaleNonce) {
		t.Fatalf("simulating with the nonce the other transaction took: %v", err)
	}
}
