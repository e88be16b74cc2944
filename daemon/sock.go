package daemon

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// Where the daemon's socket lives, and who may reach it.
//
// The daemon's directory is always the unit's own (see Dir): under Juju,
// .charmgen-daemon in the unit's agent directory, which only the unit's
// user (root) can write to. It never moves to a shared, predictable place
// such as /tmp, where another local user could create it first and serve
// the socket (receiving every hook's environment and deciding the hooks'
// results) or squat it (failing every hook).
//
// A Unix socket address holds about 100 bytes, and an agent directory
// with a long application name exceeds that. Instead of moving the
// directory, the socket is reached through a file descriptor of the
// directory: /proc/self/fd/N/d.sock is always short, and the kernel
// resolves it through the directory that was opened and checked, so the
// check and the bind or connect concern the same directory (no window in
// which it can be swapped). This is systemd's answer to long socket
// paths. $XDG_RUNTIME_DIR was not chosen because Juju's hooks do not have
// one, and the abstract socket namespace because any process in the
// network namespace can bind a name there first (it has no owner and no
// mode, only the peer-credential check would be left).
//
// Defences, in order:
//  1. the directory must be a real directory (not a symlink), owned by this
//     uid and writable by no one else; the client refuses it otherwise and
//     never falls back to another place (ensurePrivateDir, openPrivateDir);
//  2. the socket file must be a socket owned by this uid and writable by
//     no one else; the daemon creates it 0600 under a temporary name and
//     renames it into place, so it is never seen with a wider mode;
//  3. after connecting, the client reads the server's credentials
//     (SO_PEERCRED) and sends nothing unless the server runs as this uid;
//  4. the server reads each client's credentials and serves this uid only
//     (checkPeer).

// unsafeError is a daemon directory or socket that this user must not
// trust: the client stops, instead of starting a daemon or retrying.
type unsafeError struct{ msg string }

func (e *unsafeError) Error() string { return e.msg }

func unsafef(format string, a ...any) error { return &unsafeError{fmt.Sprintf(format, a...)} }

func isUnsafe(err error) bool {
	var ue *unsafeError
	return errors.As(err, &ue)
}

const fixHint = "remove it, or set CHARMGEN_DAEMON_DIR to a directory that only the unit's user can write, and run the hook again"

// checkOwner checks fi (of path, what is "directory" or "socket") belongs
// to this process's uid and is writable by no one else.
func checkOwner(fi os.FileInfo, path, what string) error {
	uid := os.Getuid()
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != uid {
		return unsafef("daemon %s %s belongs to uid %d, not to this unit's user (uid %d): another user may be impersonating the daemon; refusing to use it: %s", what, path, st.Uid, uid, fixHint)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return unsafef("daemon %s %s is writable by other users (mode %v); refusing to use it: chmod go-w it, or %s", what, path, fi.Mode().Perm(), fixHint)
	}
	return nil
}

// openPrivateDir opens dir, not following a symlink, and checks what was
// opened is a directory that only this user can write.
func openPrivateDir(dir string) (*os.File, error) {
	if fi, err := os.Lstat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, unsafef("daemon directory %s is not a directory (%v); refusing to use it: %s", dir, fi.Mode().Type(), fixHint)
	} else if err := checkOwner(fi, dir, "directory"); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(dir, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.IsDir() {
		err = unsafef("daemon directory %s is not a directory; refusing to use it: %s", dir, fixHint)
	}
	if err == nil {
		err = checkOwner(fi, dir, "directory")
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// dialDaemon connects to the daemon of dir after checking the directory
// and the socket, and checks the server's credentials before returning
// the connection. An *unsafeError means the socket must not be used; any
// other error, that no daemon answers.
func dialDaemon(dir string) (*net.UnixConn, error) {
	d, err := openPrivateDir(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	addr, err := sockAddr(d, dir, sockName)
	if err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, sockName)
	fi, err := os.Lstat(addr)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Type() != os.ModeSocket {
		return nil, unsafef("%s is not a socket (%v); refusing to use it: %s", sock, fi.Mode().Type(), fixHint)
	}
	if err := checkOwner(fi, sock, "socket"); err != nil {
		return nil, err
	}
	conn, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: addr, Net: "unix"})
	if err != nil {
		return nil, err
	}
	uid, pid, err := peerCred(conn)
	if err := checkPeer(uid, os.Getuid(), err); err != nil {
		conn.Close()
		return nil, unsafef("the process serving %s (pid %d) is not the unit's daemon: %v; refusing to send it anything: stop that process and remove %s", sock, pid, err, dir)
	}
	return conn, nil
}

// listenDaemon binds dir's socket (dir checked as for dialDaemon). The
// socket is created under a temporary name, made 0600, then renamed into
// place, so no client ever sees it with a wider mode.
func listenDaemon(dir string) (*net.UnixListener, error) {
	d, err := openPrivateDir(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	tmpName := fmt.Sprintf("%s.%d", sockName, os.Getpid())
	tmp := filepath.Join(dir, tmpName)
	os.Remove(tmp)
	addr, err := sockAddr(d, dir, tmpName)
	if err != nil {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: addr, Net: "unix"})
	if err != nil {
		return nil, err
	}
	ln.SetUnlinkOnClose(false)
	if err := os.Chmod(tmp, 0o600); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, filepath.Join(dir, sockName)); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, err
	}
	return ln, nil
}

// plainSockAddr is the socket's path when it fits in a socket address.
func plainSockAddr(dir, name string) (string, error) {
	p := filepath.Join(dir, name)
	if len(p) > maxSock {
		return "", fmt.Errorf("socket path %s is longer than a Unix socket address allows (%d bytes): set CHARMGEN_DAEMON_DIR to a shorter directory that only the unit's user can write", p, maxSock)
	}
	return p, nil
}
