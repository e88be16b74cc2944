package simrun

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
)

// TestMain makes the test binary double as the fake hook tools: the runner
// links every tool name to it.
func TestMain(m *testing.M) {
	jujusim.RunAsTool()
	os.Exit(m.Run())
}

// buildDemo builds the demo charm's dispatch once per test binary run.
func buildDemo(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go toolchain not found; the simulator tests build a real charm")
	}
	out := filepath.Join(t.TempDir(), "dispatch")
	cmd := exec.Command("go", "build", "-o", out, "github.com/charmgen/charmgen/examples/demo/cmd/demo")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the demo charm: %v\n%s", err, b)
	}
	return out
}

func newRunner(t testing.TB, dispatch string) *Runner {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{Dispatch: dispatch, CharmDir: t.TempDir(), ToolBinary: exe}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func demoState(t testing.TB) *jujusim.State {
	t.Helper()
	st, err := jujusim.Load("../../examples/demo/sim-state.json")
	if err != nil {
		t.Fatal(err)
	}
	st.ConfigOptions = map[string]jujusim.ConfigOption{
		"port":      {Type: "int", Default: int64(8080)},
		"log-level": {Type: "string", Default: "info"},
	}
	return st
}

// TestDemoLifecycle runs the demo charm through deploy, relate, a config
// change, a secret rotation and teardown under the simulator, with real
// processes for dispatch and every hook tool, and checks the statuses and
// databags after each step.
func TestDemoLifecycle(t *testing.T) {
	r := newRunner(t, buildDemo(t))
	st := demoState(t)
	ctx := context.Background()
	run := func(events ...string) []Step {
		t.Helper()
		var steps []Step
		for _, ev := range events {
			next, step, err := r.Run(ctx, st, ev)
			if err != nil {
				t.Fatalf("%s: %v", ev, err)
			}
			if step.ExitCode != 0 {
				t.Fatalf("%s exited %d; logs: %+v", ev, step.ExitCode, next.Logs)
			}
			t.Log(Timeline(step, next))
			steps = append(steps, step)
			st = next
		}
		return steps
	}
	scenario := func(name string) []string {
		evs, err := jujusim.Scenario(name, st)
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}

	// Deploy: the relation to mysql exists but mysql has published nothing.
	steps := run(scenario("deploy")...)
	if got := st.UnitStatus; got.Status != "waiting" || !strings.Contains(got.Message, "mysql") {
		t.Errorf("after deploy: unit status %+v, want waiting for mysql", got)
	}
	if len(st.Secrets) != 1 || st.Secrets[0].Label != "demo-admin" {
		t.Fatalf("after deploy: secrets %+v", st.Secrets)
	}
	if len(st.OpenedPorts) != 1 || st.OpenedPorts[0].From != 8080 {
		t.Errorf("after deploy: ports %+v", st.OpenedPorts)
	}
	for _, s := range steps[1:] {
		if len(s.Writes) != 0 {
			t.Errorf("%s wrote %v after install had converged", s.Event, s.Writes)
		}
	}

	// Relate: the app databag asks for the database, each unit bag of the
	// website relation carries this unit's address.
	run(scenario("relate")...)
	db := st.Relation(1)
	if db.LocalAppData["database"] != "demo" {
		t.Errorf("db app databag = %v", db.LocalAppData)
	}
	web := st.Relation(2)
	if web.LocalUnitData["hostname"] != "demo-0.demo.internal" || web.LocalUnitData["port"] != "8080" {
		t.Errorf("website unit databag = %v", web.LocalUnitData)
	}

	// mysql publishes its endpoints: the charm goes active.
	st.Relation(1).RemoteAppData = map[string]string{"endpoints": "10.1.2.3:3306"}
	run("db-relation-changed:app")
	if st.UnitStatus.Status != "active" || st.AppStatus.Status != "active" {
		t.Errorf("after mysql published: unit %+v app %+v", st.UnitStatus, st.AppStatus)
	}

	// Config change: a new port moves the opened port and the website data;
	// a bad one blocks without failing the hook.
	st.Config = map[string]any{"port": int64(9090)}
	run("config-changed")
	if st.OpenedPorts[0].From != 9090 || st.Relation(2).LocalUnitData["port"] != "9090" || st.UnitStatus.Message != "serving on :9090" {
		t.Errorf("after port 9090: ports %+v website %v status %+v", st.OpenedPorts, st.Relation(2).LocalUnitData, st.UnitStatus)
	}
	st.Config = map[string]any{"port": int64(80)}
	run("config-changed")
	if st.UnitStatus.Status != "blocked" || !strings.Contains(st.UnitStatus.Message, "port 80") {
		t.Errorf("after port 80: status %+v", st.UnitStatus)
	}
	st.Config = map[string]any{"port": int64(9090)}
	run("config-changed")

	// Secret rotation: a new revision with new content.
	before := st.Secrets[0].Revisions[len(st.Secrets[0].Revisions)-1].Content["password"]
	run("secret-rotate:label=demo-admin")
	revs := st.Secrets[0].Revisions
	if len(revs) != 2 || revs[1].Content["password"] == before {
		t.Errorf("after rotation: revisions %+v", revs)
	}
	if steps := run("update-status"); len(steps[0].Writes) != 0 {
		t.Errorf("update-status after rotation wrote %v", steps[0].Writes)
	}

	// The greet action.
	run("actions/greet:name=Ada")
	if st.Action.Status != "completed" || st.Action.Results["greeting"] != "hello Ada" {
		t.Errorf("greet: %+v", st.Action)
	}

	// Teardown: the relations go, stop closes the port, remove terminates.
	run(scenario("teardown")...)
	if len(st.Relations) != 0 || len(st.OpenedPorts) != 0 || st.UnitStatus.Status != "terminated" {
		t.Errorf("after teardown: relations %d ports %+v status %+v", len(st.Relations), st.OpenedPorts, st.UnitStatus)
	}
}

// TestFailedHookDiscardsChanges checks the transactional commit: a hook
// that exits non-zero leaves relation data untouched but its status stays.
func TestFailedHookDiscardsChanges(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "dispatch")
	os.WriteFile(script, []byte("#!/bin/sh\nstatus-set maintenance 'half way'\nrelation-set -r db:1 half=done\nstate-set k=v\nexit 3\n"), 0o755)
	r := newRunner(t, script)
	st := demoState(t)
	next, step, err := r.Run(context.Background(), st, "config-changed")
	if err != nil {
		t.Fatal(err)
	}
	if step.ExitCode != 3 {
		t.Errorf("exit = %d", step.ExitCode)
	}
	if next.Relation(1).LocalUnitData["half"] != "" || next.CharmState["k"] != "" {
		t.Errorf("changes of a failed hook were committed: %v %v", next.Relation(1).LocalUnitData, next.CharmState)
	}
	if next.UnitStatus.Message != "half way" {
		t.Errorf("status-set is immediate in Juju; got %+v", next.UnitStatus)
	}
	if !strings.Contains(Timeline(step, next), "changes discarded") {
		t.Errorf("timeline: %s", Timeline(step, next))
	}
}

