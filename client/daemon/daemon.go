package daemon

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/swarm"
	"github.com/bttc-network/bttc/client/torrent"
)

// ErrNotFound is returned for an id that names no torrent.
var ErrNotFound = errors.New("no such torrent")

// ErrAmbiguous is returned for an id prefix that names several torrents.
var ErrAmbiguous = errors.New("the id matches several torrents; give more of the info hash")

// Daemon is a set of torrents that outlives any one command.
type Daemon struct {
	home string
	cl   *swarm.Client
	opts Options
	stop chan struct{}

	mu    sync.Mutex
	items map[torrent.Hash]*item
}

// item is one torrent and what the daemon remembers of it.
type item struct {
	Hash   string `json:"info_hash"`
	Magnet string `json:"magnet,omitempty"` // when added from a magnet link
	Dir    string `json:"dir"`
	Paused bool   `json:"paused"`
	// MaxSpend and MaxPrice, when set, pay seeders from the wallet (the
	// budget starts afresh when the daemon restarts).
	MaxSpend string `json:"max_spend,omitempty"`
	MaxPrice string `json:"max_price,omitempty"`

	t       *swarm.Torrent
	buyer   *speed.Buyer
	gone    chan struct{} // closed by Remove
	settled chan struct{} // closed when the buyer's channels are closed
}

// Options configure a daemon.
type Options struct {
	// Wallet, when set, lets torrents pay seeders and shows the wallet's
	// channels and contracts on the page.
	Wallet *Wallet
}

