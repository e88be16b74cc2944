package daemon

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const nobody = 65534

// impostorMain serves sock as an impostor daemon would: it records every
// request it gets in logPath and answers that the hook succeeded.
func impostorMain(sock, logPath string) int {
	os.Remove(sock)
	ln, err := dialListen(sock)
	if err != nil {
		fmt.Println("listen:", err)
		return 3
	}
	os.Chmod(sock, 0o777)
	fmt.Println("ready")
	for {
		conn, err := ln.AcceptUnix()
		if err != nil {
			return 0
		}
		go func() {
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			b, err := readFrame(conn)
			if err != nil {
				return
			}
			f, _ := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			f.Write(append(b, '\n'))
			f.Close()
			writeFrame(conn, reply{Accepted: true})
			writeFrame(conn, reply{Stdout: "impostor ran the hook\n"})
			writeFrame(conn, reply{Exit: intp(0)})
		}()
	}
}

// asNobody returns a copy of the test binary that uid 65534 can run, or
// skips the test when this process cannot start one as that uid.
func asNobody(t *testing.T) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root: planting another user's directory, socket or server takes chown and setuid; run the daemon tests as root to cover it")
	}
	pub, err := os.MkdirTemp("", "cgimp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(pub) })
	os.Chmod(pub, 0o755)
	exe, _ := os.Executable()
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(pub, "impostor")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// impostor starts a server as uid 65534 on sock (whose directory that
// uid must be able to write), recording requests in its log, which it
// returns. The server is killed at cleanup.
func impostor(t *testing.T, bin, sock string) (logPath string) {
	t.Helper()
	logPath = filepath.Join(filepath.Dir(sock), "impostor.log")
	cmd := exec.Command(bin)
	cmd.Env = []string{"DAEMON_TEST_IMPOSTOR_SOCK=" + sock, "DAEMON_TEST_IMPOSTOR_LOG=" + logPath}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run a process as uid %d here: %v", nobody, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Skipf("the impostor (uid %d) could not serve %s: %q", nobody, sock, line)
	}
	return logPath
}

// nobodyDir makes a directory owned by uid 65534 with mode perm, in the
// system temp dir (a shared place, as /tmp is).
func nobodyDir(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if err := os.Mkdir(path, perm); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(path) })
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
}

func assertNothingSent(t *testing.T, logPath string) {
	t.Helper()
	if b, err := os.ReadFile(logPath); err == nil && len(b) > 0 {
		t.Errorf("the impostor received the hook: %s", b)
	}
}

// longUnit is a unit laid out as under Juju with an application name of
// 49 characters: the daemon directory next to the charm directory makes
// a socket path longer than a socket address holds. Its environment has
// no CHARMGEN_DAEMON_DIR.
type longUnit struct {
	*unit
	oldTmpDir string // where the daemon directory used to fall back to
}

func newLongUnit(t *testing.T) *longUnit {
	t.Helper()
	app := strings.Repeat("a", 49)
	root := t.TempDir()
	agent := filepath.Join(root, "unit-"+app+"-0")
	u := &unit{t: t, charmDir: filepath.Join(agent, "charm"), dir: filepath.Join(agent, ".charmgen-daemon")}
	if err := os.MkdirAll(filepath.Join(u.charmDir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Stop(u.dir, 5*time.Second) })
	if n := len(filepath.Join(u.dir, sockName)); n <= maxSock {
		t.Fatalf("test layout: socket path of %d bytes is not too long", n)
	}
	sum := sha256.Sum256([]byte(u.dir))
	return &longUnit{unit: u, oldTmpDir: filepath.Join(os.TempDir(), "charmgen-"+hex.EncodeToString(sum[:8]))}
}

func (u *longUnit) hook(event string) (int, string) {
	var env []string
	for _, kv := range u.env(event) {
		if !strings.HasPrefix(kv, "CHARMGEN_DAEMON_DIR=") {
			env = append(env, kv)
		}
	}
	var out strings.Builder
	code := RunHook(env, &out, &out)
	return code, out.String()
}

// TestImpostorDirectory: another user who plants the daemon's directory
// and serves d.sock in it (at the /tmp place a long application name used
// to fall back to, or at a daemon directory in a shared place) never gets
// the hook: the client does not go to /tmp, and refuses a directory that
// is not its user's, sending nothing.
func TestImpostorDirectory(t *testing.T) {
	bin := asNobody(t)

	// The predictable /tmp/charmgen-<hash> of a long application name.
	u := newLongUnit(t)
	u.writeHooks("hooks:\n  hold:\n    - inline: echo real-daemon-ran\n")
	os.RemoveAll(u.oldTmpDir)
	nobodyDir(t, u.oldTmpDir, 0o755)
	log := impostor(t, bin, filepath.Join(u.oldTmpDir, sockName))
	code, out := u.hook("hold")
	if code != 0 || !strings.Contains(out, "real-daemon-ran") || strings.Contains(out, "impostor") {
		t.Errorf("long name, impostor in %s: %d %q", u.oldTmpDir, code, out)
	}
	assertNothingSent(t, log)

	// A daemon directory set in a shared place, planted by another user.
	shared := filepath.Join(os.TempDir(), fmt.Sprintf("cgshared-%d", os.Getpid()))
	nobodyDir(t, shared, 0o755)
	log = impostor(t, bin, filepath.Join(shared, sockName))
	u2 := newUnit(t)
	u2.dir = shared
	code, out = u2.hook("hold")
	if code != 1 || !strings.Contains(out, "belongs to uid 65534") || strings.Contains(out, "impostor") {
		t.Errorf("planted directory: %d %q", code, out)
	}
	assertNothingSent(t, log)
}

