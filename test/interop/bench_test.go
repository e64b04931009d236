package interop

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchSize is the payload of BenchmarkTransfer: one file of 1 GiB.
const benchSize = 1 << 30

// BenchmarkTransfer moves a 1 GiB torrent over loopback from one client to
// another, for each pair of btt, aria2 and Transmission, and reports the
// rate and the downloader's CPU per GiB. Run by `make bench`; each pair
// runs once whatever -benchtime says.
func BenchmarkTransfer(b *testing.B) {
	dir := b.TempDir()
	data := filepath.Join(dir, "data")
	if err := writeBig(filepath.Join(data, "big.bin")); err != nil {
		b.Fatal(err)
	}
	clients := []string{"btt", "aria2", "transmission"}
	for _, from := range clients {
		for _, to := range clients {
			if from == "transmission" && to == "transmission" {
				// Transmission never dials a loopback address a tracker
				// gives it (its "martian" filter), so two of them on one
				// machine's loopback never meet: no row.
				continue
			}
			b.Run(from+"-to-"+to, func(b *testing.B) {
				elapsed, cpu := transfer(b, data, from, to)
				mib := float64(benchSize) / (1 << 20)
				b.ReportMetric(mib/elapsed.Seconds(), "MiB/s")
				b.ReportMetric(cpu.Seconds()*float64(1<<30)/benchSize, "cpu-s/GiB")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
	b.Run("btt-recheck", func(b *testing.B) {
		sw := newSwarmOf(b, filepath.Join(data, "big.bin"))
		t0 := time.Now()
		cmd := exec.Command(bttBin, "download", sw.file, "-o", data, "--listen", "127.0.0.1:0", "-q")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "already complete") {
			b.Fatalf("btt download of complete data: %v\n%s", err, out)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "s/GiB")
		b.ReportMetric(0, "ns/op")
	})
}

func writeBig(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewSource(1))
	buf := make([]byte, 4<<20)
	for n := 0; n < benchSize; n += len(buf) {
		rng.Read(buf)
		if _, err := f.Write(buf); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// transfer seeds data with from and downloads it with to, returning the
// download's duration and the downloader's CPU time.
func transfer(b *testing.B, data, from, to string) (time.Duration, time.Duration) {
	sw := newSwarmOf(b, filepath.Join(data, "big.bin"))
	switch from {
	case "btt":
		start(b, "btt-seed", exec.Command(bttBin, "seed", sw.file, data, "--listen", "127.0.0.1:0", "-q"))
	case "aria2":
		// aria2 seeds what it finds complete after checking it.
		start(b, "aria2-seed", aria2Cmd(b, data, sw.file, "--seed-ratio=0.0", "--check-integrity=true"))
	case "transmission":
		tr := startTransmission(b, "transmission-seed", data)
		tr.add(b, sw.file, "")
		tr.waitComplete(b, 5*time.Minute)
	}
	dst := b.TempDir()
	t0 := time.Now()
	switch to {
	case "btt":
		p := start(b, "btt-download", exec.Command(bttBin, "download", sw.file, "-o", dst, "--listen", "127.0.0.1:0", "-q"))
		p.wait(b, 20*time.Minute)
		return time.Since(t0), p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
	case "aria2":
		p := start(b, "aria2-download", aria2Cmd(b, dst, sw.file, "--seed-time=0"))
		p.wait(b, 20*time.Minute)
		return time.Since(t0), p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
	default:
		tr := startTransmission(b, "transmission-download", dst)
		cpu0 := procCPU(tr.cmd.Process.Pid)
		t0 = time.Now()
		tr.add(b, sw.file, "")
		tr.waitComplete(b, 20*time.Minute)
		return time.Since(t0), procCPU(tr.cmd.Process.Pid) - cpu0
	}
}

func aria2Cmd(b testing.TB, dir, torrentFile string, extra ...string) *exec.Cmd {
	args := append([]string{"--dir=" + dir, "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
		"--listen-port=" + strconv.Itoa(freePort(b)), "--bt-min-crypto-level=plain", "--bt-require-crypto=false",
		"--summary-interval=0", "--console-log-level=warn", "--file-allocation=none", "--interface=127.0.0.1",
		"--disable-ipv6=true"}, extra...)
	return exec.Command("aria2c", append(args, torrentFile)...)
}

// procCPU is a process's user and system time from /proc.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}
