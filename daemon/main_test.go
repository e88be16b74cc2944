package daemon

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

const testName = "tcharm"

// TestMain makes the test binary double as the fake hook tools, as the
// charm under test (dispatch, daemon and script CLI), and as a peer that
// connects to a socket under another uid.
func TestMain(m *testing.M) {
	base := filepath.Base(os.Args[0])
	if jujusim.IsToolName(base) {
		os.Exit(jujusim.ToolMain(os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
	if os.Getenv("CHARMGEN_DAEMON_ROLE") == "daemon" || base == "dispatch" || base == testName {
		minTimerEvery = time.Millisecond
		os.Exit(Main(testConfig()))
	}
	if sock := os.Getenv("DAEMON_TEST_IMPOSTOR_SOCK"); sock != "" {
		os.Exit(impostorMain(sock, os.Getenv("DAEMON_TEST_IMPOSTOR_LOG")))
	}
	if sock := os.Getenv("DAEMON_TEST_PEER_SOCK"); sock != "" {
		os.Exit(peerMain(sock))
	}
	os.Exit(m.Run())
}

func testConfig() Config {
	return Config{Name: testName, Reconcile: func(h *Hook) ([]charm.Status, error) {
		switch h.Event {
		case "config-changed":
			return []charm.Status{charm.ActiveStatus("ok")}, nil
		case "panic":
			panic("reconciler bug")
		}
		return nil, nil // no-op: no hook tools
	}}
}

// peerMain connects to sock and prints what the daemon answered to a ping.
func peerMain(sock string) int {
	conn, err := dialUnix(sock)
	if err != nil {
		fmt.Println("dial:", err)
		return 3
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	writeFrame(conn, request{Op: "ping"})
	b, err := readFrame(conn)
	if err != nil {
		fmt.Println("read:", err)
		return 4
	}
	fmt.Println(string(b))
	return 0
}

// unit is a test unit: a charm dir and a daemon dir, and the daemon killed
// at cleanup.
type unit struct {
	t        *testing.T
	charmDir string
	dir      string
	n        int
}

func newUnit(t *testing.T) *unit {
	t.Helper()
	root := t.TempDir()
	u := &unit{t: t, charmDir: filepath.Join(root, "charm"), dir: filepath.Join(root, "d")}
	if err := os.MkdirAll(filepath.Join(u.charmDir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Stop(u.dir, 5*time.Second) })
	return u
}

func (u *unit) env(event string) []string {
	u.n++
	env := []string{
		"JUJU_UNIT_NAME=tcharm/0",
		"JUJU_MODEL_NAME=m",
		fmt.Sprintf("JUJU_CONTEXT_ID=tcharm/0-%s-%d", event, u.n),
		"JUJU_CHARM_DIR=" + u.charmDir,
		"JUJU_DISPATCH_PATH=hooks/" + event,
		"JUJU_HOOK_NAME=" + event,
		"CHARMGEN_DAEMON_DIR=" + u.dir,
		"PATH=" + os.Getenv("PATH"),
	}
	for _, k := range []string{"CHARMGEN_DAEMON_IDLE", "CHARMGEN_DAEMON_QUEUE"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// hook runs one hook through the client, in process.
func (u *unit) hook(event string) (int, string) {
	var out strings.Builder
	code := RunHook(u.env(event), &out, &out)
	return code, out.String()
}

func (u *unit) writeHooks(yaml string) {
	u.t.Helper()
	if err := os.WriteFile(filepath.Join(u.charmDir, DefaultHooksFile), []byte(yaml), 0o644); err != nil {
		u.t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func rawConn(t *testing.T, dir string) net.Conn {
	t.Helper()
	c, err := dialUnix(filepath.Join(dir, sockName))
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(20 * time.Second))
	return c
}

// dialUnix dials a socket path with no checks, as an attacker would.
func dialUnix(path string) (*net.UnixConn, error) {
	return net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
}

func dialListen(path string) (*net.UnixListener, error) {
	return net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
}
