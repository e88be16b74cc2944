package jujusim

import (
	"reflect"
	"testing"
)

func TestCharmStateTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "get all", tool: "state-get", stdout: "installed: \"yes\"\n"},
		{name: "get key", tool: "state-get", args: args("installed"), stdout: "yes\n"},
		{name: "get dash", tool: "state-get", args: args("-", "--format=json"), stdout: "{\"installed\":\"yes\"}\n"},
		{name: "get missing", tool: "state-get", args: args("nope")},
		{name: "get missing json", tool: "state-get", args: args("nope", "--format=json"), stdout: "\"\"\n"},
		{name: "get missing strict", tool: "state-get", args: args("nope", "--strict"), stderr: "ERROR \"nope\" not found\n", code: 1},
		{name: "get sees own set", before: []string{"state-set a=1"}, tool: "state-get", args: args("a"), stdout: "1\n"},
		{name: "get sees own delete", before: []string{"state-delete installed"}, tool: "state-get", args: args("--format=json"), stdout: "null\n"},
		{name: "set malformed", tool: "state-set", args: args("x"), stderr: "ERROR expected \"key=value\", got \"x\"\n", code: 2},
		{name: "set file stdin", tool: "state-set", args: args("--file", "-"), stdin: "k: v\n"},
		{name: "delete none", tool: "state-delete"},
		{name: "delete extra", tool: "state-delete", args: args("a", "b"), stderr: "ERROR unrecognized args: [\"b\"]\n", code: 2},
	})
}

func TestStorageAndResources(t *testing.T) {
	storageHook := HookContext{Hook: "data-storage-attached", StorageID: "data/1", StorageLocation: "/srv/data1", StorageKind: "filesystem"}
	runCases(t, []toolCase{
		{name: "get hook storage", hc: storageHook, tool: "storage-get", stdout: "kind: filesystem\nlocation: /srv/data1\n"},
		{name: "get -s", tool: "storage-get", args: args("-s", "cache/0", "kind"), stdout: "block\n"},
		{name: "get none", tool: "storage-get", stderr: "ERROR no storage instance specified\n", code: 2},
		{name: "get bad attribute", hc: storageHook, tool: "storage-get", args: args("size"),
			stderr: "ERROR invalid storage attribute \"size\"\n", code: 1},
		{name: "get bad id", tool: "storage-get", args: args("-s", "data"),
			stderr: "ERROR invalid value \"data\" for option -s: invalid storage ID \"data\"\n", code: 2},
		{name: "get unknown id", tool: "storage-get", args: args("-s", "data/7"),
			stderr: "ERROR invalid value \"data/7\" for option -s: storage \"data/7\" not found\n", code: 2},
		{name: "list", tool: "storage-list", stdout: "cache/0\ndata/0\ndata/1\n"},
		{name: "list name", tool: "storage-list", args: args("data", "--format=json"), stdout: "[\"data/0\",\"data/1\"]\n"},
		{name: "add", tool: "storage-add", args: args("data=2", "logs")},
		{name: "add none", tool: "storage-add", stderr: "ERROR storage add requires a storage directive\n", code: 2},
		{name: "add size", tool: "storage-add", args: args("data=10G"), stderr: "ERROR only count can be specified for \"data\"\n", code: 2},
		{name: "resource", tool: "resource-get", args: args("bin"), stdout: "/var/lib/juju/resources/bin/bin.tgz"},
		{name: "resource missing name", tool: "resource-get", stderr: "ERROR missing required resource name\n", code: 2},
		{name: "resource unknown", tool: "resource-get", args: args("nope"),
			stderr: "ERROR could not download resource: resource \"nope\" not found\n", code: 1},
	})
}

func TestStorageAddCommit(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "install"})
	run(a, "storage-add data=2 logs", "")
	run(a, "storage-add data", "")
	a.Finish(0)
	if got := a.State().StorageRequests; !reflect.DeepEqual(got, map[string]int{"data": 3, "logs": 1}) {
		t.Errorf("requests %v", got)
	}
}

func TestMiscTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "goal-state derived", tool: "goal-state",
			stdout: "units:\n  web/0:\n    status: active\n  web/1:\n    status: active\nrelations:\n  db:\n    mysql:\n      status: joined\n    postgresql:\n      status: joined\n    postgresql/0:\n      status: active\n    postgresql/1:\n      status: active\n"},
		{name: "goal-state given json", tool: "goal-state", args: args("--format=json"),
			setup: func(s *State) {
				s.GoalState = &GoalState{Units: map[string]GoalStatus{"web/0": {Status: "active", Since: "2025-01-01T00:00:00Z"}}}
			},
			stdout: `{"units":{"web/0":{"status":"active","since":"2025-01-01T00:00:00Z"}},"relations":{}}` + "\n"},
		{name: "goal-state smart rejected", tool: "goal-state", args: args("--format=smart"),
			stderr: "ERROR invalid value \"smart\" for option --format: unknown format \"smart\"\n", code: 2},
		{name: "credential untrusted", tool: "credential-get",
			stderr: "ERROR cannot access cloud credentials: permission denied\n", code: 1},
		{name: "credential caas", tool: "credential-get", setup: func(s *State) { s.Model.Type = "caas" },
			stderr: "ERROR cannot access cloud credentials: credential-get on a \"caas\" model not supported\n", code: 1},
		{name: "credential", tool: "credential-get", args: args("--format=json"),
			setup: func(s *State) {
				s.Credential = &CloudSpec{Type: "ec2", Name: "aws", Region: "us-east-1",
					Credential: &CloudCredential{AuthType: "access-key", Attributes: map[string]string{"access-key": "AK"}}}
			},
			stdout: `{"type":"ec2","name":"aws","region":"us-east-1","credential":{"auth-type":"access-key","attrs":{"access-key":"AK"}},"skip-tls-verify":false,"is-controller-cloud":false}` + "\n"},
		{name: "reboot", tool: "juju-reboot"},
		{name: "reboot extra", tool: "juju-reboot", args: args("now"), stderr: "ERROR unrecognized args: [\"now\"]\n", code: 2},
		{name: "help", tool: "is-leader", args: args("--help"),
			stdout: "Usage: is-leader [options]\n\nSummary:\nPrint application leadership status.\n\nOptions:\n--format  (= smart)\n    Specify output format (json|smart|yaml)\n-o, --output  (= \"\")\n    Specify an output file\n"},
		{name: "help -h", tool: "action-set", args: args("-h"),
			stdout: "Usage: action-set <key>=<value> [<key>=<value> ...]\n\nSummary:\nSet action results.\n"},
	})
}

func TestRemovedToolsAreUnknown(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "install"})
	for _, name := range append(RemovedTools(), "no-such-tool") {
		out, errOut, code := run(a, name+" x", "")
		if out != "" || errOut != "ERROR bad request: unknown command: "+name+"\n" || code != 1 {
			t.Errorf("%s: %q %q %d", name, out, errOut, code)
		}
	}
	if len(Tools()) != 38 {
		t.Errorf("Tools() has %d names, want the 38 tools Juju 3.6 and 4.0 share", len(Tools()))
	}
}

func TestRebootCommitAndDiscard(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "install"})
	run(a, "juju-reboot", "")
	a.Finish(1)
	if got := a.State().RebootRequested; got != "" {
		t.Errorf("after-hook reboot survived a failed hook: %q", got)
	}
	a = newTestAgent(t, baseState(), HookContext{Hook: "install"})
	run(a, "juju-reboot --now", "")
	a.Finish(1)
	if got := a.State().RebootRequested; got != "now" {
		t.Errorf("reboot --now: %q", got)
	}
}
