package jujutest

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clearEnv isolates a test from the developer's JUJUTEST_* settings.
func clearEnv(t *testing.T) {
	for _, k := range []string{EnvModel, EnvKeepModels, EnvController, EnvCloud, EnvArtifacts} {
		t.Setenv(k, "")
	}
}

func TestTempModelLifecycle(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvController, "ctl")
	t.Setenv(EnvCloud, "lxd/default")
	f := newFake(t, []step{
		ok("add-model"),
		statusFile(corpusFile(t, "juju-status/jubilant-minimal.json")),
		ok("destroy-model"),
	}, nil)
	tb := &fakeTB{TB: t}
	j := TempModel(tb, append(f.opts(), WithModelConfig(map[string]string{"logging-config": "<root>=DEBUG"}))...)
	name := strings.TrimPrefix(j.Model(), "ctl:")
	if !regexp.MustCompile(`^jt-testtempmodellifecycle-[0-9a-f]{8}$`).MatchString(name) || j.Model() != "ctl:"+name {
		t.Fatalf("model = %q", j.Model())
	}
	if _, err := j.Status(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(tb.cleanups) != 1 {
		t.Fatalf("cleanups = %d, want 1", len(tb.cleanups))
	}
	tb.runCleanups()
	want := [][]string{
		{"add-model", "--no-switch", name, "lxd/default", "--controller", "ctl", "--config", "logging-config=<root>=DEBUG"},
		{"status", "--model", "ctl:" + name, "--format", "json"},
		{"destroy-model", "ctl:" + name, "--no-prompt", "--destroy-storage", "--force"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if tb.Failed() {
		t.Error("cleanup failed the test")
	}
}

func TestTempModelOptionsOverrideEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvController, "from-env")
	f := newFake(t, []step{ok("add-model"), ok("controllers"), ok("destroy-model")}, nil)
	tb := &fakeTB{TB: t}
	j := TempModel(tb, append(f.opts(), WithController("c2"), WithCloud("aws/us-east-1"),
		WithCredential("cred"), WithModelPrefix("mytests"))...)
	if _, err := j.CliGlobal(t.Context(), "controllers", "--format", "json"); err != nil {
		t.Fatal(err)
	}
	tb.runCleanups()
	name := strings.TrimPrefix(j.Model(), "c2:")
	if !regexp.MustCompile(`^mytests-[0-9a-f]{8}$`).MatchString(name) {
		t.Fatalf("model = %q", j.Model())
	}
	want := [][]string{
		{"add-model", "--no-switch", name, "aws/us-east-1", "--controller", "c2", "--credential", "cred"},
		{"controllers", "--format", "json"},
		{"destroy-model", "c2:" + name, "--no-prompt", "--destroy-storage", "--force"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
}

func TestTempModelDumpsOnFailure(t *testing.T) {
	clearEnv(t)
	artifacts := t.TempDir()
	t.Setenv(EnvArtifacts, artifacts)
	f := newFake(t, []step{
		ok("add-model"),
		out("status", "model:\n  name: jt-x\napplications:\n  app:\n    application-status:\n      current: error\n"),
		out("debug-log", "unit-app-0: 12:00:01 ERROR juju.worker.uniter hook \"install\" failed\n"),
		ok("destroy-model"),
	}, nil)
	tb := &fakeTB{TB: t}
	j := TempModel(tb, append(f.opts(), WithLogLimit(200))...)
	tb.failed = true
	tb.runCleanups()
	m := j.Model()
	want := [][]string{
		{"add-model", "--no-switch", m},
		{"status", "--model", m, "--format", "yaml"},
		{"debug-log", "--model", m, "--limit", "200"},
		{"destroy-model", m, "--no-prompt", "--destroy-storage", "--force"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	logs := tb.allLogs()
	for _, s := range []string{"current: error", `hook "install" failed`} {
		if !strings.Contains(logs, s) {
			t.Errorf("test log lacks %q:\n%s", s, logs)
		}
	}
	files, _ := filepath.Glob(filepath.Join(artifacts, "*"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	wantNames := []string{"testtempmodeldumpsonfailure-debug-log.txt", "testtempmodeldumpsonfailure-status.yaml"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("artifacts = %v, want %v", names, wantNames)
	}
}

func TestTempModelKeep(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvKeepModels, "true")
	f := newFake(t, []step{ok("add-model")}, nil)
	tb := &fakeTB{TB: t}
	j := TempModel(tb, f.opts()...)
	tb.runCleanups()
	if got := f.subcommands(); !slices.Equal(got, []string{"add-model"}) {
		t.Errorf("calls = %v, want no destroy-model", got)
	}
	if !strings.Contains(tb.allLogs(), "keeping model "+j.Model()) {
		t.Errorf("log = %s", tb.allLogs())
	}
}

func TestTempModelReuse(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvModel, "ctl:existing")
	f := newFake(t, []step{
		statusFile(corpusFile(t, "juju-status/jubilant-minimal.json")),
		out("status", "yaml status\n"),
		out("debug-log", "log lines\n"),
	}, nil)
	tb := &fakeTB{TB: t}
	j := TempModel(tb, f.opts()...)
	if j.Model() != "ctl:existing" {
		t.Fatalf("model = %q", j.Model())
	}
	if _, err := j.Status(t.Context()); err != nil {
		t.Fatal(err)
	}
	tb.failed = true
	tb.runCleanups()
	want := [][]string{
		{"status", "--model", "ctl:existing", "--format", "json"},
		{"status", "--model", "ctl:existing", "--format", "yaml"},
		{"debug-log", "--model", "ctl:existing", "--limit", "1000"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got): never add-model or destroy-model on a reused model\n%s", diff)
	}
}

func TestTempModelDestroyFailureIsLogged(t *testing.T) {
	clearEnv(t)
	f := newFake(t, []step{ok("add-model"), failWith("destroy-model", "ERROR cannot destroy model: permission denied\n")}, nil)
	tb := &fakeTB{TB: t}
	TempModel(tb, f.opts()...)
	tb.runCleanups()
	if tb.Failed() {
		t.Error("a failed destroy must not fail the test")
	}
	if !strings.Contains(tb.allLogs(), "permission denied") {
		t.Errorf("log = %s", tb.allLogs())
	}
}

func TestTempModelDestroyIsBounded(t *testing.T) {
	clearEnv(t)
	// destroy-model hangs (a MicroK8s model stuck in destruction).
	f := newFake(t, []step{ok("add-model"), {Expect: "destroy-model", SleepMS: 60_000}}, nil)
	tb := &fakeTB{TB: t}
	opts := append(f.opts(), WithDestroyTimeout(200*time.Millisecond),
		WithRunner(ExecRunner{Env: []string{"FAKEJUJU_SCRIPT=" + f.script, "FAKEJUJU_LOG=" + f.log}, WaitDelay: 100 * time.Millisecond}))
	TempModel(tb, opts...)
	tb.runCleanups()
	if tb.Failed() || !strings.Contains(tb.allLogs(), "context deadline exceeded") {
		t.Errorf("failed=%v log=%s", tb.Failed(), tb.allLogs())
	}
}

func TestTempModelAddFailureIsFatal(t *testing.T) {
	clearEnv(t)
	f := newFake(t, []step{failWith("add-model", "ERROR model \"x\" already exists\n")}, nil)
	tb := &fakeTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("TempModel did not call Fatalf")
			} else if _, ok := r.(fatalPanic); !ok {
				panic(r)
			}
		}()
		TempModel(tb, f.opts()...)
	}()
	if len(tb.cleanups) != 0 || !strings.Contains(tb.allLogs(), "already exists") {
		t.Errorf("cleanups=%d log=%s", len(tb.cleanups), tb.allLogs())
	}
}

func TestAddModelTransientChecks(t *testing.T) {
	clearEnv(t)
	// show-model says not found: the model was not created; add again.
	f := newFake(t, []step{
		transient("add-model"),
		failWith("show-model", "ERROR model admin/x not found\n"),
		ok("add-model"),
	}, nil)
	j, err := f.juju.AddModel(t.Context(), "x", AddModelOptions{Controller: "c"})
	if err != nil || j.Model() != "c:x" {
		t.Fatalf("model %v, err %v", j, err)
	}
	want := [][]string{
		{"add-model", "--no-switch", "x", "--controller", "c"},
		{"show-model", "c:x", "--format", "json"},
		{"add-model", "--no-switch", "x", "--controller", "c"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	// show-model finds it: done.
	f = newFake(t, []step{transient("add-model"), out("show-model", `{"x": {}}`)}, nil)
	if _, err := f.juju.AddModel(t.Context(), "x", AddModelOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"add-model", "show-model"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestTempModelLogsJSONToTestLog(t *testing.T) {
	clearEnv(t)
	f := newFake(t, []step{ok("add-model"), ok("destroy-model")}, nil)
	tb := &fakeTB{TB: t}
	// No WithLogger: records go to the test log.
	TempModel(tb, WithBinary(fakeJujuPath), WithClock(f.clock),
		WithRunner(ExecRunner{Env: []string{"FAKEJUJU_SCRIPT=" + f.script, "FAKEJUJU_LOG=" + f.log}}))
	tb.runCleanups()
	var calls []string
	for _, line := range tb.logs {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		for _, r := range recordsWith(parseRecords(t, line), "juju") {
			calls = append(calls, r["cmd"].(string))
		}
	}
	if !slices.Equal(calls, []string{"add-model", "destroy-model"}) {
		t.Errorf("logged calls = %v\n%s", calls, tb.allLogs())
	}
}

func TestModelNames(t *testing.T) {
	t.Parallel()
	if got := sanitizeName("TestFoo/Sub_Case#01"); got != "testfoo-sub-case-01" {
		t.Errorf("sanitizeName = %q", got)
	}
	long := modelName(strings.Repeat("a", 100))
	if len(long) > 49 || !regexp.MustCompile(`^a+-[0-9a-f]{8}$`).MatchString(long) {
		t.Errorf("modelName = %q", long)
	}
	if modelName("x") == modelName("x") {
		t.Error("model names should be random")
	}
}
