package jujutest

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var statusArgv = []string{"status", "--model", "m", "--format", "json"}

func TestWaitSucceedsAfterSuccessivePolls(t *testing.T) {
	t.Parallel()
	installing := fixture(t, "status/installing.json")
	active := corpusFile(t, "juju-status/jubilant-snappass.json")
	// Active once, a relapse, then active for three polls.
	f := newFake(t, []step{
		statusTimes(installing, 2),
		statusFile(active),
		statusFile(installing),
		statusTimes(active, 3),
	}, nil)
	s, err := f.juju.Wait(t.Context(), AllActive("snappass-test"), FailOn(AnyError()))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Apps["snappass-test"].Status().Message; got != "snappass started" {
		t.Errorf("returned status is not the last poll: %q", got)
	}
	argvs := f.argvs()
	if len(argvs) != 7 {
		t.Fatalf("polls = %d, want 7", len(argvs))
	}
	for _, a := range argvs {
		if !slices.Equal(a, statusArgv) {
			t.Fatalf("argv = %q, want %q", a, statusArgv)
		}
	}
	if got := f.clock.slept(); len(got) != 6 || got[0] != time.Second {
		t.Errorf("sleeps = %v, want six of 1s", got)
	}
}

func TestWaitTimeoutListsBusyEntities(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")})
	s, err := f.juju.Wait(t.Context(), AllActive("snappass-test", "redis"), Timeout(10*time.Second), Delay(time.Second))
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TimeoutError", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("a timeout should match context.DeadlineExceeded")
	}
	want := []string{
		"snappass-test (app) maintenance: installing snappass",
		"snappass-test/0 [executing] maintenance: installing snappass",
		"redis (missing)",
	}
	if diff := cmp.Diff(want, te.Busy); diff != "" {
		t.Errorf("busy (-want +got):\n%s", diff)
	}
	for _, b := range want {
		if !strings.Contains(err.Error(), b) {
			t.Errorf("error %q does not list %q", err, b)
		}
	}
	if te.Polls != 11 || len(f.calls()) != 11 {
		t.Errorf("polls = %d (calls %d), want 11 over 10s at 1s", te.Polls, len(f.calls()))
	}
	if s == nil || te.Status != s {
		t.Error("the last status should be returned with the timeout")
	}
}

func TestWaitDefaultTimeout(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")}, WithWaitTimeout(5*time.Second))
	_, err := f.juju.Wait(t.Context(), AnyWaiting("snappass-test"))
	var te *TimeoutError
	if !errors.As(err, &te) || te.Timeout != 5*time.Second || te.Polls != 6 {
		t.Fatalf("err = %v", err)
	}
	// AnyWaiting lists every entity, none of which is waiting.
	if len(te.Busy) != 2 {
		t.Errorf("busy = %q", te.Busy)
	}
	if !AnyMaintenance("snappass-test").Holds(te.Status) {
		t.Error("AnyMaintenance should hold")
	}
}

func TestWaitTimeoutFuncPredicateUsesGenericBusyList(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")})
	never := Func("scale is 3", func(s *Status) bool { return s.Apps["snappass-test"].Scale == 3 })
	_, err := f.juju.Wait(t.Context(), never, Timeout(3*time.Second))
	var te *TimeoutError
	if !errors.As(err, &te) || te.Predicate != "scale is 3" {
		t.Fatalf("err = %v", err)
	}
	if !slices.Contains(te.Busy, "snappass-test/0 [executing] maintenance: installing snappass") {
		t.Errorf("busy = %q", te.Busy)
	}
}

func TestWaitFailsFastOnError(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		statusFile(fixture(t, "status/installing.json")),
		statusFile(fixture(t, "status/hook-failed.json")),
	}, nil)
	s, err := f.juju.Wait(t.Context(), AllActive("snappass-test"), FailOn(AnyError("snappass-test")))
	var we *WaitError
	if !errors.As(err, &we) {
		t.Fatalf("err = %v, want *WaitError", err)
	}
	if !slices.Contains(we.Entities, `snappass-test/0 [idle] error: hook failed: "install"`) {
		t.Errorf("entities = %q", we.Entities)
	}
	if msg := err.Error(); !strings.Contains(msg, "any-error(snappass-test) holds") || !strings.Contains(msg, `hook failed: "install"`) {
		t.Errorf("error text = %q", msg)
	}
	if s == nil || s.Apps["snappass-test"].Status().Current != StatusError {
		t.Error("the failing status should be returned")
	}
	if n := len(f.calls()); n != 2 {
		t.Errorf("polls = %d, want 2 (no poll after the error)", n)
	}
}

