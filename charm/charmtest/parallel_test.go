package charmtest_test

import (
	"fmt"
	"testing"

	"github.com/charmgen/charmgen/charm/charmtest"
)

// TestParallel runs 20 subtests in parallel through one Context; with
// -race it proves that runs share nothing.
func TestParallel(t *testing.T) {
	ctx := charmtest.New(reconcile, charmtest.WithMetadata(loadMeta(t)))
	for i := 0; i < 20; i++ {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			st := baseState(t)
			port := 8000 + i
			st.Config["port"] = port
			st.Leader = i%2 == 0
			out, o, err := ctx.RunOutput(charmtest.RelationChanged(3, "mysql/0"), st)
			if err != nil {
				t.Fatal(err)
			}
			if got := out.Relation(3).LocalUnitData["port"]; got != fmt.Sprint(port) {
				t.Errorf("port in the databag = %q, want %d", got, port)
			}
			if len(out.OpenedPorts) != 1 || out.OpenedPorts[0].From != port {
				t.Errorf("ports = %+v", out.OpenedPorts)
			}
			if _, isLeader := out.Relation(3).LocalAppData["database"]; isLeader != st.Leader {
				t.Errorf("leader %v wrote the app databag: %v", st.Leader, isLeader)
			}
			want := fmt.Sprintf("serving on %d", port)
			if n := len(o.UnitStatusHistory); n == 0 || o.UnitStatusHistory[n-1].Message != want {
				t.Errorf("status history = %+v", o.UnitStatusHistory)
			}
			if st.Config["port"] != port || st.Relation(3).LocalUnitData != nil {
				t.Error("input state modified")
			}
			_ = ctx.Output() // safe to read concurrently
			ctx.AssertIdempotent(t, charmtest.UpdateStatus(), out)
		})
	}
}