// Open starts a daemon over a running swarm client, with its memory in
// home, and restarts the torrents it had.
func Open(home string, cl *swarm.Client, opts Options) (*Daemon, error) {
	if err := os.MkdirAll(filepath.Join(home, "torrents"), 0o700); err != nil {
		return nil, err
	}
	d := &Daemon{home: home, cl: cl, opts: opts, stop: make(chan struct{}), items: map[torrent.Hash]*item{}}
	b, err := os.ReadFile(d.statePath())
	if errors.Is(err, os.ErrNotExist) {
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	var saved []*item
	if err := json.Unmarshal(b, &saved); err != nil {
		return nil, fmt.Errorf("%s is corrupt (%v); move it away to start with no torrents", d.statePath(), err)
	}
	for _, it := range saved {
		src, err := d.source(it)
		if err != nil {
			return nil, fmt.Errorf("restore torrent %s: %w", it.Hash, err)
		}
		if _, err := d.start(src, it); err != nil {
			return nil, fmt.Errorf("restore torrent %s: %w", it.Hash, err)
		}
	}
	return d, nil
}

func (d *Daemon) statePath() string { return filepath.Join(d.home, "torrents.json") }

func (d *Daemon) torrentPath(hash string) string {
	return filepath.Join(d.home, "torrents", hash+".torrent")
}

// source rebuilds what a remembered torrent was added from.
func (d *Daemon) source(it *item) (swarm.Source, error) {
	if it.Magnet != "" {
		m, err := torrent.ParseMagnet(it.Magnet)
		return swarm.Source{Magnet: &m}, err
	}
	t, err := torrent.Load(d.torrentPath(it.Hash))
	return swarm.Source{Torrent: t}, err
}

// AddRequest is what the API's add takes.
type AddRequest struct {
	Torrent []byte `json:"torrent,omitempty"` // a .torrent file's bytes
	Magnet  string `json:"magnet,omitempty"`
	Dir     string `json:"dir"`
	Paused  bool   `json:"paused,omitempty"`
	// Peers are addresses to try besides the trackers' (not remembered).
	Peers []string `json:"peers,omitempty"`
	// MaxSpend, with MaxPrice per MiB, pays seeders that sell upload
	// slots (Speed) from the daemon's wallet: amounts such as "100btt".
	MaxSpend string `json:"max_spend,omitempty"`
	MaxPrice string `json:"max_price,omitempty"`
}

// Add adds a torrent and remembers it.
func (d *Daemon) Add(req AddRequest) (Info, error) {
	if (len(req.Torrent) == 0) == (req.Magnet == "") {
		return Info{}, errors.New("give a torrent or a magnet link")
	}
	if req.Dir == "" || !filepath.IsAbs(req.Dir) {
		return Info{}, fmt.Errorf("dir %q: the download directory must be an absolute path", req.Dir)
	}
	if err := os.MkdirAll(req.Dir, 0o755); err != nil {
		return Info{}, fmt.Errorf("download directory: %w", err)
	}
	var src swarm.Source
	it := &item{Dir: req.Dir, Paused: req.Paused, MaxSpend: req.MaxSpend, MaxPrice: req.MaxPrice}
	if _, err := d.buyer(it); err != nil { // checked before anything is kept
		return Info{}, err
	}
	if req.Magnet != "" {
		m, err := torrent.ParseMagnet(req.Magnet)
		if err != nil {
			return Info{}, err
		}
		src.Magnet, it.Magnet, it.Hash = &m, req.Magnet, m.InfoHash.String()
	} else {
		t, err := torrent.Parse(req.Torrent)
		if err != nil {
			return Info{}, err
		}
		src.Torrent, it.Hash = t, t.InfoHash.String()
		if err := writeAtomic(d.torrentPath(it.Hash), req.Torrent); err != nil {
			return Info{}, err
		}
	}
	t, err := d.start(src, it)
	if err != nil {
		return Info{}, err
	}
	t.AddPeers(req.Peers)
	if err := d.save(); err != nil {
		return Info{}, err
	}
	return d.info(it, t), nil
}

func (d *Daemon) start(src swarm.Source, it *item) (*swarm.Torrent, error) {
	b, err := d.buyer(it)
	if err != nil {
		return nil, err
	}
	t, err := d.cl.Add(src, swarm.AddOptions{Dir: it.Dir, Paused: it.Paused, Buyer: b})
	if err != nil {
		if b != nil {
			b.Close()
		}
		return nil, err
	}
	it.t, it.buyer = t, b
	if b != nil {
		it.gone, it.settled = make(chan struct{}), make(chan struct{})
		go d.settle(it, t, b)
	}
	d.mu.Lock()
	d.items[t.InfoHash()] = it
	d.mu.Unlock()
	return t, nil
}

// Info is one torrent as the API shows it.
type Info struct {
	InfoHash     string  `json:"info_hash"`
	Name         string  `json:"name"`
	State        string  `json:"state"`
	Error        string  `json:"error,omitempty"`
	Dir          string  `json:"dir"`
	Pieces       int     `json:"pieces"`
	Have         int     `json:"have"`
	Checked      int     `json:"checked,omitempty"`
	Length       int64   `json:"length"`
	Completed    int64   `json:"completed"`
	Downloaded   int64   `json:"downloaded"`
	Uploaded     int64   `json:"uploaded"`
	Wasted       int64   `json:"wasted"`
	DownRate     float64 `json:"down_rate"`
	UpRate       float64 `json:"up_rate"`
	Peers        int     `json:"peers"`
	Seeds        int     `json:"seeds"`
	Progress     float64 `json:"progress"`
	Ratio        float64 `json:"ratio"`
	Tracker      string  `json:"tracker,omitempty"`
	TrackerError string  `json:"tracker_error,omitempty"`
	// Spent is what the torrent paid seeders and Earned what its buyers
	// paid us (Speed), in btt; MaxSpend the torrent's budget.
	Spent    string `json:"spent"`
	Earned   string `json:"earned"`
	MaxSpend string `json:"max_spend,omitempty"`
}

func (d *Daemon) info(it *item, t *swarm.Torrent) Info {
	s := t.Stats()
	in := Info{
		InfoHash: s.InfoHash, Name: s.Name, State: string(s.State), Error: s.Err, Dir: it.Dir,
		Pieces: s.Pieces, Have: s.Have, Checked: s.Checked, Length: s.Length, Completed: s.Completed,
		Downloaded: s.Downloaded, Uploaded: s.Uploaded, Wasted: s.Wasted, DownRate: s.DownRate, UpRate: s.UpRate,
		Peers: s.Peers, Seeds: s.Seeds, Progress: s.Progress(), Ratio: s.Ratio(), Tracker: s.Tracker.URL,
		Spent: amount(s.Spent), Earned: amount(s.Earned), MaxSpend: it.MaxSpend,
	}
	if s.Tracker.Err != nil {
		in.TrackerError = s.Tracker.Err.Error()
	}
	return in
}

// List is every torrent, by name.
func (d *Daemon) List() []Info {
	d.mu.Lock()
	items := make([]*item, 0, len(d.items))
	for _, it := range d.items {
		items = append(items, it)
	}
	d.mu.Unlock()
	out := make([]Info, 0, len(items))
	for _, it := range items {
		out = append(out, d.info(it, it.t))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].InfoHash < out[j].InfoHash
	})
	return out
}

