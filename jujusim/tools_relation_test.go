package jujusim

import "testing"

func TestRelationGet(t *testing.T) {
	runCases(t, []toolCase{
		{name: "default remote unit", hc: relHook, tool: "relation-get", stdout: "host: 10.0.0.9\n"},
		{name: "key", hc: relHook, tool: "relation-get", args: args("host"), stdout: "10.0.0.9\n"},
		{name: "missing key", hc: relHook, tool: "relation-get", args: args("nope")},
		{name: "missing key json", hc: relHook, tool: "relation-get", args: args("nope", "--format=json"), stdout: "null\n"},
		{name: "dash and unit", hc: relHook, tool: "relation-get", args: args("-", "postgresql/1", "--format=json"), stdout: "{}\n"},
		{name: "remote app", hc: relHook, tool: "relation-get", args: args("--app"),
			stdout: "endpoints: 10.0.0.9:5432\npassword: \"true\"\n"},
		{name: "unit converted to app", hc: relHook, tool: "relation-get", args: args("--app", "password", "postgresql/0"), stdout: "true\n"},
		{name: "app name without --app", hc: relHook, tool: "relation-get", args: args("-", "postgresql"),
			stderr: "ERROR expected unit name, got application name \"postgresql\"\n", code: 2},
		{name: "garbage unit", hc: relHook, tool: "relation-get", args: args("-", "Bad!"),
			stderr: "ERROR invalid unit name \"Bad!\"\n", code: 2},
		{name: "app-level changed falls back to app", tool: "relation-get",
			hc:     HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "postgresql"},
			stdout: "endpoints: 10.0.0.9:5432\npassword: \"true\"\n"},
		{name: "no relation id", tool: "relation-get", args: args("-", "postgresql/0"),
			stderr: "ERROR no relation id specified\n", code: 2},
		{name: "no unit", tool: "relation-get", args: args("-r", "3"),
			stderr: "ERROR no unit or application specified\n", code: 2},
		{name: "no app for --app", tool: "relation-get", args: args("-r", "db:3", "--app"),
			stderr: "ERROR no unit or application specified\n", code: 2},
		{name: "unknown relation", tool: "relation-get", args: args("-r", "db:99", "-", "postgresql/0"),
			stderr: "ERROR invalid value \"db:99\" for option -r: relation not found\n", code: 2},
		{name: "invalid relation id", tool: "relation-get", args: args("-r", "db:x"),
			stderr: "ERROR invalid value \"db:x\" for option -r: invalid relation id\n", code: 2},
		{name: "-r3 glued", tool: "relation-get", args: args("-r3", "host", "postgresql/0"), stdout: "10.0.0.9\n"},
		{name: "--relation=", tool: "relation-get", args: args("--relation=3", "host", "postgresql/0"), stdout: "10.0.0.9\n"},
		{name: "own unit", hc: relHook, tool: "relation-get", args: args("-", "web/0"), stdout: "ingress: 10.0.0.1\n"},
		{name: "own unit sees pending set", hc: relHook, before: []string{"relation-set ingress= extra=1"},
			tool: "relation-get", args: args("-", "web/0"), stdout: "extra: \"1\"\n"},
		{name: "own app as leader", hc: relHook, tool: "relation-get", args: args("--app", "-", "web"), stdout: "database: web\n"},
		{name: "own app leader sees pending", hc: relHook, before: []string{"relation-set --app database=x"},
			tool: "relation-get", args: args("--app", "database", "web"), stdout: "x\n"},
		{name: "own app non-leader non-peer", hc: relHook, setup: notLeader, tool: "relation-get", args: args("--app", "-", "web"),
			stderr: "ERROR permission denied\n", code: 1},
		{name: "peer app non-leader", setup: notLeader, tool: "relation-get", args: args("-r", "1", "--app", "-", "web"),
			stdout: "leader-key: v\n"},
		{name: "peer unit", tool: "relation-get", args: args("-r", "cluster:1", "me", "web/1"), stdout: "1\n"},
		{name: "unrelated unit", hc: relHook, tool: "relation-get", args: args("-", "mysql/0"),
			stderr: "ERROR permission denied\n", code: 1},
		{name: "extra args", hc: relHook, tool: "relation-get", args: args("a", "postgresql/0", "c"),
			stderr: "ERROR unrecognized args: [\"c\"]\n", code: 2},
	})
}

