package torrent

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/anacrolix/torrent/bencode"
	"github.com/anacrolix/torrent/metainfo"
)

// ErrInvalid is wrapped by every error about a malformed .torrent file or
// info dictionary.
var ErrInvalid = errors.New("invalid torrent")

// MaxPieceLength bounds the piece length a torrent may declare: a piece is
// held in memory while it downloads, and no common client makes pieces
// over 64 MiB.
const MaxPieceLength = 64 << 20

// Hash is a v1 info hash or piece hash: 20 bytes of SHA-1.
type Hash [20]byte

// String is the hash in lowercase hex, as clients and trackers show it.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// File is one file of a torrent, placed in the torrent's byte stream.
type File struct {
	Path    []string // components below the torrent's directory; for a single-file torrent, the name
	Length  int64
	Offset  int64 // of its first byte in the torrent
	Padding bool  // a BEP 47 padding file: zeros that are never written
}

// DisplayPath is the file's path with slashes.
func (f File) DisplayPath() string { return strings.Join(f.Path, "/") }

// Torrent is a parsed v1 torrent.
type Torrent struct {
	InfoHash    Hash
	Name        string
	PieceLength int64
	Pieces      []Hash
	Length      int64
	Files       []File
	// MultiFile says the files live in a directory named Name.
	MultiFile bool
	Private   bool
	// Trackers are the announce URLs in tiers (BEP 12), the announce key
	// first when there is no list.
	Trackers [][]string
	// InfoBytes is the info dictionary as it appeared, served to peers that
	// ask for metadata (BEP 9).
	InfoBytes []byte
	Comment   string
	CreatedBy string
}

// NumPieces is the number of pieces.
func (t *Torrent) NumPieces() int { return len(t.Pieces) }

// PieceSize is the length of piece i: PieceLength but for the last.
func (t *Torrent) PieceSize(i int) int64 {
	if i == len(t.Pieces)-1 {
		return t.Length - int64(i)*t.PieceLength
	}
	return t.PieceLength
}