func TestWaitRidesOutTransientFailures(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		times(transient("status"), 3),
		statusTimes(corpusFile(t, "juju-status/jubilant-snappass.json"), 3),
	}, nil, WithRetry(RetryPolicy{Attempts: 2, Initial: time.Second, Max: 3 * time.Second}))
	if _, err := f.juju.Wait(t.Context(), AllActive("snappass-test")); err != nil {
		t.Fatal(err)
	}
	// Inside a wait, retries are bounded by the deadline, not Attempts:
	// backoff 1s, 2s, 3s (capped), then two 1s poll delays.
	want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, time.Second, time.Second}
	if diff := cmp.Diff(want, f.clock.slept()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	var attempts []float64
	for _, r := range recordsWith(f.records(), "juju") {
		attempts = append(attempts, r["attempt"].(float64))
		if r["exit_code"].(float64) != 0 && r["transient"] != true {
			t.Errorf("failed call not marked transient: %v", r)
		}
	}
	if !slices.Equal(attempts, []float64{1, 2, 3, 4, 1, 1}) {
		t.Errorf("attempts = %v", attempts)
	}
}

func TestWaitTransientUntilDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", Stderr: "ERROR cannot connect to API: dial tcp 10.0.0.1:17070: i/o timeout\n", Exit: 1})
	_, err := f.juju.Wait(t.Context(), AllActive(), Timeout(20*time.Second))
	var te *TimeoutError
	if !errors.As(err, &te) || !IsTransient(err) {
		t.Fatalf("err = %v, want a timeout wrapping the transient CLI error", err)
	}
	if te.Polls != 0 || !strings.Contains(err.Error(), "i/o timeout") {
		t.Errorf("timeout = %v", err)
	}
	// 1+2+4+8 = 15s of backoff fits in 20s; the next 15s would not.
	if n := len(f.calls()); n != 5 {
		t.Errorf("calls = %d, want 5", n)
	}
}

func TestWaitStopsOnPermanentCLIError(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", Stderr: `ERROR model "m" not found` + "\n", Exit: 1})
	_, err := f.juju.Wait(t.Context(), AllActive())
	var ce *CLIError
	if !errors.As(err, &ce) || ce.Transient() || ce.ExitCode != 1 {
		t.Fatalf("err = %v, want a permanent *CLIError", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

func TestWaitCountsSubordinates(t *testing.T) {
	t.Parallel()
	subs := corpusFile(t, "juju-status/jubilant-subordinates.json")
	s := loadStatus(t, subs)
	for _, c := range []struct {
		p    Predicate
		want bool
	}{
		{AllBlocked("nrpe"), true},
		{AllAgentsIdle("nrpe"), true},
		{AllActive("ubuntu", "ubun2"), true},
		{AllActive(), false},
		{AnyBlocked("ubuntu"), false},
		{AnyBlocked(), true},
		{AnyActive("nrpe"), false},
		{UnitCount("nrpe", 2), true},
		{UnitCount("nrpe", 3), false},
		{MinUnits("nrpe", 2), true},
		{MinUnits("nrpe", 3), false},
		{UnitCount("ubuntu", 1), true},
		{UnitCount("gone", 0), true},
		{AppsAbsent("gone"), true},
		{AppsAbsent("nrpe"), false},
		{Related("nrpe", "ubun2"), true},
		{Not(AnyError()), true},
		{Or(AllError(), AllMaintenance("nrpe"), AllWaiting()), false},
	} {
		if got := c.p.Holds(s); got != c.want {
			_, d := c.p.Eval(s)
			t.Errorf("%s = %v, want %v (%q)", c.p, got, c.want, d)
		}
	}
	_, busy := AllActive().Eval(s)
	want := []string{
		"nrpe (app) blocked: Nagios server not configured or related",
		"nrpe/1 [idle] blocked: Nagios server not configured or related",
		"nrpe/2 [idle] blocked: Nagios server not configured or related",
	}
	if diff := cmp.Diff(want, busy); diff != "" {
		t.Errorf("AllActive() busy (-want +got):\n%s", diff)
	}
	_, d := UnitCount("nrpe", 3).Eval(s)
	if !slices.Equal(d, []string{"nrpe has 2 units, want exactly 3"}) {
		t.Errorf("UnitCount details = %q", d)
	}

	f := newFake(t, nil, &step{Expect: "status", StdoutFile: subs})
	if _, err := f.juju.Wait(t.Context(), And(AllBlocked("nrpe"), UnitCount("nrpe", 2), ActiveIdle("ubuntu", "ubun2")),
		FailOn(AnyError())); err != nil {
		t.Fatal(err)
	}
	if n := len(f.calls()); n != 3 {
		t.Errorf("polls = %d, want 3", n)
	}
}

func TestWaitIdlePeriod(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: corpusFile(t, "juju-status/jubilant-snappass.json")})
	if _, err := f.juju.Wait(t.Context(), ActiveIdle("snappass-test"), Successes(1), IdlePeriod(5*time.Second), Delay(time.Second)); err != nil {
		t.Fatal(err)
	}
	// Ready at t=0; returns at the first poll with 5s behind it.
	if n := len(f.calls()); n != 6 {
		t.Errorf("polls = %d, want 6", n)
	}
}

func TestWaitIdleFailsOnError(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/hook-failed.json")})
	_, err := f.juju.WaitIdle(t.Context(), []string{"snappass-test"})
	var we *WaitError
	if !errors.As(err, &we) || we.Predicate != "any-error(snappass-test)" {
		t.Fatalf("err = %v", err)
	}
}

func TestWaitCancelWithinOnePoll(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f.clock.onSleep = func(n int) {
		if n == 2 {
			cancel() // during the pause after the second poll
		}
	}
	_, err := f.juju.Wait(ctx, AllActive())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(f.calls()); n != 2 {
		t.Errorf("polls = %d, want 2: no poll after cancellation", n)
	}
}

// deadlineCtx is a context whose deadline passes when the test says so.
type deadlineCtx struct {
	context.Context
	mu   sync.Mutex
	done chan struct{}
	err  error
}

func newDeadlineCtx(parent context.Context) *deadlineCtx {
	return &deadlineCtx{Context: parent, done: make(chan struct{})}
}

func (c *deadlineCtx) Done() <-chan struct{} { return c.done }

func (c *deadlineCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *deadlineCtx) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = context.DeadlineExceeded
	close(c.done)
}

