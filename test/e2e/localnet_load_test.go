package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bttc-network/bttc/chain/api"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/internal/loadgen"
)

// loadRounds runs `bttcd bench load` against n, one round after another,
// until stop is set; every round must commit all its transfers.
type loadRounds struct {
	accounts, per int
	stop          atomic.Bool
	done          chan error
	rounds        int // valid once done has answered
}

func startLoadRounds(t *testing.T, n *node, accounts, per int) *loadRounds {
	l := &loadRounds{accounts: accounts, per: per, done: make(chan error, 1)}
	home := t.TempDir()
	go func() {
		for l.rounds == 0 || !l.stop.Load() {
			cmd := exec.Command(bttcd, "bench", "load", "--from", "operator", "--keyring-backend", "test", "--home", n.home,
				"--node", n.rpc(), "--accounts", fmt.Sprint(accounts), "--per-account", fmt.Sprint(per), "--workers", "4",
				"--timeout", "2m", "-o", "json")
			cmd.Env = append(os.Environ(), "HOME="+home)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				l.done <- fmt.Errorf("load round %d: %v\n%s%s", l.rounds+1, err, out, stderr.Bytes())
				return
			}
			var rep struct{ Submitted, Committed, Failed int }
			if err := json.Unmarshal(out, &rep); err != nil || rep.Committed != accounts*per || rep.Failed != 0 {
				l.done <- fmt.Errorf("load round %d: %+v (%v), want %d committed", l.rounds+1, rep, err, accounts*per)
				return
			}
			l.rounds++
		}
		l.done <- nil
	}()
	return l
}

// TestLocalnetKillsUnderLoad: while transfers stream into node0, the other
// validators are SIGKILLed one at a time at random moments and restarted.
// Each catches up; all four agree on every app hash; every committed
// transfer is in every node's state (each sender's nonce counts all of
// its transfers); the total supply is what it was.
func TestLocalnetKillsUnderLoad(t *testing.T) {
	ln := startLocalnet(t, 4, nil)
	all := ln.nodes
	ln.agree(3, all...)
	ctx := context.Background()
	client := func(n *node) *rpcclient.Client {
		c, err := rpcclient.Dial(n.rpc())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	supply, err := client(all[0]).Supply(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}

	const accounts, per = 20, 10
	load := startLoadRounds(t, all[0], accounts, per)
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill schedule seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	pause := func() { time.Sleep(200*time.Millisecond + time.Duration(rng.Int64N(int64(1500*time.Millisecond)))) }
	for range 4 {
		victim := all[1+rng.IntN(3)]
		pause()
		if err := victim.stop(syscall.SIGKILL); err == nil {
			t.Fatal("SIGKILL did not kill the validator")
		}
		pause()
		victim.launch()
		// Back in step before the next kill, so that two are never down.
		victim.waitHeight(all[0].height())
	}
	load.stop.Store(true)
	select {
	case err := <-load.done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Minute):
		t.Fatal("the load did not finish")
	}

	t.Logf("%d rounds of %d transfers", load.rounds, accounts*per)
	h := all[0].height() + 2
	ln.agree(h, all...)
	_, addrs := loadgen.Accounts(accounts)
	for i, n := range all {
		c := client(n)
		// A node that caught up by block sync stores a block a moment
		// before its application commits it: /status can run ahead of
		// the state queries answer from.
		var s *api.SupplyView
		eventually(t, 10*time.Second, fmt.Sprintf("node%d's state at height %d", i, h), func() bool {
			s, err = c.Supply(ctx, h)
			return err == nil
		})
		if s.SupplyWei != supply.SupplyWei {
			t.Fatalf("node%d: supply %s at height %d, was %s", i, s.Supply, h, supply.Supply)
		}
		for _, a := range addrs {
			acc, err := c.Account(ctx, a, h)
			if err != nil {
				t.Fatal(err)
			}
			if want := uint64(load.rounds * per); acc.Nonce != want {
				t.Fatalf("node%d: %s has nonce %d after %d rounds of %d transfers", i, a, acc.Nonce, load.rounds, per)
			}
		}
	}
}
