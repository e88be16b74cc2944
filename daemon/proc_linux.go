//go:build linux

package daemon

import (
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"
)

var procFDs = sync.OnceValue(func() bool {
	fi, err := os.Stat("/proc/self/fd")
	return err == nil && fi.IsDir()
})

// sockAddr is the address of the socket name in the directory d (opened
// from path dir): through /proc/self/fd, so it is short whatever dir's
// length and names the directory that was checked. Without /proc, the
// plain path, if it fits.
func sockAddr(d *os.File, dir, name string) (string, error) {
	if !procFDs() {
		return plainSockAddr(dir, name)
	}
	return fmt.Sprintf("/proc/self/fd/%d/%s", d.Fd(), name), nil
}

// peerCred returns the credentials of the process at the other end of a
// Unix socket (SO_PEERCRED).
func peerCred(c *net.UnixConn) (uid, pid int, err error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return -1, 0, err
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return -1, 0, err
	}
	if cerr != nil {
		return -1, 0, fmt.Errorf("SO_PEERCRED: %w", cerr)
	}
	return int(cred.Uid), int(cred.Pid), nil
}

// scriptAttr puts a script in its own process group (so a timeout kills
// what it started too) and kills it if the daemon dies.
func scriptAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// daemonAttr detaches the daemon from the hook's session.
func daemonAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }

func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }

// lockFile takes an exclusive lock on fd without waiting.
func lockFile(fd uintptr) error { return syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB) }
