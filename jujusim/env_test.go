package jujusim

import (
	"reflect"
	"strings"
	"testing"
)

func TestEnvironRelationHook(t *testing.T) {
	hc := HookContext{
		Hook: "db-relation-departed", UnitName: "web/0", ModelName: "prod", ModelUUID: testModelUUID,
		CharmDir: "/var/lib/juju/agents/unit-web-0/charm", ContextID: "web/0-db-relation-departed-123",
		Relation: "db", RelationID: 3, RemoteUnit: "postgresql/1", RemoteApp: "postgresql", DepartingUnit: "postgresql/1",
		JujuVersion: "3.6.4",
	}
	env := hc.Environ()
	want := map[string]string{
		"JUJU_DISPATCH_PATH":  "hooks/db-relation-departed",
		"JUJU_HOOK_NAME":      "db-relation-departed",
		"JUJU_RELATION":       "db",
		"JUJU_RELATION_ID":    "db:3",
		"JUJU_REMOTE_UNIT":    "postgresql/1",
		"JUJU_REMOTE_APP":     "postgresql",
		"JUJU_DEPARTING_UNIT": "postgresql/1",
		"JUJU_UNIT_NAME":      "web/0",
		"JUJU_MODEL_UUID":     testModelUUID,
		"CHARM_DIR":           "/var/lib/juju/agents/unit-web-0/charm",
		"JUJU_CHARM_DIR":      "/var/lib/juju/agents/unit-web-0/charm",
		"JUJU_VERSION":        "3.6.4",
	}
	for k, v := range want {
		if got, ok := env[k]; !ok || got != v {
			t.Errorf("%s = %q (set %v), want %q", k, got, ok, v)
		}
	}
	for _, k := range []string{"JUJU_ACTION_NAME", "JUJU_SECRET_ID", "JUJU_STORAGE_ID", "JUJU_WORKLOAD_NAME", "JUJU_SECRET_REVISION"} {
		if _, ok := env[k]; ok {
			t.Errorf("%s set in a relation hook", k)
		}
	}
}

func TestEnvironActionHasEmptyHookName(t *testing.T) {
	env := HookContext{ActionName: "backup", ActionID: "42", UnitName: "web/0"}.Environ()
	if v, ok := env["JUJU_HOOK_NAME"]; !ok || v != "" {
		t.Errorf("JUJU_HOOK_NAME = %q, %v; want set and empty", v, ok)
	}
	if env["JUJU_DISPATCH_PATH"] != "actions/backup" || env["JUJU_ACTION_TAG"] != "action-42" || env["JUJU_ACTION_UUID"] != "42" {
		t.Errorf("action env %v", env)
	}
	if !strings.HasPrefix(env["JUJU_CONTEXT_ID"], "web/0-backup-") {
		t.Errorf("context id %q", env["JUJU_CONTEXT_ID"])
	}
}

func TestEnvironRoundTrip(t *testing.T) {
	for _, hc := range []HookContext{
		{Hook: "install", UnitName: "web/0", ModelName: "m", ModelUUID: testModelUUID, CharmDir: "/c", ContextID: "id"},
		{Hook: "db-relation-changed", UnitName: "web/0", ContextID: "id", Relation: "db", RelationID: 3, RemoteApp: "postgresql"},
		{Hook: "db-relation-departed", UnitName: "web/0", ContextID: "id", Relation: "db", RelationID: 3, RemoteUnit: "postgresql/1", RemoteApp: "postgresql", DepartingUnit: "postgresql/1"},
		{ActionName: "backup", ActionID: "7", UnitName: "web/0", ContextID: "id"},
		{Hook: "secret-expired", UnitName: "web/0", ContextID: "id", SecretID: "secret:" + secretA, SecretLabel: "db-creds", SecretRevision: 2},
		{Hook: "secret-changed", UnitName: "web/0", ContextID: "id", SecretID: "secret:" + secretC},
		{Hook: "data-storage-attached", UnitName: "web/0", ContextID: "id", StorageID: "data/0", StorageLocation: "/srv", StorageKind: "filesystem"},
		{Hook: "web-pebble-custom-notice", UnitName: "web/0", ContextID: "id", Workload: "web", NoticeID: "1", NoticeType: "custom", NoticeKey: "a.com/b"},
		{Hook: "web-pebble-check-failed", UnitName: "web/0", ContextID: "id", Workload: "web", CheckName: "ready"},
		{Hook: "post-series-upgrade", UnitName: "web/0", ContextID: "id", TargetBase: "ubuntu@22.04"},
	} {
		got, err := ParseEnviron(hc.EnvironList())
		if err != nil {
			t.Errorf("%s: %v", hc.Name(), err)
			continue
		}
		if !reflect.DeepEqual(got, hc) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", hc.Name(), got, hc)
		}
	}
}

func TestParseEnvironErrors(t *testing.T) {
	for _, env := range []map[string]string{
		{"JUJU_DISPATCH_PATH": "bin/x"},
		{"JUJU_HOOK_NAME": "install", "JUJU_ACTION_NAME": "a"},
		{"JUJU_HOOK_NAME": "x", "JUJU_RELATION_ID": "db"},
		{"JUJU_HOOK_NAME": "x", "JUJU_RELATION_ID": "db:x"},
		{"JUJU_HOOK_NAME": "x", "JUJU_SECRET_REVISION": "two"},
	} {
		if _, err := ParseEnvironMap(env); err == nil {
			t.Errorf("%v accepted", env)
		}
	}
	hc, err := ParseEnvironMap(map[string]string{"JUJU_DISPATCH_PATH": "hooks/start", "CHARM_DIR": "/c"})
	if err != nil || hc.Hook != "start" || hc.CharmDir != "/c" {
		t.Errorf("dispatch path only: %+v %v", hc, err)
	}
}

func TestAgentEnvironFillsFromState(t *testing.T) {
	a := newTestAgent(t, baseState(), relHook)
	env := a.Environ()
	if env["JUJU_UNIT_NAME"] != "web/0" || env["JUJU_MODEL_NAME"] != "prod" || env["JUJU_RELATION_ID"] != "db:3" {
		t.Errorf("env %v", env)
	}
}
