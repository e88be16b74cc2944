package demo_test

import (
	"testing"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/examples/demo"
	"github.com/charmgen/charmgen/jujusim"
)

func state(t *testing.T) *jujusim.State {
	t.Helper()
	st, err := jujusim.Load("sim-state.json")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestReconcileIsIdempotentForEveryRepeatableEvent(t *testing.T) {
	ctx := charmtest.New(demo.Dispatch, charmtest.WithMetadataDir("."))
	st, err := ctx.Run(charmtest.Install(), state(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []charmtest.Event{
		charmtest.ConfigChanged(), charmtest.UpdateStatus(), charmtest.LeaderElected(), charmtest.UpgradeCharm(),
		charmtest.RelationChanged(1, "mysql/0"), charmtest.RelationJoined(2, "haproxy/1"),
	} {
		t.Run(ev.String(), func(t *testing.T) {
			t.Parallel()
			ctx.AssertIdempotent(t, ev, st)
		})
	}
}

func TestWaitsForTheDatabaseThenServes(t *testing.T) {
	ctx := charmtest.New(demo.Dispatch, charmtest.WithMetadataDir("."))
	st, err := ctx.Run(charmtest.Install(), state(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.UnitStatus.Status != "waiting" {
		t.Errorf("before mysql answers: %+v", st.UnitStatus)
	}
	if st.Relation(1).LocalAppData["database"] != "demo" {
		t.Errorf("the leader asks for its database: %v", st.Relation(1).LocalAppData)
	}
	st.Relation(1).RemoteAppData = map[string]string{"endpoints": "10.0.0.7:3306"}
	st, err = ctx.Run(charmtest.RelationChangedApp(1), st)
	if err != nil {
		t.Fatal(err)
	}
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "serving on :8080" {
		t.Errorf("after mysql answered: %+v", st.UnitStatus)
	}
}

func TestGreetAction(t *testing.T) {
	ctx := charmtest.New(demo.Dispatch, charmtest.WithMetadataDir("."))
	if _, err := ctx.Run(charmtest.Action("greet", map[string]any{"name": "Ada"}), state(t)); err != nil {
		t.Fatal(err)
	}
	out := ctx.Output()
	if out.ActionResults["greeting"] != "hello Ada" {
		t.Errorf("results = %v", out.ActionResults)
	}
	// The metadata requires name: charmtest refuses the event as Juju would.
	if _, err := ctx.Run(charmtest.Action("greet", map[string]any{}), state(t)); err == nil {
		t.Error("greet without its required param ran")
	}
}
