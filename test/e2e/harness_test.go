package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bttc-network/bttc/internal/testnode"
)

var (
	bttcd          string // path of the binary under test
	bttcdUpgraded  string // the same built with -tags e2e_upgrade: a release that knows upgrade e2e-v2
	rootchainBin   string // bttc-rootchain, the dev chain's local root chain
	bttcdByzantine string // built with -tags e2e_byzantine: misbehaves as BTTCD_E2E_BYZANTINE says
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bttcd-e2e")
	if err != nil {
		panic(err)
	}
	bttcd, bttcdUpgraded, rootchainBin = filepath.Join(dir, "bttcd"), filepath.Join(dir, "bttcd-upgraded"), filepath.Join(dir, "bttc-rootchain")
	bttcdByzantine = filepath.Join(dir, "bttcd-byzantine")
	for _, b := range [][]string{{"-o", bttcd, "../../cmd/bttcd"}, {"-tags", "e2e_upgrade", "-o", bttcdUpgraded, "../../cmd/bttcd"},
		{"-o", rootchainBin, "../../cmd/bttc-rootchain"}, {"-tags", "e2e_byzantine", "-o", bttcdByzantine, "../../cmd/bttcd"}} {
		build := exec.Command("go", append([]string{"build"}, b...)...)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building bttcd:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a finished command printed.
type result struct {
	stdout, stderr string
	code           int
}

// run executes bttcd with args and a fresh environment (HOME set to a temp
// dir so nothing of the machine's own ~/.bttcd is touched).
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bttcd, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("bttcd %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// mustRun is run that fails the test on a non-zero exit.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, "", args...)
	if r.code != 0 {
		t.Fatalf("bttcd %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// assertCleanError checks a failed command printed one "Error:" line and
// no panic or stack trace.
func assertCleanError(t *testing.T, r result, mention string) {
	t.Helper()
	if r.code == 0 {
		t.Fatalf("expected a failure mentioning %q, got success:\n%s", mention, r.stdout)
	}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("stack trace on bad input:\n%s", r.stderr)
	}
	var errLines []string
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if strings.HasPrefix(l, "Error:") {
			errLines = append(errLines, l)
		}
	}
	if len(errLines) != 1 || !strings.Contains(errLines[0], mention) {
		t.Fatalf("want one Error: line mentioning %q, stderr was:\n%s", mention, r.stderr)
	}
}

// freePortRange finds a base port such that base .. base+span-1 are all
// free on 127.0.0.1, for networks whose ports are laid out from a base.
func freePortRange(t *testing.T, span int) int {
	t.Helper()
	for base := 20000 + os.Getpid()%20000; base < 64000; base += span + 7 {
		ok := true
		for p := base; p < base+span && ok; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				ok = false
				continue
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}

// freePorts returns n distinct free ports on 127.0.0.1.
func freePorts(t *testing.T, n int) []int { return testnode.FreePorts(t, n) }

// writeFile writes a passphrase or other small file in the test's temp dir.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// node is a running bttcd process.
type node struct {
	t       *testing.T
	bin     string // the binary: bttcd or bttcdUpgraded
	command string // "start" or "dev"
	home    string
	rpcPort int
	p2pPort int
	// metricsPort is Prometheus's, 0 to leave the home's setting.
	metricsPort int
	// extra arguments for the command, and environment
	extra  []string
	env    []string
	cmd    *exec.Cmd
	log    string
	exited chan error
}

func (n *node) rpc() string { return fmt.Sprintf("tcp://127.0.0.1:%d", n.rpcPort) }

// startNode runs `bttcd start` on home with fresh loopback ports.
func startNode(t *testing.T, home string) *node { return startNodeAs(t, "start", home) }

// startNodeAs runs `bttcd COMMAND --home HOME` (start or dev).
func startNodeAs(t *testing.T, command, home string, extra ...string) *node {
	t.Helper()
	ports := freePorts(t, 3)
	n := &node{t: t, bin: bttcd, command: command, home: home, rpcPort: ports[0], p2pPort: ports[1], metricsPort: ports[2],
		log: filepath.Join(t.TempDir(), "node.log"), extra: extra}
	n.start()
	t.Cleanup(func() { n.stop(syscall.SIGKILL) })
	return n
}

func (n *node) start() {
	n.t.Helper()
	n.launch()
	n.waitHeight(1)
}

// launch starts the process without waiting for blocks: a validator of a
// network cannot commit alone.
func (n *node) launch() {
	n.t.Helper()
	logFile, err := os.OpenFile(n.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		n.t.Fatal(err)
	}
	args := []string{n.command, "--home", n.home, "--rpc.laddr", n.rpc(), "--p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.p2pPort)}
	if n.metricsPort != 0 {
		args = append(args, "--instrumentation.prometheus_listen_addr", fmt.Sprintf("127.0.0.1:%d", n.metricsPort))
	}
	n.cmd = exec.Command(n.bin, append(args, n.extra...)...)
	n.cmd.Env = append(append(os.Environ(), "BTTCD_CONSENSUS_TIMEOUT_COMMIT=300ms"), n.env...)
	n.cmd.Stdout, n.cmd.Stderr = logFile, logFile
	if err := n.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	n.exited = make(chan error, 1)
	go func() { n.exited <- n.cmd.Wait(); logFile.Close() }()
}

// waitExit waits for the node to end by itself and returns its log and
// exit error.
func (n *node) waitExit(timeout time.Duration) (string, error) {
	n.t.Helper()
	select {
	case err := <-n.exited:
		n.cmd = nil
		logs, _ := os.ReadFile(n.log)
		return string(logs), err
	case <-time.After(timeout):
		logs, _ := os.ReadFile(n.log)
		n.t.Fatalf("node still running after %v; log:\n%s", timeout, tail(string(logs), 30))
		return "", nil
	}
}

// stop sends sig and waits for the process to end.
func (n *node) stop(sig syscall.Signal) error {
	if n.cmd == nil || n.cmd.Process == nil {
		return nil
	}
	_ = n.cmd.Process.Signal(sig)
	select {
	case err := <-n.exited:
		n.cmd = nil
		if err != nil {
			// Exit status 2 is a Go panic: the log's end says where.
			logs, _ := os.ReadFile(n.log)
			return fmt.Errorf("%w; the log ends:\n%s", err, tail(string(logs), 40))
		}
		return nil
	case <-time.After(30 * time.Second):
		_ = n.cmd.Process.Kill()
		n.cmd = nil
		return fmt.Errorf("node did not stop within 30s of %v", sig)
	}
}

// height reads the node's latest height, -1 if it does not answer.
func (n *node) height() int64 {
	var st struct {
		SyncInfo struct {
			LatestBlockHeight string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	if n.rpcGet("status", &st) != nil {
		return -1
	}
	var h int64
	fmt.Sscan(st.SyncInfo.LatestBlockHeight, &h)
	return h
}

// rpcGet decodes the result of a CometBFT RPC call on n.
func (n *node) rpcGet(path string, out any) error {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/%s", n.rpcPort, path))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(&struct{ Result any }{out})
}

// waitHeight waits until the node has committed height h.
func (n *node) waitHeight(h int64) {
	n.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-n.exited:
			logs, _ := os.ReadFile(n.log)
			n.t.Fatalf("node exited (%v) before height %d; log:\n%s", err, h, tail(string(logs), 30))
		default:
		}
		if n.height() >= h {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	logs, _ := os.ReadFile(n.log)
	n.t.Fatalf("node did not reach height %d in 60s; log:\n%s", h, tail(string(logs), 30))
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

// background is a bttcd command running beside the test, such as a load.
type background struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan error
}

// runBackground starts bttcd with args; the test's cleanup kills it.
func runBackground(t *testing.T, args ...string) *background {
	t.Helper()
	return runBinary(t, bttcd, args...)
}

// runBinary starts bin with args; the test's cleanup kills it.
func runBinary(t *testing.T, bin string, args ...string) *background {
	t.Helper()
	b := &background{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	b.cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	b.cmd.Stdout, b.cmd.Stderr = &b.out, &b.out
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.done <- b.cmd.Wait() }()
	t.Cleanup(b.kill)
	return b
}

// wait waits for the command to finish and returns what it printed.
func (b *background) wait(t *testing.T, timeout time.Duration) string {
	t.Helper()
	select {
	case err := <-b.done:
		b.done <- err
		if err != nil {
			t.Fatalf("bttcd %s: %v\n%s", strings.Join(b.cmd.Args[1:], " "), err, b.out.String())
		}
		return b.out.String()
	case <-time.After(timeout):
		b.kill()
		t.Fatalf("bttcd %s still running after %v:\n%s", strings.Join(b.cmd.Args[1:], " "), timeout, b.out.String())
		return ""
	}
}

// kill stops the command if it still runs (after Wait, Kill only errs).
func (b *background) kill() { _ = b.cmd.Process.Kill() }

// editGenesis lets edit change the app_state of a fresh home's genesis, as
// an operator of a test network would before its first start.
func editGenesis(t *testing.T, home string, edit func(appState map[string]any)) {
	t.Helper()
	path := filepath.Join(home, "config", "genesis.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc["app_state"].(map[string]any))
	if raw, err = json.MarshalIndent(doc, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}
