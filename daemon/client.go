package daemon

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Client bounds.
const (
	defaultStartTimeout = 15 * time.Second // for a daemon to answer after a start
	maxAttempts         = 3                // a hook not accepted is retried
)

// startTimeout is how long the client waits for a daemon it started to
// answer, and for one that gave way to stop answering: 15 seconds, or
// CHARMGEN_DAEMON_START (a Go duration) in the hook's environment. The
// client runs in dispatch, a process of its own, so the environment is
// how a test (or a slow machine) gives it more time.
func startTimeout(env map[string]string) time.Duration {
	if d, err := time.ParseDuration(env["CHARMGEN_DAEMON_START"]); err == nil && d > 0 {
		return d
	}
	return defaultStartTimeout
}

// exeID identifies this binary: after upgrade-charm the client runs a new
// one, and the old daemon must give way.
func exeID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d-%d", fi.Size(), fi.ModTime().UnixNano())
}

// RunHook is the dispatch client: it sends the hook environment env (as
// from os.Environ) to the unit's daemon, starting the daemon when none
// answers, streams the daemon's output to stdout and stderr, and returns
// the hook's exit code. A hook interrupted by the daemon's death returns 1:
// Juju discards its changes and retries it.
func RunHook(env []string, stdout, stderr io.Writer) int {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	dir, err := Dir(func(k string) string { return m[k] })
	if err != nil {
		fmt.Fprintln(stderr, "ERROR", err)
		return 1
	}
	if m["JUJU_CHARM_DIR"] == "" {
		m["JUJU_CHARM_DIR"] = m["CHARM_DIR"]
	}
	req := request{Op: "hook", Env: m, Exe: exeID()}
	for attempt := 0; ; attempt++ {
		conn, err := connect(dir, m)
		if err != nil {
			fmt.Fprintf(stderr, "ERROR charmgen daemon: %v\n", err)
			return 1
		}
		code, retry := clientHook(conn, req, stdout, stderr)
		conn.Close()
		if !retry {
			return code
		}
		if attempt+1 >= maxAttempts {
			fmt.Fprintln(stderr, "ERROR charmgen daemon: the daemon did not accept the hook; Juju will retry it")
			return 1
		}
		waitGone(dir, startTimeout(m))
	}
}

// clientHook sends one hook request. retry is true when the daemon did
// not accept the hook (it was stopping or restarting): it never started.
func clientHook(conn *net.UnixConn, req request, stdout, stderr io.Writer) (code int, retry bool) {
	if err := writeFrame(conn, req); err != nil {
		return 1, true
	}
	accepted := false
	for {
		b, err := readFrame(conn)
		if err != nil {
			if !accepted {
				return 1, true
			}
			fmt.Fprintf(stderr, "ERROR charmgen daemon: connection lost during hook %s (%v): the hook failed; Juju will retry it\n", hookKey(req.Env), err)
			return 1, false
		}
		var r reply
		if err := jsonUnmarshal(b, &r); err != nil {
			fmt.Fprintf(stderr, "ERROR charmgen daemon: bad reply: %v\n", err)
			return 1, false
		}
		if r.Restart {
			return 1, true
		}
		if r.Accepted {
			accepted = true
		}
		if r.Stdout != "" {
			io.WriteString(stdout, r.Stdout)
		}
		if r.Stderr != "" {
			io.WriteString(stderr, r.Stderr)
		}
		if r.Exit != nil {
			return *r.Exit, false
		}
	}
}

// connect dials the daemon, starting it when nothing answers. A directory,
// socket or server that is not the unit user's own is an error at once:
// no daemon is started and nothing is sent.
func connect(dir string, env map[string]string) (*net.UnixConn, error) {
	conn, err := dialDaemon(dir)
	if err == nil {
		return conn, nil
	}
	if isUnsafe(err) {
		return nil, err
	}
	if err := ensurePrivateDir(dir); err != nil {
		return nil, err
	}
	if err := startDaemon(dir, env); err != nil {
		return nil, fmt.Errorf("starting the daemon: %w", err)
	}
	timeout := startTimeout(env)
	deadline := time.Now().Add(timeout)
	restart := time.Now().Add(time.Second)
	wait := 200 * time.Microsecond
	for {
		if time.Now().After(restart) {
			// A daemon that was exiting (idle, remove) when ours started
			// held the lock, so ours gave way: start one again. A second
			// one exits at once if the first runs.
			startDaemon(dir, env)
			restart = time.Now().Add(time.Second)
		}
		conn, err := dialDaemon(dir)
		if err == nil {
			return conn, nil
		}
		if isUnsafe(err) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the daemon did not answer on %s within %v (see %s): %v", filepath.Join(dir, sockName), timeout, filepath.Join(dir, logName), err)
		}
		time.Sleep(wait)
		wait = min(wait*2, 20*time.Millisecond)
	}
}

