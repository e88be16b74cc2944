package daemondemo_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/internal/simrun"
	"github.com/charmgen/charmgen/jujusim"
)

// TestMain makes the test binary double as the fake hook tools.
func TestMain(m *testing.M) {
	jujusim.RunAsTool()
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// dispatchBinary builds the charm once per test binary run.
func dispatchBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "daemon-demo-"); buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(buildDir, "dispatch"), "./cmd/daemon-demo").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "dispatch")
}

// patience bounds each wait in these tests: for a started daemon to
// answer (CHARMGEN_DAEMON_START, 15 s by default, is what dispatch gives it
// under Juju), for a killed one to stop answering, for a hook's script to
// start. A machine busy with other tests can take longer than Juju's
// bound; a slow run is not a failure here, a stuck one still is.
const patience = 2 * time.Minute

// simUnit is the daemon-demo charm built and deployed under the simulator,
// with its daemon stopped at cleanup.
type simUnit struct {
	t        *testing.T
	r        *simrun.Runner
	st       *jujusim.State
	charmDir string
	dir      string
}

func newSimUnit(t *testing.T) *simUnit {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go toolchain not found")
	}
	root := t.TempDir()
	u := &simUnit{t: t, charmDir: filepath.Join(root, "charm"), dir: filepath.Join(root, "d")}
	os.MkdirAll(filepath.Join(u.charmDir, "scripts"), 0o755)
	for _, f := range []string{"charmgen-hooks.yaml", "scripts/configure.sh"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(u.charmDir, f), b, 0o755)
	}
	dispatch := filepath.Join(u.charmDir, "dispatch")
	if err := os.Symlink(dispatchBinary(t), dispatch); err != nil {
		t.Fatal(err)
	}
	// The sim passes the test's environment (minus JUJU_*) to dispatch.
	t.Setenv("CHARMGEN_DAEMON_DIR", u.dir)
	t.Setenv("CHARMGEN_DAEMON_START", patience.String())
	t.Cleanup(func() { daemon.Stop(u.dir, 5*time.Second) })
	exe, _ := os.Executable()
	u.r = &simrun.Runner{Dispatch: dispatch, CharmDir: u.charmDir, ToolBinary: exe, Timeout: 2 * patience}
	if err := u.r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { u.r.Close() })
	st, err := jujusim.Load("sim-state.json")
	if err != nil {
		t.Fatal(err)
	}
	u.st = st
	return u
}

// run runs one event and keeps the resulting state.
func (u *simUnit) run(event string) (simrun.Step, string) {
	u.t.Helper()
	var out strings.Builder
	u.r.Output = &out
	next, step, err := u.r.Run(context.Background(), u.st, event)
	if err != nil {
		u.t.Fatalf("%s: %v", event, err)
	}
	u.t.Log(simrun.Timeline(step, next))
	u.st = next
	return step, out.String()
}

func (u *simUnit) mustRun(events ...string) {
	u.t.Helper()
	for _, ev := range events {
		if step, out := u.run(ev); step.ExitCode != 0 {
			u.t.Fatalf("%s exited %d:\n%s", ev, step.ExitCode, out)
		}
	}
}

func (u *simUnit) pid() int {
	u.t.Helper()
	pid, err := daemon.PID(u.dir)
	if err != nil {
		u.t.Fatal(err)
	}
	return pid
}

