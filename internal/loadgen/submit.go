package loadgen

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// submitter posts transactions to a node's broadcast_tx_sync the way a
// lean loader would: each request's JSON body is written once, before the
// clock starts, and sent over kept-alive connections, and of each answer
// only the result code is read. The RPC client of the CLI encodes every
// request through reflection while the clock runs; on a machine whose
// cores the node shares, that was CPU taken from the node.
type submitter struct {
	url    string
	client *http.Client
}

func newSubmitter(remote string, workers int) (*submitter, error) {
	url := remote
	switch {
	case strings.HasPrefix(url, "tcp://"):
		url = "http://" + strings.TrimPrefix(url, "tcp://")
	case strings.HasPrefix(url, "http://"), strings.HasPrefix(url, "https://"):
	default:
		return nil, fmt.Errorf("node address %q: the load generator speaks HTTP (tcp:// or http://)", remote)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = workers
	return &submitter{url: url, client: &http.Client{Transport: t}}, nil
}

// request is one JSON-RPC request body: a single broadcast_tx_sync call,
// or a batch of them when txs holds more than one.
func request(txs [][]byte) []byte {
	var b bytes.Buffer
	if len(txs) > 1 {
		b.WriteByte('[')
	}
	for i, raw := range txs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"jsonrpc":"2.0","id":`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`,"method":"broadcast_tx_sync","params":{"tx":"`)
		b.WriteString(base64.StdEncoding.EncodeToString(raw))
		b.WriteString(`"}}`)
	}
	if len(txs) > 1 {
		b.WriteByte(']')
	}
	return b.Bytes()
}

// answer is what the submitter reads of a broadcast_tx_sync response.
type answer struct {
	Result *struct {
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		Log       string `json:"log"`
	} `json:"result"`
	Error *struct {
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

// mempoolFull is how CometBFT's mempool words a refusal for want of room
// (mempool.ErrMempoolIsFull), which the load tool waits out and resends.
const mempoolFull = "mempool is full"

// send posts one request body carrying n transactions. It returns the
// positions of those the node turned away because its mempool was full,
// to be sent again, and fails on the first refused for any other reason.
func (s *submitter) send(ctx context.Context, body []byte, n int) (full []int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the node answered %s: %.200s", res.Status, data)
	}
	answers := make([]answer, 1, n)
	if n > 1 {
		err = json.Unmarshal(data, &answers)
	} else {
		err = json.Unmarshal(data, &answers[0])
	}
	if err != nil {
		return nil, fmt.Errorf("reading the node's answer: %w", err)
	}
	if len(answers) != n {
		return nil, fmt.Errorf("the node answered %d of %d transactions", len(answers), n)
	}
	for i, a := range answers {
		switch {
		case a.Error != nil && strings.Contains(a.Error.Data, mempoolFull):
			full = append(full, i)
		case a.Error != nil:
			return nil, fmt.Errorf("transaction %d of the request: %s %s", i, a.Error.Message, a.Error.Data)
		case a.Result == nil:
			return nil, fmt.Errorf("transaction %d of the request: no result", i)
		case a.Result.Code != 0:
			return nil, fmt.Errorf("transaction %d of the request refused (%s %d): %s", i, a.Result.Codespace, a.Result.Code, a.Result.Log)
		}
	}
	return full, nil
}
