package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/digest"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// HostConfig is what a Host needs.
type HostConfig struct {
	Dir              string // where files are kept, by root
	Chain            *Chain // the host's key signs accepts and proofs
	PricePerMiB      *uint256.Int
	CollateralPerMiB *uint256.Int
	MaxSize          int64 // the largest file taken; 0 means 1 GiB
	Log              *slog.Logger
}

// Host rents out disk; see the package documentation.
type Host struct {
	cfg    HostConfig
	params Params
	terms  Terms

	mu    sync.Mutex                   // guards trees, shared with uploads
	trees map[merkle.Hash]*merkle.Tree // of files uploaded or proven, by root

	// Step's own.
	done   map[string]bool // "id period" handled, so that a pass does not send a proof twice
	logged map[string]bool
}

// unclaimed is how long an uploaded file waits for its contract before
// the host deletes it.
const unclaimed = time.Hour

// NewHost reads the chain's parameters and returns a host.
func NewHost(ctx context.Context, cfg HostConfig) (*Host, error) {
	if cfg.Chain == nil || cfg.Dir == "" || cfg.PricePerMiB == nil || cfg.CollateralPerMiB == nil {
		return nil, errors.New("storage: a host needs a chain, a directory, a price and a collateral")
	}
	if cfg.MaxSize <= 0 {
		cfg.MaxSize = 1 << 30
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "incoming"), 0o700); err != nil {
		return nil, err
	}
	p, err := cfg.Chain.Params(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain's storage parameters: %w", err)
	}
	chainID := cfg.Chain.Sender.ChainID
	h := &Host{cfg: cfg, params: p, trees: map[merkle.Hash]*merkle.Tree{}, done: map[string]bool{}, logged: map[string]bool{}}
	h.terms = Terms{Host: cfg.Chain.Sender.From, ChainID: chainID, LeafSize: p.LeafSize, MaxSize: cfg.MaxSize,
		PricePerMiB: btt.NewAmount(cfg.PricePerMiB), CollateralPerMiB: btt.NewAmount(cfg.CollateralPerMiB)}
	return h, nil
}

// Terms are the host's terms.
func (h *Host) Terms() Terms { return h.terms }

func (h *Host) path(root merkle.Hash) string { return filepath.Join(h.cfg.Dir, digest.String(root)) }

// Handler serves the host's API.
func (h *Host) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathTerms, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, h.terms) })
	mux.HandleFunc("PUT "+pathFiles+"{root}", h.upload)
	mux.HandleFunc("GET "+pathFiles+"{root}", func(w http.ResponseWriter, r *http.Request) {
		root, err := digest.Parse(r.PathValue("root"))
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("root: %v", err))
			return
		}
		f, err := os.Open(h.path(root))
		if err != nil {
			writeError(w, http.StatusNotFound, errors.New("no such file"))
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			writeError(w, http.StatusInternalServerError, err)
			return
		}
		http.ServeContent(w, r, "", fi.ModTime(), f)
	})
	return mux
}

func (h *Host) upload(w http.ResponseWriter, r *http.Request) {
	root, err := digest.Parse(r.PathValue("root"))
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("root: %v", err))
		return
	}
	size, err := strconv.ParseInt(r.URL.Query().Get("size"), 10, 64)
	switch {
	case err != nil || size <= 0:
		writeError(w, http.StatusBadRequest, errors.New("size: want the file's length in bytes"))
		return
	case size > h.cfg.MaxSize:
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("%d bytes is above this host's %d", size, h.cfg.MaxSize))
		return
	}
	if fi, err := os.Stat(h.path(root)); err == nil && fi.Size() == size {
		writeJSON(w, http.StatusOK, map[string]any{"root": digest.String(root), "size": size})
		return
	}
	tmp, err := os.CreateTemp(filepath.Join(h.cfg.Dir, "incoming"), "upload-*")
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	// The tree is built as the bytes arrive, so that nothing unverified
	// is ever kept.
	tree, n, err := merkle.FromReader(io.TeeReader(io.LimitReader(r.Body, size+1), tmp), int(h.params.LeafSize))
	switch {
	case err != nil:
		writeError(w, http.StatusBadRequest, fmt.Errorf("read the upload: %v", err))
		return
	case int64(n) != size:
		writeError(w, http.StatusUnprocessableEntity, fmt.Errorf("got %d bytes, not the %d named", n, size))
		return
	case tree.Root() != root:
		writeError(w, http.StatusUnprocessableEntity, fmt.Errorf("the bytes' root is %s, not %s", digest.String(tree.Root()), digest.String(root)))
		return
	}
	if err := tmp.Sync(); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	if err := os.Rename(tmp.Name(), h.path(root)); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	h.mu.Lock()
	h.trees[root] = tree
	h.mu.Unlock()
	h.cfg.Log.Info("stored an upload", "root", digest.String(root), "bytes", size)
	writeJSON(w, http.StatusCreated, map[string]any{"root": digest.String(root), "size": size})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, map[string]string{"error": err.Error()})
}

