package node

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/core/state"
)

// storeApp is an application reduced to its store: Commit saves it, and
// Restored counts the reloads.
type storeApp struct {
	abci.BaseApplication
	store    *state.Store
	restored int
}

func (a *storeApp) Store() *state.Store { return a.store }
func (a *storeApp) Commit(context.Context, *abci.RequestCommit) (*abci.ResponseCommit, error) {
	_, _, err := a.store.Commit()
	return &abci.ResponseCommit{}, err
}
func (a *storeApp) Restored() error { a.restored++; return nil }

// emptyStore is a new store on disk.
func emptyStore(t *testing.T) *state.Store {
	t.Helper()
	s, err := state.Open(t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func gz(t testing.TB, raw []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestChunkCodec(t *testing.T) {
	nodes := []state.SnapshotNode{
		{Key: []byte("a"), Value: []byte("1"), Version: 3},
		{Key: []byte("b"), Value: []byte{}, Version: 1 << 40},
		{Key: []byte("b"), Version: 4, Height: 1},
	}
	var raw []byte
	for _, n := range nodes {
		raw = appendNode(raw, n)
	}
	got, err := decodeChunk(gz(t, raw))
	if err != nil || fmt.Sprint(got) != fmt.Sprint(nodes) || got[1].Value == nil {
		t.Fatalf("decoded %v (%v), want %v", got, err, nodes)
	}
	for name, chunk := range map[string][]byte{
		"not gzip":           raw,
		"cut in a key":       gz(t, raw[:len(raw)-3]),
		"a length too great": gz(t, []byte{0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f}),
		"too big unpacked":   gz(t, make([]byte, maxChunkRaw+1)),
	} {
		if _, err := decodeChunk(chunk); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

func FuzzDecodeChunk(f *testing.F) {
	f.Add(gz(f, appendNode(nil, state.SnapshotNode{Key: []byte("k"), Value: []byte("v"), Version: 1})))
	f.Add(gz(f, []byte{1, 2, 1, 'k'}))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, chunk []byte) {
		nodes, err := decodeChunk(chunk)
		if err != nil {
			return
		}
		// What decodes encodes back to the same nodes.
		var raw []byte
		for _, n := range nodes {
			raw = appendNode(raw, n)
		}
		again, err := decodeChunk(gz(t, raw))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(nodes) {
			t.Fatalf("re-encoded %v, decoded %v (%v)", nodes, again, err)
		}
	})
}

// restoreVia runs CometBFT's side of a restore: offer, then each chunk
// from load, until the app answers something other than ACCEPT.
func restoreVia(t *testing.T, to *snapshotApp, sn *abci.Snapshot, appHash []byte, load func(i uint32) []byte) abci.ResponseApplySnapshotChunk_Result {
	t.Helper()
	ctx := context.Background()
	offer, err := to.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: sn, AppHash: appHash})
	if err != nil || offer.Result != abci.ResponseOfferSnapshot_ACCEPT {
		t.Fatalf("offer: %v %v", offer, err)
	}
	for i := range sn.Chunks {
		res, err := to.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: i, Chunk: load(i), Sender: "peer"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
			return res.Result
		}
	}
	return abci.ResponseApplySnapshotChunk_ACCEPT
}

