package layout

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const module = "github.com/bttc-network/bttc"

// layer is one row of the layout: the packages it covers and what they
// may import of this repository, directly and transitively.
type layer struct {
	name string
	// covers reports whether a package (path relative to the module)
	// belongs to this layer.
	covers func(rel string) bool
	// mayImport reports whether a direct import is allowed.
	mayImport func(rel string) bool
	// neverLinks lists packages that must not appear anywhere in the
	// layer's dependency closure; an entry ending in "/" names a folder.
	neverLinks []string
}

func under(rel string, roots ...string) bool {
	for _, r := range roots {
		if rel == r || strings.HasPrefix(rel, r+"/") {
			return true
		}
	}
	return false
}

var modules = []string{"staking", "governance", "bridge", "settlement"}

// moduleOf names the module rel belongs to, or "" for none.
func moduleOf(rel string) string {
	for _, m := range modules {
		if under(rel, m) {
			if m == "settlement" {
				// settlement/speed and settlement/storage are two modules.
				parts := strings.SplitN(rel, "/", 3)
				if len(parts) >= 2 {
					return parts[0] + "/" + parts[1]
				}
			}
			return m
		}
	}
	return ""
}

var layers = []layer{
	{
		name:      "core",
		covers:    func(rel string) bool { return under(rel, "core") },
		mayImport: func(rel string) bool { return under(rel, "core") },
	},
	{
		name:       "chain/api",
		covers:     func(rel string) bool { return under(rel, "chain/api") },
		mayImport:  func(rel string) bool { return under(rel, "core") },
		neverLinks: []string{"core/state"},
	},
	{
		name:       "chain/rpcclient",
		covers:     func(rel string) bool { return under(rel, "chain/rpcclient") },
		mayImport:  func(rel string) bool { return under(rel, "core", "chain/api") },
		neverLinks: []string{"core/state", "chain"},
	},
	{
		name:   "bridge/relay",
		covers: func(rel string) bool { return under(rel, "bridge/relay") },
		mayImport: func(rel string) bool {
			return under(rel, "core", "chain/api", "chain/rpcclient", "bridge")
		},
		neverLinks: []string{"chain", "node"},
	},
	{
		name:   "client",
		covers: func(rel string) bool { return under(rel, "client") },
		mayImport: func(rel string) bool {
			return under(rel, "client", "core", "chain/api", "chain/rpcclient", "settlement")
		},
		neverLinks: []string{"chain", "node", "genesis", "core/state"},
	},
	{
		// What the client embeds of a settlement module (vouchers,
		// messages, views) must not drag the store into the client.
		name: "settlement client face",
		covers: func(rel string) bool {
			return under(rel, "settlement/speed/paych", "settlement/storage/merkle", "settlement/storage/deal")
		},
		mayImport:  func(rel string) bool { return under(rel, "core") },
		neverLinks: []string{"core/state"},
	},
	{
		name:   "module",
		covers: func(rel string) bool { return moduleOf(rel) != "" },
		// Checked separately: a module may import core and its own
		// packages, never another module.
		mayImport: func(rel string) bool { return under(rel, "core") },
	},
	{
		name:   "genesis",
		covers: func(rel string) bool { return under(rel, "genesis") },
		mayImport: func(rel string) bool {
			return under(rel, "core") || moduleOf(rel) != ""
		},
	},
	{
		name:   "chain",
		covers: func(rel string) bool { return rel == "chain" },
		mayImport: func(rel string) bool {
			return under(rel, "core", "genesis", "chain/api") || (moduleOf(rel) != "" && !under(rel, "bridge/relay"))
		},
	},
	{
		// The test helpers run a real node.
		name:      "internal/testnode",
		covers:    func(rel string) bool { return under(rel, "internal/testnode") },
		mayImport: func(rel string) bool { return !under(rel, "cmd", "test") },
	},
	{
		name:   "internal",
		covers: func(rel string) bool { return under(rel, "internal") },
		mayImport: func(rel string) bool {
			return !under(rel, "node", "cmd", "test")
		},
	},
	{
		name:   "node",
		covers: func(rel string) bool { return under(rel, "node") },
		mayImport: func(rel string) bool {
			return !under(rel, "cmd", "test", "client")
		},
	},
	{
		name:      "cmd",
		covers:    func(rel string) bool { return under(rel, "cmd") },
		mayImport: func(rel string) bool { return !under(rel, "test") },
	},
	{
		name:      "test",
		covers:    func(rel string) bool { return under(rel, "test") },
		mayImport: func(string) bool { return true },
	},
}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// listPackages runs go list over the whole module from its root.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goBin, "list", "-deps=false", "-json=ImportPath,Imports,Deps", module+"/...")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; is the test running inside the module?", len(pkgs))
	}
	return pkgs
}

func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	if r, ok := strings.CutPrefix(path, module+"/"); ok {
		return r, true
	}
	return "", false
}

// violations returns one line per forbidden arrow in pkgs.
func violations(pkgs []pkg) []string {
	var bad []string
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		var l *layer
		for i := range layers {
			if layers[i].covers(from) {
				l = &layers[i]
				break
			}
		}
		if l == nil {
			bad = append(bad, from+": in no layer of the layout; add it to internal/layout")
			continue
		}
		for _, imp := range p.Imports {
			to, ok := rel(imp)
			if !ok {
				continue
			}
			allowed := l.mayImport(to)
			if m := moduleOf(from); m != "" && !under(from, "bridge/relay") {
				allowed = under(to, "core") || moduleOf(to) == m
			}
			if !allowed {
				bad = append(bad, from+" -> "+to+": a "+l.name+" package may not import it")
			}
		}
		for _, dep := range p.Deps {
			to, ok := rel(dep)
			if !ok {
				continue
			}
			for _, never := range l.neverLinks {
				if to == never || strings.HasSuffix(never, "/") && strings.HasPrefix(to, never) {
					bad = append(bad, from+" links "+to+" (through its imports): a "+l.name+" package must not")
				}
			}
		}
	}
	return bad
}

func TestArrowsPointDown(t *testing.T) {
	for _, v := range violations(listPackages(t)) {
		t.Error(v)
	}
}

// The rules themselves can fire: a kernel package importing the
// application, a module importing another, and an RPC client linking the
// store are all named.
func TestViolationsAreNamed(t *testing.T) {
	pkgs := []pkg{
		{ImportPath: module + "/core/bank", Imports: []string{module + "/chain"}},
		{ImportPath: module + "/governance", Imports: []string{module + "/staking"}},
		{ImportPath: module + "/chain/rpcclient", Imports: []string{module + "/core/tx"}, Deps: []string{module + "/core/state"}},
		{ImportPath: module + "/staking", Imports: []string{module + "/core/bank"}},
		{ImportPath: module + "/chain", Imports: []string{module + "/node"}},
		{ImportPath: module + "/settlement/speed/paych", Imports: []string{module + "/core/tx"}, Deps: []string{module + "/core/state"}},
		{ImportPath: module + "/somewhere", Imports: nil},
	}
	got := violations(pkgs)
	want := []string{
		"core/bank -> chain",
		"governance -> staking",
		"chain/rpcclient links core/state",
		"chain -> node",
		"settlement/speed/paych links core/state",
		"somewhere: in no layer",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d violations, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("violation %d: %q, want it to start with %q", i, got[i], w)
		}
	}
}