// TestToolsOutsideAHook checks the fake tools refuse to run with no agent
// and with another hook's context id.
func TestToolsOutsideAHook(t *testing.T) {
	var out, errb strings.Builder
	code := jujusim.ToolMain([]string{"is-leader"}, func(string) string { return "" }, nil, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "only work inside a hook") {
		t.Errorf("code %d stderr %q", code, errb.String())
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "dispatch")
	os.WriteFile(script, []byte("#!/bin/sh\nJUJU_CONTEXT_ID=stale is-leader\n"), 0o755)
	r := newRunner(t, script)
	_, step, err := r.Run(context.Background(), demoState(t), "update-status")
	if err != nil {
		t.Fatal(err)
	}
	if step.ExitCode == 0 {
		t.Error("a tool call with a stale context id succeeded")
	}
}

// TestStateQuotas checks Juju's charm-state limits under the simulator,
// with real tool processes: a 70 KB value is refused by state-set (the
// hook fails), and a hook whose values pass one by one but exceed the
// 2 MiB total is refused at commit — it exited 0, yet fails, and its
// changes are discarded.
func TestStateQuotas(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte("k: "+strings.Repeat("x", 70<<10)+"\n"), 0o644)
	total := filepath.Join(dir, "total.yaml")
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "k%02d: %s\n", i, strings.Repeat("x", 60<<10))
	}
	os.WriteFile(total, []byte(b.String()), 0o644)
	for _, tc := range []struct {
		file, want string
	}{
		{big, "exceeded"},
		{total, "commit refused"},
	} {
		script := filepath.Join(dir, "dispatch")
		os.WriteFile(script, []byte("#!/bin/sh\nstate-set --file "+tc.file+" || exit 1\n"), 0o755)
		r := newRunner(t, script)
		next, step, err := r.Run(context.Background(), demoState(t), "update-status")
		if err != nil {
			t.Fatal(err)
		}
		line := Timeline(step, next)
		if step.ExitCode == 0 || len(next.CharmState) != 0 || !strings.Contains(line, tc.want) {
			t.Errorf("%s: exit %d, %d state keys, timeline:\n%s", filepath.Base(tc.file), step.ExitCode, len(next.CharmState), line)
		}
	}
}

// TestKubernetesPortRange: on a Kubernetes model open-port refuses a
// range, as Juju does, and a charm that stops on the error fails its hook
// under the simulator; a single port is fine.
func TestKubernetesPortRange(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		ports string
		exit  bool
	}{
		{"8000-8100/tcp", true},
		{"8080/tcp", false},
	} {
		script := filepath.Join(dir, "dispatch")
		os.WriteFile(script, []byte("#!/bin/sh\nopen-port "+tc.ports+" || exit 1\n"), 0o755)
		r := newRunner(t, script)
		st := demoState(t)
		st.Model.Type = "caas"
		next, step, err := r.Run(context.Background(), st, "config-changed")
		if err != nil {
			t.Fatal(err)
		}
		line := Timeline(step, next)
		if failed := step.ExitCode != 0; failed != tc.exit {
			t.Errorf("open-port %s: exit %d; timeline:\n%s", tc.ports, step.ExitCode, line)
		}
		if tc.exit && !strings.Contains(line, "port ranges are not supported for k8s applications") {
			t.Errorf("open-port %s: the timeline lacks Juju's message:\n%s", tc.ports, line)
		}
	}
}
