package jujusim

import (
	"reflect"
	"testing"
)

func TestStatusTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "set", tool: "status-set", args: args("maintenance", "installing deps")},
		{name: "set no message", tool: "status-set", args: args("active")},
		{name: "set error rejected", tool: "status-set", args: args("error"),
			stderr: "ERROR invalid status \"error\", expected one of [maintenance blocked waiting active]\n", code: 2},
		{name: "set unknown rejected", tool: "status-set", args: args("unknown", "x"),
			stderr: "ERROR invalid status \"unknown\", expected one of [maintenance blocked waiting active]\n", code: 2},
		{name: "set no args", tool: "status-set",
			stderr: "ERROR invalid args, require <status> [message]\n", code: 2},
		{name: "set too many", tool: "status-set", args: args("active", "a", "b"),
			stderr: "ERROR unrecognized args: [\"b\"]\n", code: 2},
		{name: "set app non-leader", setup: notLeader, tool: "status-set", args: args("--application", "active"),
			stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "set app leader", tool: "status-set", args: args("--application", "blocked", "need db")},
		{name: "get", tool: "status-get", stdout: "active\n"},
		{name: "get include data", tool: "status-get", args: args("--include-data"),
			stdout: "message: ready\nstatus: active\nstatus-data: {}\n"},
		{name: "get json", tool: "status-get", args: args("--format=json"), stdout: "{\"status\":\"active\"}\n"},
		{name: "get json data", tool: "status-get", args: args("--format=json", "--include-data"),
			stdout: "{\"message\":\"ready\",\"status\":\"active\",\"status-data\":{}}\n"},
		{name: "get zero is unknown", setup: func(s *State) { s.UnitStatus = Status{} }, tool: "status-get", stdout: "unknown\n"},
		{name: "get sees own set", before: []string{"status-set blocked"}, tool: "status-get", stdout: "blocked\n"},
		{name: "get app", tool: "status-get", args: args("--application"), stdout: "unknown\n"},
		{name: "get app data", tool: "status-get", args: args("--application", "--include-data"),
			setup:  func(s *State) { s.AppStatus = Status{Status: "waiting", Message: "w"} },
			stdout: "application-status:\n  message: w\n  status: waiting\n  status-data: {}\n  units:\n    web/0:\n      message: ready\n      status: active\n      status-data: {}\n"},
		{name: "get app non-leader", setup: notLeader, tool: "status-get", args: args("--application"),
			stderr: "ERROR finding application status: this unit is not the leader\n", code: 1},
		{name: "get extra", tool: "status-get", args: args("x"), stderr: "ERROR unrecognized args: [\"x\"]\n", code: 2},
		{name: "version", tool: "application-version-set", args: args("1.2.3")},
		{name: "version missing", tool: "application-version-set", stderr: "ERROR no version specified\n", code: 2},
		{name: "is-leader", tool: "is-leader", stdout: "True\n"},
		{name: "is-leader false", setup: notLeader, tool: "is-leader", stdout: "False\n"},
		{name: "is-leader json", setup: notLeader, tool: "is-leader", args: args("--format=json"), stdout: "false\n"},
		{name: "juju-log", tool: "juju-log", args: args("hello", "world")},
		{name: "juju-log no message", tool: "juju-log", stderr: "ERROR no message specified\n", code: 2},
		{name: "juju-log deprecated format", tool: "juju-log", args: args("--format", "json", "x"),
			stderr: "--format flag deprecated for command \"juju-log\""},
	})
}

func TestStatusSetImmediateAndHistory(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "start"})
	run(a, "status-set maintenance working", "")
	runArgs(a, "status-set", args("active", "done now"), "")
	run(a, "application-version-set 1.0", "")
	run(a, "application-version-set 1.1", "")
	a.Discard() // status and version are not transactional
	st := a.State()
	if st.UnitStatus != (Status{"active", "done now"}) {
		t.Errorf("unit status %+v", st.UnitStatus)
	}
	wantHist := []Status{{"active", "ready"}, {"maintenance", "working"}}
	if !reflect.DeepEqual(st.UnitStatusHistory, wantHist) {
		t.Errorf("history %+v", st.UnitStatusHistory)
	}
	if st.WorkloadVersion != "1.1" || !reflect.DeepEqual(st.WorkloadVersionHistory, []string{"1.0"}) {
		t.Errorf("version %q %q", st.WorkloadVersion, st.WorkloadVersionHistory)
	}
}

func TestJujuLogRecords(t *testing.T) {
	a := newTestAgent(t, baseState(), relHook)
	run(a, "juju-log -l warn careful", "")
	run(a, "juju-log --debug dbg", "")
	run(a, "juju-log --log-level=bogus msg", "")
	run(a, "juju-log -lERROR bad", "")
	want := []LogRecord{
		{"WARNING", "db:3: careful"},
		{"DEBUG", "db:3: dbg"},
		{"WARNING", `Specified log level of "bogus" is not valid`},
		{"INFO", "db:3: msg"},
		{"ERROR", "db:3: bad"},
	}
	if got := a.State().Logs; !reflect.DeepEqual(got, want) {
		t.Errorf("logs:\n got %+v\nwant %+v", got, want)
	}
	if len(a.Writes()) != 0 {
		t.Errorf("juju-log recorded writes: %+v", a.Writes())
	}
}
