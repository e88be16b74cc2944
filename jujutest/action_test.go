package jujutest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRunActionCompleted(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{file("run", corpusFile(t, "juju-run/jubilant-test-completed.json"))}, nil)
	task, err := f.juju.Run(t.Context(), "mysql/0", "get-password", map[string]any{"username": "user", "verbose": true})
	if err != nil {
		t.Fatal(err)
	}
	want := &Task{
		Unit: "mysql/0", ID: "42", Status: "completed",
		Log:        []string{"2025-03-01 16:23:26 +1300 NZDT Log message", "2025-03-01 16:23:26 +1300 NZDT Another message"},
		Results:    map[string]any{"password": "pass", "username": "user"},
		ReturnCode: 0, Stdout: "OUT", Stderr: "ERR",
	}
	if diff := cmp.Diff(want, task); diff != "" {
		t.Errorf("task (-want +got):\n%s", diff)
	}
	c := f.calls()[0]
	params := c.Files["--params"]
	wantArgv := []string{"run", "--model", "m", "--format", "json", "--wait", "300s", "--params", params.Path, "mysql/0", "get-password"}
	if diff := cmp.Diff(wantArgv, c.Argv); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(params.Content), &got); err != nil || got["verbose"] != true || params.Mode != "0600" {
		t.Errorf("params file = %+v (%v)", params, err)
	}
}

func TestRunActionLeaderResolves(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{file("run", corpusFile(t, "juju-run/jubilant-test-leader.json"))}, nil)
	task, err := f.juju.Run(t.Context(), "mysql/leader", "get-password", nil)
	if err != nil {
		t.Fatal(err)
	}
	if task.Unit != "mysql/0" {
		t.Errorf("unit = %q, want the resolved mysql/0", task.Unit)
	}
	if a := f.argvs()[0]; slices.Contains(a, "--params") || a[len(a)-2] != "mysql/leader" {
		t.Errorf("argv = %q", a)
	}
}

func TestRunActionFailures(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		{Expect: "run", StdoutFile: corpusFile(t, "juju-run/jubilant-test-failure.json"), Stderr: "ERROR the following task failed:\n id \"42\" with return code 0\n", Exit: 1},
		{Expect: "run", StdoutFile: corpusFile(t, "juju-run/jubilant-test-exception-task-failed.json"), Exit: 1},
		failWith("run", "ERROR action \"nope\" not defined for unit \"mysql/0\". (not found)\n"),
		ok("run"),
		failWith("run", "ERROR timed out waiting for results from: unit mysql/0\n"),
		transient("run"),
	}, nil)
	ctx := t.Context()

	task, err := f.juju.Run(ctx, "mysql/0", "fail", nil)
	var te *TaskError
	if !errors.As(err, &te) || task == nil || task.Message != "Failure message" || task.Status != "failed" {
		t.Errorf("failure: task=%+v err=%v", task, err)
	}
	var ce *CLIError
	if !errors.As(err, &ce) || ce.ExitCode != 1 {
		t.Errorf("failure should wrap the CLI error: %v", err)
	}
	if !strings.Contains(err.Error(), "Failure message") {
		t.Errorf("error text %q lacks the message", err)
	}

	task, err = f.juju.Run(ctx, "mysql/0", "boom", nil)
	if !errors.As(err, &te) || task.ReturnCode != 1 || !strings.Contains(task.Stderr, "Uncaught Exception") ||
		!cmp.Equal(task.Results, map[string]any{"foo": "bar"}) {
		t.Errorf("exception: task=%+v err=%v", task, err)
	}

	if _, err := f.juju.Run(ctx, "mysql/0", "nope", nil); !errors.Is(err, ErrActionNotFound) {
		t.Errorf("Juju 4 unknown action: %v", err)
	}
	if _, err := f.juju.Run(ctx, "mysql/0", "nope", nil); !errors.Is(err, ErrActionNotFound) {
		t.Errorf("Juju 3 unknown action (empty output): %v", err)
	}
	if _, err := f.juju.Run(ctx, "mysql/0", "slow", nil); !errors.Is(err, ErrTaskTimeout) {
		t.Errorf("timeout: %v", err)
	}
	// Actions are never retried, even on a transient failure.
	if _, err := f.juju.Run(ctx, "mysql/0", "again", nil); !IsTransient(err) {
		t.Errorf("transient: %v", err)
	}
	if n := len(f.calls()); n != 6 {
		t.Errorf("calls = %d, want 6", n)
	}
}

func TestRunWaitFollowsContextDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{file("run", corpusFile(t, "juju-run/jubilant-test-completed.json"))}, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	if _, err := f.juju.Run(ctx, "mysql/0", "get-password", nil); err != nil {
		t.Fatal(err)
	}
	a := f.argvs()[0]
	i := slices.Index(a, "--wait")
	secs, err := strconv.Atoi(strings.TrimSuffix(a[i+1], "s"))
	if err != nil || secs < 1 || secs > 90 {
		t.Errorf("--wait %q, want at most the 90s left on the context", a[i+1])
	}
}

func TestExecAndSSH(t *testing.T) {
	t.Parallel()
	const execOut = `{"ubuntu/0": {"id": "7", "results": {"return-code": 0, "stdout": "hello\n"}, "status": "completed", "unit": "ubuntu/0"}}`
	const execFail = `{"0": {"id": "8", "results": {"return-code": 2, "stderr": "ls: no such file\n"}, "status": "completed"}}`
	f := newFake(t, []step{out("exec", execOut), {Expect: "exec", Stdout: execFail, Exit: 1}, out("ssh", "Linux\n")}, nil,
		WithActionWait(time.Minute))
	ctx := t.Context()
	task, err := f.juju.Exec(ctx, "ubuntu/0", "echo", "hello")
	if err != nil || task.Stdout != "hello\n" || task.Unit != "ubuntu/0" {
		t.Errorf("exec: %+v, %v", task, err)
	}
	task, err = f.juju.ExecMachine(ctx, "0", "ls", "/nope")
	var te *TaskError
	if !errors.As(err, &te) || task.ReturnCode != 2 {
		t.Errorf("exec failure: %+v, %v", task, err)
	}
	outp, err := f.juju.SSH(ctx, "ubuntu/0", "uname", "-s")
	if err != nil || outp != "Linux\n" {
		t.Errorf("ssh: %q, %v", outp, err)
	}
	want := [][]string{
		{"exec", "--model", "m", "--format", "json", "--wait", "60s", "--unit", "ubuntu/0", "--", "echo", "hello"},
		{"exec", "--model", "m", "--format", "json", "--wait", "60s", "--machine", "0", "--", "ls", "/nope"},
		{"ssh", "--model", "m", "ubuntu/0", "uname", "-s"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if _, err := f.juju.Exec(ctx, "ubuntu/0"); err == nil {
		t.Error("exec without a command should fail")
	}
}
