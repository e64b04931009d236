package speed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Vault keeps a seller's vouchers on disk, one file of JSON lines per
// channel (DIR/CHANNEL.jsonl, the format of paych.ReadVouchers), so that
// the speedwatch watcher redeems them and a crash loses none: a voucher is
// written to its file before the buyer gets a receipt. Files are synced
// once a second and on Close, which bounds what a power cut (not a killed
// process: written data is the kernel's then) can lose to that second.
//
// Only a channel's best voucher matters (amounts are cumulative), so a
// file that grows past compactAfter lines is rewritten with the best one
// alone, through a temporary file and a rename.
type Vault struct {
	dir     string
	chainID string

	mu      sync.Mutex
	best    map[paych.ChannelID]paych.SignedVoucher
	lines   map[paych.ChannelID]int
	files   map[paych.ChannelID]*os.File
	dirty   map[*os.File]bool
	stop    chan struct{}
	stopped chan struct{}
}

// compactAfter is how many lines a channel's file may hold before it is
// rewritten with its best voucher.
const compactAfter = 4096

// OpenVault opens (creating it) the vault in dir for chainID's vouchers
// and reads the best voucher of every channel from the files there.
func OpenVault(dir, chainID string) (*Vault, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("voucher directory: %w", err)
	}
	v := &Vault{dir: dir, chainID: chainID, best: map[paych.ChannelID]paych.SignedVoucher{}, lines: map[paych.ChannelID]int{},
		files: map[paych.ChannelID]*os.File{}, dirty: map[*os.File]bool{},
		stop: make(chan struct{}), stopped: make(chan struct{})}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("voucher directory: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".jsonl") {
			continue
		}
		if err := v.load(filepath.Join(dir, e.Name())); err != nil {
			return nil, err
		}
	}
	go v.syncLoop()
	return v, nil
}

// load reads one file. A torn last line (a crash mid-write) is dropped;
// anything else unreadable is an error, since the file is ours alone.
func (v *Vault) load(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read vouchers: %w", err)
	}
	if i := bytes.LastIndexByte(b, '\n'); i != len(b)-1 {
		b = b[:i+1]
	}
	vs, err := paych.ReadVouchers(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("read vouchers in %s: %w", path, err)
	}
	for _, f := range vs {
		if f.ChainID != v.chainID {
			continue
		}
		id := f.Voucher.Channel
		v.lines[id]++
		if old, ok := v.best[id]; !ok || f.Voucher.Amount.Gt(old.Voucher.Amount) {
			v.best[id] = f.SignedVoucher
		}
	}
	return nil
}

// Best is the channel's best voucher's amount (zero if none) and nonce.
func (v *Vault) Best(id paych.ChannelID) (*uint256.Int, uint64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if sv, ok := v.best[id]; ok {
		return new(uint256.Int).Set(sv.Voucher.Amount), sv.Voucher.Nonce
	}
	return new(uint256.Int), 0
}

// Earnings is every channel's best voucher: what the seller was promised.
func (v *Vault) Earnings() map[paych.ChannelID]*uint256.Int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[paych.ChannelID]*uint256.Int, len(v.best))
	for id, sv := range v.best {
		out[id] = new(uint256.Int).Set(sv.Voucher.Amount)
	}
	return out
}

// Keep writes sv, which the caller checked, to its channel's file, unless
// the vault holds a better one. It returns false without writing in that
// case.
func (v *Vault) Keep(sv paych.SignedVoucher) (bool, error) {
	line, err := json.Marshal(paych.VoucherFile{ChainID: v.chainID, SignedVoucher: sv})
	if err != nil {
		return false, err
	}
	line = append(line, '\n')
	id := sv.Voucher.Channel
	v.mu.Lock()
	defer v.mu.Unlock()
	if old, ok := v.best[id]; ok && (!sv.Voucher.Amount.Gt(old.Voucher.Amount) || sv.Voucher.Nonce <= old.Voucher.Nonce) {
		return false, nil
	}
	if v.lines[id] >= compactAfter {
		if err := v.compact(id, line); err != nil {
			return false, err
		}
	} else {
		f, err := v.file(id)
		if err != nil {
			return false, err
		}
		if _, err := f.Write(line); err != nil {
			return false, fmt.Errorf("keep voucher: %w", err)
		}
		v.dirty[f] = true
		v.lines[id]++
	}
	v.best[id] = sv
	return true, nil
}

func (v *Vault) path(id paych.ChannelID) string { return filepath.Join(v.dir, id.String()+".jsonl") }

func (v *Vault) file(id paych.ChannelID) (*os.File, error) {
	if f := v.files[id]; f != nil {
		return f, nil
	}
	f, err := os.OpenFile(v.path(id), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("keep voucher: %w", err)
	}
	v.files[id] = f
	return f, nil
}

// compact replaces the channel's file by one holding line alone.
func (v *Vault) compact(id paych.ChannelID, line []byte) error {
	tmp := v.path(id) + ".tmp"
	if err := writeSynced(tmp, line); err != nil {
		return fmt.Errorf("keep voucher: %w", err)
	}
	if f := v.files[id]; f != nil {
		f.Close()
		delete(v.dirty, f)
		delete(v.files, id)
	}
	if err := os.Rename(tmp, v.path(id)); err != nil {
		return fmt.Errorf("keep voucher: %w", err)
	}
	v.lines[id] = 1
	return nil
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// KeepClose records a cooperative close the seller signed, for the record,
// in DIR/closes/CHANNEL.json (out of the voucher files' way).
func (v *Vault) KeepClose(sc paych.SignedClose) error {
	b, err := json.Marshal(paych.CloseFile{ChainID: v.chainID, SignedClose: sc})
	if err != nil {
		return err
	}
	dir := filepath.Join(v.dir, "closes")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return writeSynced(filepath.Join(dir, sc.Close.Channel.String()+".json"), b)
}

func (v *Vault) syncLoop() {
	defer close(v.stopped)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-v.stop:
			return
		case <-tick.C:
			v.sync()
		}
	}
}

func (v *Vault) sync() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for f := range v.dirty {
		_ = f.Sync()
		delete(v.dirty, f)
	}
}

// Close syncs and closes the files.
func (v *Vault) Close() error {
	close(v.stop)
	<-v.stopped
	v.sync()
	v.mu.Lock()
	defer v.mu.Unlock()
	var errs []error
	for id, f := range v.files {
		errs = append(errs, f.Close())
		delete(v.files, id)
	}
	return errors.Join(errs...)
}

// Channels lists the channels the vault holds vouchers of, in id order.
func (v *Vault) Channels() []paych.ChannelID {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]paych.ChannelID, 0, len(v.best))
	for id := range v.best {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i][:], out[j][:]) < 0 })
	return out
}
