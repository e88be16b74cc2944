package charmtest_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

// TestConsistency checks that each impossible combination of event, state
// and metadata is refused, with a message that names the problem, before
// the charm runs.
func TestConsistency(t *testing.T) {
	m := loadMeta(t)
	cases := []struct {
		name   string
		meta   bool // check against the metadata
		ev     charmtest.Event
		edit   func(*jujusim.State)
		want   []string
		opts   []charmtest.Option
		reject bool // false: the run must succeed
	}{
		{name: "event on an undeclared endpoint", meta: true,
			ev: charmtest.RelationChanged(7, "redis/0"),
			edit: func(st *jujusim.State) {
				st.Relations = append(st.Relations, jujusim.Relation{ID: 7, Endpoint: "cache", RemoteApp: "redis", RemoteUnits: []string{"redis/0"}})
			},
			want: []string{`the event is on endpoint "cache", which the charm does not declare (endpoints: cluster, db, website)`}},
		{name: "relation on an undeclared endpoint", meta: true, ev: charmtest.Install(),
			edit: func(st *jujusim.State) {
				st.Relations = append(st.Relations, jujusim.Relation{ID: 7, Endpoint: "cache", RemoteApp: "redis"})
			},
			want: []string{`relation 7 in the state is on endpoint "cache", which the charm does not declare`}},
		{name: "relation interface differs", meta: true, ev: charmtest.Install(),
			edit: func(st *jujusim.State) { st.Relations[1].Interface = "pgsql" },
			want: []string{`relation 3 (db) in the state has interface "pgsql", but the charm declares "mysql_client"`}},
		{name: "peer relation to another application", meta: true, ev: charmtest.Install(),
			edit: func(st *jujusim.State) { st.Relations[0].RemoteApp, st.Relations[0].RemoteUnits = "other", nil },
			want: []string{`relation 0 (cluster) is a peer relation, so its remote_app must be this application "web"`}},
		{name: "undeclared config key", meta: true, ev: charmtest.ConfigChanged(),
			edit: func(st *jujusim.State) { st.Config["colour"] = "red" },
			want: []string{`config["colour"] is not an option the charm declares (options: debug, motd, port, ratio)`}},
		{name: "config value of the wrong type", meta: true, ev: charmtest.ConfigChanged(),
			edit: func(st *jujusim.State) {
				st.ConfigOptions = nil // so only the metadata knows the types
				st.Config["port"] = "80"
				st.Config["debug"] = 1
			},
			want: []string{`config["debug"] = 1 (an integer) is not a valid boolean`, `config["port"] = "80" (a string) is not a valid int`}},
		{name: "config option type differs from the metadata", meta: true, ev: charmtest.ConfigChanged(),
			edit: func(st *jujusim.State) { st.ConfigOptions["port"] = jujusim.ConfigOption{Type: "string"} },
			want: []string{`config_options["port"] has type string, but the charm declares int`}},
		{name: "undeclared action", meta: true, ev: charmtest.Action("reboot", nil),
			want: []string{`action "reboot" is not declared by the charm (actions: greet, snapshot)`}},
		{name: "undeclared action param", meta: true, ev: charmtest.Action("greet", map[string]any{"name": "Ada", "loud": true}),
			want: []string{`action "greet" has no param "loud" (params: name, times)`}},
		{name: "action param of the wrong type", meta: true, ev: charmtest.Action("greet", map[string]any{"name": 7, "times": 1.5}),
			want: []string{`action "greet" param "name" = 7 (an integer) is not of type string`, `param "times" = 1.5 (a number) is not of type integer`}},
		{name: "required action param missing", meta: true, ev: charmtest.Action("greet", nil),
			want: []string{`action "greet" requires param "name", which is not given`}},
		{name: "pebble event on an undeclared container", meta: true, ev: charmtest.PebbleReady("sidecar"),
			want: []string{`the event is on container "sidecar", which the charm does not declare (containers: workload)`}},
		{name: "storage event for undeclared storage", meta: true, ev: charmtest.StorageAttached("logs/0"),
			edit: func(st *jujusim.State) {
				st.Storage = append(st.Storage, jujusim.Storage{ID: "logs/0", Kind: "filesystem"})
			},
			want: []string{`the event is on storage "logs", which the charm does not declare (storage: data)`, `storage "logs/0" in the state is of storage "logs"`}},

		// Without metadata: what the state alone rules out.
		{name: "remote unit not in the relation", ev: charmtest.RelationJoined(3, "mysql/7"),
			want: []string{`mysql/7 is not a remote unit of relation 3 (db); its remote units are mysql/0, mysql/1`}},
		{name: "relation not in the state", ev: charmtest.RelationChanged(9, "x/0"),
			want: []string{`relation 9 is not in the state; add it to State.Relations (ids in the state: cluster:0, db:3)`}},
		{name: "relation id on another endpoint", ev: charmtest.RelationChanged(charm.RelationID{Endpoint: "website", ID: 3}, "mysql/0"),
			want: []string{`relation 3 of the state is on endpoint "db", not "website"`}},
		{name: "departing unit is a third unit", ev: charmtest.RelationDeparted(3, "mysql/0", "mysql/1"),
			want: []string{`the departing unit mysql/1 is neither the remote unit mysql/0 nor this unit web/0`}},
		{name: "secret not in the state", ev: charmtest.SecretChanged("secret:aaaaaaaaaaaaaaaaaaaa"),
			want: []string{`secret "secret:aaaaaaaaaaaaaaaaaaaa" is not in the state`}},
		{name: "secret-changed on an owned secret", ev: charmtest.SecretChanged("admin"),
			want: []string{`secret-changed goes to the consumers of a secret, but this unit's application owns ` + ownedSecret}},
		{name: "secret-rotate on a consumed secret", ev: charmtest.SecretRotate("upstream"),
			want: []string{`secret-rotate goes to the owner of a secret, but ` + consumedSecret + ` is only consumed here`}},
		{name: "secret-rotate of an app secret on a non-leader", ev: charmtest.SecretRotate("admin"),
			edit: func(st *jujusim.State) { st.Leader = false },
			want: []string{`secret-rotate of an application-owned secret goes to the leader`}},
		{name: "secret revision missing", ev: charmtest.SecretRemove("admin", 5),
			want: []string{`secret ` + ownedSecret + ` has no revision 5 (it has 1, 2)`}},
		{name: "storage not attached", ev: charmtest.StorageDetaching("data/3"),
			want: []string{`storage "data/3" is not attached in the state; add it to State.Storage (attached: data/0)`}},
		{name: "leader-elected on a non-leader", ev: charmtest.LeaderElected(),
			edit: func(st *jujusim.State) { st.Leader = false },
			want: []string{`leader-elected runs only on the leader`}},
		{name: "pebble check event before Juju 3.6", ev: charmtest.PebbleCheckFailed("workload", "alive"),
			opts: []charmtest.Option{charmtest.WithJujuVersion("3.5.4")},
			want: []string{`workload-pebble-check-failed cannot happen`, `pebble-check-failed needs Juju 3.6 or later; the context runs Juju 3.5.4`}},
		{name: "custom notice without a key", ev: charmtest.PebbleCustomNotice("workload", "", "", ""),
			want: []string{`a custom notice needs a key`}},
		{name: "invalid state", ev: charmtest.Install(),
			edit: func(st *jujusim.State) { st.UnitStatus = jujusim.Status{Status: "happy"} },
			want: []string{`state: unit_status.status: unknown status "happy"`}},
		{name: "bad spec", ev: charmtest.Spec("cache-relation-joined"),
			want: []string{`no cache relation in the state`}},
		{name: "all problems at once", meta: true, ev: charmtest.Action("greet", map[string]any{"name": 1, "extra": "x"}),
			edit: func(st *jujusim.State) { st.Config["nope"] = true },
			want: []string{"\n  - " + `action "greet" has no param "extra"`, "\n  - " + `action "greet" param "name" = 1`, "\n  - " + `config["nope"] is not an option`}},

		// And what is allowed.
		{name: "extra relation fields are fine", meta: true, ev: charmtest.RelationChanged(3, "mysql/0"), reject: false,
			edit: func(st *jujusim.State) { st.Relations[1].Interface = "" }},
		{name: "a departing unit that left relation-list but kept data", ev: charmtest.RelationDeparted(3, "mysql/1", ""), reject: false,
			edit: func(st *jujusim.State) { st.Relations[1].RemoteUnits = []string{"mysql/0"} }},
	}
	for _, c := range cases {
		if c.want != nil {
			c.reject = true
		}
		t.Run(c.name, func(t *testing.T) {
			st := baseState(t)
			if c.edit != nil {
				c.edit(st)
			}
			ran := false
			opts := c.opts
			if c.meta {
				opts = append(opts, charmtest.WithMetadata(m))
			}
			ctx := charmtest.New(func(*charm.Context) error { ran = true; return nil }, opts...)
			out, err := ctx.Run(c.ev, st)
			if !c.reject {
				if err != nil || !ran {
					t.Fatalf("run refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("the run was not refused")
			}
			if ran || out != nil {
				t.Error("the charm ran, or a state came back, despite the inconsistency")
			}
			if !errors.Is(err, charmtest.ErrInconsistent) {
				t.Errorf("errors.Is(err, ErrInconsistent) is false for %T", err)
			}
			var ce *charmtest.ConsistencyError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Errorf("not a ConsistencyError with problems: %#v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestMetadataDirErrorsReportedByRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte("name: [broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := charmtest.New(reconcile, charmtest.WithMetadataDir(dir))
	_, err := ctx.Run(charmtest.Install(), baseState(t))
	if err == nil || !strings.Contains(err.Error(), "loading the metadata in "+dir) {
		t.Fatalf("err = %v", err)
	}

	// A good directory loads, and is the hook's charm directory.
	good := t.TempDir()
	if err := os.WriteFile(filepath.Join(good, "charmcraft.yaml"), []byte(charmcraftYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &envRecorder{}
	ctx = charmtest.New(rec.run, charmtest.WithMetadataDir(good))
	if ctx.Metadata() == nil || ctx.Metadata().Name.V != "web" {
		t.Fatalf("metadata = %+v", ctx.Metadata())
	}
	if _, err := ctx.Run(charmtest.PebbleReady("nope"), baseState(t)); !errors.Is(err, charmtest.ErrInconsistent) {
		t.Errorf("the loaded metadata is not checked: %v", err)
	}
	if _, err := ctx.Run(charmtest.Install(), baseState(t)); err != nil {
		t.Fatal(err)
	}
	if rec.env.CharmDir != good {
		t.Errorf("JUJU_CHARM_DIR = %q, want %q", rec.env.CharmDir, good)
	}
}

func TestMisuse(t *testing.T) {
	ctx := charmtest.New(reconcile)
	if _, err := ctx.Run(charmtest.Install(), nil); err == nil {
		t.Error("nil state accepted")
	}
	if _, err := ctx.Run(charmtest.Event{}, baseState(t)); err == nil {
		t.Error("zero Event accepted")
	}
	if _, err := charmtest.New(nil).Run(charmtest.Install(), baseState(t)); err == nil {
		t.Error("nil charm accepted")
	}
	if _, err := charmtest.New(reconcile, charmtest.WithJujuVersion("latest")).Run(charmtest.Install(), baseState(t)); !errors.Is(err, charmtest.ErrInconsistent) {
		t.Errorf("bad Juju version: %v", err)
	}
}

// TestStateFromMetadataDefaults: the defaults ops.testing gives a state
// made from metadata (scenario/state.py): storage at its minimum count, a
// network per binding (192.0.2.0), and in the peer relation's local unit
// databag the keys Juju writes on entering scope — private-address only
// under Juju 3 (uniter.go EnterScope; Juju 4: domain/unitstate/types.go).
func TestStateFromMetadataDefaults(t *testing.T) {
	m := loadMeta(t)
	st := charmtest.StateFromMetadata(m, "web/0")
	if len(st.Storage) != 1 || st.Storage[0] != (jujusim.Storage{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}) {
		t.Errorf("storage = %+v", st.Storage)
	}
	for _, b := range []string{"cluster", "db", "website", "juju-info"} {
		if n, ok := st.Networks[b]; !ok || n.IngressAddresses[0] != "192.0.2.0" || n.EgressSubnets[0] != "192.0.2.0/24" {
			t.Errorf("network %s = %+v", b, n)
		}
	}
	juju3 := map[string]string{"ingress-address": "192.0.2.0", "egress-subnets": "192.0.2.0", "private-address": "192.0.2.0"}
	if got := st.Relations[0].LocalUnitData; !reflect.DeepEqual(got, juju3) {
		t.Errorf("Juju %s peer databag = %v, want %v", charmtest.DefaultJujuVersion, got, juju3)
	}
	st4 := charmtest.StateFromMetadataFor(m, "web/0", "4.0.0")
	if got := st4.Relations[0].LocalUnitData; got["private-address"] != "" || got["ingress-address"] != "192.0.2.0" {
		t.Errorf("Juju 4 peer databag = %v", got)
	}

	// The charm sees them through its hook tools.
	var net charm.Network
	var peer map[string]string
	ctx := charmtest.New(func(c *charm.Context) error {
		var err error
		if net, err = c.NetworkGet("website"); err != nil {
			return err
		}
		peer, err = c.RelationData(charm.RelationID{Endpoint: "cluster", ID: 0}, "web/0")
		return err
	}, charmtest.WithMetadata(m), charmtest.WithJujuVersion("4.0.0"))
	if _, err := ctx.Run(charmtest.Install(), st4); err != nil {
		t.Fatal(err)
	}
	if len(net.BindAddresses) != 1 || net.BindAddresses[0].Addresses[0].Value != "192.0.2.0" || net.IngressAddresses[0] != "192.0.2.0" {
		t.Errorf("network-get website = %+v", net)
	}
	if peer["ingress-address"] != "192.0.2.0" {
		t.Errorf("relation-get of the local unit = %v", peer)
	}
}