// find resolves an id: an info hash or a unique prefix of one.
func (d *Daemon) find(id string) (*item, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if _, err := hex.DecodeString(id + strings.Repeat("0", len(id)%2)); err != nil || id == "" {
		return nil, fmt.Errorf("%w: %q is not an info hash", ErrNotFound, id)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var found *item
	for h, it := range d.items {
		if strings.HasPrefix(h.String(), id) {
			if found != nil {
				return nil, ErrAmbiguous
			}
			found = it
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return found, nil
}

// Get is one torrent.
func (d *Daemon) Get(id string) (Info, error) {
	it, err := d.find(id)
	if err != nil {
		return Info{}, err
	}
	return d.info(it, it.t), nil
}

// Pause pauses a torrent and remembers it paused.
func (d *Daemon) Pause(id string) (Info, error) { return d.setPaused(id, true) }

// Resume resumes a torrent.
func (d *Daemon) Resume(id string) (Info, error) { return d.setPaused(id, false) }

func (d *Daemon) setPaused(id string, paused bool) (Info, error) {
	it, err := d.find(id)
	if err != nil {
		return Info{}, err
	}
	if paused {
		it.t.Pause()
	} else {
		it.t.Resume()
	}
	d.mu.Lock()
	it.Paused = paused
	d.mu.Unlock()
	return d.info(it, it.t), d.save()
}

// Remove stops a torrent and forgets it; with deleteData its files go too.
func (d *Daemon) Remove(id string, deleteData bool) error {
	it, err := d.find(id)
	if err != nil {
		return err
	}
	meta := it.t.Meta()
	if it.buyer != nil {
		// Close its channels while the sellers are still connected.
		close(it.gone)
		<-it.settled
	}
	if err := d.cl.Remove(it.t.InfoHash()); err != nil {
		return err
	}
	d.mu.Lock()
	delete(d.items, it.t.InfoHash())
	d.mu.Unlock()
	os.Remove(d.torrentPath(it.Hash))
	if err := d.save(); err != nil {
		return err
	}
	if deleteData && meta != nil {
		return os.RemoveAll(filepath.Join(it.Dir, meta.Name))
	}
	return nil
}

// Close stops the daemon's work beside its torrents (the client is the
// caller's to close): channels of downloads not yet complete stay open.
func (d *Daemon) Close() {
	close(d.stop)
}

// save writes the list of torrents, atomically.
func (d *Daemon) save() error {
	d.mu.Lock()
	items := make([]*item, 0, len(d.items))
	for _, it := range d.items {
		items = append(items, it)
	}
	d.mu.Unlock()
	sort.Slice(items, func(i, j int) bool { return items[i].Hash < items[j].Hash })
	b, err := json.MarshalIndent(items, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(d.statePath(), b)
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
