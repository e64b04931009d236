package storage

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/digest"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// Renter rents storage from hosts and keeps a record of each contract in
// Dir: ID.json and ID.leaves, the hashes of the file's leaves.
type Renter struct {
	Chain *Chain
	Dir   string
	HTTP  *http.Client // nil: http.DefaultClient
}

// Record is what a renter keeps of a contract.
type Record struct {
	ID       deal.ID         `json:"id"`
	Name     string          `json:"name"` // the file's base name
	Size     uint64          `json:"size"`
	Root     string          `json:"root"`
	LeafSize uint64          `json:"leaf_size"`
	Host     string          `json:"host"` // the host's API URL
	HostAddr address.Address `json:"host_address"`
}

// PutOptions are a contract's terms beyond the file. Zero amounts take the
// host's terms: its price and collateral per MiB, and a slash of the
// collateral over MaxMisses.
type PutOptions struct {
	Host       string // the host's API URL
	Periods    uint64
	Period     uint64 // blocks a period
	Window     uint64 // blocks of each period's proof window
	MaxMisses  uint64
	StartIn    uint64 // blocks from now to the first period; 0: the lookback and 10 more
	Price      *uint256.Int
	Collateral *uint256.Int
	Slash      *uint256.Int
}

func (r *Renter) http() *http.Client {
	if r.HTTP != nil {
		return r.HTTP
	}
	return http.DefaultClient
}

// HostTerms asks a host for its terms.
func (r *Renter) HostTerms(ctx context.Context, host string) (*Terms, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(host, "/")+pathTerms, nil)
	if err != nil {
		return nil, fmt.Errorf("host %q: %w", host, err)
	}
	res, err := r.http().Do(req)
	if err != nil {
		return nil, fmt.Errorf("no storage host answers at %s: %w", host, err)
	}
	defer res.Body.Close()
	if err := apiError(res); err != nil {
		return nil, err
	}
	var t Terms
	if err := json.NewDecoder(res.Body).Decode(&t); err != nil {
		return nil, fmt.Errorf("host %s sent terms that do not read: %w", host, err)
	}
	return &t, nil
}

func apiError(res *http.Response) error {
	if res.StatusCode < 300 {
		return nil
	}
	var e struct{ Error string }
	b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if json.Unmarshal(b, &e) != nil || e.Error == "" {
		e.Error = strings.TrimSpace(string(b))
	}
	return fmt.Errorf("the host answered %s: %s", res.Status, e.Error)
}

// Put stores the file at path with a host: it computes the file's tree,
// uploads it, proposes the contract and records it. The host accepts on
// its own, before the contract starts.
func (r *Renter) Put(ctx context.Context, path string, o PutOptions) (*Record, error) {
	terms, err := r.HostTerms(ctx, o.Host)
	if err != nil {
		return nil, err
	}
	params, err := r.Chain.Params(ctx)
	if err != nil {
		return nil, err
	}
	if terms.ChainID != r.Chain.Sender.ChainID || terms.LeafSize != params.LeafSize {
		return nil, fmt.Errorf("the host at %s serves chain %q with %d-byte leaves; this node is chain %q with %d", o.Host,
			terms.ChainID, terms.LeafSize, r.Chain.Sender.ChainID, params.LeafSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tree, size, err := merkle.FromReader(bufio.NewReaderSize(f, 1<<20), int(params.LeafSize))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", path, err)
	case size == 0:
		return nil, fmt.Errorf("%s is empty: there is nothing to store", path)
	case int64(size) > terms.MaxSize:
		return nil, fmt.Errorf("%s is %d bytes; the host takes at most %d", path, size, terms.MaxSize)
	}
	t := deal.Terms{Host: terms.Host, Root: tree.Root(), Size: size, Period: o.Period, Periods: o.Periods, Window: o.Window,
		MaxMisses: o.MaxMisses, Price: o.Price, Collateral: o.Collateral, SlashPerMiss: o.Slash}
	if t.Price == nil {
		t.Price = PerMiB(terms.PricePerMiB.Wei(), size)
	}
	if t.Collateral == nil {
		t.Collateral = PerMiB(terms.CollateralPerMiB.Wei(), size)
	}
	if t.SlashPerMiss == nil {
		t.SlashPerMiss = new(uint256.Int).Div(t.Collateral, uint256.NewInt(max(t.MaxMisses, 1)))
	}
	height, err := r.Chain.Height(ctx)
	if err != nil {
		return nil, err
	}
	startIn := o.StartIn
	if startIn == 0 {
		startIn = params.Lookback + 10
	}
	t.Start = height + startIn
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if err := r.upload(ctx, o.Host, tree.Root(), size, f); err != nil {
		return nil, err
	}
	id, err := r.Chain.Propose(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("propose the contract: %w", err)
	}
	rec := &Record{ID: id, Name: filepath.Base(path), Size: size, Root: digest.String(tree.Root()), LeafSize: params.LeafSize,
		Host: o.Host, HostAddr: terms.Host}
	return rec, r.save(rec, tree.LeafHashes())
}

func (r *Renter) upload(ctx context.Context, host string, root merkle.Hash, size uint64, body io.Reader) error {
	u := fmt.Sprintf("%s%s%s?size=%d", strings.TrimRight(host, "/"), pathFiles, url.PathEscape(digest.String(root)), size)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, body)
	if err != nil {
		return err
	}
	req.ContentLength = int64(size)
	req.Header.Set("Content-Type", "application/octet-stream")
	res, err := r.http().Do(req)
	if err != nil {
		return fmt.Errorf("upload to %s: %w", host, err)
	}
	defer res.Body.Close()
	if err := apiError(res); err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	return nil
}

