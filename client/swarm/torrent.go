package swarm

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/tracker"
)

// State is where a torrent is in its life.
type State string

// The states a torrent goes through.
const (
	Paused   State = "paused"
	Checking State = "checking"
	Metadata State = "fetching metadata"
	Leeching State = "downloading"
	Seeding  State = "seeding"
	Failed   State = "error"
)

// How often the torrent looks after its peers, rechooses whom to upload
// to, and tells its peers of others.
const (
	tickEvery    = time.Second
	rechokeEvery = 10 * time.Second
	pexEvery     = time.Minute
	// pexFirst is how soon after connecting a peer hears of the others.
	pexFirst = 5 * time.Second
	// snubAfter is how long a peer may sit on our requests before they
	// are asked of others.
	snubAfter = 20 * time.Second
)

// Torrent is one torrent in a Client.
type Torrent struct {
	c            *Client
	ih           torrent.Hash
	dir          string
	initialPeers []string
	magnet       *torrent.Magnet
	buyer        *speed.Buyer // nil: the torrent pays nobody

	runMu  sync.Mutex // serializes Resume and Pause
	cancel context.CancelFunc
	runCtx context.Context // the running torrent's; read under mu
	wg     sync.WaitGroup

	mu        sync.Mutex
	meta      *torrent.Torrent
	storage   *torrent.Storage
	checked   bool // the files on disk were rechecked
	have      torrent.Bitfield
	avail     []int // connected peers that have each piece
	active    map[int]*piece
	peers     map[*peer]struct{}
	known     map[string]*candidate
	strikes   map[string]int    // by ban key, across reconnections
	banned    map[string]string // ban key → why
	dialing   int
	state     State
	err       error
	checkedN  int // pieces rechecked so far, while Checking
	resumed   int // pieces the recheck found
	meta9     *metadataFetch
	rng       *mrand.Rand
	announcer *tracker.Announcer
	done      chan struct{}
	doneOnce  sync.Once
	nextID    uint64
	lastChoke time.Time

	bufs sync.Pool // piece buffers, PieceLength each: a download reuses a few

	downloaded, uploaded, wasted int64 // bytes: verified, sent, thrown away
	downRate, upRate             rateMeter
	earned                       *uint256.Int // wei credited by the sales of peers gone
}

func newTorrent(c *Client, src Source, o AddOptions) *Torrent {
	t := &Torrent{
		c: c, ih: src.infoHash(), dir: o.Dir, initialPeers: o.Peers, magnet: src.Magnet, buyer: o.Buyer, earned: new(uint256.Int),
		active: map[int]*piece{}, peers: map[*peer]struct{}{}, known: map[string]*candidate{},
		strikes: map[string]int{}, banned: map[string]string{},
		state: Paused, done: make(chan struct{}),
		rng: mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())),
	}
	if src.Magnet != nil {
		t.initialPeers = append(t.initialPeers, src.Magnet.Peers...)
	}
	if src.Torrent != nil {
		t.setMeta(src.Torrent)
	}
	return t
}

// setMeta installs the metainfo, from the .torrent or from peers.
func (t *Torrent) setMeta(m *torrent.Torrent) {
	t.meta = m
	t.storage = torrent.OpenStorage(m, t.dir)
	t.have = torrent.NewBitfield(m.NumPieces())
	t.avail = make([]int, m.NumPieces())
}

// InfoHash is the torrent's v1 info hash.
func (t *Torrent) InfoHash() torrent.Hash { return t.ih }

// Meta is the parsed torrent, nil while a magnet link's metadata is being
// fetched.
func (t *Torrent) Meta() *torrent.Torrent {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.meta
}

// Done is closed when every piece is verified.
func (t *Torrent) Done() <-chan struct{} { return t.done }

// Resume starts (or restarts) the torrent: recheck on first start, then
// trackers and peers.
func (t *Torrent) Resume() {
	t.runMu.Lock()
	defer t.runMu.Unlock()
	if t.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(t.c.ctx)
	t.cancel = cancel
	t.mu.Lock()
	t.err, t.runCtx = nil, ctx
	switch {
	case t.meta == nil:
		t.state = Metadata
	case !t.checked:
		t.state = Checking
	case t.have.Full():
		t.state = Seeding
	default:
		t.state = Leeching
	}
	t.mu.Unlock()
	t.wg.Add(1)
	go t.run(ctx)
}

