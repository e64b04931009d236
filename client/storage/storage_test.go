package storage

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/digest"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/testnode"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

var gasPrice = uint256.NewInt(1_000_000_000)

func account(t *testing.T, n *testnode.Node) *Chain {
	t.Helper()
	key, _ := crypto.GenerateKey()
	a := address.FromPublicKey(&key.PublicKey)
	funder := &rpcclient.Sender{Client: n.Client, From: n.FunderAddr, Signer: tx.KeySigner{Key: n.Funder}}
	if res, err := funder.Send(context.Background(), rpcclient.TxOptions{GasPrice: gasPrice}, &bank.MsgSend{To: a, Amount: btt.FromBTT(1000)}); err != nil || res.Failed() {
		t.Fatalf("fund: %+v %v", res, err)
	}
	return &Chain{Sender: &rpcclient.Sender{Client: n.Client, From: a, Signer: tx.KeySigner{Key: key}, ChainID: testnode.ChainID},
		Options: rpcclient.TxOptions{GasPrice: gasPrice}}
}

// TestStorageOnARealChain: a renter puts a file with a host over HTTP on
// loopback, against a real node (200 ms blocks). The host accepts on its
// own and proves every period; the renter gets the file back whole. Then
// the host loses the second half of the file: it misses, the chain
// slashes its collateral, and Get names exactly the leaves that are gone
// and keeps the ones that verify.
func TestStorageOnARealChain(t *testing.T) {
	n := testnode.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	host, err := NewHost(ctx, HostConfig{Dir: t.TempDir(), Chain: account(t, n), PricePerMiB: btt.FromBTT(1), CollateralPerMiB: btt.FromBTT(10)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(host.Handler())
	defer srv.Close()
	renter := &Renter{Chain: account(t, n), Dir: t.TempDir()}

	file := filepath.Join(t.TempDir(), "photos.tar")
	data := make([]byte, 3<<20+777) // 4 MiB counted: 4 BTT a period, 40 BTT collateral
	rand.New(rand.NewSource(1)).Read(data)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	// A renter that offers less than the host asks is not accepted.
	cheap, err := renter.Put(ctx, file, PutOptions{Host: srv.URL, Periods: 2, Period: 8, Window: 6, MaxMisses: 2, Price: btt.FromBTT(1)})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := renter.Put(ctx, file, PutOptions{Host: srv.URL, Periods: 3, Period: 8, Window: 6, MaxMisses: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Size != uint64(len(data)) || rec.HostAddr != host.Terms().Host {
		t.Fatalf("record %+v", rec)
	}
	hostCtx, stopHost := context.WithCancel(ctx)
	hostDone := make(chan struct{})
	go func() { defer close(hostDone); host.Run(hostCtx, 100*time.Millisecond, nil) }()
	defer func() { stopHost(); <-hostDone }()

	contract := func(id deal.ID) *deal.ContractView {
		t.Helper()
		v, err := renter.Chain.Contract(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	waitState := func(id deal.ID, want deal.State) *deal.ContractView {
		t.Helper()
		for {
			v := contract(id)
			if v.State == want {
				return v
			}
			if ctx.Err() != nil || !v.State.Live() {
				t.Fatalf("contract %s is %s, want %s", id, v.State, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	v := waitState(rec.ID, deal.Ended)
	if v.Proven != 3 || v.Missed != 0 || v.PaidWei != btt.FromBTT(12).Dec() {
		t.Fatalf("ended with %d proven, %d missed, %s paid; want 3, 0, 12btt", v.Proven, v.Missed, v.PaidToHost)
	}
	if c := contract(cheap.ID); c.State != deal.Expired {
		t.Fatalf("the cheap proposal is %s, want expired", c.State)
	}
	out := filepath.Join(t.TempDir(), "back.tar")
	if _, err := renter.Get(ctx, rec.ID, "", out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
		t.Fatal("the file came back different")
	}

	// A second contract for the same file; the host then loses the
	// file's second half, and misses until the contract ends.
	rec2, err := renter.Put(ctx, file, PutOptions{Host: srv.URL, Periods: 4, Period: 8, Window: 6, MaxMisses: 2})
	if err != nil {
		t.Fatal(err)
	}
	waitState(rec2.ID, deal.Active)
	root, _ := digest.Parse(rec2.Root)
	if err := os.Truncate(host.path(root), int64(len(data)/2)); err != nil {
		t.Fatal(err)
	}
	v = waitState(rec2.ID, deal.Terminated)
	if v.Missed != 2 || v.CollateralWei != "0" {
		t.Fatalf("terminated with %d missed and %s collateral left", v.Missed, v.CollateralNow)
	}
	_, err = renter.Get(ctx, rec2.ID, "", out+"2")
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "leaves 1536–3072") {
		t.Fatalf("get of a damaged copy: %v", err)
	}
	part, _ := os.ReadFile(out + "2.partial")
	if good := 1536 << 10; len(part) != len(data) || !bytes.Equal(part[:good], data[:good]) {
		t.Fatal("the partial file does not hold the half that verified")
	}
}

// TestHostRefusesBadUploads: the wrong root, the wrong size, too large.
func TestHostRefusesBadUploads(t *testing.T) {
	n := testnode.Start(t)
	ctx := context.Background()
	host, err := NewHost(ctx, HostConfig{Dir: t.TempDir(), Chain: account(t, n), PricePerMiB: btt.FromBTT(1), CollateralPerMiB: btt.FromBTT(1), MaxSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(host.Handler())
	defer srv.Close()
	r := &Renter{Chain: account(t, n), Dir: t.TempDir()}
	put := func(root string, size int, body []byte) int {
		req, _ := http.NewRequest(http.MethodPut, srv.URL+pathFiles+root+"?size="+strconv.Itoa(size), bytes.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	zero := "0x" + strings.Repeat("00", 32)
	if code := put(zero, 5, []byte("hello")); code != http.StatusUnprocessableEntity {
		t.Errorf("wrong root: %d", code)
	}
	if code := put(zero, 9, []byte("hello")); code != http.StatusUnprocessableEntity {
		t.Errorf("wrong size: %d", code)
	}
	if code := put(zero, 2<<20, nil); code != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d", code)
	}
	if code := put("0x12", 5, []byte("hello")); code != http.StatusBadRequest {
		t.Errorf("bad root: %d", code)
	}
	if entries, _ := os.ReadDir(host.cfg.Dir); len(entries) != 1 { // incoming/ alone
		t.Errorf("the host kept %d entries after refusing everything", len(entries))
	}
	big := filepath.Join(t.TempDir(), "big")
	os.WriteFile(big, make([]byte, 2<<20), 0o600)
	if _, err := r.Put(ctx, big, PutOptions{Host: srv.URL, Periods: 1, Period: 8, Window: 6, MaxMisses: 1}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("put of a file above the host's limit: %v", err)
	}
	if _, err := r.Put(ctx, big, PutOptions{Host: "http://127.0.0.1:1", Periods: 1, Period: 8, Window: 6, MaxMisses: 1}); err == nil || !strings.Contains(err.Error(), "no storage host answers") {
		t.Errorf("put to nobody: %v", err)
	}
}
