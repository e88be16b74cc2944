package jujutest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// corpusDir holds the captured juju CLI outputs: ../shared/corpus/juju-cli
// from the project root.
const corpusDir = "../../shared/corpus/juju-cli"

// corpusFile returns the path of a captured output, skipping the test when
// the corpus is absent.
func corpusFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(corpusDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s not found (../shared/corpus/juju-cli from the project root): %v; skipping", p, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// corpusFiles lists the JSON files of a corpus folder, skipping when absent.
func corpusFiles(t testing.TB, folder string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, folder, "*.json"))
	if len(files) == 0 {
		t.Skipf("no captured outputs in %s (../shared/corpus/juju-cli from the project root); skipping", filepath.Join(corpusDir, folder))
	}
	return files
}

// fixture returns the absolute path of a file under testdata.
func fixture(t testing.TB, rel string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

var (
	fakeJujuPath string
	fakeBuildErr error
)

// TestMain builds the fake juju executable once.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jujutest-fakejuju-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fakeJujuPath = filepath.Join(dir, "juju")
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	out, err := exec.Command(goTool, "build", "-o", fakeJujuPath, "./internal/fakejuju").CombinedOutput()
	if err != nil {
		fakeBuildErr = fmt.Errorf("building fake juju: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// step is one answer of the fake juju (internal/fakejuju's Step).
type step struct {
	Expect     string `json:"expect,omitempty"`
	Stdout     string `json:"stdout,omitempty"`
	StdoutFile string `json:"stdout_file,omitempty"`
	Stderr     string `json:"stderr,omitempty"`
	Exit       int    `json:"exit,omitempty"`
	SleepMS    int    `json:"sleep_ms,omitempty"`
	Times      int    `json:"times,omitempty"`
}

// fakeCall is one line of the fake's call log.
type fakeCall struct {
	N     int      `json:"n"`
	Argv  []string `json:"argv"`
	Files map[string]struct {
		Path    string `json:"path"`
		Content string `json:"content"`
		Mode    string `json:"mode"`
	} `json:"files"`
}

// Common answers.
const connShutDown = "ERROR connection is shut down\n"

func ok(sub string) step               { return step{Expect: sub} }
func out(sub, stdout string) step      { return step{Expect: sub, Stdout: stdout} }
func file(sub, path string) step       { return step{Expect: sub, StdoutFile: path} }
func transient(sub string) step        { return step{Expect: sub, Stderr: connShutDown, Exit: 1} }
func failWith(sub, msg string) step    { return step{Expect: sub, Stderr: msg, Exit: 1} }
func times(s step, n int) step         { s.Times = n; return s }
func statusFile(path string) step      { return file("status", path) }
func statusTimes(p string, n int) step { return times(statusFile(p), n) }

// fake is a Juju client wired to the fake executable, a fake clock and a
// buffer of JSON log records.
type fake struct {
	t      testing.TB
	dir    string
	script string
	log    string
	clock  *fakeClock
	logs   *syncBuffer
	juju   *Juju
}

// newFake writes a script and returns a client bound to model "m".
func newFake(t testing.TB, steps []step, then *step, opts ...Option) *fake {
	t.Helper()
	if fakeBuildErr != nil {
		t.Fatal(fakeBuildErr)
	}
	f := &fake{t: t, dir: t.TempDir(), clock: newFakeClock(), logs: &syncBuffer{}}
	f.script = filepath.Join(f.dir, "script.json")
	f.log = filepath.Join(f.dir, "calls.jsonl")
	data, err := json.Marshal(map[string]any{"steps": steps, "then": then})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.script, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f.juju = New(append(f.opts(), opts...)...)
	return f
}

// opts are the options that wire a client to this fake.
func (f *fake) opts() []Option {
	return []Option{
		WithBinary(fakeJujuPath),
		WithRunner(ExecRunner{Env: []string{"FAKEJUJU_SCRIPT=" + f.script, "FAKEJUJU_LOG=" + f.log}}),
		WithClock(f.clock),
		WithLogger(slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithModel("m"),
	}
}

// calls reads the fake's call log.
func (f *fake) calls() []fakeCall {
	f.t.Helper()
	data, err := os.ReadFile(f.log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		f.t.Fatal(err)
	}
	var calls []fakeCall
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c fakeCall
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			f.t.Fatalf("call log line %q: %v", sc.Text(), err)
		}
		calls = append(calls, c)
	}
	return calls
}

// argvs returns the argv of every call.
func (f *fake) argvs() [][]string {
	var out [][]string
	for _, c := range f.calls() {
		out = append(out, c.Argv)
	}
	return out
}

// subcommands returns argv[0] of every call.
func (f *fake) subcommands() []string {
	var out []string
	for _, c := range f.calls() {
		out = append(out, c.Argv[0])
	}
	return out
}

// records parses the log records; every line must be JSON.
func (f *fake) records() []map[string]any {
	f.t.Helper()
	return parseRecords(f.t, f.logs.String())
}

func parseRecords(t testing.TB, text string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// recordsWith returns the records with the given message.
func recordsWith(recs []map[string]any, msg string) []map[string]any {
	var out []map[string]any
	for _, r := range recs {
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeClock advances only when something sleeps on it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	sleeps  []time.Duration
	onSleep func(n int) // called after the n-th sleep (1-based) advanced the clock
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	n, hook := len(c.sleeps), c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// signalRunner wraps a Runner and reports on a channel each time a call
// has returned.
type signalRunner struct {
	Runner
	done chan struct{}
}

func (r signalRunner) Run(ctx context.Context, cmd Command) (Result, error) {
	res, err := r.Runner.Run(ctx, cmd)
	select {
	case r.done <- struct{}{}:
	default:
	}
	return res, err
}

// fakeTB records what TempModel does with a test: cleanups, logs, failure.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	failed   bool
	cleanups []func()
	logs     []string
}

type fatalPanic string

func (f *fakeTB) Helper() {}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *fakeTB) Log(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprint(args...))
}

func (f *fakeTB) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Logf(format, args...)
	panic(fatalPanic(fmt.Sprintf(format, args...)))
}

// runCleanups runs the registered cleanups, last first, as testing does.
func (f *fakeTB) runCleanups() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}

func (f *fakeTB) allLogs() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.logs, "\n")
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