// waitGone waits, at most timeout, until dir's socket stops answering.
func waitGone(dir string, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		conn, err := dialDaemon(dir)
		if err != nil {
			return
		}
		conn.Close()
		time.Sleep(5 * time.Millisecond)
	}
}

// startDaemon starts this binary as the daemon, detached from the hook: a
// new session, output to the daemon's log, and an environment without the
// hook's variables (each hook brings its own).
func startDaemon(dir string, env map[string]string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	logPath := filepath.Join(dir, logName)
	if fi, err := os.Stat(logPath); err == nil && fi.Size() > 4<<20 {
		os.Rename(logPath, logPath+".1")
	}
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Env = daemonEnv(env, dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = daemonAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}

func daemonEnv(env map[string]string, dir string) []string {
	out := []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"CHARMGEN_DAEMON_ROLE=daemon",
		"CHARMGEN_DAEMON_DIR=" + dir,
	}
	for _, k := range []string{"HOME", "LANG", "TMPDIR", "CHARMGEN_DAEMON_IDLE", "CHARMGEN_DAEMON_QUEUE", "GOCOVERDIR"} {
		if v, ok := env[k]; ok {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// runCLI is the script CLI: NAME <command> ... sent to the daemon with the
// hook's token.
func runCLI(name string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	token, sock := getenv("CHARMGEN_TOKEN"), getenv("CHARMGEN_SOCKET")
	if args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, strings.ReplaceAll(cliUsage, "NAME", name))
		return 0
	}
	if token == "" || sock == "" {
		fmt.Fprintf(stderr, "ERROR %s %s: only scripts that a hook started can run this (CHARMGEN_TOKEN is not set)\n", name, args[0])
		return 1
	}
	args, err := secretInputs(name, args, stdin, stderr)
	if err != nil {
		code := 1
		var ue usageError
		if errors.As(err, &ue) {
			code = 2
		}
		fmt.Fprintf(stderr, "ERROR %s: %v\n", name, err)
		return code
	}
	if filepath.Base(sock) != sockName {
		fmt.Fprintf(stderr, "ERROR %s: CHARMGEN_SOCKET %s is not a daemon socket\n", name, sock)
		return 1
	}
	conn, err := dialDaemon(filepath.Dir(sock))
	if err != nil {
		fmt.Fprintf(stderr, "ERROR %s: cannot reach the daemon: %v\n", name, err)
		return 1
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(cliTimeout))
	if err := writeFrame(conn, request{Op: "cli", Token: token, Script: getenv("CHARMGEN_SCRIPT_ID"), Args: args}); err != nil {
		fmt.Fprintf(stderr, "ERROR %s: %v\n", name, err)
		return 1
	}
	b, err := readFrame(conn)
	if err != nil {
		fmt.Fprintf(stderr, "ERROR %s: %v\n", name, err)
		return 1
	}
	var r reply
	if err := jsonUnmarshal(b, &r); err != nil || r.Exit == nil {
		fmt.Fprintf(stderr, "ERROR %s: bad reply\n", name)
		return 1
	}
	io.WriteString(stdout, r.Stdout)
	io.WriteString(stderr, r.Stderr)
	return *r.Exit
}

// Ping reports whether a daemon answers on dir's socket and, if so, its
// resource figures.
func Ping(dir string) (Stats, error) {
	conn, err := dialDaemon(dir)
	if err != nil {
		return Stats{}, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if err := writeFrame(conn, request{Op: "stats"}); err != nil {
		return Stats{}, err
	}
	b, err := readFrame(conn)
	if err != nil {
		return Stats{}, err
	}
	var r reply
	if err := jsonUnmarshal(b, &r); err != nil {
		return Stats{}, err
	}
	if r.Stats == nil {
		return Stats{}, errors.New(strings.TrimSpace(r.Stderr))
	}
	return *r.Stats, nil
}
