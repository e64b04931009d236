package interop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/keyring"
	"github.com/bttc-network/bttc/internal/webdriver"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// devMnemonic is the dev chain's well-known key (bttcd dev funds it).
const devMnemonic = "test test test test test test test test test test test junk"

// devChain is a `bttcd dev` process on free ports.
type devChain struct {
	*proc
	home   string
	rpc    string
	client *rpcclient.Client
}

func startDevChain(t *testing.T) *devChain {
	t.Helper()
	home := filepath.Join(t.TempDir(), "dev")
	rpc := fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	p := start(t, "bttcd-dev", exec.Command(bttcdBin, "dev", "--home", home, "--rpc.laddr", rpc,
		"--p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)),
		"--instrumentation.prometheus_listen_addr", fmt.Sprintf("127.0.0.1:%d", freePort(t))))
	cl, err := rpcclient.Dial(rpc)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if st, err := cl.Status(context.Background()); err == nil && st.SyncInfo.LatestBlockHeight >= 2 {
			return &devChain{proc: p, home: home, rpc: rpc, client: cl}
		}
		if time.Now().After(deadline) {
			t.Fatal("bttcd dev made no block in 60 s")
		}
	}
}

// wallet is a btt home with a test-backend key in it.
type wallet struct {
	home string
	addr address.Address
	args []string // --home, --keyring-backend, --from, --node
}

