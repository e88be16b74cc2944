package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/examples/demo"
)

// TestExploreConverges: every legal interleaving of a config change, a
// second website relation, the db relation leaving and the admin secret
// rotating ends in one state, with no failure and no second-run write.
func TestExploreConverges(t *testing.T) {
	ctx := charmtest.New(demo.Dispatch, charmtest.WithMetadataDir("."))
	st := state(t)
	start := time.Now()
	rep, err := ctx.Explore(st, charmtest.ExploreOptions{Seed: 1, Budget: 5000, Happenings: []charmtest.Happening{
		charmtest.ConfigChange{"port": 9000},
		charmtest.RelationJoins{ID: 3, Endpoint: "website", RemoteApp: "nginx", Units: []string{"nginx/0"}},
		charmtest.RelationLeaves{ID: 1},
		charmtest.SecretRotation{Label: "demo-admin"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d orders in %v\n%s", rep.Orders, time.Since(start), rep)
	if !rep.OK() || !rep.Exhaustive {
		t.Errorf("the demo does not converge:\n%s", rep)
	}
	// Every order run is one Juju allows (docs/conformance/order.md).
	for _, o := range rep.Explored {
		if err := charmtest.CheckOrder(o, st); err != nil {
			t.Errorf("illegal order %s: %v", strings.Join(o, " "), err)
		}
	}
}
