package daemon

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Files in the daemon's directory.
const (
	sockName  = "d.sock"
	lockName  = "lock"
	pidName   = "pid"
	logName   = "daemon.log"
	cacheName = "kv.json"
	binName   = "bin"
	maxSock   = 100 // sun_path holds 108 bytes with the NUL
)

// Dir returns the daemon's directory for a hook environment:
// $CHARMGEN_DAEMON_DIR if set, else .charmgen-daemon next to the charm
// directory (in the unit's agent directory under Juju, which only the
// unit's user can write to). It is the same however long the path is:
// the socket is reached through a descriptor of the directory (see
// sock.go), never through a copy of it in a shared place such as /tmp.
func Dir(getenv func(string) string) (string, error) {
	if d := getenv("CHARMGEN_DAEMON_DIR"); d != "" {
		return filepath.Clean(d), nil
	}
	charmDir := getenv("JUJU_CHARM_DIR")
	if charmDir == "" {
		charmDir = getenv("CHARM_DIR")
	}
	if charmDir == "" {
		return "", errors.New("JUJU_CHARM_DIR is not set: not running in a hook")
	}
	abs, err := filepath.Abs(charmDir)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), ".charmgen-daemon"), nil
}

// ensurePrivateDir creates dir (0700) or checks that an existing one is a
// directory (not a symlink) owned by this user and writable by no one
// else; one that is also readable by others is made 0700. Anything else is
// an *unsafeError: the caller must not use the directory.
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return unsafef("daemon directory %s is not a directory (%v); refusing to use it: %s", dir, fi.Mode().Type(), fixHint)
	}
	if err := checkOwner(fi, dir, "directory"); err != nil {
		return err
	}
	if fi.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// Stop stops the daemon of dir, if one runs: SIGTERM, then SIGKILL after
// timeout. Tests call it in t.Cleanup; operators may too.
func Stop(dir string, timeout time.Duration) error {
	pid, err := readPID(dir)
	if err != nil {
		return nil
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		return nil
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if !Running(dir) {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return p.Signal(syscall.SIGKILL)
}

// PID returns the pid the running daemon of dir wrote.
func PID(dir string) (int, error) { return readPID(dir) }

func readPID(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, pidName))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(b))
}

// Running reports whether a daemon answers on dir's socket.
func Running(dir string) bool {
	conn, err := dialDaemon(dir)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if writeFrame(conn, request{Op: "ping"}) != nil {
		return false
	}
	_, err = readFrame(conn)
	return err == nil
}
