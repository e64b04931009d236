package main

import (
	"bytes"
	"strings"
	"testing"
)

// Mistakes on the command line are one clear error each, before any chain
// starts; --help prints the usage.
func TestRunMistakes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "localhost"}, `want host:port`},
		{[]string{"--block-time", "1ms"}, "too short"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"--fund", "0x12"}, "invalid value"},
		{[]string{"--chain-id", "x"}, "invalid value"},
	} {
		var out bytes.Buffer
		err := run(append(c.args, "--datadir", t.TempDir()), &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	var out bytes.Buffer
	if err := run([]string{"--help"}, &out); err == nil || !strings.Contains(out.String(), "bttcd dev --bridge") {
		t.Fatalf("--help: %v\n%s", err, out.String())
	}
}
