package daemon

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

//go:embed page.html
var page []byte

// maxBody bounds a request: a .torrent of a huge multi-file torrent fits.
const maxBody = 32 << 20

// Handler is the daemon's JSON API.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
		w.Write(page)
	})
	mux.HandleFunc("GET /api/wallet", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		v, err := d.Wallet(ctx)
		if err != nil {
			fail(w, http.StatusNotFound, err)
			return
		}
		reply(w, http.StatusOK, v)
	})
	mux.HandleFunc("GET /api/torrents", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, d.List())
	})
	mux.HandleFunc("POST /api/torrents", func(w http.ResponseWriter, r *http.Request) {
		var req AddRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
			fail(w, http.StatusBadRequest, errors.New("the body must be a JSON object: "+err.Error()))
			return
		}
		in, err := d.Add(req)
		if err != nil {
			fail(w, statusOf(err), err)
			return
		}
		reply(w, http.StatusCreated, in)
	})
	mux.HandleFunc("GET /api/torrents/{id}", func(w http.ResponseWriter, r *http.Request) {
		in, err := d.Get(r.PathValue("id"))
		answer(w, in, err)
	})
	mux.HandleFunc("POST /api/torrents/{id}/pause", func(w http.ResponseWriter, r *http.Request) {
		in, err := d.Pause(r.PathValue("id"))
		answer(w, in, err)
	})
	mux.HandleFunc("POST /api/torrents/{id}/resume", func(w http.ResponseWriter, r *http.Request) {
		in, err := d.Resume(r.PathValue("id"))
		answer(w, in, err)
	})
	mux.HandleFunc("DELETE /api/torrents/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := d.Remove(r.PathValue("id"), r.URL.Query().Get("delete-data") == "true"); err != nil {
			fail(w, statusOf(err), err)
			return
		}
		reply(w, http.StatusOK, map[string]bool{"removed": true})
	})
	return guard(mux)
}

// guard refuses what a web page could send: a Host that is not loopback
// (DNS rebinding) and a change without a JSON body (a form post).
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if ip := net.ParseIP(host); !(host == "localhost" || ip != nil && ip.IsLoopback()) {
			fail(w, http.StatusForbidden, errors.New("the API answers only on loopback addresses"))
			return
		}
		if r.Method != http.MethodGet {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				fail(w, http.StatusUnsupportedMediaType, errors.New("changes need Content-Type: application/json"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, ErrNoWallet):
		return http.StatusConflict
	case errors.Is(err, ErrAmbiguous), strings.Contains(err.Error(), "invalid torrent"), strings.Contains(err.Error(), "max_spend"), strings.Contains(err.Error(), "max_price"),
		strings.Contains(err.Error(), "give a torrent"), strings.Contains(err.Error(), "absolute path"):
		return http.StatusBadRequest
	case strings.Contains(err.Error(), "already added"):
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

func answer(w http.ResponseWriter, in Info, err error) {
	if err != nil {
		fail(w, statusOf(err), err)
		return
	}
	reply(w, http.StatusOK, in)
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, err error) {
	reply(w, status, map[string]string{"error": err.Error()})
}
