package interop

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/tracker/trackertest"
)

var (
	bttBin   string
	bttcdBin string // for the Speed tests' dev chain
	dataDir  string // holds the shared data, a directory named "payload"
)

// python is Debian's interpreter, which has the libtorrent binding (a
// pyenv python on PATH would not).
const python = "/usr/bin/python3"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "btt-interop")
	if err != nil {
		panic(err)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		if err := checkPeers(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		bttBin, bttcdBin = filepath.Join(dir, "btt"), filepath.Join(dir, "bttcd")
		for bin, pkg := range map[string]string{bttBin: "../../cmd/btt", bttcdBin: "../../cmd/bttcd"} {
			build := exec.Command("go", "build", "-o", bin, pkg)
			build.Stdout, build.Stderr = os.Stderr, os.Stderr
			if err := build.Run(); err != nil {
				fmt.Fprintf(os.Stderr, "building %s: %v\n", pkg, err)
				return 1
			}
		}
		dataDir = filepath.Join(dir, "data")
		if err := writePayload(filepath.Join(dataDir, "payload")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// checkPeers fails with the fix when a real peer is missing.
func checkPeers() error {
	var missing []string
	for _, bin := range []string{"transmission-daemon", "aria2c", "mktorrent"} {
		if _, err := exec.LookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if err := exec.Command(python, "-c", "import libtorrent").Run(); err != nil {
		missing = append(missing, "python3-libtorrent")
	}
	if len(missing) > 0 {
		return fmt.Errorf("interop tests need %s: run `make peers-deps` (scripts/install-peers.sh)", strings.Join(missing, ", "))
	}
	return nil
}

// writePayload makes the shared 50 MiB of files: sizes that do not fall
// on piece boundaries, a nested directory and a tiny file.
func writePayload(dir string) error {
	rng := rand.New(rand.NewSource(18))
	files := []struct {
		name string
		size int
	}{{"video.mkv", 31_000_037}, {"extras/making-of.mp4", 18_000_001}, {"extras/poster.jpg", 3_333_333}, {"readme.txt", 1234}}
	for _, f := range files {
		b := make([]byte, f.size)
		rng.Read(b)
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// swarmFixture is one test's tracker and .torrent of the shared data.
type swarmFixture struct {
	tracker *trackertest.Tracker
	file    string // the .torrent
	meta    *torrent.Torrent
}

func newSwarm(t testing.TB) swarmFixture { return newSwarmOf(t, filepath.Join(dataDir, "payload")) }

// newSwarmOf is a tracker and a .torrent of the file or directory at path.
func newSwarmOf(t testing.TB, path string) swarmFixture {
	t.Helper()
	tr := trackertest.Start()
	t.Cleanup(tr.Close)
	file := filepath.Join(t.TempDir(), "payload.torrent")
	res := runBtt(t, "create", path, "-t", tr.URL(), "-o", file)
	if res.code != 0 {
		t.Fatalf("btt create: %s", res.stderr)
	}
	meta, err := torrent.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return swarmFixture{tracker: tr, file: file, meta: meta}
}

type result struct {
	stdout, stderr string
	code           int
}

// runBtt runs btt to completion.
func runBtt(t testing.TB, args ...string) result {
	t.Helper()
	cmd := exec.Command(bttBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// proc is a background process whose output goes to a log file, shown
// when the test fails, and which is killed when the test ends.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

func start(t testing.TB, name string, cmd *exec.Cmd) *proc {
	t.Helper()
	log := filepath.Join(t.TempDir(), name+".log")
	f, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: log, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); f.Close(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			b, _ := os.ReadFile(log)
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			t.Logf("--- %s log (tail) ---\n%s", name, b)
		}
	})
	return p
}

func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// wait waits for the process to exit by itself.
func (p *proc) wait(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case <-p.done:
		if p.err != nil {
			t.Fatalf("%s: %v", p.name, p.err)
		}
	case <-time.After(d):
		t.Fatalf("%s still running after %v", p.name, d)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// sameTree checks that dir holds the payload, byte for byte.
func sameTree(t *testing.T, dir string) {
	t.Helper()
	want := filepath.Join(dataDir, "payload")
	filepath.Walk(want, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, p)
		if a, b := digest(t, p), digest(t, filepath.Join(dir, rel)); a != b {
			t.Errorf("%s differs in %s", rel, dir)
		}
		return nil
	})
}

func digest(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "missing: " + err.Error()
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// transmission is a transmission-daemon with its own config, download
// directory and ports, controlled over its RPC.
type transmission struct {
	*proc
	rpc      string
	peerPort int
	dir      string

	mu      sync.Mutex
	session string
}

func startTransmission(t testing.TB, name, dir string) *transmission {
	t.Helper()
	conf := t.TempDir()
	rpcPort, peerPort := freePort(t), freePort(t)
	settings := map[string]any{
		"dht-enabled": false, "lpd-enabled": false, "pex-enabled": true, "port-forwarding-enabled": false,
		"utp-enabled": false, "encryption": 0, "rpc-authentication-required": false, "rpc-whitelist-enabled": false,
		"rpc-bind-address": "127.0.0.1", "rpc-port": rpcPort, "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
		"peer-port": peerPort, "peer-port-random-on-start": false, "download-dir": dir, "incomplete-dir-enabled": false,
		"ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "message-level": 2, "start-added-torrents": true,
		"scrape-paused-torrents-enabled": false,
	}
	b, _ := json.Marshal(settings)
	if err := os.WriteFile(filepath.Join(conf, "settings.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	p := start(t, name, exec.Command("transmission-daemon", "-f", "-g", conf, "--log-error"))
	tr := &transmission{proc: p, rpc: fmt.Sprintf("http://127.0.0.1:%d/transmission/rpc", rpcPort), peerPort: peerPort, dir: dir}
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, err := tr.call("session-get", nil); err == nil {
			return tr
		} else if time.Now().After(deadline) {
			t.Fatalf("%s did not answer: %v", name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// call makes one RPC, fetching the session id Transmission insists on.
func (tr *transmission) call(method string, args any) (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"method": method, "arguments": args})
	for range 2 {
		req, _ := http.NewRequestWithContext(context.Background(), "POST", tr.rpc, bytes.NewReader(body))
		tr.mu.Lock()
		req.Header.Set("X-Transmission-Session-Id", tr.session)
		tr.mu.Unlock()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusConflict {
			tr.mu.Lock()
			tr.session = res.Header.Get("X-Transmission-Session-Id")
			tr.mu.Unlock()
			continue
		}
		var out struct {
			Result    string          `json:"result"`
			Arguments json.RawMessage `json:"arguments"`
		}
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, fmt.Errorf("%s: %s", method, b)
		}
		if out.Result != "success" {
			return nil, fmt.Errorf("%s: %s", method, out.Result)
		}
		return out.Arguments, nil
	}
	return nil, fmt.Errorf("%s: no session id", method)
}

// add gives Transmission a .torrent or a magnet link.
func (tr *transmission) add(t testing.TB, torrentFile, magnet string) {
	t.Helper()
	args := map[string]any{"download-dir": tr.dir}
	if magnet != "" {
		args["filename"] = magnet
	} else {
		b, err := os.ReadFile(torrentFile)
		if err != nil {
			t.Fatal(err)
		}
		args["metainfo"] = b
	}
	if _, err := tr.call("torrent-add", args); err != nil {
		t.Fatal(err)
	}
}

// progress is Transmission's view of its one torrent.
func (tr *transmission) progress() (done float64, errString string, err error) {
	raw, err := tr.call("torrent-get", map[string]any{"fields": []string{"percentDone", "errorString", "status"}})
	if err != nil {
		return 0, "", err
	}
	var out struct {
		Torrents []struct {
			PercentDone float64 `json:"percentDone"`
			ErrorString string  `json:"errorString"`
			Status      int     `json:"status"`
		} `json:"torrents"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Torrents) != 1 {
		return 0, "", fmt.Errorf("torrent-get: %s", raw)
	}
	tt := out.Torrents[0]
	if tt.Status == 1 || tt.Status == 2 { // queued to verify, verifying
		return 0, tt.ErrorString, nil
	}
	return tt.PercentDone, tt.ErrorString, nil
}

// waitComplete waits until Transmission has the whole torrent.
func (tr *transmission) waitComplete(t testing.TB, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		done, e, err := tr.progress()
		if err == nil && done >= 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %.1f%% after %v (error %q, %v)", tr.name, 100*done, d, e, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
