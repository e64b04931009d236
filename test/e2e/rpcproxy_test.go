package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// rpcProxy stands between one validator's relayer and a root chain's RPC,
// so that a scenario can make that RPC fail or lie to that validator
// alone: be down, answer writes with an error, or rewrite JSON-RPC answers.
// Everything else passes through unchanged (TRON's API paths too).
type rpcProxy struct {
	url    string
	target string

	mu      sync.Mutex
	down    bool
	noWrite bool
	// hold keeps writes waiting, unanswered and not sent on, until the
	// caller gives up; held counts them.
	hold bool
	held int
	// rewrite, if set, may change the result of a JSON-RPC call.
	rewrite func(method string, params []json.RawMessage, result json.RawMessage) json.RawMessage
}

func newRPCProxy(t *testing.T, target string) *rpcProxy {
	t.Helper()
	p := &rpcProxy{target: target}
	srv := httptest.NewServer(http.HandlerFunc(p.serve)) // on 127.0.0.1
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *rpcProxy) set(f func(p *rpcProxy)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *rpcProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	down, noWrite, hold, rewrite := p.down, p.noWrite, p.hold, p.rewrite
	p.mu.Unlock()
	if down {
		// As a dead node: the connection closes without an answer.
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		http.Error(w, "down", http.StatusBadGateway)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req struct {
		ID     json.RawMessage   `json:"id"`
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	_ = json.Unmarshal(body, &req)
	write := req.Method == "eth_sendRawTransaction" || r.URL.Path == "/wallet/broadcasttransaction"
	if hold && write {
		p.mu.Lock()
		p.held++
		p.mu.Unlock()
		<-r.Context().Done() // the sender gave up, or died
		return
	}
	if noWrite && write {
		w.Header().Set("Content-Type", "application/json")
		if req.Method != "" {
			_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": req.ID, "error": map[string]any{"code": -32000, "message": "insufficient funds for gas * price + value"}})
		} else {
			_ = json.NewEncoder(w).Encode(map[string]any{"code": "CONTRACT_VALIDATE_ERROR", "message": "6163636f756e742062616c616e636520697320696e73756666696369656e74"})
		}
		return
	}
	resp, err := http.Post(p.target+r.URL.Path, "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if rewrite != nil && req.Method != "" {
		var res struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Result  json.RawMessage `json:"result"`
			Error   json.RawMessage `json:"error,omitempty"`
		}
		if json.Unmarshal(out, &res) == nil && res.Error == nil {
			res.Result = rewrite(req.Method, req.Params, res.Result)
			out, _ = json.Marshal(res)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.StatusCode)
	w.Write(out)
}
