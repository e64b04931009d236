package tracker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	neturl "net/url"
	"strconv"
	"sync"
	"time"

	at "github.com/anacrolix/torrent/tracker"
)

// Event is what an announce tells the tracker.
type Event = at.AnnounceEvent

// The events of BEP 3.
const (
	None      = at.None
	Started   = at.Started
	Completed = at.Completed
	Stopped   = at.Stopped
)

// Stats are the transfer totals an announce reports.
type Stats struct {
	Uploaded, Downloaded, Left int64
}

// Config configures an Announcer.
type Config struct {
	InfoHash [20]byte
	PeerID   [20]byte
	Port     int
	// Tiers are the torrent's announce URLs (BEP 12).
	Tiers [][]string
	// Stats reports the totals at each announce.
	Stats func() Stats
	// Peers receives the peers each announce returns, as host:port.
	Peers func(addrs []string)
	// UserAgent is sent to HTTP trackers.
	UserAgent string
	Logger    *slog.Logger
	// MinInterval bounds how often a tracker is asked, whatever it says;
	// 0 means 30 s.
	MinInterval time.Duration
}

// Announcer keeps a torrent announced to its trackers.
type Announcer struct {
	cfg  Config
	kick chan Event

	mu   sync.Mutex
	last Status
}

// Status is the outcome of the last announce.
type Status struct {
	URL      string
	At       time.Time
	Err      error
	Seeders  int
	Leechers int
	Peers    int
}

// New makes an Announcer; Run drives it.
func New(cfg Config) *Announcer {
	if cfg.MinInterval == 0 {
		cfg.MinInterval = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Announcer{cfg: cfg, kick: make(chan Event, 4)}
}

// Status is the last announce's outcome.
func (a *Announcer) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// Announce asks for an announce now with the event (Completed when the
// download finishes, None for more peers).
func (a *Announcer) Announce(e Event) {
	select {
	case a.kick <- e:
	default:
	}
}

// Run announces started, then again at each interval or when asked, and
// stopped (with a short time-out of its own) when ctx ends.
func (a *Announcer) Run(ctx context.Context) {
	if len(a.cfg.Tiers) == 0 {
		return
	}
	tiers := make([][]string, len(a.cfg.Tiers))
	for i, t := range a.cfg.Tiers {
		tiers[i] = append([]string(nil), t...)
	}
	event := Started
	quick := time.Duration(0)
	for {
		interval, peers := a.announce(ctx, tiers, event)
		event = None
		// A swarm that looked empty is asked again soon (5 s, then
		// doubling up to the interval): at a torrent's start its peers
		// often announce moments after us.
		if peers == 0 {
			quick = min(max(2*quick, 5*time.Second), interval)
			interval = quick
		} else {
			quick = 0
		}
		select {
		case <-ctx.Done():
			stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			a.announce(stop, tiers, Stopped)
			cancel()
			return
		case e := <-a.kick:
			event = e
		case <-time.After(interval):
		}
	}
}

// announce tries the tiers in order, and the URLs of a tier in order,
// moving a URL that answered to the front of its tier (BEP 12). It
// returns how long to wait before the next announce and how many peers
// the tracker gave.
func (a *Announcer) announce(ctx context.Context, tiers [][]string, e Event) (time.Duration, int) {
	var errs []error
	for _, tier := range tiers {
		for i, url := range tier {
			res, err := a.one(ctx, url, e)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", url, plain(err)))
				continue
			}
			copy(tier[1:i+1], tier[:i])
			tier[0] = url
			addrs := make([]string, 0, len(res.Peers))
			for _, p := range res.Peers {
				if p.Port > 0 && p.Port < 65536 && p.IP != nil {
					addrs = append(addrs, net.JoinHostPort(p.IP.String(), strconv.Itoa(p.Port)))
				}
			}
			a.set(Status{URL: url, At: time.Now(), Seeders: int(res.Seeders), Leechers: int(res.Leechers), Peers: len(addrs)})
			if len(addrs) > 0 && a.cfg.Peers != nil && e != Stopped {
				a.cfg.Peers(addrs)
			}
			return max(time.Duration(res.Interval)*time.Second, a.cfg.MinInterval), len(addrs)
		}
	}
	err := errors.Join(errs...)
	if prev := a.Status().Err; e != Stopped && (prev == nil || prev.Error() != err.Error()) {
		// Once per new failure: a dead tracker would fill the log.
		a.cfg.Logger.Warn("no tracker answered", "err", err)
	}
	a.set(Status{At: time.Now(), Err: err})
	return a.cfg.MinInterval, 0
}

func (a *Announcer) one(ctx context.Context, url string, e Event) (at.AnnounceResponse, error) {
	var s Stats
	if a.cfg.Stats != nil {
		s = a.cfg.Stats()
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req := at.AnnounceRequest{
		InfoHash:   a.cfg.InfoHash,
		PeerId:     a.cfg.PeerID,
		Downloaded: s.Downloaded,
		Uploaded:   s.Uploaded,
		Left:       s.Left,
		Event:      e,
		NumWant:    200,
		Port:       uint16(min(a.cfg.Port, math.MaxUint16)),
	}
	return at.Announce{TrackerUrl: url, Request: req, Context: ctx, UserAgent: a.cfg.UserAgent,
		Slogger: a.cfg.Logger}.Do()
}

// plain strips the announce URL (with its query of info hash, peer id and
// counts) from an HTTP error: the tracker's URL is already named.
func plain(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (a *Announcer) set(s Status) {
	a.mu.Lock()
	a.last = s
	a.mu.Unlock()
}
