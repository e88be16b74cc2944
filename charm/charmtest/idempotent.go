package charmtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
)

// AssertIdempotent runs ev on st, then ev again on the state the first run
// left, and fails t, listing the writes, if the second run wrote anything
// (relation data, secrets, ports, charm state, status, workload version,
// action results, ...). A holistic reconciler must reach a fixed point: run
// twice on the same world, the second run finds nothing to change. Either
// run failing also fails t.
//
// It returns the state after the second run (nil when a run failed). Use it
// for repeatable events: relation-departed and -broken, and remove, change
// the state so that they cannot run twice, and an action's results are
// writes.
func (c *Context) AssertIdempotent(t testing.TB, ev Event, st *jujusim.State) *jujusim.State {
	t.Helper()
	first, o1, err := c.RunOutput(ev, st)
	if err != nil {
		t.Errorf("charmtest: AssertIdempotent: first run of %s failed: %v", ev, err)
		return nil
	}
	second, o2, err := c.secondRun(ev, first)
	if err != nil {
		t.Errorf("charmtest: AssertIdempotent: second run of %s failed: %v", ev, err)
		return nil
	}
	if len(o2.Writes) > 0 {
		t.Errorf("charmtest: %s is not idempotent: the first run made %d write(s) and the second, on the state the first left, made %d:\n%s",
			hookName(o2, ev), len(o1.Writes), len(o2.Writes), FormatWrites(o2.Writes))
	}
	return second
}

// secondRun runs ev again on the state a first run left: the idempotency
// check of AssertIdempotent (Explore's is a second RunHook). The run's
// Output lists its writes; a holistic reconciler makes none.
func (c *Context) secondRun(ev Event, first *jujusim.State) (*jujusim.State, Output, error) {
	return c.RunOutput(ev, first)
}

// AssertIdempotent is (*Context).AssertIdempotent for a Context built with
// New(fn, opts...).
func AssertIdempotent(t testing.TB, fn Charm, ev Event, st *jujusim.State, opts ...Option) *jujusim.State {
	t.Helper()
	return New(fn, opts...).AssertIdempotent(t, ev, st)
}

// FormatWrites renders writes one per line, as "  tool target key".
func FormatWrites(ws []jujusim.Write) string {
	var b strings.Builder
	for _, w := range ws {
		line := "  " + w.Tool + " " + w.Target
		if w.Key != "" {
			line += " " + w.Key
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func hookName(o Output, ev Event) string {
	if n := o.HookContext.Name(); n != "" {
		return fmt.Sprintf("%q", n)
	}
	return ev.String()
}
