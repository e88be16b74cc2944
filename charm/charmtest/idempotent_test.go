package charmtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
)

func TestReconcileIsIdempotent(t *testing.T) {
	ctx := charmtest.New(reconcile, charmtest.WithMetadata(loadMeta(t)))
	for _, ev := range []charmtest.Event{
		charmtest.Install(), charmtest.Start(), charmtest.ConfigChanged(), charmtest.UpdateStatus(),
		charmtest.LeaderElected(), charmtest.UpgradeCharm(),
		charmtest.RelationCreated(3), charmtest.RelationJoined(3, "mysql/1"), charmtest.RelationChanged(3, "mysql/0"),
		charmtest.RelationChangedApp(3), charmtest.RelationChanged(0, "web/1"),
		charmtest.SecretChanged("upstream"), charmtest.PebbleReady("workload"),
		charmtest.PebbleCheckRecovered("workload", "alive"), charmtest.StorageAttached("data/0"),
	} {
		t.Run(ev.String(), func(t *testing.T) {
			for _, leader := range []bool{true, false} {
				st := baseState(t)
				st.Leader = leader
				if ev.String() == "leader-elected" && !leader {
					continue
				}
				ft := &fakeTB{}
				if out := ctx.AssertIdempotent(ft, ev, st); out == nil || ft.failed {
					t.Errorf("leader=%v: %s", leader, strings.Join(ft.msgs, "\n"))
				}
			}
		})
	}
	// The package-level form, with a real testing.T.
	charmtest.AssertIdempotent(t, reconcile, charmtest.ConfigChanged(), baseState(t), charmtest.WithMetadata(loadMeta(t)))
}

func TestAssertIdempotentCatchesLeakySecrets(t *testing.T) {
	ctx := charmtest.New(leaky)
	ft := &fakeTB{}
	ctx.AssertIdempotent(ft, charmtest.UpdateStatus(), baseState(t))
	if !ft.failed || len(ft.msgs) != 1 {
		t.Fatalf("a charm that adds a secret on every hook passed: %v", ft.msgs)
	}
	msg := ft.msgs[0]
	for _, want := range []string{`"update-status" is not idempotent`, "made 1:", "secret-add secret:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure lacks %q:\n%s", want, msg)
		}
	}
}

func TestAssertIdempotentCatchesBlindWrites(t *testing.T) {
	// Writes without a compare: relation-set and open-port every time.
	blind := func(c *charm.Context) error {
		if err := c.SetUnitStatus(charm.ActiveStatus("")); err != nil { // compares: fine
			return err
		}
		for _, port := range []int{80, 443} {
			if err := c.SetRelationData(dbRel, false, map[string]string{"now": fmt.Sprint(port)}); err != nil {
				return err
			}
		}
		return nil
	}
	ft := &fakeTB{}
	charmtest.AssertIdempotent(ft, blind, charmtest.RelationChanged(3, ""), baseState(t))
	if !ft.failed || !strings.Contains(ft.msgs[0], "relation-set relation:3:unit now") {
		t.Fatalf("flip-flopping relation data passed: %v", ft.msgs)
	}
}

func TestAssertIdempotentReportsFailures(t *testing.T) {
	ft := &fakeTB{}
	charmtest.AssertIdempotent(ft, failing, charmtest.UpdateStatus(), baseState(t))
	if !ft.failed || !strings.Contains(ft.msgs[0], "first run of update-status failed") {
		t.Errorf("msgs = %v", ft.msgs)
	}
	// relation-broken cannot run twice: the relation is gone.
	ft = &fakeTB{}
	charmtest.AssertIdempotent(ft, reconcile, charmtest.RelationBroken(3), baseState(t))
	if !ft.failed || !strings.Contains(ft.msgs[0], "second run") || !strings.Contains(ft.msgs[0], "relation 3 is not in the state") {
		t.Errorf("msgs = %v", ft.msgs)
	}
}
