//go:build !linux

package daemon

import (
	"errors"
	"net"
	"os"
	"syscall"
)

// sockAddr is the socket's plain path: it must fit in a socket address.
func sockAddr(d *os.File, dir, name string) (string, error) { return plainSockAddr(dir, name) }

func peerCred(c *net.UnixConn) (uid, pid int, err error) {
	return -1, 0, errors.New("peer credentials are only checked on Linux")
}

func scriptAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func daemonAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }

func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }

func lockFile(fd uintptr) error { return syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB) }