// Pause disconnects every peer, tells the trackers, and waits until the
// torrent's goroutines have stopped. Verified pieces stay on disk.
func (t *Torrent) Pause() {
	t.runMu.Lock()
	defer t.runMu.Unlock()
	if t.cancel == nil {
		return
	}
	t.cancel()
	t.cancel = nil
	t.wg.Wait()
	t.mu.Lock()
	if t.state != Failed {
		t.state = Paused
	}
	t.mu.Unlock()
}

func (t *Torrent) closeStorage() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.storage == nil {
		return nil
	}
	return t.storage.Close()
}

// acceptsPeers says whether the torrent is running.
func (t *Torrent) acceptsPeers() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state != Paused && t.state != Failed && t.state != Checking
}

func (t *Torrent) run(ctx context.Context) {
	defer t.wg.Done()
	defer t.disconnectAll()
	t.mu.Lock()
	haveMeta := t.meta != nil
	t.mu.Unlock()
	if haveMeta && !t.start(ctx) {
		return
	}
	t.announcer = tracker.New(tracker.Config{
		InfoHash: t.ih, PeerID: t.c.peerID, Port: t.c.port, Tiers: t.trackers(),
		Stats: t.trackerStats, Peers: t.addCandidates, UserAgent: t.c.cfg.Name,
		Logger: t.c.log.With("torrent", t.ih.String()), MinInterval: t.c.cfg.TrackerInterval,
	})
	t.wg.Add(1)
	go func() { defer t.wg.Done(); t.announcer.Run(ctx) }()
	t.addCandidates(t.initialPeers)
	if t.c.dht != nil && !t.private() {
		t.wg.Add(1)
		go t.lookupDHT(ctx)
	}
	tick := time.NewTicker(tickEvery)
	defer tick.Stop()
	for {
		t.tick(ctx, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// start rechecks the files on first start and sets the state from what is
// there. It reports false when the torrent cannot go on.
func (t *Torrent) start(ctx context.Context) bool {
	t.mu.Lock()
	checked, st := t.checked, t.storage
	t.state = Checking
	t.mu.Unlock()
	if !checked {
		have, err := st.Recheck(ctx, func(n int) {
			t.mu.Lock()
			t.checkedN = n
			t.mu.Unlock()
		})
		if ctx.Err() != nil {
			return false
		}
		if err != nil {
			t.fail(fmt.Errorf("check the files in %s: %w", st.Path(), err))
			return false
		}
		t.mu.Lock()
		t.have, t.checked, t.resumed = have, true, have.Count()
		t.mu.Unlock()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = Leeching
	if t.have.Full() {
		t.completeLocked()
		t.signalDone()
	}
	return true
}

// signalDone closes Done, once. A download signals it only after paying
// for its last piece, so that whoever waits for it reads the final spend.
func (t *Torrent) signalDone() { t.doneOnce.Do(func() { close(t.done) }) }

// private says the torrent takes peers only from its trackers (BEP 27).
func (t *Torrent) private() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.meta != nil && t.meta.Private
}

// fail stops the torrent with an error the user sees in its stats.
func (t *Torrent) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failLocked(err)
}

func (t *Torrent) failLocked(err error) {
	t.state, t.err = Failed, err
	t.c.log.Error("torrent stopped", "torrent", t.ih.String(), "err", err)
	go func() {
		t.runMu.Lock()
		c := t.cancel
		t.runMu.Unlock()
		if c != nil {
			c()
		}
	}()
}

func (t *Torrent) trackers() [][]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.trackersLocked()
}

func (t *Torrent) trackersLocked() [][]string {
	if t.meta != nil {
		return t.meta.Trackers
	}
	var tiers [][]string
	for _, tr := range t.magnet.Trackers {
		tiers = append(tiers, []string{tr})
	}
	return tiers
}

func (t *Torrent) trackerStats() tracker.Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := tracker.Stats{Uploaded: t.uploaded, Downloaded: t.downloaded, Left: 1}
	if t.meta != nil {
		s.Left = t.meta.Length - t.completedBytes()
	}
	return s
}

// completedBytes is the length of the verified pieces.
func (t *Torrent) completedBytes() int64 {
	n := int64(t.have.Count()) * t.meta.PieceLength
	if last := t.meta.NumPieces() - 1; t.have.Has(last) {
		n -= t.meta.PieceLength - t.meta.PieceSize(last)
	}
	return n
}

// completeLocked marks the download finished: seed from now on.
func (t *Torrent) completeLocked() {
	if t.state == Seeding {
		return
	}
	t.state = Seeding
	if err := t.storage.CreateEmpty(); err != nil {
		t.c.log.Warn("create empty files", "err", err)
	}
	if t.announcer != nil {
		t.announcer.Announce(tracker.Completed)
	}
	for p := range t.peers {
		t.updateInterest(p)
		if p.seed() && !p.lingers(time.Now()) {
			// Two seeds have nothing to give each other.
			p.closeLocked(nil)
		}
	}
}

