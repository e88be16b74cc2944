package simrun

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
)

// TestTimelineDetails: the event's line keeps its columns; warnings and
// errors from juju-log, the action's outcome, and for a failed hook its
// failing tool calls and the end of its stderr go on indented lines.
func TestTimelineDetails(t *testing.T) {
	st := &jujusim.State{Unit: "web/0", UnitStatus: jujusim.Status{Status: "active"}}
	step := Step{
		Event: "config-changed", ExitCode: 3, ToolCalls: 4,
		Writes: []jujusim.Write{{Tool: "relation-set", Target: "relation:1:unit", Key: "k"}},
		Logs: []jujusim.LogRecord{
			{Level: "INFO", Message: "starting"},
			{Level: "WARNING", Message: "disk nearly full"},
			{Level: "ERROR", Message: "Traceback (most recent call last):\n  File \"charm.py\", line 3\nKeyError: 'x'"},
		},
		FailedCalls: []jujusim.ToolCall{{Tool: "relation-get", Args: []string{"-r", "db:9", "-"}, ExitCode: 2, Error: "relation not found"}},
		Stderr:      "line 1\n\nline 2\n",
	}
	got := strings.Split(Timeline(step, st), "\n")
	if !regexp.MustCompile(`^config-changed +exit=3 tools=4  unit=active  \(changes discarded\)  wrote: relation:1:unit\[k\]$`).MatchString(got[0]) {
		t.Errorf("first line = %q", got[0])
	}
	want := []string{
		`    juju-log WARNING: disk nearly full`,
		`    juju-log ERROR: Traceback (most recent call last):`,
		`                      File "charm.py", line 3`,
		`                    KeyError: 'x'`,
		`    failed tool call: relation-get -r db:9 - (exit 2): relation not found`,
		`    stderr: line 1`,
		`    stderr: line 2`,
	}
	if strings.Join(got[1:], "\n") != strings.Join(want, "\n") {
		t.Errorf("details =\n%s\nwant\n%s", strings.Join(got[1:], "\n"), strings.Join(want, "\n"))
	}

	// A hook that succeeds shows no failed calls or stderr; an action its
	// outcome with its results, nested keys joined with ".".
	step = Step{Event: "actions/greet", Hook: jujusim.HookContext{ActionName: "greet"},
		FailedCalls: step.FailedCalls, Stderr: "noise",
		Action: &jujusim.Action{Name: "greet", Status: "completed", Results: map[string]any{"greeting": "hello Ada", "out": map[string]any{"n": int64(2)}}}}
	got = strings.Split(Timeline(step, st), "\n")
	if len(got) != 2 || got[1] != `    action completed: greeting="hello Ada" out.n=2` {
		t.Errorf("action timeline = %q", got)
	}
	step.Action = &jujusim.Action{Name: "greet", Status: "failed", Failed: true, FailureMessage: "no luck"}
	if got := Timeline(step, st); !strings.HasSuffix(got, "\n    action failed: no luck") {
		t.Errorf("failed action timeline = %q", got)
	}
}

// TestRunReportsFailure: a real dispatch whose tool call fails: the Step
// holds the hook's juju-log records, the failed call and its stderr (and
// not its stdout).
func TestRunReportsFailure(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "dispatch")
	os.WriteFile(script, []byte(`#!/bin/sh
juju-log -l WARNING "careful"
echo "to stdout"
relation-get -r db:99 - demo/1
echo "gave up" >&2
exit 5
`), 0o755)
	r := newRunner(t, script)
	st := demoState(t)
	st.Logs = []jujusim.LogRecord{{Level: "INFO", Message: "from an earlier hook"}}
	next, step, err := r.Run(context.Background(), st, "update-status")
	if err != nil {
		t.Fatal(err)
	}
	if step.ExitCode != 5 || len(step.Logs) != 1 || step.Logs[0].Message != "careful" {
		t.Fatalf("exit %d logs %+v", step.ExitCode, step.Logs)
	}
	if len(step.FailedCalls) != 1 || step.FailedCalls[0].Tool != "relation-get" || step.FailedCalls[0].ExitCode == 0 ||
		!strings.Contains(step.FailedCalls[0].Error, "relation not found") {
		t.Errorf("failed calls = %+v", step.FailedCalls)
	}
	if !strings.Contains(step.Stderr, "gave up") || !strings.Contains(step.Stderr, "relation not found") || strings.Contains(step.Stderr, "to stdout") {
		t.Errorf("stderr = %q", step.Stderr)
	}
	tl := Timeline(step, next)
	for _, want := range []string{"\n    juju-log WARNING: careful", "\n    failed tool call: relation-get -r db:99 - demo/1 (exit ", "\n    stderr: gave up"} {
		if !strings.Contains(tl, want) {
			t.Errorf("timeline lacks %q:\n%s", want, tl)
		}
	}
}
