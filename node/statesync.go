package node

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/core/state"
)

// minSnapshotLife is the fewest heights a snapshot should be kept for: a
// joining node discovers snapshots for 15 s, then fetches one chunk after
// another from servers that must still have it (CometBFT asks for a
// deleted one's chunks again and again).
const minSnapshotLife = 600

// restorable is the application as state sync needs it: the store to
// restore into, and a reload of what it keeps beside the store.
type restorable interface {
	Store() *state.Store
	Restored() error
}

// snapshotApp gives the application CometBFT's state-sync calls. As a
// server it makes a snapshot every interval heights after Commit, in the
// background, and serves them (ListSnapshots, LoadSnapshotChunk). As a
// new node it restores one (OfferSnapshot, ApplySnapshotChunk): each
// chunk is checked against the snapshot's metadata when it arrives, and
// the restored state against the app hash CometBFT's light client
// verified; a snapshot that fails either is rejected, its sender
// reported, and the store emptied for the next one.
//
// The snapshot files live on the node's disk, which the state machine
// never reads: that is why this is the node's and not the chain's.
type snapshotApp struct {
	abci.Application
	app      restorable
	dir      snapshotDir
	interval int64
	keep     int
	log      *slog.Logger

	making atomic.Bool    // a snapshot is being made
	wg     sync.WaitGroup // the one being made, for close

	mu      sync.Mutex // the restore; CometBFT calls the restore methods in turn
	restore *restoring
}

// restoring is a snapshot being restored.
type restoring struct {
	snapshot *abci.Snapshot
	appHash  []byte
	imp      *state.Importer
	next     uint32 // the chunk expected
}

func newSnapshotApp(inner abci.Application, app restorable, dir string, interval int64, keep int, log *slog.Logger) *snapshotApp {
	return &snapshotApp{Application: inner, app: app, dir: snapshotDir(dir), interval: interval, keep: keep, log: log}
}

// Commit commits the block and, at a snapshot height, starts the
// snapshot of the state just saved. One is made at a time: a height that
// comes while the last is still being written is skipped.
func (s *snapshotApp) Commit(ctx context.Context, req *abci.RequestCommit) (*abci.ResponseCommit, error) {
	res, err := s.Application.Commit(ctx, req)
	if err != nil || s.interval <= 0 {
		return res, err
	}
	h := s.app.Store().LastVersion()
	if h%s.interval != 0 || !s.making.CompareAndSwap(false, true) {
		return res, nil
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.making.Store(false)
		info, err := s.dir.make(s.app.Store(), h)
		if err != nil {
			s.log.Error("state-sync snapshot not made", "height", h, "err", err)
			return
		}
		s.log.Info("state-sync snapshot made", "height", h, "chunks", len(info.Chunks))
		if err := s.dir.prune(s.keep); err != nil {
			s.log.Error("old state-sync snapshots not deleted", "err", err)
		}
	}()
	return res, nil
}

// wait waits for a snapshot being made.
func (s *snapshotApp) wait() { s.wg.Wait() }

// ListSnapshots offers this node's snapshots.
func (s *snapshotApp) ListSnapshots(context.Context, *abci.RequestListSnapshots) (*abci.ResponseListSnapshots, error) {
	list, err := s.dir.list()
	if err != nil {
		s.log.Error("listing state-sync snapshots", "err", err)
	}
	return &abci.ResponseListSnapshots{Snapshots: list}, nil
}

// LoadSnapshotChunk serves one chunk of a snapshot (empty if it has none).
func (s *snapshotApp) LoadSnapshotChunk(_ context.Context, req *abci.RequestLoadSnapshotChunk) (*abci.ResponseLoadSnapshotChunk, error) {
	if req.Format != snapshotFormat {
		return &abci.ResponseLoadSnapshotChunk{}, nil
	}
	return &abci.ResponseLoadSnapshotChunk{Chunk: s.dir.chunk(int64(req.Height), req.Chunk)}, nil
}