func TestWaitContextDeadlineIsATimeout(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")})
	ctx := newDeadlineCtx(t.Context())
	f.clock.onSleep = func(n int) {
		if n == 2 {
			ctx.expire()
		}
	}
	_, err := f.juju.Wait(ctx, AllActive("snappass-test"))
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a *TimeoutError", err)
	}
	if te.Polls != 2 || !slices.Contains(te.Busy, "snappass-test/0 [executing] maintenance: installing snappass") {
		t.Errorf("timeout = %+v", te)
	}
}

func TestWaitCancelInterruptsDelay(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", StdoutFile: fixture(t, "status/installing.json")})
	done := make(chan struct{}, 1)
	j := f.juju.InModel("m")
	j.clock = RealClock{}
	j.runner = signalRunner{Runner: j.runner, done: done}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		<-done // the first poll has finished; Wait is about to pause
		cancel()
	}()
	// A one-hour delay: only cancellation can end this wait.
	_, err := j.Wait(ctx, AllActive(), Delay(time.Hour), Timeout(2*time.Hour))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("polls = %d, want 1", n)
	}
}

func TestWaitCancelKillsRunningPoll(t *testing.T) {
	t.Parallel()
	// The fake status hangs for a minute; cancellation must kill it.
	f := newFake(t, nil, &step{Expect: "status", SleepMS: 60_000})
	j := f.juju.InModel("m")
	j.runner = ExecRunner{Env: j.runner.(ExecRunner).Env, WaitDelay: 100 * time.Millisecond}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		// Cancel once the fake has logged its call, that is, while it runs.
		for ctx.Err() == nil {
			if fi, err := os.Stat(f.log); err == nil && fi.Size() > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	_, err := j.Wait(ctx, AllActive())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("polls = %d, want 1", n)
	}
}

func TestWaitLogsStatusChanges(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		statusFile(fixture(t, "status/installing.json")),
		statusFile(fixture(t, "status/hook-failed.json")),
		statusTimes(corpusFile(t, "juju-status/jubilant-snappass.json"), 3),
	}, nil)
	if _, err := f.juju.Wait(t.Context(), AllActive("snappass-test")); err != nil {
		t.Fatal(err)
	}
	type change struct{ Level, Entity, From, To, Agent string }
	var got []change
	for _, r := range recordsWith(f.records(), "status changed") {
		agent, _ := r["agent"].(string)
		got = append(got, change{r["level"].(string), r["entity"].(string), r["from"].(string), r["to"].(string), agent})
	}
	want := []change{
		{"INFO", "snappass-test", "", "maintenance", ""},
		{"INFO", "snappass-test/0", "", "maintenance", "executing"},
		{"ERROR", "snappass-test", "maintenance", "error", ""},
		{"ERROR", "snappass-test/0", "maintenance", "error", "idle"},
		{"INFO", "snappass-test", "error", "active", ""},
		{"INFO", "snappass-test/0", "error", "active", "idle"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("status change records (-want +got):\n%s", diff)
	}
	// Status polls are logged at DEBUG, with duration and exit code.
	for _, r := range recordsWith(f.records(), "juju") {
		if r["level"] != "DEBUG" || r["cmd"] != "status" || r["exit_code"].(float64) != 0 {
			t.Errorf("poll record = %v", r)
		}
		if _, ok := r["duration_ms"].(float64); !ok {
			t.Errorf("poll record without duration_ms: %v", r)
		}
	}
	if len(recordsWith(f.records(), "wait done")) != 1 {
		t.Error("no wait done record")
	}
}

func TestStatusTrackerLogsRemoval(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		statusFile(corpusFile(t, "juju-status/jubilant-snappass.json")),
		statusTimes(corpusFile(t, "juju-status/jubilant-minimal.json"), 3),
	}, nil)
	if _, err := f.juju.Wait(t.Context(), AppsAbsent("snappass-test")); err != nil {
		t.Fatal(err)
	}
	var removed []string
	for _, r := range recordsWith(f.records(), "status changed") {
		if r["to"] == "removed" {
			removed = append(removed, r["entity"].(string))
		}
	}
	if !slices.Equal(removed, []string{"snappass-test", "snappass-test/0"}) {
		t.Errorf("removed = %v", removed)
	}
}
