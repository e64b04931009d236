package trackertest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/anacrolix/torrent/bencode"
)

func TestAnnounceAndScrape(t *testing.T) {
	tr := Start()
	defer tr.Close()
	ih := strings.Repeat("i", 20)
	get := func(path string, q url.Values) map[string]any {
		t.Helper()
		res, err := http.Get(strings.TrimSuffix(tr.URL(), "/announce") + path + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var out map[string]any
		if err := bencode.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %q: %v", path, b, err)
		}
		return out
	}
	for i, left := range []string{"0", "10"} {
		get("/announce", url.Values{"info_hash": {ih}, "peer_id": {strings.Repeat(string(rune('a'+i)), 20)}, "port": {"6881"}, "left": {left}})
	}
	files := get("/scrape", url.Values{"info_hash": {ih}})["files"].(map[string]any)
	counts := files[ih].(map[string]any)
	if counts["complete"] != int64(1) || counts["incomplete"] != int64(1) {
		t.Fatalf("scrape: %v", counts)
	}
	if out := get("/announce", url.Values{"info_hash": {"short"}}); out["failure reason"] == nil {
		t.Fatalf("a bad announce was answered: %v", out)
	}
}
