package loadgen

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestIsJSONRPC(t *testing.T) {
	txs := [][]byte{{1, 2, 3}, {4, 5}}
	var batch []struct {
		JSONRPC string `json:"jsonrpc"`
		ID      int    `json:"id"`
		Method  string `json:"method"`
		Params  struct {
			Tx string `json:"tx"`
		} `json:"params"`
	}
	if err := json.Unmarshal(request(txs), &batch); err != nil {
		t.Fatal(err)
	}
	if len(batch) != 2 || batch[1].ID != 1 || batch[1].Method != "broadcast_tx_sync" || batch[1].JSONRPC != "2.0" ||
		batch[1].Params.Tx != base64.StdEncoding.EncodeToString(txs[1]) {
		t.Fatalf("batch: %+v", batch)
	}
	var one map[string]any
	if err := json.Unmarshal(request(txs[:1]), &one); err != nil || one["method"] != "broadcast_tx_sync" {
		t.Fatalf("single request: %v %v", one, err)
	}
}

// TestSendReadsEveryAnswer serves canned answers in CometBFT's JSON-RPC
// shapes from a loopback server: every refusal, error and short answer
// fails the send with a message that names it.
func TestSendReadsEveryAnswer(t *testing.T) {
	answer := ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if answer == "500" {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	s, err := newSubmitter(strings.Replace(srv.URL, "http://", "tcp://", 1), 2)
	if err != nil {
		t.Fatal(err)
	}
	ok := `{"jsonrpc":"2.0","id":0,"result":{"code":0,"data":"","log":"","codespace":"","hash":"AB"}}`
	for _, c := range []struct {
		name, answer string
		n            int
		want         string // "" : no error
	}{
		{"one accepted", ok, 1, ""},
		{"two accepted", "[" + ok + "," + ok + "]", 2, ""},
		{"refused", `[` + ok + `,{"jsonrpc":"2.0","id":1,"result":{"code":5,"codespace":"chain","log":"bad nonce"}}]`, 2, "transaction 1 of the request refused (chain 5): bad nonce"},
		{"error object", `{"jsonrpc":"2.0","id":0,"error":{"code":-32603,"message":"Internal error","data":"tx already exists in cache"}}`, 1, "tx already exists in cache"},
		{"short batch", "[" + ok + "]", 2, "answered 1 of 2"},
		{"no result", `{"jsonrpc":"2.0","id":0}`, 1, "no result"},
		{"not JSON", `<html>`, 1, "reading the node's answer"},
		{"HTTP error", "500", 1, "500 Internal Server Error"},
	} {
		answer = c.answer
		err := s.send(context.Background(), request(make([][]byte, c.n)), c.n)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := newSubmitter("unix:///tmp/sock", 1); err == nil {
		t.Error("a unix socket address was taken")
	}
}
