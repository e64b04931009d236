package interop

import (
	"bytes"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testStorage runs `btt storage host` for bob and two `btt storage put`s
// by the dev key at once: a 20 MiB file whose three periods are proven and
// paid, and a 4 MiB file the host loses the second half of once it
// accepted, so that it misses twice and its collateral is slashed. `btt
// storage get` returns the first whole and, of the second, keeps what
// still verifies and names the leaves that do not. The renter's btt home
// is renterHome.
func testStorage(t *testing.T, d *devChain, bob wallet, dev []string, renterHome string) {
	hostDir, port := t.TempDir(), freePort(t)
	start(t, "btt-storage-host", exec.Command(bttBin, append([]string{"storage", "host", "--dir", hostDir,
		"--listen", fmt.Sprintf("127.0.0.1:%d", port), "--price", "0.1btt", "--collateral", "1btt"}, bob.args...)...))
	hostURL := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(hostURL + "/v1/terms"); err == nil && res.StatusCode == http.StatusOK {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the storage host did not come up")
		}
	}
	files := t.TempDir()
	rng := rand.New(rand.NewSource(19))
	write := func(name string, size int) string {
		b := make([]byte, size)
		rng.Read(b)
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, lost := write("photos.tar", 20<<20), write("notes.tar", 4<<20+123)
	put := func(name, file string) *proc {
		return start(t, name, exec.Command(bttBin, append([]string{"storage", "put", file, "--host", hostURL, "--periods", "3",
			"--period", "8", "--window", "6", "--max-misses", "2", "--home", renterHome}, dev...)...))
	}
	putGood, putLost := put("put-good", good), put("put-lost", lost)

	// Once the host accepted the second, it loses half of that file.
	root := regexp.MustCompile(`root (0x[0-9a-f]{64})`)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		log, _ := os.ReadFile(putLost.log)
		if m := root.FindSubmatch(log); m != nil && bytes.Contains(log, []byte("accepted:")) {
			if err := os.Truncate(filepath.Join(hostDir, string(m[1])), 2<<20); err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the host did not accept in a minute:\n%s", log)
		}
	}
	putGood.wait(t, 2*time.Minute)
	putLost.wait(t, 2*time.Minute)
	goodLog, _ := os.ReadFile(putGood.log)
	lostLog, _ := os.ReadFile(putLost.log)
	if !bytes.Contains(goodLog, []byte("periods proven 3, missed 0 of 3; paid to the host 6btt")) || !bytes.Contains(goodLog, []byte("contract ended")) {
		t.Fatalf("the good contract:\n%s", goodLog)
	}
	if !bytes.Contains(lostLog, []byte("missed 2 of 3")) || !bytes.Contains(lostLog, []byte("contract terminated")) {
		t.Fatalf("the lost contract:\n%s", lostLog)
	}

	ls := runBtt(t, "storage", "ls", "--home", renterHome, "--node", d.rpc)
	if ls.code != 0 || !strings.Contains(ls.stdout, "ended") || !strings.Contains(ls.stdout, "terminated") {
		t.Fatalf("btt storage ls: %s %s", ls.stdout, ls.stderr)
	}
	id := func(log []byte) string { return regexp.MustCompile(`(?m)^(0x[0-9a-f]{64})$`).FindString(string(log)) }
	out := t.TempDir()
	if res := runBtt(t, "storage", "get", id(goodLog), "-o", filepath.Join(out, "photos.tar"), "--home", renterHome); res.code != 0 {
		t.Fatalf("get: %s", res.stderr)
	}
	if digest(t, good) != digest(t, filepath.Join(out, "photos.tar")) {
		t.Fatal("the good file came back different")
	}
	res := runBtt(t, "storage", "get", id(lostLog), "-o", filepath.Join(out, "notes.tar"), "--home", renterHome)
	if res.code != 1 || !strings.Contains(res.stderr, "did not verify: leaves 2048–4096") {
		t.Fatalf("get of the damaged copy: %d %s", res.code, res.stderr)
	}
	part, _ := os.ReadFile(filepath.Join(out, "notes.tar.partial"))
	orig, _ := os.ReadFile(lost)
	if len(part) != len(orig) || !bytes.Equal(part[:2<<20], orig[:2<<20]) {
		t.Fatal("the partial file does not hold the half that verifies")
	}
}
