package daemon

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bttc-network/bttc/client/swarm"
	"github.com/bttc-network/bttc/client/torrent"
)

// seeded makes a torrent's data, a seeder for it, and returns the
// .torrent's bytes and the seeder's address.
func seeded(t *testing.T, name string, size int) ([]byte, string) {
	t.Helper()
	dir := t.TempDir()
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i * 7 / 3)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	raw, err := torrent.Create(filepath.Join(dir, name), torrent.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tor, _ := torrent.Parse(raw)
	cl, err := swarm.NewClient(swarm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	st, err := cl.Add(swarm.Source{Torrent: tor}, swarm.AddOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	<-st.Done()
	return raw, cl.Addr()
}

func startDaemon(t *testing.T, home string) (*Client, func()) {
	t.Helper()
	cl, err := swarm.NewClient(swarm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(home, cl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d.Handler())
	return NewClient(strings.TrimPrefix(srv.URL, "http://")), func() { srv.Close(); cl.Close() }
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDaemonAddListPauseResumeRemove(t *testing.T) {
	raw, seeder := seeded(t, "movie.bin", 3<<20)
	home, dl := t.TempDir(), t.TempDir()
	c, stop := startDaemon(t, home)
	ctx := context.Background()

	in, err := c.Add(ctx, AddRequest{Torrent: raw, Dir: dl, Peers: []string{seeder}})
	if err != nil {
		t.Fatal(err)
	}
	id := in.InfoHash[:8]
	waitFor(t, "the download", func() bool {
		in, err := c.Get(ctx, id)
		return err == nil && in.Progress == 1 && in.State == "seeding"
	})
	list, err := c.List(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "movie.bin" || list[0].Dir != dl {
		t.Fatalf("list: %+v %v", list, err)
	}
	if in, err := c.Pause(ctx, id); err != nil || in.State != "paused" {
		t.Fatalf("pause: %+v %v", in, err)
	}
	if _, err := c.Add(ctx, AddRequest{Torrent: raw, Dir: dl}); err == nil || !strings.Contains(err.Error(), "already added") {
		t.Fatalf("adding twice: %v", err)
	}

	// A restarted daemon has the torrent back, still paused.
	stop()
	c, stop = startDaemon(t, home)
	defer stop()
	if in, err := c.Get(ctx, id); err != nil || in.State != "paused" {
		t.Fatalf("after restart: %+v %v", in, err)
	}
	if in, err := c.Resume(ctx, id); err != nil || in.State == "paused" {
		t.Fatalf("resume: %+v %v", in, err)
	}
	waitFor(t, "the recheck after resume", func() bool {
		in, _ := c.Get(ctx, id)
		return in.State == "seeding"
	})
	if err := c.Remove(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dl, "movie.bin")); !os.IsNotExist(err) {
		t.Fatalf("data not deleted: %v", err)
	}
	if list, _ := c.List(ctx); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
	if _, err := c.Get(ctx, id); err == nil || !strings.Contains(err.Error(), "no such torrent") {
		t.Fatalf("get after remove: %v", err)
	}
}

func TestDaemonRefusals(t *testing.T) {
	c, stop := startDaemon(t, t.TempDir())
	defer stop()
	ctx := context.Background()
	for name, req := range map[string]AddRequest{
		"nothing":      {Dir: "/tmp"},
		"both":         {Torrent: []byte("d4:infodee"), Magnet: "magnet:?xt=urn:btih:c9e15763f722f23e98a29decdfae341b98d53056", Dir: "/tmp"},
		"relative dir": {Magnet: "magnet:?xt=urn:btih:c9e15763f722f23e98a29decdfae341b98d53056", Dir: "down"},
		"junk torrent": {Torrent: []byte("not a torrent"), Dir: "/tmp"},
		"bad magnet":   {Magnet: "magnet:?xt=urn:btih:zz", Dir: "/tmp"},
	} {
		if _, err := c.Add(ctx, req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, id := range []string{"zz", "", "00"} {
		if _, err := c.Get(ctx, id); err == nil {
			t.Errorf("id %q: found", id)
		}
	}
	// What a web page could send.
	for _, r := range []*http.Request{
		func() *http.Request {
			r := httptest.NewRequest("GET", "/api/torrents", nil)
			r.Host = "evil.example:9181"
			return r
		}(),
		func() *http.Request {
			r := httptest.NewRequest("POST", "/api/torrents", strings.NewReader("magnet=x"))
			r.Host = "127.0.0.1:9181"
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}(),
	} {
		w := httptest.NewRecorder()
		(&Daemon{}).Handler().ServeHTTP(w, r)
		if w.Code != http.StatusForbidden && w.Code != http.StatusUnsupportedMediaType {
			t.Errorf("%s %s (Host %s): %d", r.Method, r.URL, r.Host, w.Code)
		}
	}
	if _, err := NewClient("127.0.0.1:1").List(ctx); !errors.Is(err, ErrNoDaemon) {
		t.Fatalf("no daemon: %v", err)
	}
}

func TestCorruptStateIsReported(t *testing.T) {
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, "torrents.json"), []byte("{not json"), 0o600)
	cl, _ := swarm.NewClient(swarm.Config{})
	defer cl.Close()
	if _, err := Open(home, cl, Options{}); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("corrupt state: %v", err)
	}
}
