package speed

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/client/speedwatch"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

func signed(t *testing.T, id paych.ChannelID, amount, nonce uint64) paych.SignedVoucher {
	t.Helper()
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	sv, err := paych.Voucher{Channel: id, Amount: uint256.NewInt(amount), Nonce: nonce}.Sign("bttc-test-1", key)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func TestVaultKeepsTheBestAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	v, err := OpenVault(dir, "bttc-test-1")
	if err != nil {
		t.Fatal(err)
	}
	a, b := paych.ChannelID{1}, paych.ChannelID{2}
	for i, want := range []bool{true, true, false, false, true} {
		sv := [...]paych.SignedVoucher{signed(t, a, 10, 1), signed(t, a, 20, 2), signed(t, a, 15, 3), signed(t, a, 30, 2), signed(t, b, 5, 1)}[i]
		if kept, err := v.Keep(sv); err != nil || kept != want {
			t.Fatalf("voucher %d: kept %v, %v; want %v", i, kept, err, want)
		}
	}
	if amount, nonce := v.Best(a); amount.Uint64() != 20 || nonce != 2 {
		t.Fatalf("best of a: %v nonce %d", amount, nonce)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// A crash mid-write leaves a torn last line: it is dropped.
	f, _ := os.OpenFile(filepath.Join(dir, a.String()+".jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"chain_id":"bttc-test-1","channel":"0x01`)
	f.Close()
	v, err = OpenVault(dir, "bttc-test-1")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if amount, _ := v.Best(a); amount.Uint64() != 20 {
		t.Fatalf("after a restart the best of a is %v", amount)
	}
	if e := v.Earnings(); len(e) != 2 || e[b].Uint64() != 5 || len(v.Channels()) != 2 {
		t.Fatalf("earnings %v", e)
	}
	// The watcher reads the same files (all but the torn line).
	vs, err := speedwatch.ReadFile(filepath.Join(dir, b.String()+".jsonl"))
	if err != nil || len(vs) != 1 {
		t.Fatalf("the watcher reads %d vouchers, %v", len(vs), err)
	}
}

func TestVaultCompacts(t *testing.T) {
	dir := t.TempDir()
	v, err := OpenVault(dir, "bttc-test-1")
	if err != nil {
		t.Fatal(err)
	}
	id := paych.ChannelID{7}
	sv := signed(t, id, 1, 1)
	for i := uint64(1); i <= compactAfter+10; i++ {
		sv.Voucher.Amount, sv.Voucher.Nonce = uint256.NewInt(i), i // the signature is not checked here
		if _, err := v.Keep(sv); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	vs, err := speedwatch.ReadFile(filepath.Join(dir, id.String()+".jsonl"))
	if err != nil || len(vs) != 10 || vs[9].Voucher.Amount.Uint64() != compactAfter+10 {
		t.Fatalf("after compaction the file holds %d vouchers (%v)", len(vs), err)
	}
}

func TestCost(t *testing.T) {
	for _, c := range []struct {
		n     int64
		price uint64
		want  uint64
	}{{1 << 20, 1000, 1000}, {1 << 19, 1000, 500}, {1, 1000, 0}, {0, 1000, 0}, {-5, 1000, 0}, {3 << 20, 7, 21}} {
		if got := Cost(c.n, uint256.NewInt(c.price)); got.Uint64() != c.want {
			t.Errorf("Cost(%d, %d) = %v, want %d", c.n, c.price, got, c.want)
		}
	}
	if got := Cost(1<<40, new(uint256.Int).SetAllOne()); !got.Eq(new(uint256.Int).SetAllOne()) {
		t.Errorf("an overflowing cost is %v, want the maximum", got)
	}
}