// A server makes snapshots at its interval after Commit, keeps the last
// two, and serves them; a new node restores one chunk by chunk to the
// server's state at that height. A chunk that is not the snapshot's is
// fetched again; a snapshot whose state is not the trusted one is
// rejected and leaves the store empty for the next; a node with state
// refuses to restore.
func TestSnapshotServeAndRestore(t *testing.T) {
	defer func(old int) { chunkRawSize = old }(chunkRawSize)
	chunkRawSize = 4 << 10
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()

	src := &storeApp{store: emptyStore(t)}
	server := newSnapshotApp(src, src, filepath.Join(t.TempDir(), "snapshots"), 3, 2, log)
	hashes := map[int64][]byte{}
	for v := range 10 {
		for k := range 100 {
			if err := src.store.Working().Set(fmt.Appendf(nil, "key-%d-%d", v, k), bytes.Repeat([]byte{byte(v)}, 40)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := server.Commit(ctx, &abci.RequestCommit{}); err != nil {
			t.Fatal(err)
		}
		server.wait() // one at a time here, so that none is skipped
		hashes[src.store.LastVersion()] = src.store.LastHash()
	}
	list, err := server.ListSnapshots(ctx, &abci.RequestListSnapshots{})
	if err != nil || len(list.Snapshots) != 2 || list.Snapshots[0].Height != 9 || list.Snapshots[1].Height != 6 {
		t.Fatalf("snapshots: %v %v", list, err)
	}
	sn := list.Snapshots[0]
	if sn.Chunks < 3 {
		t.Fatalf("%d chunks: the test wants several", sn.Chunks)
	}
	load := func(i uint32) []byte {
		res, err := server.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: sn.Height, Format: sn.Format, Chunk: i})
		if err != nil || len(res.Chunk) == 0 {
			t.Fatalf("chunk %d: %v", i, err)
		}
		return res.Chunk
	}

	dst := &storeApp{store: emptyStore(t)}
	client := newSnapshotApp(dst, dst, filepath.Join(t.TempDir(), "snapshots"), 0, 2, log)

	// The state of another height under this snapshot's app hash.
	if r := restoreVia(t, client, sn, hashes[8], load); r != abci.ResponseApplySnapshotChunk_REJECT_SNAPSHOT {
		t.Fatalf("a snapshot that is not the trusted state: %v", r)
	}
	if dst.store.LastVersion() != 0 || dst.restored != 0 {
		t.Fatalf("a rejected snapshot left version %d", dst.store.LastVersion())
	}

	// A damaged chunk is asked for again, from another peer.
	offer, _ := client.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: sn, AppHash: hashes[9]})
	if offer.Result != abci.ResponseOfferSnapshot_ACCEPT {
		t.Fatalf("offer: %v", offer)
	}
	damaged := append([]byte(nil), load(0)...)
	damaged[len(damaged)/2] ^= 1
	res, err := client.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: 0, Chunk: damaged, Sender: "liar"})
	if err != nil || res.Result != abci.ResponseApplySnapshotChunk_RETRY || len(res.RefetchChunks) != 1 || res.RejectSenders[0] != "liar" {
		t.Fatalf("a damaged chunk: %v %v", res, err)
	}

	if r := restoreVia(t, client, sn, hashes[9], load); r != abci.ResponseApplySnapshotChunk_ACCEPT {
		t.Fatalf("restore: %v", r)
	}
	if dst.store.LastVersion() != 9 || !bytes.Equal(dst.store.LastHash(), hashes[9]) || dst.restored != 1 {
		t.Fatalf("restored version %d hash %X, reloaded %d times", dst.store.LastVersion(), dst.store.LastHash(), dst.restored)
	}
	v, err := dst.store.Committed().Get([]byte("key-3-7"))
	if err != nil || !bytes.Equal(v, bytes.Repeat([]byte{3}, 40)) {
		t.Fatalf("a restored key: %x %v", v, err)
	}

	// Now it holds state: another snapshot is refused.
	offer, _ = client.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: list.Snapshots[1], AppHash: hashes[6]})
	if offer.Result != abci.ResponseOfferSnapshot_ABORT {
		t.Fatalf("a snapshot offered to a node with state: %v", offer)
	}
	// Offers that do not add up are refused.
	for name, bad := range map[string]*abci.Snapshot{
		"format 2":         {Height: sn.Height, Format: 2, Chunks: sn.Chunks, Hash: sn.Hash, Metadata: sn.Metadata},
		"a chunk more":     {Height: sn.Height, Format: 1, Chunks: sn.Chunks + 1, Hash: sn.Hash, Metadata: sn.Metadata},
		"another hash":     {Height: sn.Height, Format: 1, Chunks: sn.Chunks, Hash: make([]byte, 32), Metadata: sn.Metadata},
		"no chunks at all": {Height: sn.Height, Format: 1},
	} {
		offer, _ := client.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: bad, AppHash: hashes[9]})
		if offer.Result == abci.ResponseOfferSnapshot_ACCEPT {
			t.Errorf("%s: accepted", name)
		}
	}
	// A half-written snapshot is not offered.
	if err := os.MkdirAll(filepath.Join(string(server.dir), "12.partial"), 0o700); err != nil {
		t.Fatal(err)
	}
	if list, _ := server.ListSnapshots(ctx, &abci.RequestListSnapshots{}); len(list.Snapshots) != 2 {
		t.Fatalf("a partial snapshot listed: %v", list.Snapshots)
	}
}
