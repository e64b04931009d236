package interop

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The daemon, driven by the btt commands a user types, seeds to
// Transmission, lists it, and removes it.
func TestDaemonCommandsSeedTransmission(t *testing.T) {
	sw := newSwarm(t)
	api := "127.0.0.1:" + strconv.Itoa(freePort(t))
	home := t.TempDir()
	start(t, "btt-daemon", exec.Command(bttBin, "daemon", "--api", api, "--home", home, "--listen", "127.0.0.1:0"))
	btt := func(args ...string) result {
		t.Helper()
		var res result
		deadline := time.Now().Add(10 * time.Second)
		for {
			res = runBtt(t, append(args, "--api", api)...)
			if res.code == 0 || !strings.Contains(res.stderr, "no btt daemon answers") || time.Now().After(deadline) {
				return res
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if res := btt("add", sw.file, "-o", dataDir); res.code != 0 || !strings.Contains(res.stdout, "added ") {
		t.Fatalf("btt add: %d %s %s", res.code, res.stdout, res.stderr)
	}
	id := sw.meta.InfoHash.String()[:8]
	tr := startTransmission(t, "transmission", t.TempDir())
	tr.add(t, sw.file, "")
	tr.waitComplete(t, 2*time.Minute)
	sameTree(t, tr.dir+"/payload")

	res := btt("list")
	if res.code != 0 || !strings.Contains(res.stdout, id) || !strings.Contains(res.stdout, "seeding") || !strings.Contains(res.stdout, "100.0%") {
		t.Fatalf("btt list:\n%s%s", res.stdout, res.stderr)
	}
	if res := btt("pause", id); res.code != 0 || !strings.Contains(res.stdout, "paused payload") {
		t.Fatalf("btt pause: %s%s", res.stdout, res.stderr)
	}
	if res := btt("remove", id); res.code != 0 || !strings.Contains(res.stdout, "removed payload") {
		t.Fatalf("btt remove: %s%s", res.stdout, res.stderr)
	}
	if res := btt("list"); !strings.Contains(res.stdout, "no torrents") {
		t.Fatalf("after remove:\n%s", res.stdout)
	}
	if res := btt("pause", "nonsense"); res.code == 0 || !strings.Contains(res.stderr, "no such torrent") {
		t.Fatalf("pause of an unknown id: %d %s", res.code, res.stderr)
	}
}
