package daemon

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
// directory (in the unit's agent directory under Juju). When that would
// make the socket path too long for a Unix socket, a directory under the
// system temp dir named by a hash of it is used instead.
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
	d := filepath.Join(filepath.Dir(abs), ".charmgen-daemon")
	if len(d)+1+len(sockName) > maxSock {
		sum := sha256.Sum256([]byte(d))
		d = filepath.Join(os.TempDir(), "charmgen-"+hex.EncodeToString(sum[:8]))
	}
	return d, nil
}

// ensurePrivateDir creates dir (0700) or checks that an existing one is a
// directory owned by this user and private to it.
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to uid %d, not to this unit's user (uid %d)", dir, st.Uid, os.Getuid())
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
	conn, err := dialUnix(filepath.Join(dir, sockName))
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
