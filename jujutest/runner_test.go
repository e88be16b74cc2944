package jujutest

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTransientClassification(t *testing.T) {
	t.Parallel()
	for stderr, want := range map[string]bool{
		"ERROR connection is shut down\n": true,
		"ERROR cannot connect to API: dial tcp 10.1.1.1:17070: connect: connection refused": true,
		"ERROR read tcp 10.0.0.2:50000->10.0.0.1:17070: i/o timeout":                        true,
		"ERROR upgrade in progress":                 true,
		"ERROR controller is restarting, try again": true,
		"ERROR opening API connection: EOF":         true,
		"ERROR application \"db\" not found":        false,
		"ERROR permission denied":                   false,
		"":                                          false,
	} {
		if got := transientText(stderr); got != want {
			t.Errorf("transientText(%q) = %v, want %v", stderr, got, want)
		}
	}
	if IsTransient(errors.New("connection is shut down")) {
		t.Error("only CLI errors are transient")
	}
	if !IsTransient(errors.Join(errors.New("x"), &CLIError{Stderr: "connection reset by peer"})) {
		t.Error("a wrapped transient CLIError is transient")
	}
}

func TestRetryBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{}.withDefaults()
	var got []time.Duration
	for i := 1; i <= 6; i++ {
		got = append(got, p.backoff(i))
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second}
	if !slices.Equal(got, want) || p.Attempts != 5 {
		t.Errorf("backoff = %v, attempts %d", got, p.Attempts)
	}
}

func TestReadsRetryUpToAttempts(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", Stderr: connShutDown, Exit: 1}, WithRetry(RetryPolicy{Attempts: 3, Initial: 10 * time.Second, Max: time.Minute}))
	_, err := f.juju.Status(t.Context())
	var ce *CLIError
	if !errors.As(err, &ce) || ce.Attempts != 3 || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("err = %v", err)
	}
	if got := f.clock.slept(); !slices.Equal(got, []time.Duration{10 * time.Second, 20 * time.Second}) {
		t.Errorf("backoff = %v", got)
	}
	// Each attempt is logged with its number; the retries at WARN.
	var attempts []float64
	for _, r := range recordsWith(f.records(), "juju") {
		attempts = append(attempts, r["attempt"].(float64))
		if r["level"] != "WARN" || r["exit_code"].(float64) != 1 || r["transient"] != true {
			t.Errorf("record = %v", r)
		}
	}
	if !slices.Equal(attempts, []float64{1, 2, 3}) {
		t.Errorf("attempts = %v", attempts)
	}
}

func TestRetryStopsAtContextDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", Stderr: connShutDown, Exit: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	// The first backoff (1s) would outlast the context: give up at once.
	if _, err := f.juju.Status(ctx); !IsTransient(err) {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, &step{Expect: "status", Stderr: connShutDown, Exit: 1})
	ctx, cancel := context.WithCancel(t.Context())
	f.clock.onSleep = func(int) { cancel() }
	_, err := f.juju.Status(ctx)
	if !errors.Is(err, context.Canceled) || !IsTransient(err) {
		t.Fatalf("err = %v, want cancellation wrapping the last failure", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("calls = %d", n)
	}
}

