package jujutest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Task is the result of an action (`juju run`) or a command (`juju exec`)
// on one unit or machine.
type Task struct {
	// Unit is the unit (or machine) the task ran on, resolved: running on
	// "app/leader" reports "app/0".
	Unit string
	// ID is the task id.
	ID string
	// Status is "completed", "failed", "cancelled", ...
	Status string
	// Message is the failure message the charm set, if any.
	Message string
	// Log holds the messages the action logged.
	Log []string
	// Results are the action's results, without return-code, stdout and
	// stderr, which have their own fields.
	Results    map[string]any
	ReturnCode int
	Stdout     string
	Stderr     string
}

// Success reports whether the task completed with return code 0.
func (t *Task) Success() bool { return t.Status == "completed" && t.ReturnCode == 0 }

// TaskError is returned by Run and Exec when the task ran but did not
// succeed. Err, when set, is juju's non-zero exit.
type TaskError struct {
	Task *Task
	Err  error
}

// Error implements error.
func (e *TaskError) Error() string {
	t := e.Task
	var b strings.Builder
	fmt.Fprintf(&b, "jujutest: task %s on %s: status %s", t.ID, t.Unit, t.Status)
	if t.Message != "" {
		b.WriteString(": " + t.Message)
	}
	if t.ReturnCode != 0 {
		fmt.Fprintf(&b, "; return code %d", t.ReturnCode)
	}
	if s := strings.TrimSpace(t.Stderr); s != "" {
		b.WriteString("; stderr: " + s)
	}
	return b.String()
}

// Unwrap returns the CLI error.
func (e *TaskError) Unwrap() error { return e.Err }

// ErrActionNotFound is returned (wrapped) by Run when the unit's charm has
// no such action: Juju 4 exits 1 with "(not found)", Juju 3 prints
// nothing.
var ErrActionNotFound = errors.New("action not found")

// ErrTaskTimeout is returned (wrapped) when juju gave up waiting for a
// task.
var ErrTaskTimeout = errors.New("task timed out")

// Run runs an action on a unit ("db/0" or "db/leader") and waits for it:
// `juju run --format json --wait <d> [--params <file>] <unit> <action>`.
// Parameters go through a temporary file, never argv. The wait is the
// context's remaining time, else WithActionWait (5 minutes). A task that
// fails returns both the Task and a *TaskError. Actions are never retried.
func (j *Juju) Run(ctx context.Context, unit, action string, params map[string]any) (*Task, error) {
	args := []string{"run", "--format", "json", "--wait", j.taskWait(ctx)}
	if len(params) > 0 {
		data, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("jujutest: action params: %w", err)
		}
		path, remove, err := j.tempFile("jujutest-params-*.yaml", data)
		if err != nil {
			return nil, err
		}
		defer remove()
		args = append(args, "--params", path)
	}
	args = append(args, unit, action)
	out, err := j.run(ctx, call{args: args, model: true})
	return parseTask(out, err, true)
}

// Exec runs a command on a unit (`juju exec --unit`) and returns its
// result; a non-zero return code gives a *TaskError along with the Task.
func (j *Juju) Exec(ctx context.Context, unit string, command ...string) (*Task, error) {
	return j.exec(ctx, "--unit", unit, command)
}

// ExecMachine runs a command on a machine (`juju exec --machine`).
func (j *Juju) ExecMachine(ctx context.Context, machine string, command ...string) (*Task, error) {
	return j.exec(ctx, "--machine", machine, command)
}

func (j *Juju) exec(ctx context.Context, flag, target string, command []string) (*Task, error) {
	if len(command) == 0 {
		return nil, errors.New("jujutest: exec: no command")
	}
	args := []string{"exec", "--format", "json", "--wait", j.taskWait(ctx), flag, target, "--"}
	args = append(args, command...)
	out, err := j.run(ctx, call{args: args, model: true})
	return parseTask(out, err, false)
}

// SSH runs a command on a unit or machine over `juju ssh` and returns its
// stdout. On Juju 4 the model needs an SSH key first (AddSSHKey).
func (j *Juju) SSH(ctx context.Context, target string, command ...string) (string, error) {
	args := append([]string{"ssh", target}, command...)
	return j.run(ctx, call{args: args, model: true})
}

// taskWait is the --wait value for run and exec.
func (j *Juju) taskWait(ctx context.Context) string {
	d := j.actionWait
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left > 0 {
			d = left
		}
	}
	return strconv.FormatInt(int64(max(d.Round(time.Second), time.Second)/time.Second), 10) + "s"
}

// rawTask is one entry of `juju run --format json` output.
type rawTask struct {
	ID      string         `json:"id"`
	Status  string         `json:"status"`
	Message string         `json:"message"`
	Log     []string       `json:"log"`
	Results map[string]any `json:"results"`
}

// parseTask turns run/exec output and error into a Task.
func parseTask(out string, runErr error, action bool) (*Task, error) {
	var ce *CLIError
	isCLI := errors.As(runErr, &ce)
	if runErr != nil && !isCLI {
		return nil, runErr
	}
	var doc map[string]rawTask
	if strings.TrimSpace(out) == "" || json.Unmarshal([]byte(out), &doc) != nil || len(doc) == 0 {
		if isCLI {
			lower := strings.ToLower(ce.Stderr)
			switch {
			case action && (strings.Contains(lower, "not defined") || strings.Contains(lower, "(not found)")):
				return nil, fmt.Errorf("jujutest: %w: %w", ErrActionNotFound, ce)
			case strings.Contains(lower, "timed out"):
				return nil, fmt.Errorf("jujutest: %w: %w", ErrTaskTimeout, ce)
			}
			return nil, ce
		}
		if action && strings.TrimSpace(out) == "" {
			return nil, fmt.Errorf("jujutest: %w (juju printed nothing)", ErrActionNotFound)
		}
		return nil, fmt.Errorf("jujutest: cannot parse task output: %q", out)
	}
	var unit string
	for k := range doc {
		unit = k // one target per call
	}
	raw := doc[unit]
	t := &Task{Unit: unit, ID: raw.ID, Status: raw.Status, Message: raw.Message, Log: raw.Log, Results: map[string]any{}}
	for k, v := range raw.Results {
		switch k {
		case "return-code", "Code":
			t.ReturnCode = toInt(v)
		case "stdout", "Stdout":
			t.Stdout, _ = v.(string)
		case "stderr", "Stderr":
			t.Stderr, _ = v.(string)
		default:
			t.Results[k] = v
		}
	}
	if !t.Success() || runErr != nil {
		return t, &TaskError{Task: t, Err: runErr}
	}
	return t, nil
}

func toInt(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return 0
}
