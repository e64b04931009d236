package swarm

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/anacrolix/dht/v2"
	"golang.org/x/time/rate"

	"github.com/bttc-network/bttc/client/speed"
	"github.com/bttc-network/bttc/client/torrent"
	"github.com/bttc-network/bttc/client/wire"
)

// Config configures a Client.
type Config struct {
	// ListenAddr is where peers connect; "127.0.0.1:0" picks a free port.
	// btt never listens beyond the address it is given.
	ListenAddr string
	// Name is the client's name in the extension handshake ("btt/1.0").
	Name string
	// PeerIDPrefix starts the peer id, in the Azureus style ("-BT0100-").
	PeerIDPrefix string
	// UploadRate and DownloadRate limit the client's bytes a second over
	// all torrents; 0 is no limit.
	UploadRate, DownloadRate int
	// MaxPeers bounds the connections of one torrent; 0 means 50.
	MaxPeers int
	// Choker decides whom to upload to; nil is tit-for-tat with 4 slots,
	// or with a Seller an Auction of its slots at its floor.
	Choker Choker
	// Seller, when set, sells upload slots to peers that speak the Speed
	// extension.
	Seller *speed.Seller
	// TrackerInterval bounds how often trackers are asked; 0 means 30 s.
	TrackerInterval time.Duration
	// DHT, when not nil, runs a DHT node and finds peers through it.
	DHT    *DHTConfig
	Logger *slog.Logger
}

// Client runs torrents and the socket their peers connect to.
type Client struct {
	cfg    Config
	ln     net.Listener
	port   int
	peerID [20]byte
	up     *rate.Limiter
	down   *rate.Limiter
	share  uploadShare
	log    *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	dht    *dht.Server

	mu       sync.Mutex
	torrents map[torrent.Hash]*Torrent
}

// ErrExists is returned when adding a torrent the client already runs.
var ErrExists = errors.New("torrent already added")

// NewClient listens on cfg.ListenAddr and starts accepting peers.
func NewClient(cfg Config) (*Client, error) {
	if cfg.ListenAddr == "" {
		cfg.ListenAddr = "127.0.0.1:0"
	}
	if cfg.Name == "" {
		cfg.Name = "btt"
	}
	if cfg.PeerIDPrefix == "" {
		cfg.PeerIDPrefix = "-BT0100-"
	}
	if cfg.MaxPeers <= 0 {
		cfg.MaxPeers = 50
	}
	switch {
	case cfg.Choker != nil:
	case cfg.Seller != nil:
		cfg.Choker = NewAuction(cfg.Seller.Slots(), cfg.Seller.Floor())
	default:
		cfg.Choker = NewTitForTat(4)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for peers on %s: %w", cfg.ListenAddr, err)
	}
	c := &Client{cfg: cfg, ln: ln, log: cfg.Logger, torrents: map[torrent.Hash]*Torrent{}}
	c.port = ln.Addr().(*net.TCPAddr).Port
	copy(c.peerID[:], cfg.PeerIDPrefix)
	if _, err := rand.Read(c.peerID[len(cfg.PeerIDPrefix):]); err != nil {
		ln.Close()
		return nil, err
	}
	c.up, c.down = limiter(cfg.UploadRate), limiter(cfg.DownloadRate)
	c.ctx, c.cancel = context.WithCancel(context.Background())
	if cfg.DHT != nil {
		if err := c.startDHT(*cfg.DHT); err != nil {
			c.cancel()
			ln.Close()
			return nil, err
		}
	}
	c.wg.Add(1)
	go c.accept()
	return c, nil
}

// limiter is a byte-rate limiter; nil means none. Its burst holds the
// largest block btt sends or receives.
func limiter(bytesPerSecond int) *rate.Limiter {
	if bytesPerSecond <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(bytesPerSecond), max(bytesPerSecond/4, wire.MaxRequest))
}

// Addr is the address peers connect to.
func (c *Client) Addr() string { return c.ln.Addr().String() }

