package charmtest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

// exploreState is a machine unit with one int option and no relations.
func exploreState(leader bool) *jujusim.State {
	return &jujusim.State{
		Unit: "web/0", Leader: leader,
		ConfigOptions: map[string]jujusim.ConfigOption{"port": {Type: "int", Default: 8080}},
	}
}

var (
	joinWebsite = charmtest.RelationJoins{ID: 5, Endpoint: "website", RemoteApp: "haproxy", Units: []string{"haproxy/0"}}
	joinDB      = charmtest.RelationJoins{ID: 6, Endpoint: "db", RemoteApp: "mysql", Units: []string{"mysql/0", "mysql/1"},
		AppData: map[string]string{"endpoints": "10.0.0.9:3306"}}
	setPort = charmtest.ConfigChange{"port": 9000}
)

func configPort(c *charm.Context) (string, error) {
	cfg, err := c.Config()
	if err != nil {
		return "", err
	}
	return fmt.Sprint(cfg["port"]), nil
}

func websites(c *charm.Context, app bool, kv map[string]string) error {
	rels, err := c.RelationIDs("website")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if err := c.SetRelationData(r, app, kv); err != nil {
			return err
		}
	}
	return nil
}

// converging reconciles everything on every hook, with a leader guard.
func converging(c *charm.Context) error {
	port, err := configPort(c)
	if err != nil {
		return err
	}
	if err := websites(c, false, map[string]string{"port": port}); err != nil {
		return err
	}
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if leader {
		if err := websites(c, true, map[string]string{"url": "http://web:" + port}); err != nil {
			return err
		}
	}
	dbs, err := c.RelationIDs("db")
	if err != nil {
		return err
	}
	if len(dbs) == 0 {
		return c.SetUnitStatus(charm.BlockedStatus("needs a database"))
	}
	return c.SetUnitStatus(charm.ActiveStatus("serving on :%s", port))
}

// joinedOnly (planted bug 1) writes its relation data only in
// relation-joined.
func joinedOnly(c *charm.Context) error {
	if !strings.HasSuffix(c.Env().HookName, "-relation-joined") {
		return nil
	}
	port, err := configPort(c)
	if err != nil {
		return err
	}
	return websites(c, false, map[string]string{"port": port})
}

// cachedConfig (planted bug 2) reconciles from a copy of the config it
// keeps in its state, refreshed at the end of config-changed.
func cachedConfig(c *charm.Context) error {
	st, err := c.State()
	if err != nil {
		return err
	}
	port := st["port"]
	if port == "" {
		port = "8080"
	}
	if err := websites(c, false, map[string]string{"port": port}); err != nil {
		return err
	}
	if c.Env().HookName == "config-changed" {
		p, err := configPort(c)
		if err != nil {
			return err
		}
		if p != st["port"] {
			return c.SetState(map[string]string{"port": p})
		}
	}
	return nil
}

// unguarded (planted bug 3) writes the application databag without
// asking whether it leads.
func unguarded(c *charm.Context) error {
	return websites(c, true, map[string]string{"url": "http://web"})
}

