package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrHomeInUse is returned when another bttcd process holds a home: a
// running node, or a command rewriting it.
var ErrHomeInUse = errors.New("bttcd is still running on this home: stop it first")

// LockFile is the file whose advisory lock marks a home as in use. It lives
// at the top of the home, so that it outlives a deleted data directory.
const LockFile = "bttcd.lock"

// LockHome takes the home's lock for as long as this process runs, or
// until unlock is called. It fails with ErrHomeInUse, naming the holder's
// process id, when another process has it. The lock is the kernel's
// (flock), so a killed node never leaves a stale one behind.
func LockHome(home string) (unlock func(), err error) {
	if err := os.MkdirAll(home, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(home, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the home's lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if pid := strings.TrimSpace(string(holder)); pid != "" {
				return nil, fmt.Errorf("%w (process %s holds %s)", ErrHomeInUse, pid, home)
			}
			return nil, fmt.Errorf("%w (%s)", ErrHomeInUse, home)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		_ = f.Truncate(0)
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// CheckHomeFree fails with ErrHomeInUse when a process holds the home;
// commands that delete or rewrite a home call it first. A home that does
// not exist is free.
func CheckHomeFree(home string) error {
	if _, err := os.Stat(home); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	unlock, err := LockHome(home)
	if err != nil {
		return err
	}
	unlock()
	return nil
}