// TestImpostorServer: a socket in the unit's own directory, owned by the
// unit's user, but served by a process of another uid (here: a server
// that uid 65534 bound elsewhere, moved into place) is refused by the
// peer-credential check, and gets nothing.
func TestImpostorServer(t *testing.T) {
	bin := asNobody(t)
	u := newUnit(t)
	if err := ensurePrivateDir(u.dir); err != nil {
		t.Fatal(err)
	}
	impDir, err := os.MkdirTemp("", "cgsrv")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(impDir) })
	os.Chown(impDir, nobody, nobody)
	log := impostor(t, bin, filepath.Join(impDir, sockName))
	sock := filepath.Join(u.dir, sockName)
	if err := os.Rename(filepath.Join(impDir, sockName), sock); err != nil {
		t.Fatal(err)
	}
	os.Chown(sock, os.Getuid(), os.Getgid())
	os.Chmod(sock, 0o600)
	done := make(chan struct{})
	var code int
	var out string
	go func() { code, out = u.hook("install"); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the client hung")
	}
	if code != 1 || !strings.Contains(out, "uid 65534") || !strings.Contains(out, "not the unit's daemon") || strings.Contains(out, "impostor") {
		t.Errorf("impostor server: %d %q", code, out)
	}
	assertNothingSent(t, log)
	if Running(u.dir) {
		t.Error("Running trusts the impostor")
	}
}

// TestSquattedDirectory: a directory created first by another user (no
// socket in it) neither makes every hook fail (a long application name no
// longer falls back to /tmp) nor, where it is the daemon directory, makes
// the client hang or go elsewhere: a clear error, nothing started in it.
// A directory of this user that others can write is refused as well.
func TestSquattedDirectory(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to chown a directory to another uid")
	}
	u := newLongUnit(t)
	os.RemoveAll(u.oldTmpDir)
	nobodyDir(t, u.oldTmpDir, 0o700)
	if code, out := u.hook("install"); code != 0 {
		t.Errorf("long name with %s squatted: %d %q", u.oldTmpDir, code, out)
	}

	squat := filepath.Join(os.TempDir(), fmt.Sprintf("cgsquat-%d", os.Getpid()))
	nobodyDir(t, squat, 0o755)
	u2 := newUnit(t)
	u2.dir = squat
	start := time.Now()
	code, out := u2.hook("install")
	if code != 1 || !strings.Contains(out, "belongs to uid 65534") || !strings.Contains(out, "CHARMGEN_DAEMON_DIR") {
		t.Errorf("squatted directory: %d %q", code, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing took %v", d)
	}
	if ents, _ := os.ReadDir(squat); len(ents) != 0 {
		t.Errorf("the client used the squatted directory: %v", ents)
	}

	u3 := newUnit(t)
	os.Mkdir(u3.dir, 0o700)
	os.Chmod(u3.dir, 0o777)
	if code, out := u3.hook("install"); code != 1 || !strings.Contains(out, "writable by other users") {
		t.Errorf("world-writable directory: %d %q", code, out)
	}
}

// TestLongApplicationName: with a 49-character application name the
// daemon directory stays in the unit's agent directory (private: 0700,
// ours; the socket 0600, ours), the hook runs, and scripts reach the
// daemon through the long CHARMGEN_SOCKET.
func TestLongApplicationName(t *testing.T) {
	u := newLongUnit(t)
	env := map[string]string{"JUJU_CHARM_DIR": u.charmDir}
	if d, err := Dir(func(k string) string { return env[k] }); err != nil || d != u.dir {
		t.Fatalf("Dir = %q, %v; want %q", d, err, u.dir)
	}
	u.writeHooks("hooks:\n  hold:\n    - inline: tcharm kv nope 2>&1 | grep -q 'unknown command' && echo cli-reached-daemon\n")
	code, out := u.hook("hold")
	if code != 0 || !strings.Contains(out, "cli-reached-daemon") {
		t.Fatalf("hold: %d %q", code, out)
	}
	for path, want := range map[string]os.FileMode{u.dir: os.ModeDir | 0o700, filepath.Join(u.dir, sockName): os.ModeSocket | 0o600} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if fi.Mode() != want || int(st.Uid) != os.Getuid() {
			t.Errorf("%s: mode %v uid %d, want %v uid %d", path, fi.Mode(), st.Uid, want, os.Getuid())
		}
	}
	if _, err := os.Stat(u.oldTmpDir); err == nil {
		t.Errorf("%s was created", u.oldTmpDir)
	}
	d, err := openPrivateDir(u.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if addr, err := sockAddr(d, u.dir, sockName); err != nil || len(addr) > maxSock {
		t.Errorf("socket address %q (%d bytes): %v", addr, len(addr), err)
	}
}
