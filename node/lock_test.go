package node

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLockHome(t *testing.T) {
	home := t.TempDir()
	unlock, err := LockHome(home)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to the open file, so a second open in this
	// process conflicts just as another process would.
	if _, err := LockHome(home); !errors.Is(err, ErrHomeInUse) || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v, want ErrHomeInUse naming pid %d", err, os.Getpid())
	}
	if err := CheckHomeFree(home); !errors.Is(err, ErrHomeInUse) {
		t.Fatalf("CheckHomeFree on a held home: %v", err)
	}
	unlock()
	if err := CheckHomeFree(home); err != nil {
		t.Fatalf("CheckHomeFree after unlock: %v", err)
	}
	if err := CheckHomeFree(filepath.Join(home, "nothing-here")); err != nil {
		t.Fatalf("a missing home: %v", err)
	}
}

// A killed holder leaves no stale lock: the kernel drops it with the
// process.
func TestLockHomeFreedWhenHolderDies(t *testing.T) {
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Fatalf("flock(1) from util-linux is needed: %v", err)
	}
	home := t.TempDir()
	cmd := exec.Command(flock, "-x", filepath.Join(home, LockFile), "sleep", "30")
	// Its own process group: the sleep it runs inherits the lock too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if err := CheckHomeFree(home); errors.Is(err, ErrHomeInUse) {
			break
		}
		if i == 200 {
			t.Fatal("the other process never took the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Wait()
	// The group's last process may take a moment to die.
	for i := 0; ; i++ {
		err := CheckHomeFree(home)
		if err == nil {
			break
		}
		if i == 200 {
			t.Fatalf("after the holder was killed: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
