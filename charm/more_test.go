package charm_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// TestRemainingTools covers the runtime methods for the less common hook
// tools against the simulated agent: storage, resources, network, goal
// state, credentials, reboot, cross-model relations, secret ids and
// removal, action failure and logs.
func TestRemainingTools(t *testing.T) {
	st := baseState()
	st.Relations[0].RemoteModelUUID = "99999999-2222-3333-4444-555555555555"
	st.Storage = []jujusim.Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}, {ID: "data/1", Kind: "filesystem", Location: "/srv/data1"}}
	st.Resources = map[string]string{"image": "/var/lib/juju/resources/image.tar"}
	st.Networks = map[string]jujusim.Network{"db": {
		BindAddresses:    []jujusim.BindAddress{{InterfaceName: "eth0", Addresses: []jujusim.Address{{Value: "10.0.0.5", CIDR: "10.0.0.0/24"}}}},
		IngressAddresses: []string{"10.0.0.5"}, EgressSubnets: []string{"10.0.0.0/24"},
	}}
	st.Credential = &jujusim.CloudSpec{Type: "lxd", Name: "localhost"}
	st.Secrets = []jujusim.Secret{{ID: "secret:cpf2m2o1i3cc73d0ag10", Owner: "application", Label: "old",
		Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{"key": "one1"}}, {Revision: 2, Content: map[string]string{"key": "two2"}}}}}
	st.Action = &jujusim.Action{Name: "backup"}

	out, _, err := hook(t, st, jujusim.HookContext{ActionName: "backup"}, func(c *charm.Context) error {
		rel := charm.RelationID{Endpoint: "db", ID: 3}
		if s, err := c.Storage("data/1"); err != nil || s != (charm.StorageInfo{Kind: "filesystem", Location: "/srv/data1"}) {
			t.Errorf("storage-get = %+v, %v", s, err)
		}
		if ids, err := c.StorageList("data"); err != nil || !reflect.DeepEqual(ids, []string{"data/0", "data/1"}) {
			t.Errorf("storage-list = %v, %v", ids, err)
		}
		if err := c.AddStorage("data", 2); err != nil {
			t.Errorf("storage-add: %v", err)
		}
		if p, err := c.ResourcePath("image"); err != nil || p != "/var/lib/juju/resources/image.tar" {
			t.Errorf("resource-get = %q, %v", p, err)
		}
		if n, err := c.NetworkGet("db"); err != nil || len(n.IngressAddresses) != 1 || n.BindAddresses[0].Addresses[0].Value != "10.0.0.5" {
			t.Errorf("network-get = %+v, %v", n, err)
		}
		if g, err := c.GoalState(); err != nil || g["units"] == nil {
			t.Errorf("goal-state = %v, %v", g, err)
		}
		if cred, err := c.Credential(); err != nil || cred["type"] != "lxd" {
			t.Errorf("credential-get = %v, %v", cred, err)
		}
		if uuid, err := c.RelationModel(rel); err != nil || uuid != "99999999-2222-3333-4444-555555555555" {
			t.Errorf("relation-model-get = %q, %v", uuid, err)
		}
		if units, err := c.RelationUnits(rel); err != nil || !reflect.DeepEqual(units, []string{"mysql/0"}) {
			t.Errorf("relation-list = %v, %v", units, err)
		}
		if ids, err := c.SecretIDs(); err != nil || !reflect.DeepEqual(ids, []string{"secret:cpf2m2o1i3cc73d0ag10"}) {
			t.Errorf("secret-ids = %v, %v", ids, err)
		}
		if info, err := c.SecretInfoGet("", "old"); err != nil || info.Revision != 2 || info.ID != "secret:cpf2m2o1i3cc73d0ag10" {
			t.Errorf("secret-info-get = %+v, %v", info, err)
		}
		if err := c.SecretRemove("secret:cpf2m2o1i3cc73d0ag10", 1); err != nil {
			t.Errorf("secret-remove --revision: %v", err)
		}
		if err := c.ActionLog("halfway"); err != nil {
			t.Errorf("action-log: %v", err)
		}
		if err := c.FailAction("disk full"); err != nil {
			t.Errorf("action-fail: %v", err)
		}
		if err := c.Reboot(false); err == nil {
			// juju-reboot is refused in actions, as Juju refuses it.
			t.Errorf("juju-reboot in an action: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Action.Status != "failed" || out.Action.FailureMessage != "disk full" || len(out.Action.Logs) != 1 {
		t.Errorf("action = %+v", out.Action)
	}
	if out.StorageRequests["data"] != 2 {
		t.Errorf("storage requests = %v", out.StorageRequests)
	}
	if len(out.Secrets[0].Revisions) != 1 || out.Secrets[0].Revisions[0].Revision != 2 {
		t.Errorf("after removing revision 1: %+v", out.Secrets[0].Revisions)
	}

	// juju-reboot outside an action is recorded for after the hook.
	out, _, err = hook(t, baseState(), jujusim.HookContext{Hook: "update-status"}, func(c *charm.Context) error { return c.Reboot(false) })
	if err != nil || out.RebootRequested != "after-hook" {
		t.Errorf("reboot = %q, %v", out.RebootRequested, err)
	}
}

// A tools directory holds hook tools only: what it lacks (systemctl on a
// real unit) comes from PATH, and what it has wins over PATH.
func TestExecBackendDirFallsBackToPath(t *testing.T) {
	dir := t.TempDir()
	b := charm.ExecBackend{Dir: dir}
	if _, err := b.Run(context.Background(), "true", nil, nil); err != nil {
		t.Fatalf("true from PATH: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "true"), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := b.Run(context.Background(), "true", nil, nil)
	var te *charm.ToolError
	if !errors.As(err, &te) || te.ExitCode != 3 {
		t.Fatalf("true from Dir: %v, want exit 3", err)
	}
}
