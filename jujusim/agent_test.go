package jujusim

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCommitAndDiscard(t *testing.T) {
	lines := []string{
		"relation-set -r 3 a=1 ingress=",
		"relation-set -r 3 --app database=other",
		"state-set k=v",
		"state-delete installed",
		"open-port 9000",
		"storage-add data",
		"secret-add abc=1",
		"status-set maintenance busy",
		"juju-log hi",
	}
	apply := func(t *testing.T) *Agent {
		a := newTestAgent(t, baseState(), HookContext{Hook: "config-changed"})
		for _, l := range lines {
			if _, e, code := run(a, l, ""); code != 0 {
				t.Fatalf("%s: %s", l, e)
			}
		}
		if !a.HasPending() {
			t.Fatal("no pending changes")
		}
		return a
	}

	t.Run("discard", func(t *testing.T) {
		a := apply(t)
		a.Finish(1)
		st := a.State()
		base := baseState()
		if !reflect.DeepEqual(st.Relations, base.Relations) || !reflect.DeepEqual(st.CharmState, base.CharmState) ||
			!reflect.DeepEqual(st.OpenedPorts, base.OpenedPorts) || st.StorageRequests != nil || len(st.Secrets) != 3 {
			t.Errorf("buffered changes survived a failed hook")
		}
		// Immediate effects stay.
		if st.UnitStatus.Status != "maintenance" || len(st.Logs) != 1 {
			t.Errorf("immediate effects lost: %+v %+v", st.UnitStatus, st.Logs)
		}
	})
	t.Run("commit", func(t *testing.T) {
		a := apply(t)
		if err := a.Finish(0); err != nil {
			t.Fatal(err)
		}
		st := a.State()
		r := st.Relation(3)
		if !reflect.DeepEqual(r.LocalUnitData, map[string]string{"a": "1"}) || r.LocalAppData["database"] != "other" {
			t.Errorf("relation data %+v %+v", r.LocalUnitData, r.LocalAppData)
		}
		if !reflect.DeepEqual(st.CharmState, map[string]string{"k": "v"}) {
			t.Errorf("charm state %v", st.CharmState)
		}
		if len(st.OpenedPorts) != 5 || st.StorageRequests["data"] != 1 || len(st.Secrets) != 4 {
			t.Errorf("ports %v storage %v secrets %d", st.OpenedPorts, st.StorageRequests, len(st.Secrets))
		}
		if a.HasPending() {
			t.Error("pending after commit")
		}
		if err := a.Finish(0); err == nil {
			t.Error("second Finish accepted")
		}
	})
}

// TestIdenticalWritesAreRecorded checks that the write log reports every
// write, even of a value already stored: the runtime, not the agent, must
// compare before writing.
func TestIdenticalWritesAreRecorded(t *testing.T) {
	st := baseState()
	a := newTestAgent(t, st, relHook)
	run(a, "relation-set ingress=10.0.0.1", "")
	run(a, "state-set installed=yes", "")
	run(a, "status-set active ready", "")
	run(a, "open-port 80", "")
	want := []Write{
		{"relation-set", "relation:3:unit", "ingress"},
		{"state-set", "state", "installed"},
		{"status-set", "unit-status", ""},
		{"open-port", "port:*", "80/tcp"},
	}
	if !reflect.DeepEqual(a.Writes(), want) {
		t.Errorf("writes:\n got %+v\nwant %+v", a.Writes(), want)
	}
	// Reads write nothing.
	b := newTestAgent(t, st, relHook)
	for _, l := range []string{"relation-get", "config-get", "state-get", "status-get", "opened-ports", "secret-get " + secretA, "is-leader", "goal-state", "network-get db"} {
		run(b, l, "")
	}
	if len(b.Writes()) != 0 {
		t.Errorf("reads recorded writes: %+v", b.Writes())
	}
}

func TestNewAgentChecksContext(t *testing.T) {
	for _, tc := range []struct {
		hc   HookContext
		want string
	}{
		{HookContext{}, "neither a hook nor an action"},
		{HookContext{Hook: "x", ActionName: "y"}, "both a hook and an action"},
		{HookContext{Hook: "install", UnitName: "other/0"}, "is not the state's unit"},
		{HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 77}, "not in the state"},
		{HookContext{Hook: "db-relation-changed", Relation: "web", RelationID: 3}, "has endpoint"},
	} {
		_, err := NewAgent(baseState(), tc.hc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.hc, err, tc.want)
		}
	}
	bad := baseState()
	bad.Unit = "nope"
	if _, err := NewAgent(bad, HookContext{Hook: "install"}); err == nil {
		t.Error("invalid state accepted")
	}
}

func TestAgentDoesNotAliasInput(t *testing.T) {
	st := baseState()
	a := newTestAgent(t, st, relHook)
	run(a, "relation-set x=y", "")
	run(a, "status-set blocked", "")
	a.Finish(0)
	if st.Relation(3).LocalUnitData["x"] != "" || st.UnitStatus.Status != "active" {
		t.Error("agent changed the caller's State")
	}
	out := a.State()
	out.Relation(3).LocalUnitData["x"] = "changed"
	if a.State().Relation(3).LocalUnitData["x"] != "y" {
		t.Error("State() returned an alias")
	}
}

func TestReadFileFromDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("k: v\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(baseState(), HookContext{Hook: "install"})
	if err != nil {
		t.Fatal(err)
	}
	a.Dir = dir
	if _, e, code := run(a, "state-set --file s.yaml", ""); code != 0 {
		t.Fatalf("state-set: %s", e)
	}
	if out, _, _ := run(a, "state-get k", ""); out != "v\n" {
		t.Errorf("got %q", out)
	}
	if a.HookContext().UnitName != "web/0" {
		t.Errorf("hook context not filled: %+v", a.HookContext())
	}
}
