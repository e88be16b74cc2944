package jujusim

import (
	"reflect"
	"strings"
	"testing"
)

// TestFailedCalls: the agent records each hook tool call that exits
// non-zero, with its arguments, exit code and error, and nothing else.
func TestFailedCalls(t *testing.T) {
	a, err := NewAgent(eventState(), HookContext{Hook: "install"})
	if err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	a.RunTool("is-leader", nil, nil, &out, &errb)
	a.RunTool("relation-get", []string{"-r", "db:9", "-", "pg/0"}, nil, &out, &errb)
	a.RunTool("status-set", []string{"bogus"}, nil, &out, &errb)
	got := a.FailedCalls()
	if len(got) != 2 {
		t.Fatalf("failed calls = %+v", got)
	}
	if want := (ToolCall{Tool: "relation-get", Args: []string{"-r", "db:9", "-", "pg/0"}, ExitCode: 2, Error: got[0].Error}); !reflect.DeepEqual(got[0], want) || got[0].Error == "" || strings.HasPrefix(got[0].Error, "ERROR") {
		t.Errorf("first failed call = %+v", got[0])
	}
	if !strings.Contains(errb.String(), "ERROR "+got[0].Error) {
		t.Errorf("the charm no longer sees the error: stderr %q", errb.String())
	}
	if s := got[1].String(); !strings.HasPrefix(s, "status-set bogus (exit ") {
		t.Errorf("String() = %q", s)
	}
	if s := (ToolCall{Tool: "juju-log", Args: []string{"two words", ""}, ExitCode: 1}).String(); s != "juju-log 'two words' '' (exit 1)" {
		t.Errorf("quoted = %q", s)
	}
}

// A call that fails only because it wanted stdin it was not sent is asked
// again with its stdin (Juju's jujuc): it is not a failed call.
func TestFailedCallsSkipNoStdin(t *testing.T) {
	a, err := NewAgent(eventState(), HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteUnit: "pg/0"})
	if err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	if code := a.RunTool("relation-set", []string{"--file", "-"}, noStdin{}, &out, &errb); code == 0 {
		t.Fatal("relation-set --file - succeeded without stdin")
	}
	if got := a.FailedCalls(); len(got) != 0 {
		t.Errorf("failed calls = %+v", got)
	}
	if code := a.RunTool("relation-set", []string{"--file", "-"}, strings.NewReader("k: v\n"), &out, &errb); code != 0 || len(a.FailedCalls()) != 0 {
		t.Errorf("retry with stdin: exit %d, failed calls %+v, stderr %q", code, a.FailedCalls(), errb.String())
	}
}

type noStdin struct{}

func (noStdin) Read([]byte) (int, error) { return 0, ErrNoStdin }
