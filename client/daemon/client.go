package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// DefaultAPI is where the daemon's API listens unless told otherwise.
const DefaultAPI = "127.0.0.1:9181"

// Client talks to a running daemon.
type Client struct {
	base string
	http *http.Client
}

// NewClient is a client of the daemon whose API is at addr (host:port).
func NewClient(addr string) *Client {
	return &Client{base: "http://" + addr + "/api", http: &http.Client{Timeout: 30 * time.Second}}
}

// Add adds a torrent.
func (c *Client) Add(ctx context.Context, req AddRequest) (Info, error) {
	var in Info
	return in, c.do(ctx, "POST", "/torrents", req, &in)
}

// List lists the torrents.
func (c *Client) List(ctx context.Context) ([]Info, error) {
	var out []Info
	return out, c.do(ctx, "GET", "/torrents", nil, &out)
}

// Get is one torrent.
func (c *Client) Get(ctx context.Context, id string) (Info, error) {
	var in Info
	return in, c.do(ctx, "GET", "/torrents/"+id, nil, &in)
}

// Pause pauses a torrent.
func (c *Client) Pause(ctx context.Context, id string) (Info, error) {
	var in Info
	return in, c.do(ctx, "POST", "/torrents/"+id+"/pause", struct{}{}, &in)
}

// Resume resumes a torrent.
func (c *Client) Resume(ctx context.Context, id string) (Info, error) {
	var in Info
	return in, c.do(ctx, "POST", "/torrents/"+id+"/resume", struct{}{}, &in)
}

// Remove removes a torrent, and its data with deleteData.
func (c *Client) Remove(ctx context.Context, id string, deleteData bool) error {
	q := ""
	if deleteData {
		q = "?delete-data=true"
	}
	return c.do(ctx, "DELETE", "/torrents/"+id+q, struct{}{}, nil)
}

// ErrNoDaemon is returned when nothing answers at the API address.
var ErrNoDaemon = errors.New("no btt daemon answers")

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%w at %s (start one with `btt daemon`): %v", ErrNoDaemon, strings.TrimSuffix(c.base, "/api"), err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		if json.NewDecoder(res.Body).Decode(&e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("daemon answered %s", res.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}