// OfferSnapshot accepts a snapshot of a format this node reads, whose
// metadata is a hash per chunk and hashes to the snapshot's hash, if the
// store is empty.
func (s *snapshotApp) OfferSnapshot(_ context.Context, req *abci.RequestOfferSnapshot) (*abci.ResponseOfferSnapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	reject := func(r abci.ResponseOfferSnapshot_Result, why string) (*abci.ResponseOfferSnapshot, error) {
		s.log.Info("state-sync snapshot refused", "height", req.GetSnapshot().GetHeight(), "why", why)
		return &abci.ResponseOfferSnapshot{Result: r}, nil
	}
	sn := req.Snapshot
	switch {
	case sn == nil:
		return reject(abci.ResponseOfferSnapshot_REJECT, "no snapshot")
	case sn.Format != snapshotFormat:
		return reject(abci.ResponseOfferSnapshot_REJECT_FORMAT, fmt.Sprintf("format %d", sn.Format))
	case sn.Chunks == 0 || uint64(len(sn.Metadata)) != 32*uint64(sn.Chunks):
		return reject(abci.ResponseOfferSnapshot_REJECT, "metadata is not a hash per chunk")
	case sn.Height == 0 || sn.Height > 1<<62 || len(req.AppHash) == 0:
		return reject(abci.ResponseOfferSnapshot_REJECT, "no height or app hash")
	}
	if sum := sha256.Sum256(sn.Metadata); !bytes.Equal(sum[:], sn.Hash) {
		return reject(abci.ResponseOfferSnapshot_REJECT, "the hash is not the metadata's")
	}
	if s.restore != nil {
		s.abort()
	}
	imp, err := s.app.Store().Import(int64(sn.Height))
	if err != nil {
		// State sync on a node that holds state: nothing to do but stop.
		s.log.Error("state sync", "err", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ABORT}, nil
	}
	s.restore = &restoring{snapshot: sn, appHash: bytes.Clone(req.AppHash), imp: imp}
	s.log.Info("restoring a state-sync snapshot", "height", sn.Height, "chunks", sn.Chunks)
	return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ACCEPT}, nil
}

// ApplySnapshotChunk adds a chunk's nodes to the restore; after the last
// it saves the tree and compares its hash with the trusted app hash.
func (s *snapshotApp) ApplySnapshotChunk(_ context.Context, req *abci.RequestApplySnapshotChunk) (*abci.ResponseApplySnapshotChunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.restore
	if r == nil {
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ABORT}, nil
	}
	if req.Index != r.next {
		// CometBFT applies chunks in order; anything else starts over.
		s.abort()
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_RETRY_SNAPSHOT}, nil
	}
	want := r.snapshot.Metadata[32*req.Index : 32*req.Index+32]
	if sum := sha256.Sum256(req.Chunk); !bytes.Equal(sum[:], want) {
		s.log.Info("state-sync chunk refused: not the snapshot's", "chunk", req.Index, "sender", req.Sender)
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_RETRY,
			RefetchChunks: []uint32{req.Index}, RejectSenders: rejectSender(req.Sender)}, nil
	}
	bad := func(err error) (*abci.ResponseApplySnapshotChunk, error) {
		s.log.Error("state-sync snapshot refused", "height", r.snapshot.Height, "chunk", req.Index, "err", err)
		s.abort()
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_REJECT_SNAPSHOT, RejectSenders: rejectSender(req.Sender)}, nil
	}
	nodes, err := decodeChunk(req.Chunk)
	if err != nil {
		return bad(err)
	}
	for _, n := range nodes {
		if err := r.imp.Add(n); err != nil {
			return bad(err)
		}
	}
	r.next++
	if r.next < r.snapshot.Chunks {
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ACCEPT}, nil
	}
	if err := r.imp.Commit(); err != nil {
		return bad(err)
	}
	if got := s.app.Store().LastHash(); !bytes.Equal(got, r.appHash) {
		return bad(fmt.Errorf("the restored state's hash is %X, the chain's %X", got, r.appHash))
	}
	if err := s.app.Restored(); err != nil {
		return nil, fmt.Errorf("state sync: load the restored state: %w", err)
	}
	s.log.Info("state-sync snapshot restored", "height", r.snapshot.Height)
	s.restore = nil
	return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ACCEPT}, nil
}

// abort drops the restore under way and empties the store.
func (s *snapshotApp) abort() {
	if err := s.restore.imp.Abort(); err != nil {
		s.log.Error("state sync: emptying the store after a refused snapshot", "err", err)
	}
	s.restore = nil
}

func rejectSender(sender string) []string {
	if sender == "" {
		return nil
	}
	return []string{sender}
}