// Load reads and parses a .torrent file.
func Load(path string) (*Torrent, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read torrent: %w", err)
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Parse parses the bytes of a .torrent file.
func Parse(data []byte) (*Torrent, error) {
	if len(data) == 0 || data[0] != 'd' {
		return nil, fmt.Errorf("%w: not a .torrent file (it must be a bencoded dictionary)", ErrInvalid)
	}
	var mi metainfo.MetaInfo
	if err := bencode.Unmarshal(data, &mi); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if len(mi.InfoBytes) == 0 {
		return nil, fmt.Errorf("%w: no info dictionary", ErrInvalid)
	}
	trackers := mi.UpvertedAnnounceList().Clone()
	t, err := FromInfo(mi.InfoBytes, cleanTiers(trackers))
	if err != nil {
		return nil, err
	}
	t.Comment, t.CreatedBy = mi.Comment, mi.CreatedBy
	return t, nil
}

// FromInfo builds a Torrent from the bytes of an info dictionary, as a
// magnet link's peers send it, with the given trackers.
func FromInfo(infoBytes []byte, trackers [][]string) (*Torrent, error) {
	var info metainfo.Info
	if err := bencode.Unmarshal(infoBytes, &info); err != nil {
		return nil, fmt.Errorf("%w: info dictionary: %v", ErrInvalid, err)
	}
	t := &Torrent{
		InfoHash:  sha1.Sum(infoBytes),
		Name:      info.Name,
		Private:   info.Private != nil && *info.Private,
		Trackers:  trackers,
		InfoBytes: bytes.Clone(infoBytes),
	}
	if info.NameUtf8 != "" {
		t.Name = info.NameUtf8
	}
	if err := checkComponent(t.Name); err != nil {
		return nil, fmt.Errorf("%w: name: %v", ErrInvalid, err)
	}
	if len(info.Pieces) == 0 && info.HasV2() {
		return nil, fmt.Errorf("%w: a BitTorrent v2-only torrent; btt reads v1 and hybrid torrents", ErrInvalid)
	}
	if info.PieceLength <= 0 || info.PieceLength > MaxPieceLength {
		return nil, fmt.Errorf("%w: piece length %d is not between 1 and %d", ErrInvalid, info.PieceLength, MaxPieceLength)
	}
	t.PieceLength = info.PieceLength
	if len(info.Pieces)%20 != 0 {
		return nil, fmt.Errorf("%w: pieces is %d bytes, not a multiple of 20", ErrInvalid, len(info.Pieces))
	}
	t.Pieces = make([]Hash, len(info.Pieces)/20)
	for i := range t.Pieces {
		copy(t.Pieces[i][:], info.Pieces[20*i:])
	}
	if err := t.layFiles(&info); err != nil {
		return nil, err
	}
	if want := (t.Length + t.PieceLength - 1) / t.PieceLength; int64(len(t.Pieces)) != want {
		return nil, fmt.Errorf("%w: %d piece hashes for %d bytes in pieces of %d (want %d)",
			ErrInvalid, len(t.Pieces), t.Length, t.PieceLength, want)
	}
	return t, nil
}

func (t *Torrent) layFiles(info *metainfo.Info) error {
	if len(info.Files) == 0 {
		if info.Length <= 0 {
			return fmt.Errorf("%w: no files and no length", ErrInvalid)
		}
		t.Files = []File{{Path: []string{t.Name}, Length: info.Length}}
		t.Length = info.Length
		return nil
	}
	t.MultiFile = true
	seen := map[string]bool{}
	for i, fi := range info.Files {
		path := fi.Path
		if len(fi.PathUtf8) > 0 {
			path = fi.PathUtf8
		}
		if len(path) == 0 {
			return fmt.Errorf("%w: file %d has an empty path", ErrInvalid, i)
		}
		for _, c := range path {
			if err := checkComponent(c); err != nil {
				return fmt.Errorf("%w: file %d (%s): %v", ErrInvalid, i, strings.Join(path, "/"), err)
			}
		}
		if fi.Length < 0 {
			return fmt.Errorf("%w: file %d (%s) has a negative length", ErrInvalid, i, strings.Join(path, "/"))
		}
		f := File{Path: path, Length: fi.Length, Offset: t.Length, Padding: strings.Contains(fi.Attr, "p")}
		if !f.Padding {
			// Case-folded: two names that differ only in case are one
			// file on the file systems most users have.
			key := strings.ToLower(f.DisplayPath())
			if seen[key] {
				return fmt.Errorf("%w: file %s appears twice", ErrInvalid, f.DisplayPath())
			}
			seen[key] = true
		}
		t.Files = append(t.Files, f)
		if t.Length+fi.Length < t.Length {
			return fmt.Errorf("%w: total length overflows", ErrInvalid)
		}
		t.Length += fi.Length
	}
	if t.Length == 0 {
		return fmt.Errorf("%w: every file is empty", ErrInvalid)
	}
	return nil
}

// checkComponent refuses a path component that would leave the download
// directory or cannot be a file name.
func checkComponent(c string) error {
	switch {
	case c == "":
		return errors.New("an empty path component")
	case c == "." || c == "..":
		return fmt.Errorf("path component %q", c)
	case strings.ContainsAny(c, "/\\\x00"):
		return fmt.Errorf("path component %q contains a separator or NUL", c)
	case filepath.IsAbs(c) || filepath.VolumeName(c) != "":
		return fmt.Errorf("absolute path %q", c)
	}
	return nil
}

// cleanTiers drops empty URLs and tiers.
func cleanTiers(tiers [][]string) [][]string {
	var out [][]string
	for _, tier := range tiers {
		var keep []string
		for _, u := range tier {
			if u = strings.TrimSpace(u); u != "" {
				keep = append(keep, u)
			}
		}
		if len(keep) > 0 {
			out = append(out, keep)
		}
	}
	return out
}

// Magnet is the magnet link of the torrent, with its trackers.
func (t *Torrent) Magnet() string {
	m := metainfo.Magnet{InfoHash: metainfo.Hash(t.InfoHash), DisplayName: t.Name}
	for _, tier := range t.Trackers {
		m.Trackers = append(m.Trackers, tier...)
	}
	return m.String()
}