func TestRelationSet(t *testing.T) {
	runCases(t, []toolCase{
		{name: "set", hc: relHook, tool: "relation-set", args: args("a=b")},
		{name: "no relation", tool: "relation-set", args: args("a=b"), stderr: "ERROR no relation id specified\n", code: 2},
		{name: "malformed", hc: relHook, tool: "relation-set", args: args("ab"),
			stderr: "ERROR expected \"key=value\", got \"ab\"\n", code: 2},
		{name: "duplicate", hc: relHook, tool: "relation-set", args: args("a=1", "a=2"),
			stderr: "ERROR key \"a\" specified more than once\n", code: 2},
		{name: "app as non-leader", hc: relHook, setup: notLeader, tool: "relation-set", args: args("--app", "a=b"),
			stderr: "ERROR cannot write relation settings\n", code: 1},
		{name: "unknown relation", tool: "relation-set", args: args("-r", "7", "a=b"),
			stderr: "ERROR invalid value \"7\" for option -r: relation not found\n", code: 2},
		{name: "file from stdin", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "x: y\n"},
		{name: "bad file", hc: relHook, tool: "relation-set", args: args("--file", "missing.yaml"),
			stderr: "ERROR open missing.yaml: no such file or directory\n", code: 1},
		{name: "nested file", hc: relHook, tool: "relation-set", args: args("--file", "nested.yaml"),
			stderr: "ERROR yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into string\n", code: 1},
		{name: "deprecated format", hc: relHook, tool: "relation-set", args: args("--format=json", "a=b"),
			stderr: "--format flag deprecated for command \"relation-set\""},
	})
}

func TestRelationSetFileAndOverrides(t *testing.T) {
	a := newTestAgent(t, baseState(), relHook)
	if _, e, code := run(a, "relation-set --file settings.yaml b=override", ""); code != 0 {
		t.Fatalf("relation-set: %d %s", code, e)
	}
	out, _, _ := run(a, "relation-get --format=json - web/0", "")
	want := `{"a":"one","b":"override","c":"line1\nline2\n","ingress":"10.0.0.1"}` + "\n"
	if out != want {
		t.Errorf("got %q want %q", out, want)
	}
	if _, e, code := runArgs(a, "relation-set", args("--file", "-"), "{\"j\": 1, \"k\": null}"); code != 0 {
		t.Fatalf("json file: %s", e)
	}
	out, _, _ = run(a, "relation-get --format=json j web/0", "")
	if out != "\"1\"\n" {
		t.Errorf("json number from file: %q", out)
	}
}

func TestRelationIDsListModel(t *testing.T) {
	runCases(t, []toolCase{
		{name: "ids default", hc: relHook, tool: "relation-ids", stdout: "db:12\ndb:3\n"},
		{name: "ids named", tool: "relation-ids", args: args("cluster", "--format=json"), stdout: "[\"cluster:1\"]\n"},
		{name: "ids unknown endpoint", tool: "relation-ids", args: args("nope")},
		{name: "ids unknown endpoint json", tool: "relation-ids", args: args("nope", "--format=json"), stdout: "[]\n"},
		{name: "ids no endpoint", tool: "relation-ids", stderr: "ERROR no endpoint name specified\n", code: 2},
		{name: "ids skip broken", tool: "relation-ids", args: args("db"),
			setup: func(s *State) { s.Relations[2].Broken = true }, stdout: "db:3\n"},
		{name: "list", hc: relHook, tool: "relation-list", stdout: "postgresql/0\npostgresql/1\n"},
		{name: "list yaml", hc: relHook, tool: "relation-list", args: args("--format=yaml"), stdout: "- postgresql/0\n- postgresql/1\n"},
		{name: "list app", tool: "relation-list", args: args("-r", "3", "--app"), stdout: "postgresql\n"},
		{name: "list empty", tool: "relation-list", args: args("-r", "12", "--format=json"), stdout: "[]\n"},
		{name: "list no relation", tool: "relation-list", stderr: "ERROR no relation id specified\n", code: 2},
		{name: "model-get", hc: relHook, tool: "relation-model-get", stdout: "uuid: 99999999-2222-3333-4444-555555555555\n"},
		{name: "model-get local", tool: "relation-model-get", args: args("-r", "1", "--format=json"),
			stdout: `{"uuid":"` + testModelUUID + `"}` + "\n"},
		{name: "model-get no relation", tool: "relation-model-get", stderr: "ERROR no relation id specified\n", code: 2},
	})
}
