package node

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/core/state"
)

// A state-sync snapshot of height H is the application state's tree at H,
// its nodes in the order state.Store.ExportVersion gives them, cut into
// chunks of whole nodes. Each chunk is gzip-compressed on its own, so
// that it is decoded and checked as it arrives. The snapshot's metadata is
// the chunks' SHA-256 hashes, one after another, and its hash the SHA-256
// of that: a chunk is checked against the metadata before it is used, and
// the restored tree against the app hash the light client trusts.
//
// A chunk is a sequence of nodes, each:
//
//	height   1 byte (int8; 0 for a leaf)
//	version  uvarint
//	key      uvarint length, bytes
//	value    uvarint length, bytes (leaves only)
//
// On disk, a snapshot is the folder data/snapshots/H with chunk files
// 0, 1, ... and snapshot.json; it is written as H.partial and renamed
// once whole, so that a crash never leaves a snapshot that looks whole.
const (
	snapshotFormat = 1
	// maxChunkRaw bounds what a chunk from a peer may decompress to.
	maxChunkRaw = 8 << 20
	// maxSnapshotKey and maxSnapshotValue bound one node's key and value.
	maxSnapshotKey   = 1 << 16
	maxSnapshotValue = 1 << 22
)

// chunkRawSize is the nodes' size at which a chunk is cut, before
// compression: far below CometBFT's 16 MB chunk message and maxChunkRaw.
// Tests make it small.
var chunkRawSize = 4 << 20

var errBadChunk = errors.New("malformed snapshot chunk")

// appendNode encodes one node onto b.
func appendNode(b []byte, n state.SnapshotNode) []byte {
	b = append(b, byte(n.Height))
	b = binary.AppendUvarint(b, uint64(n.Version))
	b = binary.AppendUvarint(b, uint64(len(n.Key)))
	b = append(b, n.Key...)
	if n.Height == 0 {
		b = binary.AppendUvarint(b, uint64(len(n.Value)))
		b = append(b, n.Value...)
	}
	return b
}