// tick looks after the peers once a second.
func (t *Torrent) tick(ctx context.Context, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == Failed || t.state == Checking {
		return
	}
	t.downRate.update(now, t.downloaded)
	t.upRate.update(now, t.uploaded)
	for p := range t.peers {
		if t.state == Seeding && p.seed() && !p.lingers(now) {
			p.closeLocked(nil) // a Speed channel between us is settled
			continue
		}
		p.down.update(now, p.downBytes.Load())
		p.up.update(now, p.upBytes.Load())
		p.pipeline = pipelineFor(p)
		if len(p.out) > 0 && now.Sub(p.lastBlock) > snubAfter {
			// Snubbed: ask others for what this peer sits on, and pay
			// it no more.
			p.releaseRequests()
			p.lastBlock = now
			if p.purchase != nil {
				p.purchase.Stalled()
			}
		}
		if t.meta != nil {
			t.updateInterest(p)
			t.fill(p)
		}
	}
	if t.meta9 != nil {
		t.meta9.retry(t, now)
	}
	if now.Sub(t.lastChoke) >= rechokeEvery {
		t.rechoke(now)
	}
	t.sendPex(now)
	t.connectMore(ctx, now)
}

func (t *Torrent) disconnectAll() {
	t.mu.Lock()
	for p := range t.peers {
		p.closeLocked(nil)
	}
	if t.state != Failed {
		t.state = Paused
	}
	t.mu.Unlock()
}

// Stats are a torrent's figures at one moment.
type Stats struct {
	InfoHash   string
	Name       string
	State      State
	Err        string
	Pieces     int
	Have       int
	Checked    int // pieces rechecked, while Checking
	Resumed    int // pieces already verified on disk when the torrent started
	Length     int64
	Completed  int64
	Downloaded int64
	Uploaded   int64
	Wasted     int64
	DownRate   float64 // bytes a second
	UpRate     float64
	Peers      int
	Seeds      int
	Tracker    tracker.Status
	// Spent is what the torrent's vouchers promised seeders and Earned
	// what its buyers' vouchers promised us, in wei (Speed).
	Spent, Earned *uint256.Int
}

// Progress is the fraction verified, from 0 to 1.
func (s Stats) Progress() float64 {
	if s.Length == 0 {
		return 0
	}
	return float64(s.Completed) / float64(s.Length)
}

// Ratio is uploaded over the torrent's length.
func (s Stats) Ratio() float64 {
	if s.Length == 0 {
		return 0
	}
	return float64(s.Uploaded) / float64(s.Length)
}

// Stats returns the torrent's figures.
func (t *Torrent) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := Stats{
		InfoHash: t.ih.String(), State: t.state, Checked: t.checkedN, Resumed: t.resumed,
		Downloaded: t.downloaded, Uploaded: t.uploaded, Wasted: t.wasted,
		DownRate: t.downRate.rate, UpRate: t.upRate.rate, Peers: len(t.peers),
		Spent: new(uint256.Int), Earned: t.earnedLocked(),
	}
	if t.buyer != nil {
		s.Spent = t.buyer.Spent()
	}
	if t.err != nil {
		s.Err = t.err.Error()
	}
	if t.magnet != nil {
		s.Name = t.magnet.Name
	}
	if t.meta != nil {
		s.Name, s.Pieces, s.Have, s.Length, s.Completed = t.meta.Name, t.meta.NumPieces(), t.have.Count(), t.meta.Length, t.completedBytes()
	}
	for p := range t.peers {
		if p.seed() {
			s.Seeds++
		}
	}
	if t.announcer != nil {
		s.Tracker = t.announcer.Status()
	}
	return s
}

// Err is the error that stopped the torrent, if any.
func (t *Torrent) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// errBanned closes a banned peer's connection.
var errBanned = errors.New("banned")

// rateMeter is an exponentially weighted rate of a growing total, with a
// time constant of about five seconds.
type rateMeter struct {
	last  time.Time
	total int64
	rate  float64
}

func (m *rateMeter) update(now time.Time, total int64) {
	if m.last.IsZero() {
		m.last, m.total = now, total
		return
	}
	dt := now.Sub(m.last).Seconds()
	if dt <= 0 {
		return
	}
	inst := float64(total-m.total) / dt
	m.rate += (inst - m.rate) * min(1, dt/5)
	m.last, m.total = now, total
}