func (d *devChain) newWallet(t *testing.T, name string) wallet {
	t.Helper()
	home := filepath.Join(t.TempDir(), name)
	res := runBtt(t, "wallet", "new", name, "--keyring-backend", "test", "--home", home)
	m := regexp.MustCompile(`key ` + name + `: (0x[0-9a-fA-F]{40})`).FindStringSubmatch(res.stdout)
	if res.code != 0 || m == nil {
		t.Fatalf("btt wallet new: %d %s %s", res.code, res.stdout, res.stderr)
	}
	a, err := address.Parse(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return wallet{home: home, addr: a, args: []string{"--home", home, "--keyring-backend", "test", "--from", name, "--node", d.rpc}}
}

// fund sends amount from the dev key.
func (d *devChain) fund(t *testing.T, to address.Address, amount *uint256.Int) {
	t.Helper()
	key, err := keyring.KeyFromMnemonic(devMnemonic, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := &rpcclient.Sender{Client: d.client, From: address.FromPublicKey(&key.PublicKey), Signer: tx.KeySigner{Key: key}}
	res, err := s.Send(context.Background(), rpcclient.TxOptions{GasPrice: uint256.NewInt(1_000_000_000)}, &bank.MsgSend{To: to, Amount: amount})
	if err != nil || res.Failed() {
		t.Fatalf("fund %s: %+v %v", to, res, err)
	}
}

func (d *devChain) balance(t *testing.T, a address.Address) *uint256.Int {
	t.Helper()
	acc, err := d.client.Account(context.Background(), a, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := uint256.FromDecimal(acc.BalanceWei)
	return b
}

func (d *devChain) channelsOf(t *testing.T, payee address.Address) []paych.ChannelView {
	t.Helper()
	var page paych.ChannelPage
	if err := d.client.Speed(context.Background(), "channels/payee/"+payee.String()+"/-", 0, &page); err != nil {
		t.Fatal(err)
	}
	return page.Channels
}

var paidRE = regexp.MustCompile(`paid seeders (\S+) \(receipts for (\S+)\)`)

// paid reads what a btt download says it paid, and what the seeders gave
// receipts for.
func paid(t *testing.T, stderr string) (*uint256.Int, *uint256.Int) {
	t.Helper()
	m := paidRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("btt download did not say what it paid:\n%s", stderr)
	}
	spent, err1 := btt.Parse(m[1])
	acked, err2 := btt.Parse(m[2])
	if err1 != nil || err2 != nil {
		t.Fatalf("paid %q, %q: %v %v", m[1], m[2], err1, err2)
	}
	return spent, acked
}

// TestPayAndEarnOnADevChain: btt processes pay and earn on one `bttcd dev`
// chain.
//
//   - A seeder sells its one slot; a paying btt downloads while Transmission
//     takes pieces for free. The payer's channel closes cooperatively when
//     it finishes, and the seeder's balance rises by exactly what the
//     vouchers promised; Transmission finishes too.
//   - A seeder is killed (SIGKILL) mid-download; the payer, finding it
//     gone, closes the channel alone. The seeder, restarted, redeems its
//     best voucher at once, within the settle delay: every voucher it gave
//     a receipt for survived the kill.
//   - Storage (storage_test.go): a host and two renters' contracts.
func TestPayAndEarnOnADevChain(t *testing.T) {
	d := startDevChain(t)
	bob := d.newWallet(t, "bob")
	d.fund(t, bob.addr, btt.FromBTT(100)) // fees of its redeems; collateral as a storage host
	dev := []string{"--keystore", filepath.Join(d.home, "keystore-test"), "--keyring-backend", "test", "--from", "dev", "--node", d.rpc}
	sw := newSwarm(t)
	payload := filepath.Join(dataDir, "payload")

	t.Run("cooperative", func(t *testing.T) {
		port := freePort(t)
		start(t, "btt-seller", exec.Command(bttBin, append([]string{"seed", sw.file, payload, "--listen", fmt.Sprintf("127.0.0.1:%d", port),
			"--price", "0.001btt", "--slots", "1", "--up-rate", "12MiB/s"}, bob.args...)...))
		trDir := t.TempDir()
		tr := startTransmission(t, "transmission", trDir)
		tr.add(t, sw.file, "")
		before := d.balance(t, bob.addr)
		out := t.TempDir()
		res := runBtt(t, append([]string{"download", sw.file, "-o", out, "--listen", "127.0.0.1:0", "-q",
			"--peer", fmt.Sprintf("127.0.0.1:%d", port), "--max-spend", "10btt", "--max-price", "0.01btt"}, dev...)...)
		if res.code != 0 {
			t.Fatalf("paying download: %s", res.stderr)
		}
		sameTree(t, filepath.Join(out, "payload"))
		spent, acked := paid(t, res.stderr)
		if spent.IsZero() || !acked.Eq(spent) {
			t.Fatalf("spent %s, receipts for %s", btt.Format(spent), btt.Format(acked))
		}
		if got := new(uint256.Int).Sub(d.balance(t, bob.addr), before); !got.Eq(spent) {
			t.Fatalf("the seller's balance rose by %s; the vouchers promised %s", btt.Format(got), btt.Format(spent))
		}
		tr.waitComplete(t, 3*time.Minute)
		sameTree(t, filepath.Join(trDir, "payload"))

		// The wallet commands see it: the seller's earnings and channel.
		bal := runBtt(t, append([]string{"wallet", "balance"}, bob.args...)...)
		if bal.code != 0 || !strings.Contains(bal.stdout, bob.addr.String()) {
			t.Fatalf("btt wallet balance: %s %s", bal.stdout, bal.stderr)
		}
		chans := runBtt(t, append([]string{"wallet", "channels"}, bob.args...)...)
		if chans.code != 0 || !strings.Contains(chans.stdout, "payee") || !strings.Contains(chans.stdout, "closed") {
			t.Fatalf("btt wallet channels: %s %s", chans.stdout, chans.stderr)
		}
		earn := runBtt(t, "wallet", "earnings", "--home", bob.home, "--node", d.rpc)
		if earn.code != 0 || !strings.Contains(earn.stdout, btt.Format(spent)) {
			t.Fatalf("btt wallet earnings does not show %s: %s %s", btt.Format(spent), earn.stdout, earn.stderr)
		}
	})

	t.Run("seller killed", func(t *testing.T) {
		port := freePort(t)
		seedArgs := append([]string{"seed", sw.file, payload, "--listen", fmt.Sprintf("127.0.0.1:%d", port),
			"--price", "0.001btt", "--up-rate", "2MiB/s"}, bob.args...)
		seller := start(t, "btt-seller", exec.Command(bttBin, seedArgs...))
		before := map[paych.ChannelID]bool{}
		for _, c := range d.channelsOf(t, bob.addr) {
			before[c.ID] = true
		}
		out := t.TempDir()
		payer := exec.Command(bttBin, append([]string{"download", sw.file, "-o", out, "--listen", "127.0.0.1:0", "-q",
			"--peer", fmt.Sprintf("127.0.0.1:%d", port), "--max-spend", "10btt", "--max-price", "0.01btt"}, dev...)...)
		var stderr strings.Builder
		payer.Stderr = &stderr
		if err := payer.Start(); err != nil {
			t.Fatal(err)
		}
		// Once vouchers are arriving, kill the seller outright.
		vouchers := filepath.Join(bob.home, "vouchers")
		var ch paych.ChannelView
	wait:
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
			for _, c := range d.channelsOf(t, bob.addr) {
				if !before[c.ID] && vaultHolds(vouchers, c.ID) >= 5 {
					ch = c
					break wait
				}
			}
			if time.Now().After(deadline) {
				t.Fatal("no vouchers reached the seller in a minute")
			}
		}
		seller.cmd.Process.Signal(syscall.SIGKILL)
		<-seller.done
		time.Sleep(time.Second)
		payer.Process.Signal(os.Interrupt)
		if err := payer.Wait(); err != nil {
			t.Fatalf("the payer: %v\n%s", err, stderr.String())
		}
		spent, acked := paid(t, stderr.String())
		t.Logf("spent %s, receipts for %s", btt.Format(spent), btt.Format(acked))
		if err := d.client.Speed(context.Background(), "channel/"+ch.ID.String(), 0, &ch); err != nil || ch.State != paych.Closing {
			t.Fatalf("the payer did not close its channel: %+v %v", ch, err)
		}
		// The seller comes back; its watcher redeems the closing channel.
		start(t, "btt-seller-again", exec.Command(bttBin, seedArgs...))
		var redeemed *uint256.Int
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
			var now paych.ChannelView
			if err := d.client.Speed(context.Background(), "channel/"+ch.ID.String(), 0, &now); err != nil {
				t.Fatal(err)
			}
			if redeemed = now.RedeemedAmount(); !redeemed.IsZero() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the restarted seller redeemed nothing in a minute")
			}
		}
		if redeemed.Lt(acked) || redeemed.Gt(spent) {
			t.Fatalf("redeemed %s; the payer signed %s and had receipts for %s", btt.Format(redeemed), btt.Format(spent), btt.Format(acked))
		}
	})

	renterHome := t.TempDir()
	stored := t.Run("storage", func(t *testing.T) { testStorage(t, d, bob, dev, renterHome) })

	// btt daemon with the dev wallet and the storage renter's home: a
	// paying download, then its web page in headless Chromium.
	t.Run("daemon page", func(t *testing.T) {
		if !stored {
			t.Fatal("the page test needs the storage subtest's contracts")
		}
		port := freePort(t)
		start(t, "btt-seller", exec.Command(bttBin, append([]string{"seed", sw.file, payload, "--listen", fmt.Sprintf("127.0.0.1:%d", port),
			"--price", "0.001btt", "--up-rate", "16MiB/s"}, bob.args...)...))
		api := fmt.Sprintf("127.0.0.1:%d", freePort(t))
		start(t, "btt-daemon", exec.Command(bttBin, append([]string{"daemon", "--api", api, "--listen", "127.0.0.1:0",
			"--home", renterHome}, dev...)...))
		for deadline := time.Now().Add(30 * time.Second); runBtt(t, "list", "--api", api).code != 0; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("btt daemon did not come up")
			}
		}
		out := t.TempDir()
		if res := runBtt(t, "add", sw.file, "-o", out, "--api", api, "--peer", fmt.Sprintf("127.0.0.1:%d", port),
			"--max-spend", "10btt", "--max-price", "0.01btt"); res.code != 0 {
			t.Fatalf("btt add: %s", res.stderr)
		}
		b := webdriver.Start(t)
		b.Open(t, "http://"+api+"/")
		text := b.WaitText(t, 2*time.Minute, "payload", "100.0%", "seeding", "closed", "photos.tar", "notes.tar", "ended", "terminated")
		b.Screenshot(t, "screenshots", "daemon-page.png")
		if !strings.Contains(text, "of 10btt") || !regexp.MustCompile(`payer\s+0x`).MatchString(text) {
			t.Fatalf("the page does not show the torrent's budget and the payer's channel:\n%s", text)
		}
		sameTree(t, filepath.Join(out, "payload"))
	})
}

// vaultHolds counts the vouchers of a channel in a seller's vault.
func vaultHolds(dir string, id paych.ChannelID) int {
	b, err := os.ReadFile(filepath.Join(dir, id.String()+".jsonl"))
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\n")
}
