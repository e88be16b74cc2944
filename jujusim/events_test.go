package jujusim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

func eventState() *State {
	return &State{
		Unit: "web/0", Leader: true,
		Relations: []Relation{
			{ID: 3, Endpoint: "db", RemoteApp: "pg", RemoteUnits: []string{"pg/0", "pg/1"}},
			{ID: 4, Endpoint: "db", RemoteApp: "pg2", RemoteUnits: []string{"pg2/0"}},
			{ID: 5, Endpoint: "cluster", RemoteApp: "web"},
		},
		Storage: []Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv"}},
		Secrets: []Secret{{ID: "secret:cpf2m2o1i3cc73d0ag10", Label: "api", Owner: "application",
			Revisions: []SecretRevision{{Revision: 1}, {Revision: 2}}}},
		Containers: []pebblesim.Container{{Name: "web", Layers: []pebblesim.LayerEntry{{Order: 1, Label: "base", Layer: &pebble.Layer{
			Checks: map[string]*pebble.Check{"alive": {Override: pebble.ReplaceOverride, Level: pebble.AliveLevel, Exec: &pebble.ExecCheck{Command: "true"}}},
		}}}}},
	}
}

func TestParseEvent(t *testing.T) {
	st := eventState()
	cases := []struct {
		spec string
		want HookContext
	}{
		{"install", HookContext{Hook: "install"}},
		{"hooks/update-status", HookContext{Hook: "update-status"}},
		{"db-relation-joined", HookContext{Hook: "db-relation-joined", Relation: "db", RelationID: 3, RemoteApp: "pg", RemoteUnit: "pg/0"}},
		{"db-relation-changed:id=4", HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 4, RemoteApp: "pg2", RemoteUnit: "pg2/0"}},
		{"db-relation-changed:unit=pg/1", HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "pg", RemoteUnit: "pg/1"}},
		{"db-relation-changed:app", HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "pg"}},
		{"db-relation-created", HookContext{Hook: "db-relation-created", Relation: "db", RelationID: 3, RemoteApp: "pg"}},
		{"db-relation-departed:unit=pg/1", HookContext{Hook: "db-relation-departed", Relation: "db", RelationID: 3, RemoteApp: "pg", RemoteUnit: "pg/1", DepartingUnit: "pg/1"}},
		{"db-relation-broken", HookContext{Hook: "db-relation-broken", Relation: "db", RelationID: 3, RemoteApp: "pg"}},
		{"data-storage-attached", HookContext{Hook: "data-storage-attached", StorageID: "data/0", StorageKind: "filesystem", StorageLocation: "/srv"}},
		{"web-pebble-ready", HookContext{Hook: "web-pebble-ready", Workload: "web"}},
		{"web-pebble-custom-notice:key=example.com/x", HookContext{Hook: "web-pebble-custom-notice", Workload: "web", NoticeType: "custom", NoticeKey: "example.com/x"}},
		{"web-pebble-check-failed:check=alive", HookContext{Hook: "web-pebble-check-failed", Workload: "web", CheckName: "alive"}},
		{"secret-changed", HookContext{Hook: "secret-changed", SecretID: "secret:cpf2m2o1i3cc73d0ag10", SecretLabel: "api"}},
		{"secret-remove:label=api,revision=1", HookContext{Hook: "secret-remove", SecretID: "secret:cpf2m2o1i3cc73d0ag10", SecretLabel: "api", SecretRevision: 1}},
		{"secret-expired:id=secret:cpf2m2o1i3cc73d0ag10", HookContext{Hook: "secret-expired", SecretID: "secret:cpf2m2o1i3cc73d0ag10", SecretLabel: "api", SecretRevision: 2}},
	}
	for _, c := range cases {
		got, act, err := ParseEvent(c.spec, st)
		if err != nil {
			t.Errorf("%s: %v", c.spec, err)
			continue
		}
		if act != nil {
			t.Errorf("%s: unexpected action", c.spec)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.spec, got, c.want)
		}
	}
	hc, act, err := ParseEvent("actions/backup:path=/srv,compress=true,level=3", st)
	if err != nil || hc.ActionName != "backup" || act == nil {
		t.Fatalf("action: %+v %+v %v", hc, act, err)
	}
	if !reflect.DeepEqual(act.Params, map[string]any{"path": "/srv", "compress": true, "level": int64(3)}) {
		t.Errorf("params = %#v", act.Params)
	}
}

