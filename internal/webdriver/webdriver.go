package webdriver

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Browser is headless Chromium driven over WebDriver (Debian's chromium
// and chromium-driver, installed by scripts/install-peers.sh), for the
// tests of the btt daemon's page and bttcd's dashboard.
type Browser struct {
	url     string // the session's WebDriver URL
	session string
}

// Start runs chromedriver on a free loopback port and opens a session;
// both end with the test.
func Start(t testing.TB) *Browser {
	t.Helper()
	if _, err := exec.LookPath("chromedriver"); err != nil {
		t.Fatal("this test needs chromium and chromium-driver: run `make peers-deps` (scripts/install-peers.sh)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	driver := exec.Command("chromedriver", fmt.Sprintf("--port=%d", port), "--allowed-ips=127.0.0.1")
	if err := driver.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	t.Cleanup(func() { driver.Process.Kill(); driver.Wait() })
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/status"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("chromedriver did not come up")
		}
	}
	b := &Browser{}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": "/usr/bin/chromium",
			"args":   []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"},
		},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(http.MethodPost, base+"/session", caps, &created); err != nil {
		t.Fatalf("start a browser session: %v", err)
	}
	b.session, b.url = created.SessionID, base+"/session/"+created.SessionID
	t.Cleanup(func() { b.call(http.MethodDelete, b.url, nil, nil) })
	return b
}

// call makes one WebDriver request; out receives the answer's value.
func (b *Browser) call(method, url string, in, out any) error {
	var body bytes.Buffer
	if in != nil {
		json.NewEncoder(&body).Encode(in)
	}
	req, err := http.NewRequest(method, url, &body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("webdriver %s %s: %s: %s", method, url, res.Status, env.Value)
	}
	if out != nil {
		return json.Unmarshal(env.Value, out)
	}
	return nil
}

// Open loads url.
func (b *Browser) Open(t testing.TB, url string) {
	t.Helper()
	if err := b.call(http.MethodPost, b.url+"/url", map[string]string{"url": url}, nil); err != nil {
		t.Fatal(err)
	}
}

// Text is the page's visible text.
func (b *Browser) Text(t testing.TB) string {
	t.Helper()
	var s string
	if err := b.call(http.MethodPost, b.url+"/execute/sync", map[string]any{"script": "return document.body.innerText", "args": []any{}}, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// WaitText waits until the page shows every one of want, and returns its
// text.
func (b *Browser) WaitText(t testing.TB, d time.Duration, want ...string) string {
	t.Helper()
	var text string
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		text = b.Text(t)
		missing := false
		for _, w := range want {
			missing = missing || !strings.Contains(text, w)
		}
		if !missing {
			return text
		}
	}
	t.Fatalf("the page does not show all of %q after %v:\n%s", want, d, text)
	return ""
}

// Type types text into the element CSS selects and submits its form.
func (b *Browser) Type(t testing.TB, selector, text string) {
	t.Helper()
	script := "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.form.requestSubmit();"
	if err := b.call(http.MethodPost, b.url+"/execute/sync", map[string]any{"script": script, "args": []any{selector, text}}, nil); err != nil {
		t.Fatal(err)
	}
}

// Screenshot saves the page as a PNG named name in dir, made if need be.
func (b *Browser) Screenshot(t testing.TB, dir, name string) string {
	t.Helper()
	var b64 string
	if err := b.call(http.MethodGet, b.url+"/screenshot", nil, &b64); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ = filepath.Abs(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}