// Report is what one pass of the host saw and did.
type Report struct {
	Height   uint64
	Active   int
	Accepted []deal.ID
	Proven   []string // "ID period"
	Missed   []string // periods it could not prove, and why
	Earned   *uint256.Int
}

// Step makes one pass over the host's contracts; see the package
// documentation.
func (h *Host) Step(ctx context.Context) (*Report, error) {
	height, err := h.cfg.Chain.Height(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := h.cfg.Chain.Contracts(ctx, "host", h.terms.Host)
	if err != nil {
		return nil, err
	}
	rep := &Report{Height: height, Earned: new(uint256.Int)}
	var errs []error
	live := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		if paid, err := uint256.FromDecimal(c.PaidWei); err == nil {
			rep.Earned.Add(rep.Earned, paid)
		}
		if c.State.Live() {
			live[c.Root] = true
		}
		switch c.State {
		case deal.Proposed:
			if err := h.maybeAccept(ctx, c, height, rep); err != nil {
				errs = append(errs, err)
			}
		case deal.Active:
			rep.Active++
			if err := h.maybeProve(ctx, c, height, rep); err != nil {
				errs = append(errs, err)
			}
		}
	}
	h.sweep(live)
	return rep, errors.Join(errs...)
}

// maybeAccept accepts a proposal whose file the host holds on its terms.
func (h *Host) maybeAccept(ctx context.Context, c *deal.ContractView, height uint64, rep *Report) error {
	root, err := digest.Parse(c.Root)
	if err != nil {
		return err
	}
	price, _ := uint256.FromDecimal(c.PriceWei)
	collateral, _ := uint256.FromDecimal(collateralWei(c))
	why := ""
	switch {
	case c.Start <= height+1:
		why = "it starts before an accept could be in a block"
	case c.LeafSize != h.params.LeafSize:
		why = "another leaf size"
	case price == nil || price.Lt(PerMiB(h.cfg.PricePerMiB, c.Size)):
		why = fmt.Sprintf("its price %s a period is below %s", c.Price, btt.Format(PerMiB(h.cfg.PricePerMiB, c.Size)))
	case collateral == nil || collateral.Gt(PerMiB(h.cfg.CollateralPerMiB, c.Size)):
		why = fmt.Sprintf("its collateral %s is above %s", c.Collateral, btt.Format(PerMiB(h.cfg.CollateralPerMiB, c.Size)))
	}
	if fi, err := os.Stat(h.path(root)); why == "" && (err != nil || uint64(fi.Size()) != c.Size) {
		why = "its file was not uploaded here"
	}
	if why != "" {
		h.logOnce(c.ID.String()+"/refused", "not accepting a proposal", "contract", c.ID, "why", why)
		return nil
	}
	if err := h.cfg.Chain.Accept(ctx, c.ID); err != nil {
		return fmt.Errorf("accept %s: %w", c.ID, err)
	}
	h.cfg.Log.Info("accepted a storage contract", "contract", c.ID, "bytes", c.Size, "periods", c.Periods, "price", c.Price)
	rep.Accepted = append(rep.Accepted, c.ID)
	return nil
}

// collateralWei is the collateral a proposal asks of its host: what it
// will lock (the view's collateral_now is zero until then).
func collateralWei(c *deal.ContractView) string {
	v, err := btt.Parse(c.Collateral)
	if err != nil {
		return ""
	}
	return v.Dec()
}