// Port is the listening port, announced to trackers.
func (c *Client) Port() int { return c.port }

// PeerID is the client's peer id.
func (c *Client) PeerID() [20]byte { return c.peerID }

func (c *Client) accept() {
	defer c.wg.Done()
	for {
		conn, err := c.ln.Accept()
		if err != nil {
			if c.ctx.Err() == nil {
				c.log.Error("accepting peers stopped", "err", err)
			}
			return
		}
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.handshakeIncoming(conn)
		}()
	}
}

func (c *Client) handshakeIncoming(conn net.Conn) {
	var t *Torrent
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	wc, err := wire.Accept(ctx, conn, func(peer wire.Handshake) (wire.Handshake, bool) {
		c.mu.Lock()
		t = c.torrents[peer.InfoHash]
		c.mu.Unlock()
		return wire.Handshake{Reserved: wire.OurReserved(), InfoHash: peer.InfoHash, PeerID: c.peerID}, t != nil && t.acceptsPeers()
	})
	if err != nil {
		conn.Close()
		return
	}
	t.addConn(wc, "")
}

// Source is what a torrent is added from: a parsed .torrent or a magnet
// link.
type Source struct {
	Torrent *torrent.Torrent
	Magnet  *torrent.Magnet
}

func (s Source) infoHash() torrent.Hash {
	if s.Torrent != nil {
		return s.Torrent.InfoHash
	}
	return s.Magnet.InfoHash
}

// AddOptions configure one torrent.
type AddOptions struct {
	// Dir is where the torrent's file or directory is (or goes).
	Dir string
	// Peers are addresses to try at once, besides the trackers'.
	Peers []string
	// Paused adds the torrent without starting it.
	Paused bool
	// Buyer, when set, pays seeders that sell upload slots (Speed) from
	// its budget. The caller calls its Finish when the download is over.
	Buyer *speed.Buyer
}

// Add starts a torrent: it rechecks what Dir already holds, then joins the
// swarm. A magnet link first fetches the metadata from peers.
func (c *Client) Add(src Source, o AddOptions) (*Torrent, error) {
	if (src.Torrent == nil) == (src.Magnet == nil) {
		return nil, errors.New("add: give a torrent or a magnet link")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx.Err() != nil {
		return nil, errors.New("add: the client is closed")
	}
	ih := src.infoHash()
	if _, ok := c.torrents[ih]; ok {
		return nil, fmt.Errorf("%w: %s", ErrExists, ih)
	}
	t := newTorrent(c, src, o)
	c.torrents[ih] = t
	if !o.Paused {
		t.Resume()
	}
	return t, nil
}

// Torrent returns the torrent with the info hash, or nil.
func (c *Client) Torrent(ih torrent.Hash) *Torrent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.torrents[ih]
}

// Torrents are the client's torrents.
func (c *Client) Torrents() []*Torrent {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Torrent, 0, len(c.torrents))
	for _, t := range c.torrents {
		out = append(out, t)
	}
	return out
}

// Remove stops a torrent and forgets it; its files stay.
func (c *Client) Remove(ih torrent.Hash) error {
	c.mu.Lock()
	t := c.torrents[ih]
	delete(c.torrents, ih)
	c.mu.Unlock()
	if t == nil {
		return fmt.Errorf("no torrent %s", ih)
	}
	t.Pause()
	return t.closeStorage()
}

// Close stops every torrent (announcing stopped to their trackers) and
// the listener.
func (c *Client) Close() error {
	c.mu.Lock()
	ts := make([]*Torrent, 0, len(c.torrents))
	for _, t := range c.torrents {
		ts = append(ts, t)
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		go func() { defer wg.Done(); t.Pause(); t.closeStorage() }()
	}
	wg.Wait()
	c.cancel()
	err := c.ln.Close()
	if c.dht != nil {
		c.dht.Close()
	}
	c.wg.Wait()
	return err
}

// hostPort formats an address for dialing.
func hostPort(ip net.IP, port int) string { return net.JoinHostPort(ip.String(), strconv.Itoa(port)) }
