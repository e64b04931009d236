package torrent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/anacrolix/torrent/bencode"
	"github.com/anacrolix/torrent/metainfo"
)

// CreateOptions configure Create.
type CreateOptions struct {
	// Trackers are announce URLs, one per tier, in order.
	Trackers []string
	// PieceLength is the piece size; 0 chooses it from the total length
	// as common clients do (about 1,000–2,000 pieces, 16 KiB to 16 MiB).
	PieceLength int64
	Private     bool
	Comment     string
	CreatedBy   string
	// Now stamps the creation date; zero leaves it out.
	Now time.Time
}

// Create hashes the file or directory at path and returns the .torrent
// file's bytes. A directory becomes a multi-file torrent of the regular
// files below it, in path order.
func Create(path string, o CreateOptions) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is neither a file nor a directory", path)
	}
	if o.PieceLength < 0 || o.PieceLength > MaxPieceLength || o.PieceLength&(o.PieceLength-1) != 0 ||
		(o.PieceLength != 0 && o.PieceLength < 16<<10) {
		return nil, fmt.Errorf("piece length %d: it must be a power of two from 16 KiB to 64 MiB", o.PieceLength)
	}
	info := metainfo.Info{PieceLength: o.PieceLength}
	if info.PieceLength == 0 {
		total, err := totalSize(path)
		if err != nil {
			return nil, err
		}
		info.PieceLength = metainfo.ChoosePieceLengthEx(metainfo.ChoosePieceLengthOpts{TotalLength: total, MaxPieceSize: 16 << 20})
	}
	if o.Private {
		yes := true
		info.Private = &yes
	}
	if err := info.BuildFromFilePath(path); err != nil {
		return nil, fmt.Errorf("hash %s: %w", path, err)
	}
	if info.TotalLength() == 0 {
		return nil, errors.New("nothing to share: the files are empty")
	}
	if info.Name == metainfo.NoName {
		return nil, fmt.Errorf("%s has no name to give the torrent; name a file or directory below it", path)
	}
	infoBytes, err := bencode.Marshal(info)
	if err != nil {
		return nil, err
	}
	mi := metainfo.MetaInfo{InfoBytes: infoBytes, Comment: o.Comment, CreatedBy: o.CreatedBy}
	if !o.Now.IsZero() {
		mi.CreationDate = o.Now.Unix()
	}
	if len(o.Trackers) > 0 {
		mi.Announce = o.Trackers[0]
		if len(o.Trackers) > 1 {
			for _, tr := range o.Trackers {
				mi.AnnounceList = append(mi.AnnounceList, []string{tr})
			}
		}
	}
	return bencode.Marshal(mi)
}

// totalSize sums the sizes of the regular files at or below path, following
// symbolic links to files as the hashing does.
func totalSize(path string) (int64, error) {
	var total int64
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		total += st.Size()
		return nil
	})
	return total, err
}