func (r *Renter) save(rec *Record, leaves []merkle.Hash) error {
	if err := os.MkdirAll(r.Dir, 0o700); err != nil {
		return err
	}
	b := make([]byte, 0, 32*len(leaves))
	for _, h := range leaves {
		b = append(b, h[:]...)
	}
	if err := os.WriteFile(filepath.Join(r.Dir, rec.ID.String()+".leaves"), b, 0o600); err != nil {
		return err
	}
	j, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(r.Dir, rec.ID.String()+".json"), append(j, '\n'), 0o600)
}

// ErrNoRecord is returned for a contract this renter has no record of.
var ErrNoRecord = errors.New("no record of this contract here")

// Record reads the record of a contract.
func (r *Renter) Record(id deal.ID) (*Record, error) {
	b, err := os.ReadFile(filepath.Join(r.Dir, id.String()+".json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w (%s): it was put from another home, or its record is gone", ErrNoRecord, id)
	}
	if err != nil {
		return nil, err
	}
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("the record of %s does not read: %w", id, err)
	}
	return &rec, nil
}

// Records lists the renter's records by id.
func (r *Renter) Records() ([]Record, error) {
	paths, err := filepath.Glob(filepath.Join(r.Dir, "0x*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []Record
	for _, p := range paths {
		id, err := deal.ParseID(strings.TrimSuffix(filepath.Base(p), ".json"))
		if err != nil {
			continue
		}
		rec, err := r.Record(id)
		if err != nil {
			return nil, err
		}
		out = append(out, *rec)
	}
	return out, nil
}

// GetReport says what Get found.
type GetReport struct {
	Leaves int
	Bad    [][2]uint64 // ranges of leaves, first and last, that did not verify or did not come
}

// ErrDamaged is returned when a host's copy fails the check.
var ErrDamaged = errors.New("the host's copy is damaged")

// Get fetches a contract's file from its host (or from host, when not
// empty) and checks every leaf against the record. A whole, good file is
// written to out; otherwise the leaves that verified are written to
// out.partial (the others zeroed) and ErrDamaged names the rest.
func (r *Renter) Get(ctx context.Context, id deal.ID, host, out string) (*GetReport, error) {
	rec, err := r.Record(id)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(filepath.Join(r.Dir, id.String()+".leaves"))
	if err != nil || len(raw)%32 != 0 {
		return nil, fmt.Errorf("the leaf hashes of %s do not read: %v", id, err)
	}
	if host == "" {
		host = rec.Host
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s%s%s", strings.TrimRight(host, "/"), pathFiles, rec.Root), nil)
	if err != nil {
		return nil, err
	}
	res, err := r.http().Do(req)
	if err != nil {
		return nil, fmt.Errorf("no storage host answers at %s: %w", host, err)
	}
	defer res.Body.Close()
	if err := apiError(res); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".btt-get-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	rep := &GetReport{Leaves: len(raw) / 32}
	body := bufio.NewReaderSize(res.Body, 1<<20)
	leaf := make([]byte, rec.LeafSize)
	var written uint64
	for i := range uint64(rep.Leaves) {
		want := min(rec.LeafSize, rec.Size-written)
		n, err := io.ReadFull(body, leaf[:want])
		clear(leaf[n:])
		var h merkle.Hash
		copy(h[:], raw[32*i:])
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("fetch from %s: %w", host, err)
		}
		if uint64(n) != want || merkle.LeafHash(leaf) != h {
			rep.bad(i)
			clear(leaf)
		}
		if _, err := tmp.Write(leaf[:want]); err != nil {
			return nil, err
		}
		written += want
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	tmp.Close()
	if len(rep.Bad) > 0 {
		if err := os.Rename(tmp.Name(), out+".partial"); err != nil {
			return nil, err
		}
		return rep, fmt.Errorf("%w: %d of %d leaves (%d bytes each) did not verify: leaves %s; the %d that did are in %s.partial",
			ErrDamaged, countLeaves(rep.Bad), rep.Leaves, rec.LeafSize, formatRanges(rep.Bad), rep.Leaves-int(countLeaves(rep.Bad)), out)
	}
	return rep, os.Rename(tmp.Name(), out)
}

func (g *GetReport) bad(i uint64) {
	if n := len(g.Bad); n > 0 && g.Bad[n-1][1] == i-1 {
		g.Bad[n-1][1] = i
		return
	}
	g.Bad = append(g.Bad, [2]uint64{i, i})
}

func countLeaves(rs [][2]uint64) uint64 {
	var n uint64
	for _, r := range rs {
		n += r[1] - r[0] + 1
	}
	return n
}

func formatRanges(rs [][2]uint64) string {
	var parts []string
	for i, r := range rs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more ranges", len(rs)-5))
			break
		}
		if r[0] == r[1] {
			parts = append(parts, fmt.Sprint(r[0]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", r[0], r[1]))
		}
	}
	return strings.Join(parts, ", ")
}
