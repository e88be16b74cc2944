package jujusim

import (
	"reflect"
	"testing"
)

var actionHook = HookContext{ActionName: "backup", ActionID: "42"}

func withAction(s *State) {
	s.Action = &Action{Name: "backup", ID: "42", Params: map[string]any{
		"target": "s3", "count": int64(3), "opts": map[string]any{"fast": true, "level": "high"},
	}}
}

func TestActionTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "get all", hc: actionHook, setup: withAction, tool: "action-get",
			stdout: "count: 3\nopts:\n  fast: true\n  level: high\ntarget: s3\n"},
		{name: "get key", hc: actionHook, setup: withAction, tool: "action-get", args: args("target"), stdout: "s3\n"},
		{name: "get nested", hc: actionHook, setup: withAction, tool: "action-get", args: args("opts.level"), stdout: "high\n"},
		{name: "get missing", hc: actionHook, setup: withAction, tool: "action-get", args: args("opts.nope", "--format=json"), stdout: "null\n"},
		{name: "get no params", hc: actionHook, tool: "action-get", args: args("--format=json"), stdout: "{}\n"},
		{name: "get outside action", tool: "action-get", stderr: "ERROR not running an action\n", code: 1},
		{name: "set", hc: actionHook, tool: "action-set", args: args("result.size=10G", "ok=yes")},
		{name: "set outside action", tool: "action-set", args: args("a=b"), stderr: "ERROR not running an action\n", code: 1},
		{name: "set reserved stdout", hc: actionHook, tool: "action-set", args: args("stdout=x"),
			stderr: "ERROR cannot set reserved action key \"stdout\"\n", code: 2},
		{name: "set reserved stderr-encoding", hc: actionHook, tool: "action-set", args: args("stderr-encoding=x"),
			stderr: "ERROR cannot set reserved action key \"stderr-encoding\"\n", code: 2},
		{name: "set reserved nested", hc: actionHook, tool: "action-set", args: args("a.stderr=x"),
			stderr: "ERROR cannot set reserved action key \"stderr\"\n", code: 2},
		{name: "set bad key", hc: actionHook, tool: "action-set", args: args("Bad=x"),
			stderr: "ERROR key \"Bad\" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods\n", code: 2},
		{name: "set no equals", hc: actionHook, tool: "action-set", args: args("novalue"),
			stderr: "ERROR argument \"novalue\" must be of the form key...=value\n", code: 2},
		{name: "fail", hc: actionHook, tool: "action-fail", args: args("it broke")},
		{name: "fail outside action", tool: "action-fail", stderr: "ERROR not running an action\n", code: 1},
		{name: "fail too many", hc: actionHook, tool: "action-fail", args: args("a", "b"),
			stderr: "ERROR unrecognized args: [\"b\"]\n", code: 2},
		{name: "log", hc: actionHook, tool: "action-log", args: args("50%", "done")},
		{name: "log no message", hc: actionHook, tool: "action-log", stderr: "ERROR no message specified\n", code: 2},
		{name: "log outside action", tool: "action-log", args: args("x"), stderr: "ERROR not running an action\n", code: 1},
		{name: "reboot in action", hc: actionHook, tool: "juju-reboot",
			stderr: "ERROR juju-reboot is not supported when running an action.\n", code: 1},
	})
}

func TestActionResultsAndFinish(t *testing.T) {
	a := newTestAgent(t, baseState(), actionHook)
	run(a, "action-set result.size=10G result.name=x ok=yes", "")
	run(a, "action-log starting", "")
	run(a, "action-get", "") // no params: fine
	if err := a.Finish(0); err != nil {
		t.Fatal(err)
	}
	act := a.State().Action
	want := &Action{Name: "backup", ID: "42", Status: "completed", Logs: []string{"starting"},
		Results: map[string]any{"ok": "yes", "result": map[string]any{"size": "10G", "name": "x"}}}
	if !reflect.DeepEqual(act, want) {
		t.Errorf("action:\n got %+v\nwant %+v", act, want)
	}

	a = newTestAgent(t, baseState(), actionHook)
	run(a, "action-fail", "")
	a.Finish(0)
	if act := a.State().Action; act.Status != "failed" || act.FailureMessage != "action failed without reason given, check action for errors" {
		t.Errorf("action-fail: %+v", act)
	}

	a = newTestAgent(t, baseState(), actionHook)
	a.Finish(3)
	if act := a.State().Action; act.Status != "failed" || act.FailureMessage != "exit status 3" {
		t.Errorf("non-zero exit: %+v", act)
	}
}
