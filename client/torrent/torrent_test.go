package torrent

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anacrolix/torrent/bencode"
	"github.com/anacrolix/torrent/metainfo"
)

// writeTree makes files under dir from name → size, filled from rng, and
// returns their contents.
func writeTree(t *testing.T, dir string, files map[string]int, rng *rand.Rand) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, size := range files {
		b := make([]byte, size)
		rng.Read(b)
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func TestCreateThenParse(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	writeTree(t, dir, map[string]int{"album/a.flac": 100_000, "album/cover/b.jpg": 33_333, "album/empty": 0}, rng)
	raw, err := Create(filepath.Join(dir, "album"), CreateOptions{Trackers: []string{"http://127.0.0.1:1/announce", "udp://127.0.0.1:2"}, Comment: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	tor, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if tor.Name != "album" || !tor.MultiFile || tor.Length != 133_333 || tor.Comment != "hi" {
		t.Fatalf("parsed %+v", tor)
	}
	if tor.PieceLength != 16<<10 || tor.NumPieces() != 9 || tor.PieceSize(8) != 133_333-8*16<<10 {
		t.Fatalf("pieces: length %d, %d of them, last %d", tor.PieceLength, tor.NumPieces(), tor.PieceSize(8))
	}
	var paths []string
	for _, f := range tor.Files {
		paths = append(paths, f.DisplayPath())
	}
	if got := strings.Join(paths, ","); got != "a.flac,cover/b.jpg,empty" {
		t.Fatalf("files %s", got)
	}
	if len(tor.Trackers) != 2 || tor.Trackers[1][0] != "udp://127.0.0.1:2" {
		t.Fatalf("trackers %v", tor.Trackers)
	}
	if tor.InfoHash != Hash(sha1.Sum(tor.InfoBytes)) {
		t.Fatal("info hash is not the SHA-1 of the info bytes")
	}
	m, err := ParseMagnet(tor.Magnet())
	if err != nil || m.InfoHash != tor.InfoHash || m.Name != "album" || len(m.Trackers) != 2 {
		t.Fatalf("magnet %q: %+v, %v", tor.Magnet(), m, err)
	}
}

func TestCreateRefuses(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]int{"empty/x": 0, "f": 10}, rand.New(rand.NewSource(2)))
	for name, c := range map[string]struct {
		path string
		o    CreateOptions
		want string
	}{
		"missing":     {filepath.Join(dir, "nope"), CreateOptions{}, "no such file"},
		"empty":       {filepath.Join(dir, "empty"), CreateOptions{}, "files are empty"},
		"odd piece":   {filepath.Join(dir, "f"), CreateOptions{PieceLength: 20_000}, "power of two"},
		"small piece": {filepath.Join(dir, "f"), CreateOptions{PieceLength: 8 << 10}, "power of two"},
		"huge piece":  {filepath.Join(dir, "f"), CreateOptions{PieceLength: 128 << 20}, "power of two"},
	} {
		if _, err := Create(c.path, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// torrentBytes bencodes a metainfo around info.
func torrentBytes(t *testing.T, info any) []byte {
	t.Helper()
	ib, err := bencode.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bencode.Marshal(metainfo.MetaInfo{InfoBytes: ib, Announce: "http://t/announce"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRefusesMalformed(t *testing.T) {
	pieces := func(n int) string { return strings.Repeat("x", 20*n) }
	file := func(length int, path ...string) map[string]any { return map[string]any{"length": length, "path": path} }
	for name, c := range map[string]struct {
		raw  []byte
		want string
	}{
		"not bencode":   {[]byte("hello"), "not a .torrent file"},
		"empty":         {nil, "not a .torrent file"},
		"truncated":     {[]byte("d4:infod"), "invalid torrent"},
		"no info":       {[]byte("d8:announce1:xe"), "no info dictionary"},
		"zero piece":    {torrentBytes(t, map[string]any{"name": "a", "length": 5, "piece length": 0, "pieces": pieces(1)}), "piece length 0"},
		"ragged pieces": {torrentBytes(t, map[string]any{"name": "a", "length": 5, "piece length": 16384, "pieces": "abc"}), "not a multiple of 20"},
		"few pieces":    {torrentBytes(t, map[string]any{"name": "a", "length": 40000, "piece length": 16384, "pieces": pieces(2)}), "2 piece hashes"},
		"no length":     {torrentBytes(t, map[string]any{"name": "a", "piece length": 16384, "pieces": pieces(1)}), "no files"},
		"dotdot name":   {torrentBytes(t, map[string]any{"name": "..", "length": 5, "piece length": 16384, "pieces": pieces(1)}), `".."`},
		"slash name":    {torrentBytes(t, map[string]any{"name": "a/b", "length": 5, "piece length": 16384, "pieces": pieces(1)}), "separator"},
		"climbing file": {torrentBytes(t, map[string]any{"name": "a", "files": []any{file(5, "..", "etc", "passwd")}, "piece length": 16384, "pieces": pieces(1)}), `".."`},
		"absolute file": {torrentBytes(t, map[string]any{"name": "a", "files": []any{file(5, "/etc")}, "piece length": 16384, "pieces": pieces(1)}), "separator"},
		"empty path":    {torrentBytes(t, map[string]any{"name": "a", "files": []any{file(5)}, "piece length": 16384, "pieces": pieces(1)}), "empty path"},
		"twice":         {torrentBytes(t, map[string]any{"name": "a", "files": []any{file(5, "x"), file(5, "X")}, "piece length": 16384, "pieces": pieces(1)}), "appears twice"},
		"negative":      {torrentBytes(t, map[string]any{"name": "a", "files": []any{file(-5, "x"), file(10, "y")}, "piece length": 16384, "pieces": pieces(1)}), "negative"},
		"v2 only":       {torrentBytes(t, map[string]any{"name": "a", "meta version": 2, "file tree": map[string]any{"a": map[string]any{"": map[string]any{"length": 5}}}, "piece length": 16384}), "v2-only"},
	} {
		_, err := Parse(c.raw)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrInvalid with %q", name, err, c.want)
		}
	}
}

func TestParseMagnet(t *testing.T) {
	const hex = "c9e15763f722f23e98a29decdfae341b98d53056"
	m, err := ParseMagnet("magnet:?xt=urn:btih:" + hex + "&dn=Some+Thing&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce&x.pe=127.0.0.1:51413")
	if err != nil {
		t.Fatal(err)
	}
	if m.InfoHash.String() != hex || m.Name != "Some Thing" || m.Trackers[0] != "http://127.0.0.1:6969/announce" || m.Peers[0] != "127.0.0.1:51413" {
		t.Fatalf("%+v", m)
	}
	// Base32 is the same hash.
	b32, err := ParseMagnet("magnet:?xt=urn:btih:ZHQVOY7XELZD5GFCTXWN7LRUDOMNKMCW")
	if err != nil || b32.InfoHash != m.InfoHash {
		t.Fatalf("base32: %v %v", b32.InfoHash, err)
	}
	again, err := ParseMagnet(m.String())
	if err != nil || again.InfoHash != m.InfoHash || again.Peers[0] != m.Peers[0] {
		t.Fatalf("round trip %q: %+v %v", m.String(), again, err)
	}
	for _, bad := range []string{"", "http://x", "magnet:?dn=x", "magnet:?xt=urn:btih:zz", "magnet:?xt=urn:btih:" + hex + "&x.pe=nohostport"} {
		if _, err := ParseMagnet(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestBitfield(t *testing.T) {
	f := NewBitfield(10)
	f.Set(0)
	f.Set(9)
	if !f.Has(0) || !f.Has(9) || f.Has(5) || f.Has(10) || f.Has(-1) || f.Count() != 2 || f.Full() {
		t.Fatalf("%08b", f.Bytes())
	}
	if !bytes.Equal(f.Bytes(), []byte{0x80, 0x40}) {
		t.Fatalf("wire form %08b", f.Bytes())
	}
	g, err := BitfieldFromBytes(f.Bytes(), 10)
	if err != nil || !g.Has(9) || g.Count() != 2 {
		t.Fatalf("%v %v", g, err)
	}
	g.Clear(9)
	if !f.Has(9) {
		t.Fatal("BitfieldFromBytes shares its input")
	}
	if _, err := BitfieldFromBytes([]byte{0x80, 0x20}, 10); err == nil {
		t.Fatal("spare bit accepted")
	}
	if _, err := BitfieldFromBytes([]byte{0x80}, 10); err == nil {
		t.Fatal("short bitfield accepted")
	}
	f.SetAll()
	if !f.Full() {
		t.Fatal("SetAll")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("d4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"))
	f.Add([]byte("d4:infod5:filesld6:lengthi5e4:pathl1:xeee4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		tor, err := Parse(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		var sum int64
		for _, file := range tor.Files {
			for _, c := range file.Path {
				if checkComponent(c) != nil {
					t.Fatalf("accepted path %q", file.Path)
				}
			}
			sum += file.Length
		}
		if sum != tor.Length || int64(tor.NumPieces()) != (tor.Length+tor.PieceLength-1)/tor.PieceLength {
			t.Fatalf("inconsistent torrent %+v", tor)
		}
	})
}

func FuzzParseMagnet(f *testing.F) {
	f.Add("magnet:?xt=urn:btih:c9e15763f722f23e98a29decdfae341b98d53056&dn=x&tr=udp://a:1&x.pe=1.2.3.4:5")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMagnet(s)
		if err != nil {
			return
		}
		if again, err := ParseMagnet(m.String()); err != nil || again.InfoHash != m.InfoHash {
			t.Fatalf("%q round trips to %q: %v", s, m.String(), err)
		}
	})
}
