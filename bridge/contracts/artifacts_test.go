package contracts_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The committed ABI and bytecode are what the pinned solc makes of the
// committed sources: a change to a .sol file without `make contracts`
// fails here. It needs node and the npm packages of package.json, which
// `make test` installs (npm ci) before the tests.
func TestArtifactsAreCurrent(t *testing.T) {
	if _, err := os.Stat(filepath.Join("node_modules", "solc")); err != nil {
		t.Fatalf("solc is not installed here (%v): run `make contracts` or `npm ci` in bridge/contracts", err)
	}
	out := t.TempDir()
	cmd := exec.Command("node", "compile.js", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("compiling: %v\n%s", err, msg)
	}
	files, err := filepath.Glob(filepath.Join("build", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no committed artifacts (%v)", err)
	}
	fresh, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(fresh) != len(files) {
		t.Fatalf("solc made %d files, %d are committed: run `make contracts`", len(fresh), len(files))
	}
	// The bindings are abigen's (pinned as a Go tool in go.mod) of the
	// committed ABI and bytecode.
	for _, b := range []struct{ typ, out string }{{"BTTCRoot", "bttcroot_binding.go"}, {"TestToken", "testtoken_binding.go"}} {
		gen := filepath.Join(out, b.out)
		cmd := exec.Command("go", "tool", "abigen", "--v2", "--abi", filepath.Join("build", b.typ+".abi"), "--bin", filepath.Join("build", b.typ+".bin"),
			"--pkg", "contracts", "--type", b.typ, "--out", gen)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("abigen: %v\n%s", err, msg)
		}
		want, _ := os.ReadFile(gen)
		have, err := os.ReadFile(b.out)
		if err != nil || !bytes.Equal(want, have) {
			t.Errorf("%s is not abigen's bindings of the committed artifacts: run `make contracts` (%v)", b.out, err)
		}
		os.Remove(gen)
	}
	for _, f := range files {
		committed, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		made, err := os.ReadFile(filepath.Join(out, filepath.Base(f)))
		if err != nil {
			t.Fatalf("%s: not made by solc: run `make contracts`", f)
		}
		if !bytes.Equal(committed, made) {
			t.Errorf("%s differs from what solc makes of the sources: run `make contracts` and commit", f)
		}
	}
}
