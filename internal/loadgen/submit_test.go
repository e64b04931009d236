package loadgen

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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
		full, err := s.send(context.Background(), request(make([][]byte, c.n)), c.n)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		if len(full) != 0 {
			t.Errorf("%s: %v reported as turned away by a full mempool", c.name, full)
		}
	}
	answer = "[" + ok + "," + fullAnswer(1) + "," + ok + "," + fullAnswer(3) + "]"
	if full, err := s.send(context.Background(), request(make([][]byte, 4)), 4); err != nil || len(full) != 2 || full[0] != 1 || full[1] != 3 {
		t.Errorf("full mempool: got %v %v, want [1 3]", full, err)
	}
	if _, err := newSubmitter("unix:///tmp/sock", 1); err == nil {
		t.Error("a unix socket address was taken")
	}
}

// fullAnswer is CometBFT's answer to a transaction its full mempool turned
// away.
func fullAnswer(id int) string {
	return `{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"error":{"code":-32603,"message":"Internal error",` +
		`"data":"mempool is full: number of txs 100000 (max: 100000), total txs bytes 13400000 (max: 1073741824)"}}`
}

// TestResendWaitsOutAFullMempool serves a node whose mempool is full for
// the first two requests: the transactions it turned away go again, in
// their order, until all are in.
func TestResendWaitsOutAFullMempool(t *testing.T) {
	var got [][]string // the transactions of each request, decoded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		type call struct {
			Params struct {
				Tx string `json:"tx"`
			} `json:"params"`
		}
		body, _ := io.ReadAll(r.Body)
		var batch []call
		if json.Unmarshal(body, &batch) != nil { // a single call
			batch = make([]call, 1)
			_ = json.Unmarshal(body, &batch[0])
		}
		var txs, answers []string
		for i, b := range batch {
			raw, _ := base64.StdEncoding.DecodeString(b.Params.Tx)
			txs = append(txs, string(raw))
			a := `{"jsonrpc":"2.0","id":` + strconv.Itoa(i) + `,"result":{"code":0}}`
			if len(got) < 2 && i%2 == 0 {
				a = fullAnswer(i)
			}
			answers = append(answers, a)
		}
		got = append(got, txs)
		if len(answers) == 1 {
			_, _ = io.WriteString(w, answers[0])
			return
		}
		_, _ = io.WriteString(w, "["+strings.Join(answers, ",")+"]")
	}))
	defer srv.Close()
	s, err := newSubmitter(srv.URL, 1)
	if err != nil {
		t.Fatal(err)
	}
	txs := [][]byte{[]byte("a"), []byte("b"), []byte("c"), []byte("d")}
	resent := 0
	if err := resend(context.Background(), s, request(txs), txs, func(n int) { resent += n }); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"a", "b", "c", "d"}, {"a", "c"}, {"a"}}
	if fmt.Sprint(got) != fmt.Sprint(want) || resent != 3 {
		t.Fatalf("requests %v, resent %d; want %v, 3", got, resent, want)
	}
}
