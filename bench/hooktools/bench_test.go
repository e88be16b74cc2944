package hooktools

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/internal/simrun"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// TestMain makes the test binary double as the hook tools, as charmgen
// itself does under `charmgen sim`.
func TestMain(m *testing.M) {
	jujusim.RunAsTool()
	os.Exit(m.Run())
}

// goCharmDir is the Go charm: charmgen gen's output for the smallest
// machine charm, whose Reconcile returns ActiveStatus.
const goCharmDir = "../../golden/minimal-machine"

// opsPath is where ops lives in the shared corpus, as its README says.
var opsPath = []string{"../../../shared/corpus/python", "../../../shared/corpus/python/lib", "../../../shared/corpus/python/stubs"}

type subject struct {
	name, dispatch, charmDir string
	env                      map[string]string
}

// subjects builds what is measured. The ops charm runs from a copy: ops
// writes its state database into the charm directory.
func subjects(tb testing.TB) []subject {
	tb.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		tb.Skip("go toolchain not found")
	}
	// Built as charmcraft builds the charms charmgen new writes: the go
	// plugin, CGO_ENABLED=0.
	goCharm := filepath.Join(tb.TempDir(), "dispatch")
	build := exec.Command("go", "build", "-o", goCharm, "github.com/charmgen/charmgen/golden/minimal-machine/out/cmd/tiny")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("building the Go charm: %v\n%s", err, out)
	}
	subs := []subject{
		{name: "true", dispatch: "/bin/true", charmDir: goCharmDir},
		{name: "go", dispatch: goCharm, charmDir: goCharmDir, env: map[string]string{"CHARMGEN_HOOK_TOOLS": ""}},
		{name: "go-exec", dispatch: goCharm, charmDir: goCharmDir, env: map[string]string{"CHARMGEN_HOOK_TOOLS": "exec"}},
	}
	if py, ok := opsPythonPath(); ok {
		dir := tb.TempDir()
		if out, err := exec.Command("cp", "-R", "opscharm/.", dir).CombinedOutput(); err != nil {
			tb.Fatalf("copying the ops charm: %v\n%s", err, out)
		}
		subs = append(subs, subject{name: "ops", dispatch: filepath.Join(dir, "dispatch"), charmDir: dir, env: map[string]string{"PYTHONPATH": py}})
	}
	return subs
}

func opsPythonPath() (string, bool) {
	if _, err := exec.LookPath("python3"); err != nil {
		return "", false
	}
	var abs []string
	for _, p := range opsPath {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", false
		}
		abs = append(abs, a)
	}
	if _, err := os.Stat(filepath.Join(abs[0], "ops", "__init__.py")); err != nil {
		return "", false
	}
	return abs[0] + ":" + abs[1] + ":" + abs[2], true
}

// converge starts a runner for s and runs the deploy scenario, so every
// measured update-status is the steady state (nothing to write).
func converge(tb testing.TB, s subject) (*simrun.Runner, *jujusim.State) {
	tb.Helper()
	for k, v := range s.env {
		tb.Setenv(k, v)
	}
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	r := &simrun.Runner{Dispatch: s.dispatch, CharmDir: s.charmDir, ToolBinary: exe}
	if err := r.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	m, err := meta.Load(s.charmDir, nil)
	if err != nil {
		tb.Fatal(err)
	}
	st := charmtest.StateFromMetadata(m, m.Name.V+"/0")
	st.Leader = true
	evs, err := jujusim.Scenario("deploy", st)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	for _, ev := range evs {
		next, step, err := r.Run(ctx, st, ev)
		if err != nil || step.ExitCode != 0 {
			tb.Fatalf("%s %s: exit %d, %v", s.name, ev, step.ExitCode, err)
		}
		st = next
	}
	return r, st
}

// BenchmarkUpdateStatus: one op is one steady-state update-status hook,
// start to commit, under the simulator (a fresh agent and socket, dispatch
// started as a process, the state committed), for each subject.
func BenchmarkUpdateStatus(b *testing.B) {
	for _, s := range subjects(b) {
		b.Run(s.name, func(b *testing.B) {
			r, st := converge(b, s)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, step, err := r.Run(ctx, st, "update-status")
				if err != nil || step.ExitCode != 0 {
					b.Fatalf("update-status: exit %d, %v", step.ExitCode, err)
				}
			}
		})
	}
}

// TestUpdateStatusCalls pins what each subject asks of the agent in a
// steady-state update-status (no timing): the Go charm three calls
// (config-get from the generated dispatch, is-leader, one status-get) on
// one connection and nothing written; forced to exec, the same three
// calls as three processes.
func TestUpdateStatusCalls(t *testing.T) {
	for _, s := range subjects(t) {
		t.Run(s.name, func(t *testing.T) {
			r, st := converge(t, s)
			_, step, err := r.Run(context.Background(), st, "update-status")
			if err != nil || step.ExitCode != 0 {
				t.Fatalf("update-status: exit %d, %v", step.ExitCode, err)
			}
			t.Logf("%s: %d tool calls on %d connections, %d writes", s.name, step.ToolCalls, step.ToolConnections, len(step.Writes))
			want := map[string][3]int{"true": {0, 0, 0}, "go": {3, 1, 0}, "go-exec": {3, 3, 0}}
			if w, ok := want[s.name]; ok && (step.ToolCalls != w[0] || step.ToolConnections != w[1] || len(step.Writes) != w[2]) {
				t.Errorf("%s: %d calls, %d connections, %d writes; want %v", s.name, step.ToolCalls, step.ToolConnections, len(step.Writes), w)
			}
		})
	}
}