// decodeChunk decompresses and decodes a chunk. Its input comes from
// peers: every length is checked, and nothing it holds can make it panic
// or allocate more than maxChunkRaw.
func decodeChunk(chunk []byte) ([]state.SnapshotNode, error) {
	zr, err := gzip.NewReader(bytes.NewReader(chunk))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadChunk, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxChunkRaw+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadChunk, err)
	}
	if len(raw) > maxChunkRaw {
		return nil, fmt.Errorf("%w: more than %d bytes uncompressed", errBadChunk, maxChunkRaw)
	}
	var nodes []state.SnapshotNode
	for len(raw) > 0 {
		var n state.SnapshotNode
		n.Height = int8(raw[0])
		raw = raw[1:]
		v, k := binary.Uvarint(raw)
		if k <= 0 || v > 1<<62 {
			return nil, fmt.Errorf("%w: a node's version", errBadChunk)
		}
		n.Version, raw = int64(v), raw[k:]
		if n.Key, raw, err = readBytes(raw, maxSnapshotKey); err != nil {
			return nil, err
		}
		if n.Height == 0 {
			if n.Value, raw, err = readBytes(raw, maxSnapshotValue); err != nil {
				return nil, err
			}
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// readBytes reads a uvarint length and that many bytes (never nil, so
// that an empty value stays a value).
func readBytes(raw []byte, limit uint64) (b, rest []byte, err error) {
	n, k := binary.Uvarint(raw)
	if k <= 0 || n > limit || n > uint64(len(raw)-k) {
		return nil, nil, fmt.Errorf("%w: a length past the chunk's end or limit", errBadChunk)
	}
	raw = raw[k:]
	return append([]byte{}, raw[:n]...), raw[n:], nil
}

// snapshotInfo is snapshot.json.
type snapshotInfo struct {
	Height int64    `json:"height"`
	Format uint32   `json:"format"`
	Chunks [][]byte `json:"chunk_hashes"`
}

// abci is the snapshot as ListSnapshots offers it.
func (i snapshotInfo) abci() *abci.Snapshot {
	meta := bytes.Join(i.Chunks, nil)
	hash := sha256.Sum256(meta)
	return &abci.Snapshot{Height: uint64(i.Height), Format: i.Format, Chunks: uint32(len(i.Chunks)), Hash: hash[:], Metadata: meta}
}

// snapshotDir holds a node's snapshots: data/snapshots.
type snapshotDir string

func (d snapshotDir) path(height int64) string {
	return filepath.Join(string(d), strconv.FormatInt(height, 10))
}

// make writes the snapshot of store's version height. It reads the tree
// beside the writer; a crash leaves only a .partial folder, removed by
// the next snapshot.
func (d snapshotDir) make(store *state.Store, height int64) (*snapshotInfo, error) {
	final := d.path(height)
	if _, err := os.Stat(final); err == nil {
		return d.info(height)
	}
	tmp := final + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, err
	}
	info := &snapshotInfo{Height: height, Format: snapshotFormat}
	var raw []byte
	flush := func() error {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		if _, err := zw.Write(raw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		name := filepath.Join(tmp, strconv.Itoa(len(info.Chunks)))
		if err := os.WriteFile(name, z.Bytes(), 0o600); err != nil {
			return err
		}
		sum := sha256.Sum256(z.Bytes())
		info.Chunks = append(info.Chunks, sum[:])
		raw = raw[:0]
		return nil
	}
	err := store.ExportVersion(height, func(n state.SnapshotNode) error {
		raw = appendNode(raw, n)
		if len(raw) >= chunkRawSize {
			return flush()
		}
		return nil
	})
	if err == nil && (len(raw) > 0 || len(info.Chunks) == 0) {
		err = flush()
	}
	if err == nil {
		err = writeJSON(filepath.Join(tmp, "snapshot.json"), info)
	}
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, fmt.Errorf("snapshot of height %d: %w", height, err)
	}
	return info, nil
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// info reads a whole snapshot's snapshot.json.
func (d snapshotDir) info(height int64) (*snapshotInfo, error) {
	b, err := os.ReadFile(filepath.Join(d.path(height), "snapshot.json"))
	if err != nil {
		return nil, err
	}
	var i snapshotInfo
	if err := json.Unmarshal(b, &i); err != nil {
		return nil, fmt.Errorf("snapshot %d: snapshot.json: %w", height, err)
	}
	if i.Height != height {
		return nil, fmt.Errorf("snapshot %d: snapshot.json names height %d", height, i.Height)
	}
	return &i, nil
}

// heights lists the whole snapshots, oldest first.
func (d snapshotDir) heights() ([]int64, error) {
	entries, err := os.ReadDir(string(d))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var hs []int64
	for _, e := range entries {
		if h, err := strconv.ParseInt(e.Name(), 10, 64); err == nil && e.IsDir() && h > 0 {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	return hs, nil
}

// list is the whole snapshots as ListSnapshots offers them, newest first.
func (d snapshotDir) list() ([]*abci.Snapshot, error) {
	hs, err := d.heights()
	if err != nil {
		return nil, err
	}
	var out []*abci.Snapshot
	for _, h := range slices.Backward(hs) {
		i, err := d.info(h)
		if err != nil {
			continue // a damaged snapshot is not offered
		}
		out = append(out, i.abci())
	}
	return out, nil
}

// chunk reads chunk index of the snapshot of height; nil if there is none.
func (d snapshotDir) chunk(height int64, index uint32) []byte {
	b, err := os.ReadFile(filepath.Join(d.path(height), strconv.FormatUint(uint64(index), 10)))
	if err != nil {
		return nil
	}
	return b
}

// prune deletes all but the keep newest snapshots.
func (d snapshotDir) prune(keep int) error {
	hs, err := d.heights()
	if err != nil || len(hs) <= keep {
		return err
	}
	for _, h := range hs[:len(hs)-keep] {
		if err := os.RemoveAll(d.path(h)); err != nil {
			return err
		}
	}
	return nil
}