func (u *simUnit) kill() {
	u.t.Helper()
	pid := u.pid()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		u.t.Fatal(err)
	}
	deadline := time.Now().Add(patience)
	for daemon.Running(u.dir) {
		if time.Now().After(deadline) {
			u.t.Fatal("daemon still answers after SIGKILL")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDeployKillAndRecover: the deploy scenario under the simulator; then
// SIGKILL between two hooks and in the middle of one. The next hook
// restarts the daemon and completes, the KV state is intact, and the
// interrupted hook is reported as failed with its writes discarded.
func TestDeployKillAndRecover(t *testing.T) {
	u := newSimUnit(t)
	evs, err := jujusim.Scenario("deploy", u.st)
	if err != nil {
		t.Fatal(err)
	}
	u.mustRun(evs...)
	st := u.st
	// One reconcile per hook: the deploy's hooks (install, the website
	// relation's relation-created, leader-elected, config-changed, start).
	hooks := len(evs)
	if got := st.CharmState["kv.reconciles"]; got != fmt.Sprint(hooks) {
		t.Errorf("after deploy: kv.reconciles = %q, want %d (one per hook)", got, hooks)
	}
	if st.CharmState["kv.configured-port"] != "8080" || st.CharmState["kv.last-configured-by"] != "config" {
		t.Errorf("after deploy: the script's KV writes: %v", st.CharmState)
	}
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "serving on :8080, configured by script" {
		t.Errorf("after deploy: unit status %+v", st.UnitStatus)
	}
	if len(st.OpenedPorts) != 1 || st.OpenedPorts[0].From != 8080 {
		t.Errorf("after deploy: ports %+v", st.OpenedPorts)
	}

	// SIGKILL between two hooks.
	first := u.pid()
	u.kill()
	u.mustRun("update-status")
	if u.pid() == first {
		t.Error("no new daemon after SIGKILL")
	}
	if got := u.st.CharmState["kv.reconciles"]; got != fmt.Sprint(hooks+1) {
		t.Errorf("after restart: kv.reconciles = %q, want %d", got, hooks+1)
	}

	// SIGKILL in the middle of a hook: the script has written KV through
	// the daemon and waits; the daemon dies under it.
	mark := filepath.Join(t.TempDir(), "mark")
	os.WriteFile(filepath.Join(u.charmDir, "charmgen-hooks.yaml"), []byte(`hooks:
  update-status:
    - inline: |
        daemon-demo kv set interrupted=yes
        touch `+mark+`
        exec sleep 60
`), 0o644)
	before := u.st.Clone()
	type result struct {
		step simrun.Step
		out  string
	}
	done := make(chan result, 1)
	go func() {
		var out strings.Builder
		r := *u.r
		r.Output = &out
		_, step, err := r.Run(context.Background(), before, "update-status")
		if err != nil {
			t.Error(err)
		}
		done <- result{step, out.String()}
	}()
	deadline := time.Now().Add(patience)
	for {
		if _, err := os.Stat(mark); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hook's script never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	u.kill()
	res := <-done
	if res.step.ExitCode == 0 || !strings.Contains(res.out, "connection lost during hook update-status") {
		t.Errorf("interrupted hook: exit %d, output %q", res.step.ExitCode, res.out)
	}
	// Juju discards a failed hook's changes: the state stays as before.
	os.Remove(filepath.Join(u.charmDir, "charmgen-hooks.yaml"))
	u.mustRun("update-status")
	if _, ok := u.st.CharmState["kv.interrupted"]; ok {
		t.Error("the interrupted hook's KV write survived")
	}
	if got := u.st.CharmState["kv.reconciles"]; got != fmt.Sprint(hooks+2) {
		t.Errorf("after the interrupted hook: kv.reconciles = %q, want %d", got, hooks+2)
	}
}

// TestFailedScriptDiscardsKV: a script that fails after writing KV fails
// the hook; its writes and the reconciler's never reach charm state, and
// the daemon's cache does not keep them either.
func TestFailedScriptDiscardsKV(t *testing.T) {
	u := newSimUnit(t)
	u.mustRun("install")
	os.WriteFile(filepath.Join(u.charmDir, "charmgen-hooks.yaml"), []byte(`hooks:
  config-changed:
    - inline: daemon-demo kv set half=done; exit 3
`), 0o644)
	step, out := u.run("config-changed")
	if step.ExitCode != 1 || !strings.Contains(out, "exit status 3") {
		t.Fatalf("config-changed: exit %d\n%s", step.ExitCode, out)
	}
	if _, ok := u.st.CharmState["kv.half"]; ok || u.st.CharmState["kv.reconciles"] != "1" {
		t.Errorf("failed hook's writes: %v", u.st.CharmState)
	}
	os.WriteFile(filepath.Join(u.charmDir, "charmgen-hooks.yaml"), []byte(`hooks:
  update-status:
    - inline: |
        test "$(daemon-demo kv get half)" = "" || { echo "half is set" >&2; exit 5; }
        test "$(daemon-demo kv get reconciles)" = 2
`), 0o644)
	u.mustRun("update-status")
}

// TestScriptCLI: the script commands against the simulated unit, and the
// relation schema of charmgen-hooks.yaml.
func TestScriptCLI(t *testing.T) {
	u := newSimUnit(t)
	u.mustRun("install")
	os.WriteFile(filepath.Join(u.charmDir, "charmgen-hooks.yaml"), []byte(`relations:
  website:
    schema:
      type: object
      properties:
        hostname: {type: string}
        port: {type: integer}
      additionalProperties: false
hooks:
  website-relation-changed:
    - inline: |
        test "$(daemon-demo leader is)" = true
        test "$(daemon-demo config get port)" = 8080
        daemon-demo relation set hostname=h1 port=80
        if daemon-demo relation set port=eighty 2>err; then exit 7; fi
        grep -q 'port: invalid integer "eighty"' err
        if daemon-demo relation set color=red 2>err; then exit 8; fi
        daemon-demo port open 9000/udp
        id=$(daemon-demo secret add --label s1 password=hunter22)
        test "$(daemon-demo secret get --label s1 password)" = hunter22
        daemon-demo kv set a=1 b=2
        daemon-demo kv delete b
        test "$(daemon-demo kv list)" = '{"a":"1","configured-port":"8080","last-configured-by":"install","reconciles":"2"}'
        daemon-demo status set --name db waiting "for the database"
        daemon-demo log --level warning "all done"
`+"        if daemon-demo frobnicate 2>/dev/null; then exit 9; fi\n"), 0o644)
	step, out := u.run("website-relation-changed:id=1,unit=haproxy/0")
	if step.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", step.ExitCode, out)
	}
	st := u.st
	if bag := st.Relation(1).LocalUnitData; bag["hostname"] != "h1" || bag["port"] != "80" || bag["color"] != "" {
		t.Errorf("website databag %v", bag)
	}
	if st.CharmState["kv.a"] != "1" || st.CharmState["kv.b"] != "" {
		t.Errorf("kv %v", st.CharmState)
	}
	if st.UnitStatus.Status != "waiting" || st.UnitStatus.Message != "for the database" {
		t.Errorf("status %+v (waiting from the db slot beats active)", st.UnitStatus)
	}
	if len(st.Secrets) != 1 || len(st.OpenedPorts) != 2 {
		t.Errorf("secrets %d ports %+v", len(st.Secrets), st.OpenedPorts)
	}
	found := false
	for _, l := range st.Logs {
		found = found || strings.Contains(l.Message, "all done")
	}
	if !found {
		t.Errorf("log not written: %+v", st.Logs)
	}
}