func TestParseEventErrors(t *testing.T) {
	st := eventState()
	for spec, want := range map[string]string{
		"bogus":                   `unknown event "bogus"`,
		"leader-settings-changed": `runs only on units that are not the leader`,
		"db-relation-departed:unit=pg/1,departing=pg/0": `the departing unit pg/0 is neither the remote unit pg/1 nor this unit web/0`,
		"cache-relation-joined":                         `no cache relation in the state`,
		"db-relation-joined:id=9":                       `no relation 9 on endpoint db`,
		"db-relation-joined:unit=pg/7":                  `pg/7 is not a remote unit of relation 3`,
		"cluster-relation-joined":                       `relation 5 has no remote units`,
		"db-relation-joined:colour=red":                 `unknown option "colour"`,
		"logs-storage-attached":                         `no storage logs`,
		"web-pebble-check-failed":                       `name the check with check=`,
		"db-pebble-ready":                               `no container db in the state`,
		"web-pebble-check-failed:check=ready":           `container web has no check "ready" in its plan`,
		"web-pebble-custom-notice":                      `name the notice with key=`,
		"web-pebble-custom-notice:id=7":                 `container web has no notice 7`,
		"secret-rotate:label=nope":                      `name a secret of the state`,
		"install:x=1":                                   `unknown option "x"`,
		"db-relation-joined:id=3,id=4":                  `given twice`,
	} {
		_, _, err := ParseEvent(spec, st)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", spec, err, want)
		}
	}
}

func TestScenarios(t *testing.T) {
	st := eventState()
	got, _ := Scenario("upgrade", st)
	if strings.Join(got, " ") != "upgrade-charm config-changed web-pebble-ready" {
		t.Errorf("upgrade = %v", got)
	}
	got, _ = Scenario("config", st)
	if strings.Join(got, " ") != "config-changed" {
		t.Errorf("config = %v", got)
	}
	st.Leader = false
	st.Containers = nil
	got, _ = Scenario("relate", st)
	want := "db-relation-created:id=3 db-relation-joined:id=3,unit=pg/0 db-relation-changed:id=3,unit=pg/0 db-relation-joined:id=3,unit=pg/1 db-relation-changed:id=3,unit=pg/1 db-relation-created:id=4 db-relation-joined:id=4,unit=pg2/0 db-relation-changed:id=4,unit=pg2/0 cluster-relation-created:id=5"
	if strings.Join(got, " ") != want {
		t.Errorf("relate =\n%v\nwant\n%v", strings.Join(got, " "), want)
	}
	if _, err := Scenario("explode", st); err == nil {
		t.Error("unknown scenario accepted")
	}
}

// deployState is a machine unit with two storage instances, a peer
// relation with one peer and a relation that exists at deploy.
func deployState() *State {
	return &State{
		Unit: "web/0", Leader: true, Model: Model{Type: "iaas"},
		Relations: []Relation{
			{ID: 4, Endpoint: "db", RemoteApp: "pg", RemoteUnits: []string{"pg/1", "pg/0"}},
			{ID: 0, Endpoint: "cluster", RemoteApp: "web", RemoteUnits: []string{"web/1"}},
		},
		Storage: []Storage{
			{ID: "logs/2", Kind: "filesystem", Location: "/var/lib/juju/storage/logs/2"},
			{ID: "data/0", Kind: "filesystem", Location: "/srv"},
		},
	}
}

