package charmtest_test

import (
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
)

// TestEventEnvironments runs every event builder and checks the
// environment the charm saw, field by field, against what Juju sets.
func TestEventEnvironments(t *testing.T) {
	m := loadMeta(t)
	common := func(e charm.Env) charm.Env {
		e.UnitName, e.ModelName, e.ModelUUID = "web/0", charmtest.DefaultModelName, charmtest.DefaultModelUUID
		e.JujuVersion = "3.6.4"
		e.CharmDir = "/var/lib/juju/agents/unit-web-0/charm"
		if e.ActionName != "" {
			e.DispatchPath = "actions/" + e.ActionName
		} else {
			e.DispatchPath = "hooks/" + e.HookName
		}
		return e
	}
	st := baseState(t)
	cases := []struct {
		ev   charmtest.Event
		want charm.Env
	}{
		{charmtest.Install(), charm.Env{HookName: "install"}},
		{charmtest.Start(), charm.Env{HookName: "start"}},
		{charmtest.ConfigChanged(), charm.Env{HookName: "config-changed"}},
		{charmtest.UpdateStatus(), charm.Env{HookName: "update-status"}},
		{charmtest.LeaderElected(), charm.Env{HookName: "leader-elected"}},
		{charmtest.UpgradeCharm(), charm.Env{HookName: "upgrade-charm"}},
		{charmtest.Stop(), charm.Env{HookName: "stop"}},
		{charmtest.Remove(), charm.Env{HookName: "remove"}},

		{charmtest.RelationCreated(3), charm.Env{HookName: "db-relation-created", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql"}},
		{charmtest.RelationJoined(st.Relation(3), "mysql/1"), charm.Env{HookName: "db-relation-joined", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/1"}},
		{charmtest.RelationJoined(dbRel, ""), charm.Env{HookName: "db-relation-joined", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/0"}},
		{charmtest.RelationChanged(*st.Relation(3), "mysql/0"), charm.Env{HookName: "db-relation-changed", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/0"}},
		{charmtest.RelationChangedApp(3), charm.Env{HookName: "db-relation-changed", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql"}},
		{charmtest.RelationChanged(0, "web/1"), charm.Env{HookName: "cluster-relation-changed", RelationName: "cluster", RelationID: "cluster:0", RemoteApp: "web", RemoteUnit: "web/1"}},
		{charmtest.RelationDeparted(3, "mysql/1", ""), charm.Env{HookName: "db-relation-departed", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/1", DepartingUnit: "mysql/1"}},
		{charmtest.RelationDeparted(3, "mysql/1", "web/0"), charm.Env{HookName: "db-relation-departed", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/1", DepartingUnit: "web/0"}},
		{charmtest.RelationBroken(3), charm.Env{HookName: "db-relation-broken", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql"}},

		{charmtest.SecretChanged(consumedSecret), charm.Env{HookName: "secret-changed", SecretID: consumedSecret, SecretLabel: "upstream"}},
		{charmtest.SecretChanged("upstream"), charm.Env{HookName: "secret-changed", SecretID: consumedSecret, SecretLabel: "upstream"}},
		{charmtest.SecretRotate(&st.Secrets[0]), charm.Env{HookName: "secret-rotate", SecretID: ownedSecret, SecretLabel: "admin"}},
		{charmtest.SecretExpired(st.Secrets[0], 1), charm.Env{HookName: "secret-expired", SecretID: ownedSecret, SecretLabel: "admin", SecretRevision: 1}},
		{charmtest.SecretRemove("admin", 0), charm.Env{HookName: "secret-remove", SecretID: ownedSecret, SecretLabel: "admin", SecretRevision: 2}},

		{charmtest.PebbleReady("workload"), charm.Env{HookName: "workload-pebble-ready", Workload: "workload"}},
		{charmtest.PebbleCustomNotice("workload", "", "", "example.com/backup-done"), charm.Env{HookName: "workload-pebble-custom-notice", Workload: "workload", NoticeID: "1", NoticeType: "custom", NoticeKey: "example.com/backup-done"}}, // recorded: the container's first notice
		{charmtest.PebbleCustomNotice("workload", "42", "custom", "a/b"), charm.Env{HookName: "workload-pebble-custom-notice", Workload: "workload", NoticeID: "42", NoticeType: "custom", NoticeKey: "a/b"}},
		{charmtest.PebbleCheckFailed("workload", "alive"), charm.Env{HookName: "workload-pebble-check-failed", Workload: "workload", CheckName: "alive"}},
		{charmtest.PebbleCheckRecovered("workload", "alive"), charm.Env{HookName: "workload-pebble-check-recovered", Workload: "workload", CheckName: "alive"}},

		{charmtest.StorageAttached("data/0"), charm.Env{HookName: "data-storage-attached", StorageID: "data/0", StorageLoc: "/srv/data", StorageKind: "filesystem"}},
		{charmtest.StorageDetaching("data/0"), charm.Env{HookName: "data-storage-detaching", StorageID: "data/0", StorageLoc: "/srv/data", StorageKind: "filesystem"}},

		{charmtest.Action("greet", map[string]any{"name": "Ada"}), charm.Env{ActionName: "greet", ActionUUID: "1"}},
		{charmtest.Spec("db-relation-changed:id=3,unit=mysql/1"), charm.Env{HookName: "db-relation-changed", RelationName: "db", RelationID: "db:3", RemoteApp: "mysql", RemoteUnit: "mysql/1"}},
	}
	for _, c := range cases {
		t.Run(c.ev.String(), func(t *testing.T) {
			rec := &envRecorder{}
			ctx := charmtest.New(rec.run, charmtest.WithMetadata(m))
			_, o, err := ctx.RunOutput(c.ev, st)
			if err != nil {
				t.Fatal(err)
			}
			got := rec.env
			want := common(c.want)
			got.ContextID = "" // derived; checked below
			if got.PebbleDir == "" {
				t.Error("no Pebble directory for a state with containers")
			}
			got.PebbleDir = "" // a temporary directory
			if got != want {
				t.Errorf("env:\n got %+v\nwant %+v", got, want)
			}
			if rec.env.ContextID == "" || o.Environ["JUJU_CONTEXT_ID"] != rec.env.ContextID {
				t.Errorf("JUJU_CONTEXT_ID = %q, Output has %q", rec.env.ContextID, o.Environ["JUJU_CONTEXT_ID"])
			}
			if c.ev.String() == "" {
				t.Error("empty String()")
			}
			// Juju sets JUJU_HOOK_NAME empty for actions.
			if want.ActionName != "" {
				if v, ok := o.Environ["JUJU_HOOK_NAME"]; !ok || v != "" {
					t.Errorf("JUJU_HOOK_NAME in an action = %q, %v", v, ok)
				}
				if o.Environ["JUJU_ACTION_TAG"] != "action-1" {
					t.Errorf("JUJU_ACTION_TAG = %q", o.Environ["JUJU_ACTION_TAG"])
				}
			}
			if o.HookContext.Name() == "" {
				t.Error("Output.HookContext is empty")
			}
		})
	}
}

func TestOptionsShapeTheEnvironment(t *testing.T) {
	rec := &envRecorder{}
	st := baseState(t)
	st.Model.Name, st.Model.UUID = "prod", "11111111-2222-3333-4444-555555555555"
	ctx := charmtest.New(rec.run, charmtest.WithJujuVersion("4.0.1"), charmtest.WithCharmDir("/charm"))
	if _, err := ctx.Run(charmtest.Install(), st); err != nil {
		t.Fatal(err)
	}
	if rec.env.JujuVersion != "4.0.1" || rec.env.CharmDir != "/charm" || rec.env.ModelName != "prod" ||
		rec.env.ModelUUID != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("env = %+v", rec.env)
	}
}