// maybeProve answers the current period's challenge when its window is
// open.
func (h *Host) maybeProve(ctx context.Context, c *deal.ContractView, height uint64, rep *Report) error {
	key := fmt.Sprintf("%s %d", c.ID, c.Next)
	if c.NextProven || h.done[key] {
		return nil
	}
	ch, err := h.cfg.Chain.Challenge(ctx, c.ID, c.Next)
	if err != nil {
		return err
	}
	// The proof goes in the next block at the earliest.
	if !ch.Ready || height+1 < ch.WindowStart || height+1 > ch.WindowEnd {
		return nil
	}
	root, err := digest.Parse(c.Root)
	if err != nil {
		return err
	}
	tree, err := h.tree(root, c.LeafSize)
	if err != nil {
		rep.Missed = append(rep.Missed, key+": "+err.Error())
		h.logOnce(key, "cannot prove a period", "contract", c.ID, "period", c.Next, "err", err)
		h.done[key] = true
		return nil
	}
	f, err := os.Open(h.path(root))
	if err != nil {
		return err
	}
	defer f.Close()
	hashes := tree.LeafHashes()
	m, err := deal.Prove(c.ID, c.Next, ch.Indices, tree, func(i uint64) ([]byte, error) {
		leaf := make([]byte, c.LeafSize)
		n, err := f.ReadAt(leaf, int64(i*c.LeafSize))
		if n == 0 || err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read: %w", err)
		}
		if merkle.LeafHash(leaf) != hashes[i] {
			return nil, errors.New("damaged: it no longer has the hash it had")
		}
		return leaf, nil
	})
	if err != nil {
		rep.Missed = append(rep.Missed, key+": "+err.Error())
		h.cfg.Log.Warn("cannot prove a period: the file is damaged", "contract", c.ID, "period", c.Next, "err", err)
		h.done[key] = true
		return nil
	}
	if err := h.cfg.Chain.Prove(ctx, m); err != nil {
		return fmt.Errorf("prove %s: %w", key, err)
	}
	h.done[key] = true
	rep.Proven = append(rep.Proven, key)
	h.cfg.Log.Info("proved a period", "contract", c.ID, "period", c.Next, "paid", c.Price)
	return nil
}

// tree is the Merkle tree of the file with root, built once from the file
// as uploaded.
func (h *Host) tree(root merkle.Hash, leafSize uint64) (*merkle.Tree, error) {
	h.mu.Lock()
	t := h.trees[root]
	h.mu.Unlock()
	if t != nil {
		return t, nil
	}
	f, err := os.Open(h.path(root))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, _, err = merkle.FromReader(f, int(leafSize))
	if err != nil {
		return nil, err
	}
	if t.Root() != root {
		return nil, fmt.Errorf("the file kept for %s is damaged: its root is now %s", digest.String(root), digest.String(t.Root()))
	}
	h.mu.Lock()
	h.trees[root] = t
	h.mu.Unlock()
	return t, nil
}

// sweep deletes files no live contract needs: those whose contracts
// ended, and uploads nobody proposed a contract for within an hour.
func (h *Host) sweep(live map[string]bool) {
	entries, err := os.ReadDir(h.cfg.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, "0x") || live[name] {
			continue
		}
		if fi, err := e.Info(); err != nil || time.Since(fi.ModTime()) < unclaimed {
			continue
		}
		if os.Remove(filepath.Join(h.cfg.Dir, name)) == nil {
			h.cfg.Log.Info("deleted a file no contract needs", "root", name)
		}
	}
}

// logOnce logs a message once per key, so that a pass every few seconds
// does not repeat it.
func (h *Host) logOnce(key, msg string, args ...any) {
	if !h.logged[key] {
		h.logged[key] = true
		h.cfg.Log.Info(msg, args...)
	}
}

// Run repeats Step every poll until ctx ends; a failed pass is logged and
// tried again.
func (h *Host) Run(ctx context.Context, poll time.Duration, each func(*Report)) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		rep, err := h.Step(ctx)
		if err != nil && ctx.Err() == nil {
			h.cfg.Log.Warn("storage host pass", "err", err)
		}
		if rep != nil && each != nil {
			each(rep)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