// TestScenarioDeployOrder: storage-attached before install on a machine,
// relation-created for every relation (peers included) after install and
// before leader-elected, then config-changed and start.
// Rules: storage/resolver.go (IAAS storage before install),
// relation/resolver.go createdRelationsResolver, resolver.go NextOp order.
func TestScenarioDeployOrder(t *testing.T) {
	st := deployState()
	got, _ := Scenario("deploy", st)
	want := "data-storage-attached:id=data/0 logs-storage-attached:id=logs/2 install cluster-relation-created:id=0 db-relation-created:id=4 leader-elected config-changed start"
	if strings.Join(got, " ") != want {
		t.Errorf("deploy =\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	for _, spec := range got {
		if _, _, err := ParseEventFor(spec, st, 4); err != nil {
			t.Errorf("deploy event %s does not parse: %v", spec, err)
		}
	}
}

// TestScenarioDeployNonLeader: under Juju 4 a unit that is not the leader
// runs no leadership hook; under Juju 3 it runs leader-settings-changed
// where the leader runs leader-elected
// (worker/uniter/leadership/resolver.go).
func TestScenarioDeployNonLeader(t *testing.T) {
	st := deployState()
	st.Leader = false
	st.Storage = nil
	got, _ := Scenario("deploy", st)
	if want := "install cluster-relation-created:id=0 db-relation-created:id=4 config-changed start"; strings.Join(got, " ") != want {
		t.Errorf("Juju 4 non-leader deploy = %v", got)
	}
	got, _ = ScenarioWith("deploy", st, ScenarioOptions{Juju: 3})
	if want := "install cluster-relation-created:id=0 db-relation-created:id=4 leader-settings-changed config-changed start"; strings.Join(got, " ") != want {
		t.Errorf("Juju 3 non-leader deploy = %v", got)
	}
	if _, _, err := ParseEventFor("leader-settings-changed", st, 3); err != nil {
		t.Errorf("Juju 3: %v", err)
	}
	if _, _, err := ParseEventFor("leader-settings-changed", st, 4); err == nil || !strings.Contains(err.Error(), "Juju 4 has no leader-settings-changed hook") {
		t.Errorf("Juju 4: err = %v", err)
	}
	st.Leader = true
	got, _ = ScenarioWith("deploy", st, ScenarioOptions{Juju: 3})
	if !contains(got, "leader-elected") || contains(got, "leader-settings-changed") {
		t.Errorf("Juju 3 leader deploy = %v", got)
	}
}

// TestScenarioDeployKubernetes: on Kubernetes storage hooks wait while
// install is queued and run once nothing is (storage/resolver.go, CAAS):
// after leadership, before config-changed; pebble-ready follows start.
func TestScenarioDeployKubernetes(t *testing.T) {
	st := deployState()
	st.Model.Type = "caas"
	st.Storage = st.Storage[1:]
	st.Containers = []pebblesim.Container{{Name: "web"}}
	got, _ := Scenario("deploy", st)
	want := "install cluster-relation-created:id=0 db-relation-created:id=4 leader-elected data-storage-attached:id=data/0 config-changed start web-pebble-ready"
	if strings.Join(got, " ") != want {
		t.Errorf("deploy =\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

// TestScenarioRelate: created (once per relation), the application-level
// changed when the remote application has written its databag, then
// joined and changed per remote unit in sorted order
// (relation/resolver.go nextHookForRelation).
func TestScenarioRelate(t *testing.T) {
	st := deployState()
	st.Relations[0].RemoteUnits = []string{"pg/10", "pg/2", "pg/1"}
	st.Relations[0].RemoteAppData = map[string]string{"endpoints": "10.0.0.1:5432"}
	st.Relations[1].LocalAppData = map[string]string{"leader": "web/0"}
	var o ScenarioOptions
	o.Record(HookContext{Hook: "cluster-relation-created", RelationID: 0})
	got, _ := ScenarioWith("relate", st, o)
	want := "cluster-relation-joined:id=0,unit=web/1 cluster-relation-changed:id=0,unit=web/1 " +
		"db-relation-created:id=4 db-relation-changed:id=4,app " +
		"db-relation-joined:id=4,unit=pg/1 db-relation-changed:id=4,unit=pg/1 " +
		"db-relation-joined:id=4,unit=pg/10 db-relation-changed:id=4,unit=pg/10 " +
		"db-relation-joined:id=4,unit=pg/2 db-relation-changed:id=4,unit=pg/2"
	if strings.Join(got, " ") != want {
		t.Errorf("relate =\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	hc, _, err := ParseEvent("db-relation-changed:id=4,app", st)
	if err != nil || hc.RemoteUnit != "" || hc.RemoteApp != "pg" || hc.Environ()["JUJU_REMOTE_UNIT"] != "" {
		t.Errorf("app-level changed: %+v, %v", hc, err)
	}
}

// TestScenarioTeardown: storage detaches first, each relation's remote
// units depart with this unit as the departing unit, relation-broken runs
// for every relation but the peer ones, then stop and remove.
func TestScenarioTeardown(t *testing.T) {
	st := deployState()
	got, _ := Scenario("teardown", st)
	want := "data-storage-detaching:id=data/0 logs-storage-detaching:id=logs/2 " +
		"cluster-relation-departed:id=0,unit=web/1,departing=web/0 " +
		"db-relation-departed:id=4,unit=pg/0,departing=web/0 db-relation-departed:id=4,unit=pg/1,departing=web/0 db-relation-broken:id=4 " +
		"stop remove"
	if strings.Join(got, " ") != want {
		t.Errorf("teardown =\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	// Run the teardown through ParseEvent and Advance as the simulator
	// does: JUJU_DEPARTING_UNIT is this unit, the remote units leave the
	// relation, the peer relation stays (no broken) and the storage goes.
	for _, spec := range got {
		hc, _, err := ParseEvent(spec, st)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if strings.HasSuffix(hc.Hook, "-relation-departed") {
			if env := hc.Environ(); env["JUJU_DEPARTING_UNIT"] != "web/0" || env["JUJU_REMOTE_UNIT"] == "web/0" {
				t.Errorf("%s: JUJU_DEPARTING_UNIT=%q JUJU_REMOTE_UNIT=%q", spec, env["JUJU_DEPARTING_UNIT"], env["JUJU_REMOTE_UNIT"])
			}
		}
		Advance(st, hc)
	}
	if len(st.Relations) != 1 || st.Relations[0].Endpoint != "cluster" || len(st.Relations[0].RemoteUnits) != 0 {
		t.Errorf("after teardown: relations %+v", st.Relations)
	}
	if len(st.Storage) != 0 {
		t.Errorf("after teardown: storage %+v", st.Storage)
	}
}

func TestAdvanceAndPrepare(t *testing.T) {
	st := eventState()
	_ = Prepare(st, HookContext{Hook: "install"})
	if st.UnitStatus != installing {
		t.Errorf("before install: %+v", st.UnitStatus)
	}
	Advance(st, HookContext{Hook: "start"})
	if st.UnitStatus.Status != "unknown" || len(st.UnitStatusHistory) != 1 {
		t.Errorf("after start with no status set: %+v %+v", st.UnitStatus, st.UnitStatusHistory)
	}
	Advance(st, HookContext{Hook: "db-relation-departed", RelationID: 3, DepartingUnit: "pg/0"})
	if got := st.Relation(3).RemoteUnits; len(got) != 1 || got[0] != "pg/1" {
		t.Errorf("after departed: %v", got)
	}
	Advance(st, HookContext{Hook: "db-relation-broken", RelationID: 3})
	if st.Relation(3) != nil {
		t.Error("broken relation still there")
	}
	Advance(st, HookContext{Hook: "remove"})
	if st.UnitStatus.Status != "terminated" {
		t.Errorf("after remove: %+v", st.UnitStatus)
	}
}

// FuzzParseEvent feeds arbitrary event specs: never a panic, and a spec
// that parses yields a hook context the agent accepts.
func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{"install", "db-relation-changed:id=3,unit=pg/1", "db-relation-changed:app",
		"actions/backup:path=/srv,compress=true", "secret-remove:label=api,revision=1", "data-storage-attached:id=data/0",
		"web-pebble-check-failed:check=alive", ":", "-relation-joined", "actions/", "a:b=c,,d", "secret-changed:id=secret:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		st := eventState()
		hc, act, err := ParseEvent(spec, st)
		if err != nil {
			return
		}
		if act != nil {
			st.Action = act
		}
		if _, err := NewAgent(st, hc); err != nil {
			t.Fatalf("ParseEvent(%q) gave a context the agent refuses: %v", spec, err)
		}
	})
}

// Pebble events change the container as Pebble did before Juju emitted
// them; an upgrade of a Kubernetes charm restarts its containers.
func TestPreparePebble(t *testing.T) {
	st := eventState()
	st.Model.Type = "caas"
	run := func(spec string) HookContext {
		t.Helper()
		hc, _, err := ParseEvent(spec, st)
		if err != nil {
			t.Fatal(err)
		}
		return Prepare(st, hc)
	}
	run("web-pebble-ready")
	if !st.Container("web").CanConnect {
		t.Error("pebble-ready left the container unreachable")
	}
	hc := run("web-pebble-custom-notice:key=example.com/reload")
	hc2 := run("web-pebble-custom-notice:key=example.com/reload")
	n := st.Container("web").Notices
	if hc.NoticeID != "1" || hc2.NoticeID != "1" || len(n) != 1 || n[0].Occurrences != 2 || n[0].Key != "example.com/reload" {
		t.Errorf("notice ids %q %q, notices %+v", hc.NoticeID, hc2.NoticeID, n)
	}
	if hc := run("web-pebble-custom-notice:id=1"); hc.NoticeKey != "example.com/reload" || hc.NoticeType != "custom" {
		t.Errorf("existing notice: %+v", hc)
	}
	run("web-pebble-check-failed:check=alive")
	if c := st.Container("web").Checks["alive"]; c.Status != pebblesim.CheckDown || c.Failures != pebble.DefaultCheckThreshold {
		t.Errorf("after check-failed: %+v", c)
	}
	run("web-pebble-check-recovered:check=alive")
	if c := st.Container("web").Checks["alive"]; c.Status != pebblesim.CheckUp || c.Failures != 0 {
		t.Errorf("after check-recovered: %+v", c)
	}
	run("upgrade-charm")
	if c := st.Container("web"); c.CanConnect || len(c.Layers) != 0 || len(c.Checks) != 0 || len(c.Notices) != 1 {
		t.Errorf("after upgrade: %+v", c)
	}
}

// TestRelateAndDepartHooks: the per-relation helpers the relate and
// teardown scenarios (and charmtest.Explore) share: O9-O11, O13-O15.
func TestRelateAndDepartHooks(t *testing.T) {
	r := Relation{ID: 4, Endpoint: "db", RemoteApp: "pg", RemoteUnits: []string{"pg/1", "pg/0"}, RemoteAppData: map[string]string{"k": "v"}}
	got := strings.Join(RelateHooks(r, "web", false), " ")
	want := "db-relation-created:id=4 db-relation-changed:id=4,app db-relation-joined:id=4,unit=pg/0 db-relation-changed:id=4,unit=pg/0 db-relation-joined:id=4,unit=pg/1 db-relation-changed:id=4,unit=pg/1"
	if got != want {
		t.Errorf("RelateHooks:\n got %s\nwant %s", got, want)
	}
	if got := RelateHooks(r, "web", true)[0]; got != "db-relation-changed:id=4,app" {
		t.Errorf("created relation: first hook %s", got)
	}
	got = strings.Join(DepartHooks(r, "web", ""), " ")
	want = "db-relation-departed:id=4,unit=pg/0 db-relation-departed:id=4,unit=pg/1 db-relation-broken:id=4"
	if got != want {
		t.Errorf("DepartHooks:\n got %s\nwant %s", got, want)
	}
	peer := Relation{ID: 0, Endpoint: "cluster", RemoteApp: "web", RemoteUnits: []string{"web/1"}}
	got = strings.Join(DepartHooks(peer, "web", "web/0"), " ")
	if want := "cluster-relation-departed:id=0,unit=web/1,departing=web/0"; got != want {
		t.Errorf("peer DepartHooks: got %s want %s", got, want)
	}
}
