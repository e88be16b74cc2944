package simrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

// opsPath is the PYTHONPATH that holds ops, from ../shared/corpus/python.
func opsPath(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: the ops charm test runs a real Python ops charm")
	}
	dir, err := filepath.Abs("../../../shared/corpus/python")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ops", "__init__.py")); err != nil {
		t.Skipf("ops not found in %s (the shared corpus): %v", dir, err)
	}
	if out, err := exec.Command("python3", "-c", "import yaml").CombinedOutput(); err != nil {
		t.Skipf("python3 has no PyYAML, which ops needs (apt-get install python3-yaml): %v\n%s", err, out)
	}
	return strings.Join([]string{dir, filepath.Join(dir, "lib"), filepath.Join(dir, "stubs")}, string(os.PathListSeparator))
}

// copyDir copies the fixture charm, so that ops' unit state stays out of
// the repository.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// A Python ops Kubernetes charm deploys to active under the simulator
// through ops' own Pebble client: add_layer, replan, push, pull,
// get_service and get_plan against the simulated Pebble on a real socket.
// Then a second round of events changes nothing in Pebble, and a config
// change pushes the file and replans again.
func TestOpsCharmDrivesSimulatedPebble(t *testing.T) {
	t.Setenv("PYTHONPATH", opsPath(t))
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	charmDir := copyDir(t, "testdata/pyk8s")
	r := &Runner{Dispatch: filepath.Join(charmDir, "dispatch"), CharmDir: charmDir, ToolBinary: exe}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	root := t.TempDir()
	st := &jujusim.State{
		Unit: "pyweb/0", Leader: true, Model: jujusim.Model{Name: "sim", Type: "caas"},
		ConfigOptions: map[string]jujusim.ConfigOption{"port": {Type: "int", Default: int64(8080)}},
		Relations:     []jujusim.Relation{{ID: 0, Endpoint: "cluster", RemoteApp: "pyweb"}},
		Containers:    []pebblesim.Container{{Name: "web", Root: root}},
	}
	events, err := jujusim.Scenario("deploy", st)
	if err != nil {
		t.Fatal(err)
	}
	// The peer relation exists at deploy: its relation-created runs after
	// install, before leader-elected (jujusim.ScenarioWith).
	if got := strings.Join(events, " "); got != "install cluster-relation-created:id=0 leader-elected config-changed start web-pebble-ready" {
		t.Fatalf("deploy = %s", got)
	}
	run := func(events ...string) [][]jujusim.Write {
		t.Helper()
		var writes [][]jujusim.Write
		for _, ev := range events {
			next, step, err := r.Run(context.Background(), st, ev)
			if err != nil {
				t.Fatalf("%s: %v", ev, err)
			}
			t.Log(Timeline(step, next))
			if step.ExitCode != 0 {
				t.Fatalf("%s exited %d; logs: %+v", ev, step.ExitCode, next.Logs)
			}
			st = next
			var pw []jujusim.Write
			for _, w := range step.Writes {
				if w.Tool == "pebble" {
					pw = append(pw, w)
				}
			}
			writes = append(writes, pw)
		}
		return writes
	}
	writes := run(events...)
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "serving on :8080" {
		t.Fatalf("unit status after deploy = %+v", st.UnitStatus)
	}
	ready := len(events) - 1 // web-pebble-ready
	for i, ev := range events[:ready] {
		if len(writes[i]) > 0 {
			t.Errorf("%s wrote to Pebble before the container was up: %+v", ev, writes[i])
		}
	}
	want := []string{"files write /etc/web/web.conf", "layers add web", "services replan"}
	if got := keys(writes[ready]); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("pebble-ready's Pebble writes = %q, want %q", got, want)
	}
	c := st.Container("web")
	if c.ServiceStatus("web") != pebblesim.StatusActive {
		t.Errorf("service web is %s, want active", c.ServiceStatus("web"))
	}
	plan, err := c.Plan()
	if err != nil || plan.Services["web"] == nil || plan.Services["web"].Command != "python3 -m http.server 8080" {
		t.Errorf("plan = %+v, %v", plan, err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "etc", "web", "web.conf")); err != nil || string(b) != "port=8080\n" {
		t.Errorf("web.conf = %q, %v", b, err)
	}

	// Nothing changed: the charm reads the plan and the file and writes
	// nothing to Pebble.
	for i, w := range run("update-status", "config-changed") {
		if len(w) > 0 {
			t.Errorf("run %d wrote to Pebble with nothing changed: %+v", i, w)
		}
	}

	st.Config = map[string]any{"port": int64(9090)}
	writes = run("config-changed")
	if got := keys(writes[0]); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("config change's Pebble writes = %q, want %q", got, want)
	}
	if st.UnitStatus.Message != "serving on :9090" {
		t.Errorf("unit status = %+v", st.UnitStatus)
	}
	if p, _ := st.Container("web").Plan(); p.Services["web"].Command != "python3 -m http.server 9090" {
		t.Errorf("plan after the config change: %+v", p.Services["web"])
	}
}

func keys(ws []jujusim.Write) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Key)
	}
	return out
}
