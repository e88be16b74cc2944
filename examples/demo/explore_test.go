package demo_test

import (
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
	start := time.Now()
	rep, err := ctx.Explore(state(t), charmtest.ExploreOptions{Seed: 1, Budget: 5000, Happenings: []charmtest.Happening{
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
}