func TestRedactArgs(t *testing.T) {
	t.Parallel()
	r := newRedactor()
	r.add("s3cret-token", "ab")
	for _, c := range []struct{ in, want []string }{
		{
			[]string{"add-secret", "--model", "m", "db", "password=hunter2", "user=josh", "--info", "x=y"},
			[]string{"add-secret", "--model", "m", "db", "password=REDACTED", "user=REDACTED", "--info", "x=y"},
		},
		{
			[]string{"update-secret", "db", "token=abc"},
			[]string{"update-secret", "db", "token=REDACTED"},
		},
		{
			[]string{"config", "app", "admin-password=pw", "port=80", "--reset", "a"},
			[]string{"config", "app", "admin-password=REDACTED", "port=80", "--reset", "a"},
		},
		{
			[]string{"deploy", "app", "--config", "api-key=k", "--config=tls-cert=c", "--config", "name=n"},
			[]string{"deploy", "app", "--config", "api-key=REDACTED", "--config=tls-cert=REDACTED", "--config", "name=n"},
		},
		{
			[]string{"exec", "--unit", "u/0", "--", "echo", "s3cret-token", "ab"},
			[]string{"exec", "--unit", "u/0", "--", "echo", "REDACTED", "REDACTED"},
		},
		{
			[]string{"model-config", "juju-http-proxy=http://x", "ssh-key=abc"},
			[]string{"model-config", "juju-http-proxy=http://x", "ssh-key=REDACTED"},
		},
	} {
		if diff := cmp.Diff(c.want, r.args(c.in)); diff != "" {
			t.Errorf("args(%q) (-want +got):\n%s", c.in, diff)
		}
	}
	if got := r.text("token s3cret-token; tab"); got != "token REDACTED; tab" {
		t.Errorf("text = %q (short values only redact whole strings)", got)
	}
}

func TestRedactionSharedAcrossModels(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{out("add-secret", "secret:x\n"), failWith("status", "ERROR value very-secret-1 rejected\n")}, nil)
	if _, err := f.juju.AddSecret(t.Context(), "s", map[string]string{"v": "very-secret-1"}, ""); err != nil {
		t.Fatal(err)
	}
	_, err := f.juju.InModel("other").Status(t.Context())
	if err == nil || strings.Contains(err.Error(), "very-secret-1") {
		t.Errorf("err = %v", err)
	}
	if strings.Contains(f.logs.String(), "very-secret-1") {
		t.Errorf("secret in logs: %s", f.logs.String())
	}
}

func TestCLIErrorText(t *testing.T) {
	t.Parallel()
	e := &CLIError{Args: []string{"deploy", "x"}, ExitCode: 2, Stdout: "out", Stderr: "  ERROR bad\n", Attempts: 1}
	if got := e.Error(); got != "juju deploy x: exit status 2: ERROR bad" {
		t.Errorf("Error() = %q", got)
	}
	e = &CLIError{Args: []string{"run"}, ExitCode: 1, Stdout: strings.Repeat("x", 5000), Attempts: 2}
	if got := e.Error(); !strings.Contains(got, "(after 2 attempts)") || len(got) > 4100 {
		t.Errorf("Error() = %.80q... (%d bytes)", got, len(got))
	}
}

func TestExecRunnerMissingBinary(t *testing.T) {
	t.Parallel()
	j := New(WithBinary(filepath.Join(t.TempDir(), "no-juju")), WithClock(newFakeClock()), WithLogger(discardLogger()))
	_, err := j.Status(t.Context())
	var ce *CLIError
	if err == nil || errors.As(err, &ce) {
		t.Errorf("err = %v, want a start error, not a CLIError", err)
	}
}

func TestCheckJuju4AllowsCommandArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"exec", "--unit", "u/0", "--", "apt", "--series", "x"},
		{"ssh", "u/0", "tail", "-w", "--series"},
		{"debug-log", "--limit", "10"},
	} {
		if err := checkJuju4(args); err != nil {
			t.Errorf("checkJuju4(%q) = %v", args, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	t.Setenv(EnvJuju, "/opt/juju/bin/juju")
	j := New()
	if j.Binary() != "/opt/juju/bin/juju" || j.Model() != "" || j.Logger() == nil {
		t.Errorf("New() = bin %q model %q", j.Binary(), j.Model())
	}
	if j.stageDir != "" {
		t.Errorf("stage dir %q for a non-snap juju", j.stageDir)
	}
	t.Setenv("HOME", "/home/tester")
	j = New(WithBinary("/snap/bin/juju"))
	if j.stageDir != "/home/tester/snap/juju/common" {
		t.Errorf("snap stage dir = %q", j.stageDir)
	}
	if j.InModel("x").Model() != "x" || j.Model() != "" {
		t.Error("InModel must copy")
	}
}
