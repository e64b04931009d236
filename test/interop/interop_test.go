package interop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Transmission seeds; btt downloads from it.
func TestBttDownloadsFromTransmission(t *testing.T) {
	sw := newSwarm(t)
	tr := startTransmission(t, "transmission-seed", dataDir)
	t0 := time.Now()
	tr.add(t, sw.file, "")
	tr.waitComplete(t, time.Minute)
	t.Logf("Transmission checked the data in %v", time.Since(t0))

	dst := t.TempDir()
	t0 = time.Now()
	res := runBtt(t, "download", sw.file, "-o", dst, "--listen", "127.0.0.1:0")
	t.Logf("btt downloaded in %v", time.Since(t0))
	if res.code != 0 || !strings.Contains(res.stderr, "complete: ") {
		t.Fatalf("btt download: exit %d\n%s", res.code, res.stderr)
	}
	sameTree(t, filepath.Join(dst, "payload"))
}

// A magnet link whose metadata and data come from Transmission.
func TestBttMagnetFromTransmission(t *testing.T) {
	sw := newSwarm(t)
	tr := startTransmission(t, "transmission-seed", dataDir)
	tr.add(t, sw.file, "")
	tr.waitComplete(t, time.Minute)

	dst := t.TempDir()
	magnet := fmt.Sprintf("magnet:?xt=urn:btih:%s&dn=payload&tr=%s", sw.meta.InfoHash, sw.tracker.URL())
	res := runBtt(t, "download", magnet, "-o", dst, "--listen", "127.0.0.1:0")
	if res.code != 0 {
		t.Fatalf("btt download of a magnet link: exit %d\n%s", res.code, res.stderr)
	}
	sameTree(t, filepath.Join(dst, "payload"))
}

// btt seeds alone; Transmission, aria2, libtorrent and another btt
// download at the same time, from it and from each other.
func TestMixedSwarmFromBttSeed(t *testing.T) {
	sw := newSwarm(t)
	seed := start(t, "btt-seed", exec.Command(bttBin, "seed", sw.file, filepath.Join(dataDir, "payload"), "--listen", "127.0.0.1:0"))
	_ = seed

	trDir, ariaDir, ltDir, bttDir := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	tr := startTransmission(t, "transmission", trDir)
	tr.add(t, sw.file, "")
	aria := start(t, "aria2", exec.Command("aria2c", "--dir="+ariaDir, "--enable-dht=false", "--enable-dht6=false",
		"--bt-enable-lpd=false", "--listen-port="+strconv.Itoa(freePort(t)), "--seed-time=0", "--bt-min-crypto-level=plain",
		"--bt-require-crypto=false", "--summary-interval=0", "--console-log-level=warn", "--file-allocation=none",
		"--interface=127.0.0.1", "--disable-ipv6=true", sw.file))
	script := filepath.Join(t.TempDir(), "lt.py")
	if err := os.WriteFile(script, []byte(libtorrentScript), 0o644); err != nil {
		t.Fatal(err)
	}
	lt := start(t, "libtorrent", exec.Command(python, script, sw.file, ltDir, strconv.Itoa(freePort(t))))
	leech := start(t, "btt-leech", exec.Command(bttBin, "download", sw.file, "-o", bttDir, "--listen", "127.0.0.1:0"))

	leech.wait(t, 3*time.Minute)
	aria.wait(t, 3*time.Minute)
	lt.wait(t, 3*time.Minute)
	tr.waitComplete(t, 3*time.Minute)
	for _, d := range []string{trDir, ariaDir, ltDir, bttDir} {
		sameTree(t, filepath.Join(d, "payload"))
	}
}

// libtorrentScript downloads a torrent with libtorrent (Debian's python3
// binding) and exits 0 once it seeds.
const libtorrentScript = `
import sys, time
import libtorrent as lt
torrent, save, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = lt.session({
    'listen_interfaces': '127.0.0.1:%d' % port,
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'allow_multiple_connections_per_ip': True,
    'out_enc_policy': int(lt.enc_policy.disabled), 'in_enc_policy': int(lt.enc_policy.disabled),
})
h = s.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save})
deadline = time.time() + 170
while time.time() < deadline:
    st = h.status()
    if st.is_seeding:
        print('done')
        sys.exit(0)
    time.sleep(0.2)
st = h.status()
print('timed out at %.1f%% with %d peers' % (st.progress * 100, st.num_peers))
sys.exit(1)
`

var resumed = regexp.MustCompile(`resuming: (\d+) of (\d+) pieces`)
var fetched = regexp.MustCompile(`fetched (\d+) bytes`)

// A download killed with SIGKILL half way resumes: the second run starts
// from the pieces the first verified and fetches only the rest.
func TestKilledDownloadResumes(t *testing.T) {
	sw := newSwarm(t)
	start(t, "btt-seed", exec.Command(bttBin, "seed", sw.file, filepath.Join(dataDir, "payload"), "--listen", "127.0.0.1:0"))
	dst := t.TempDir()
	first := start(t, "btt-first", exec.Command(bttBin, "download", sw.file, "-o", dst, "--listen", "127.0.0.1:0", "--down-rate", "10MiB/s"))
	time.Sleep(2500 * time.Millisecond)
	first.cmd.Process.Signal(syscall.SIGKILL)
	<-first.done

	res := runBtt(t, "download", sw.file, "-o", dst, "--listen", "127.0.0.1:0")
	if res.code != 0 {
		t.Fatalf("resumed download: exit %d\n%s", res.code, res.stderr)
	}
	m := resumed.FindStringSubmatch(res.stderr)
	f := fetched.FindStringSubmatch(res.stderr)
	if m == nil || f == nil {
		t.Fatalf("no resume or fetch report:\n%s", res.stderr)
	}
	had, _ := strconv.Atoi(m[1])
	got, _ := strconv.ParseInt(f[1], 10, 64)
	if had == 0 || had == sw.meta.NumPieces() {
		t.Fatalf("the killed run had verified %d of %d pieces; the test needs some but not all", had, sw.meta.NumPieces())
	}
	if missing := sw.meta.Length - int64(had-1)*sw.meta.PieceLength; got > missing {
		t.Fatalf("the second run fetched %d bytes; only about %d were missing", got, missing)
	}
	sameTree(t, filepath.Join(dst, "payload"))
}

// `btt seed --time` stops by itself, with a report; a seed of data that
// does not verify is refused with the way to finish it.
func TestSeedStopsAndRefuses(t *testing.T) {
	sw := newSwarm(t)
	t0 := time.Now()
	res := runBtt(t, "seed", sw.file, filepath.Join(dataDir, "payload"), "--listen", "127.0.0.1:0", "--time", "2s")
	if res.code != 0 || !strings.Contains(res.stderr, "stopped seeding") || time.Since(t0) < 2*time.Second {
		t.Fatalf("seed --time 2s: exit %d after %v\n%s", res.code, time.Since(t0), res.stderr)
	}
	partial := t.TempDir()
	if err := os.MkdirAll(filepath.Join(partial, "payload"), 0o755); err != nil {
		t.Fatal(err)
	}
	res = runBtt(t, "seed", sw.file, filepath.Join(partial, "payload"), "--listen", "127.0.0.1:0")
	if res.code == 0 || !strings.Contains(res.stderr, "holds 0 of the") || !strings.Contains(res.stderr, "btt download") {
		t.Fatalf("seed of missing data: exit %d\n%s", res.code, res.stderr)
	}
}
