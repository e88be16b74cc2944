package pebblesim

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// debianWebsocket is where Debian's python3-websocket installs
// websocket-client, a pure-Python package any python3 can import.
const debianWebsocket = "/usr/lib/python3/dist-packages/websocket"

// TestOpsPythonClient runs ops' own Pebble client (ops.pebble.Client from
// the corpus copy of canonical/operator) against the simulator: the script
// in testdata/ops_client.py checks every answer it gets and exits non-zero
// on any mismatch.
//
// ops imports websocket-client and opentelemetry, which the corpus stubs
// out. When a real websocket-client is available (importable by python3, or
// Debian's python3-websocket), the test puts it in place of the stub and
// the script exercises exec too.
func TestOpsPythonClient(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	corpus, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "python"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(corpus, "ops", "pebble.py")); err != nil {
		t.Skipf("the ops corpus is not at %s (it lives in ../shared/corpus next to the repository)", corpus)
	}
	if out, err := exec.Command(python, "-c", "import yaml").CombinedOutput(); err != nil {
		t.Skipf("python3 cannot import yaml (PyYAML, which ops needs): %v\n%s", err, out)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "ops_client.py"))
	if err != nil {
		t.Fatal(err)
	}

	stubs := filepath.Join(corpus, "stubs")
	args := []string{script}
	if ws := findWebsocketClient(t, python); ws != "" {
		// A stubs directory with the real websocket package and the
		// opentelemetry stub.
		dir := t.TempDir()
		for name, target := range map[string]string{
			"websocket":     ws,
			"opentelemetry": filepath.Join(stubs, "opentelemetry"),
		} {
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
		stubs = dir
		args = append(args, "--exec")
	} else {
		t.Log("no websocket-client for python3: the script skips exec (install python3-websocket to run it)")
	}

	ct := newContainer(t)
	ct.Exec = []ExecRule{
		{Command: "cat", Stdout: "OUT", Stderr: "ERR", ReadStdin: true},
		{Command: "echo *", Stdout: "hi\n", Stderr: "warn\n"},
		{Command: "false", Stdout: "bad\n", ExitCode: 2},
	}
	srv, sock, _ := startServer(t, ct)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, append([]string{script, sock}, args[1:]...)...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+strings.Join([]string{
		corpus, filepath.Join(corpus, "lib"), stubs,
	}, string(os.PathListSeparator)))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ops client script failed: %v\n%s", err, out)
	}
	t.Logf("ops client script:\n%s", out)

	// What the script did is in the state.
	c := srv.Container()
	if got := c.ServiceStatus("web"); got != StatusActive {
		t.Errorf("web is %q, want active", got)
	}
	if got := c.Services["web"].Signals; len(got) != 1 || got[0] != "SIGHUP" {
		t.Errorf("web signals = %v, want [SIGHUP]", got)
	}
	if got := c.CheckStatus("alive"); got != CheckUp {
		t.Errorf("check alive is %q, want up", got)
	}
	owner := c.FileOwners["/etc/app/config.yaml"]
	if owner.User != "app" || owner.UserID == nil || *owner.UserID != 1000 || owner.Group != "app" {
		t.Errorf("config.yaml owner = %+v", owner)
	}
	data, err := c.ReadFile("/etc/app/config.yaml")
	if err != nil || string(data) != "key: value\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if len(args) > 1 {
		if len(c.ExecLog) == 0 || c.ExecLog[0].Stdin != "hello world" || c.ExecLog[0].Environment["K"] != "v" {
			t.Errorf("exec log = %+v", c.ExecLog)
		}
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the state the script left does not validate: %v", err)
	}
}

// findWebsocketClient returns the directory of a real websocket-client
// package for python, or "".
func findWebsocketClient(t *testing.T, python string) string {
	t.Helper()
	cmd := exec.Command(python, "-c", "import os, websocket; websocket.create_connection; print(os.path.dirname(websocket.__file__))")
	cmd.Env = append(os.Environ(), "PYTHONPATH=")
	if out, err := cmd.Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	if _, err := os.Stat(filepath.Join(debianWebsocket, "__init__.py")); err == nil {
		return debianWebsocket
	}
	return ""
}