func explore(t *testing.T, fn charmtest.Charm, st *jujusim.State, hs ...charmtest.Happening) *charmtest.Report {
	t.Helper()
	start := time.Now()
	rep, err := charmtest.New(fn).Explore(st, charmtest.ExploreOptions{Happenings: hs, Seed: 1, Budget: 5000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d orders in %v\n%s", rep.Orders, time.Since(start), rep)
	for _, o := range rep.Explored {
		if err := charmtest.CheckOrder(o, st); err != nil {
			t.Errorf("illegal order %s: %v", strings.Join(o, " "), err)
		}
	}
	return rep
}

func TestExploreConverging(t *testing.T) {
	st := exploreState(false)
	rep := explore(t, converging, st, joinWebsite, joinDB, setPort, charmtest.LeadershipChange{})
	if !rep.OK() || rep.FinalStates != 1 || !rep.Exhaustive {
		t.Errorf("a converging charm:\n%s", rep)
	}
	if rep.Orders != 560 {
		t.Errorf("%d orders, want 560", rep.Orders)
	}
}

func TestExploreJoinedOnly(t *testing.T) {
	rep := explore(t, joinedOnly, exploreState(true), joinDB, joinWebsite, setPort)
	d := rep.Divergence
	if d == nil {
		t.Fatalf("not found:\n%s", rep)
	}
	want := `with [RelationJoins(website:5, haproxy haproxy/0) ConfigChange(port=9000)]
A: install leader-elected config-changed start website-relation-created:id=5 website-relation-joined:id=5,unit=haproxy/0 config-changed website-relation-changed:id=5,unit=haproxy/0
B: install leader-elected config-changed start website-relation-created:id=5 config-changed website-relation-joined:id=5,unit=haproxy/0 website-relation-changed:id=5,unit=haproxy/0
- relations[0].local_unit_data.port = "8080"
+ relations[0].local_unit_data.port = "9000"`
	if got := divergence(d); got != want {
		t.Errorf("counterexample:\n%s\nwant:\n%s", got, want)
	}
}

func divergence(d *charmtest.Divergence) string {
	return fmt.Sprintf("with %v\nA: %s\nB: %s\n%s", d.Happenings, strings.Join(d.A, " "), strings.Join(d.B, " "), strings.Join(d.Diff, "\n"))
}

func TestExploreCachedConfig(t *testing.T) {
	rep := explore(t, cachedConfig, exploreState(true), joinDB, joinWebsite, setPort)
	d := rep.Divergence
	if d == nil {
		t.Fatalf("not found:\n%s", rep)
	}
	if rep.NotIdempotent == nil || strings.Join(rep.NotIdempotent.Order, " ") != "install leader-elected config-changed start website-relation-created:id=5 config-changed" {
		t.Errorf("the stale second config-changed not reported:\n%s", rep)
	}
	want := `with [RelationJoins(website:5, haproxy haproxy/0) ConfigChange(port=9000)]
A: install leader-elected config-changed start website-relation-created:id=5 website-relation-joined:id=5,unit=haproxy/0 website-relation-changed:id=5,unit=haproxy/0 config-changed
B: install leader-elected config-changed start website-relation-created:id=5 website-relation-joined:id=5,unit=haproxy/0 config-changed website-relation-changed:id=5,unit=haproxy/0
- relations[0].local_unit_data.port = "8080"
+ relations[0].local_unit_data.port = "9000"`
	if got := divergence(d); got != want {
		t.Errorf("counterexample:\n%s\nwant:\n%s", got, want)
	}
}

func TestExploreUnguardedLeaderWrite(t *testing.T) {
	rep := explore(t, unguarded, exploreState(false), joinDB, charmtest.LeadershipChange{}, joinWebsite, setPort)
	f := rep.Failure
	if f == nil {
		t.Fatalf("not found:\n%s", rep)
	}
	got := fmt.Sprintf("with %v\n%s\n%s", f.Happenings, strings.Join(f.Order, " "), f.Problem)
	want := `with [RelationJoins(website:5, haproxy haproxy/0)]
install leader-settings-changed config-changed start website-relation-created:id=5
website-relation-created:id=5 failed: setting the web application databag of website:5: this unit is not the leader`
	if got != want {
		t.Errorf("counterexample:\n%s\nwant:\n%s", got, want)
	}
}

func TestExploreIsDeterministic(t *testing.T) {
	run := func() string {
		rep, err := charmtest.New(cachedConfig).Explore(exploreState(true), charmtest.ExploreOptions{
			Happenings: []charmtest.Happening{joinDB, joinWebsite, setPort, charmtest.Upgrade{}},
			Budget:     5, Samples: 7, Seed: 42,
		})
		if err != nil {
			t.Fatal(err)
		}
		return rep.String() + fmt.Sprint(rep.Explored)
	}
	a, b := run(), run()
	if a != b {
		t.Errorf("two runs with one seed differ:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, "orders: 12 (exhaustive: false, sampled: 7)") {
		t.Errorf("budget and samples not kept:\n%s", a)
	}
}

// leaderNeedsRemoteApp (planted bug 4): the leader's config-changed
// assumes every website relation's remote application has published its
// url, which haproxy never does.
func leaderNeedsRemoteApp(c *charm.Context) error {
	if c.Env().HookName != "config-changed" {
		return nil
	}
	leader, err := c.IsLeader()
	if err != nil || !leader {
		return err
	}
	rels, err := c.RelationIDs("website")
	if err != nil {
		return err
	}
	for _, r := range rels {
		data, err := c.RelationAppData(r, "haproxy")
		if err != nil {
			return err
		}
		if data["url"] == "" {
			return fmt.Errorf("no url from the remote application of %v", r)
		}
	}
	return nil
}

// With a budget of one order, the one order run has every hook of the db
// and website relations before the failing config-changed; removing the
// db relation leaves website's joined and changed, which shrinking hook by
// hook takes out: relation-created, leader-elected and config-changed are
// what the failure needs.
func TestExploreShrinksTheFailingOrder(t *testing.T) {
	st := exploreState(false)
	rep, err := charmtest.New(leaderNeedsRemoteApp).Explore(st, charmtest.ExploreOptions{
		Happenings: []charmtest.Happening{joinDB, joinWebsite, charmtest.LeadershipChange{}, setPort},
		Budget:     1, Samples: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", rep)
	if len(rep.Explored) != 1 || !strings.Contains(strings.Join(rep.Explored[0], " "), "website-relation-changed:id=5,unit=haproxy/0 leader-elected config-changed") {
		t.Fatalf("the one order run is not the one this test is about: %v", rep.Explored)
	}
	f := rep.Failure
	if f == nil {
		t.Fatalf("not found:\n%s", rep)
	}
	got := fmt.Sprintf("with %v\n%s\n%s", f.Happenings, strings.Join(f.Order, " "), f.Problem)
	want := `with [RelationJoins(website:5, haproxy haproxy/0) LeadershipChange(leader) ConfigChange(port=9000)]
install leader-settings-changed config-changed start website-relation-created:id=5 leader-elected config-changed
config-changed failed: no url from the remote application of website:5`
	if got != want {
		t.Errorf("counterexample:\n%s\nwant:\n%s", got, want)
	}
	if err := charmtest.CheckOrder(f.Order, st); err != nil {
		t.Errorf("the shrunk order is illegal: %v", err)
	}
}

// TestExploreWithStorage: a machine charm with storage deploys with
// storage-attached before install (O1), and every order explored from it
// is legal.
func TestExploreWithStorage(t *testing.T) {
	st := exploreState(true)
	st.Storage = []jujusim.Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}}
	rep := explore(t, converging, st, joinWebsite, setPort)
	if !rep.OK() || rep.FinalStates != 1 {
		t.Errorf("a converging charm with storage:\n%s", rep)
	}
	for _, o := range rep.Explored {
		if len(o) == 0 || o[0] != "data-storage-attached:id=data/0" {
			t.Fatalf("order %v does not start with data's storage-attached", o)
		}
	}
}
