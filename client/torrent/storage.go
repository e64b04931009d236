package torrent

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
)

// errShort is a file on disk shorter than the torrent says it is: not yet
// downloaded, or truncated since.
var errShort = errors.New("file is shorter than the torrent says")

// maxOpenFiles bounds the file handles a Storage keeps, so that a torrent
// of thousands of files does not exhaust the process's descriptors.
const maxOpenFiles = 64

// Storage is a torrent's bytes on disk, addressed by their offset in the
// torrent. It is safe for concurrent use.
type Storage struct {
	t    *Torrent
	root string // the directory (multi-file) or the file (single-file)

	mu    sync.Mutex
	open  map[int]*os.File // by index in t.Files
	inUse map[int]int      // reads and writes under way on each open file
	order []int            // open files, least recently used first
}

// OpenStorage places t under dir: dir/NAME is the file of a single-file
// torrent or the directory of a multi-file one. Nothing is created until
// something is written.
func OpenStorage(t *Torrent, dir string) *Storage {
	return &Storage{t: t, root: filepath.Join(dir, t.Name), open: map[int]*os.File{}, inUse: map[int]int{}}
}

// Path is where the torrent's file or directory is.
func (s *Storage) Path() string { return s.root }

// FilePath is where file i of the torrent lives.
func (s *Storage) FilePath(i int) string {
	if !s.t.MultiFile {
		return s.root
	}
	return filepath.Join(append([]string{s.root}, s.t.Files[i].Path...)...)
}

// ReadAt reads len(p) bytes at torrent offset off. A file that does not
// exist yet or is too short reads as an error: only verified pieces are
// read.
func (s *Storage) ReadAt(p []byte, off int64) error {
	return s.span(p, off, func(i int, chunk []byte, at int64) error {
		if s.t.Files[i].Padding {
			clear(chunk)
			return nil
		}
		f, err := s.file(i, false)
		if err != nil {
			return err
		}
		defer s.release(i)
		if _, err := f.ReadAt(chunk, at); err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("%w: %s", errShort, s.FilePath(i))
			}
			return err
		}
		return nil
	})
}

// WriteAt writes p at torrent offset off, creating files and directories
// as needed.
func (s *Storage) WriteAt(p []byte, off int64) error {
	return s.span(p, off, func(i int, chunk []byte, at int64) error {
		if s.t.Files[i].Padding {
			return nil
		}
		f, err := s.file(i, true)
		if err != nil {
			return err
		}
		defer s.release(i)
		_, err = f.WriteAt(chunk, at)
		return err
	})
}

// span calls fn for each file's part of [off, off+len(p)).
func (s *Storage) span(p []byte, off int64, fn func(file int, chunk []byte, at int64) error) error {
	if off < 0 || off+int64(len(p)) > s.t.Length {
		return fmt.Errorf("bytes %d+%d are outside the torrent's %d", off, len(p), s.t.Length)
	}
	files := s.t.Files
	i := sort.Search(len(files), func(i int) bool { return files[i].Offset+files[i].Length > off })
	for ; len(p) > 0 && i < len(files); i++ {
		f := files[i]
		if f.Length == 0 {
			continue
		}
		at := off - f.Offset
		n := min(int64(len(p)), f.Length-at)
		if err := fn(i, p[:n], at); err != nil {
			return err
		}
		p, off = p[n:], off+n
	}
	return nil
}

// file returns an open handle to file i, opening (and with create, making)
// it.
func (s *Storage) file(i int, create bool) (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.open[i]; ok {
		s.touch(i)
		s.inUse[i]++
		return f, nil
	}
	path := s.FilePath(i)
	flag := os.O_RDWR
	if create {
		flag |= os.O_CREATE
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil && !create && errors.Is(err, os.ErrPermission) {
		f, err = os.Open(path) // seeding from read-only files
	}
	if err != nil {
		return nil, err
	}
	// Close the least recently used file that nobody is reading or
	// writing; with all in use, stay over the bound for a while.
	for k, old := range s.order {
		if len(s.order) < maxOpenFiles {
			break
		}
		if s.inUse[old] == 0 {
			s.order = append(s.order[:k:k], s.order[k+1:]...)
			s.open[old].Close()
			delete(s.open, old)
			break
		}
	}
	s.open[i] = f
	s.order = append(s.order, i)
	s.inUse[i]++
	return f, nil
}

// release ends a use of file i that file began.
func (s *Storage) release(i int) {
	s.mu.Lock()
	s.inUse[i]--
	if s.inUse[i] == 0 {
		delete(s.inUse, i)
	}
	s.mu.Unlock()
}

func (s *Storage) touch(i int) {
	for k, j := range s.order {
		if j == i {
			s.order = append(append(s.order[:k:k], s.order[k+1:]...), i)
			return
		}
	}
}

// CreateEmpty makes the torrent's empty files, which no piece writes.
func (s *Storage) CreateEmpty() error {
	for i, f := range s.t.Files {
		if f.Length == 0 && !f.Padding {
			if _, err := s.file(i, true); err != nil {
				return err
			}
			s.release(i)
		}
	}
	return nil
}

// ReadPiece reads piece i into buf, which must hold PieceSize(i) bytes,
// and returns that slice of it.
func (s *Storage) ReadPiece(i int, buf []byte) ([]byte, error) {
	buf = buf[:s.t.PieceSize(i)]
	return buf, s.ReadAt(buf, int64(i)*s.t.PieceLength)
}

// Verify says whether the data of piece i hashes to its piece hash.
func (t *Torrent) Verify(i int, data []byte) bool {
	return int64(len(data)) == t.PieceSize(i) && sha1.Sum(data) == t.Pieces[i]
}

// Recheck hashes what is on disk and returns the pieces that verify. A
// piece whose files are missing or short is simply absent. progress, if
// not nil, is called after each piece from any goroutine.
func (s *Storage) Recheck(ctx context.Context, progress func(checked int)) (Bitfield, error) {
	have := NewBitfield(s.t.NumPieces())
	var (
		mu      sync.Mutex
		checked int
		first   error
	)
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, s.t.PieceLength)
			for i := range next {
				data, err := s.ReadPiece(i, buf)
				ok := err == nil && s.t.Verify(i, data)
				if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, errShort) {
					mu.Lock()
					first = cmpErr(first, fmt.Errorf("piece %d: %w", i, err))
					mu.Unlock()
				}
				mu.Lock()
				if ok {
					have.Set(i)
				}
				checked++
				c := checked
				mu.Unlock()
				if progress != nil {
					progress(c)
				}
			}
		}()
	}
	for i := range s.t.NumPieces() {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return have, err
	}
	return have, first
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Close closes the open files.
func (s *Storage) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for i, f := range s.open {
		first = cmpErr(first, f.Close())
		delete(s.open, i)
	}
	s.order = nil
	return first
}
