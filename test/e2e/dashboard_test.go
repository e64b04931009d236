package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bttc-network/bttc/internal/webdriver"
)

// testDashboard, on the running dev chain: /ready says ready, and the
// dashboard's page in headless Chromium shows the chain, its blocks and
// validator, and, once the dev address is looked up, the Speed channel it
// opens here. A screenshot is saved in test/e2e/screenshots.
func testDashboard(t *testing.T, n *node, home, dashboard string) {
	res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/ready", n.metricsPort))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var ready struct{ Ready, Validator, Signing bool }
	if err := json.Unmarshal(body, &ready); err != nil || res.StatusCode != http.StatusOK || !ready.Ready || !ready.Validator || !ready.Signing {
		t.Fatalf("/ready: %d %s", res.StatusCode, body)
	}

	payee := "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	mustRun(t, "tx", "speed", "open", payee, "7btt", "--from", "dev", "--keyring-backend", "test", "--home", home, "--node", n.rpc(), "-y")
	b := webdriver.Start(t)
	b.Open(t, "http://"+dashboard+"/")
	text := b.WaitText(t, time.Minute, "bttc-dev", "Recent blocks", "bonded", "speed_escrow", "7btt", "No root chains registered", "No proposals")
	if !strings.Contains(text, "dev") {
		t.Fatalf("the validators table has no moniker:\n%s", text)
	}
	b.Type(t, "#addr", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	b.WaitText(t, time.Minute, "holds", "payer", payee, "open", "No storage contracts")
	b.Screenshot(t, "screenshots", "dashboard.png")
}
