package pebblesim

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
)

// TestReplan checks replan against Pebble's servstate ServiceManager.Replan:
// services whose configuration changed since they started are stopped
// (with what requires them) and started again, running or not, startup
// enabled or not; startup: enabled services are started (a no-op when
// active); nothing else is touched.
func TestReplan(t *testing.T) {
	const layer = `
services:
  a:
    override: replace
    command: /bin/a
    startup: enabled
  b:
    override: replace
    command: /bin/b
  c:
    override: replace
    command: /bin/c
    startup: enabled
    requires: [a]
    after: [a]
`
	old := &pebble.Service{Override: pebble.ReplaceOverride, Command: "/bin/old"}
	earlier := fixedNow.Add(-time.Hour)
	for _, tc := range []struct {
		name     string
		layer    string
		services map[string]ServiceState
		summary  string
		tasks    []string
		after    map[string]string
		err      string
	}{{
		name:    "nothing started: the enabled services start, dependencies first",
		layer:   layer,
		summary: `Replan service "a" and 1 more`,
		tasks:   []string{`Start service "a"`, `Start service "c"`},
		after:   map[string]string{"a": "active", "b": "inactive", "c": "active"},
	}, {
		name:  "running with the same configuration: no-op starts only",
		layer: layer,
		services: map[string]ServiceState{
			"a": {Current: StatusActive, Since: earlier},
			"c": {Current: StatusActive, Since: earlier},
		},
		summary: `Replan service "a" and 1 more`,
		tasks:   []string{`Start service "a"`, `Start service "c"`},
		after:   map[string]string{"a": "active", "b": "inactive", "c": "active"},
	}, {
		name:  "a changed: a and c, which requires it, restart",
		layer: layer,
		services: map[string]ServiceState{
			"a": {Current: StatusActive, Since: earlier, Config: old},
			"c": {Current: StatusActive, Since: earlier},
		},
		summary: `Replan service "a" and 1 more`,
		tasks:   []string{`Stop service "c"`, `Stop service "a"`, `Start service "a"`, `Start service "c"`},
		after:   map[string]string{"a": "active", "b": "inactive", "c": "active"},
	}, {
		name:  "a disabled service that changed while running restarts",
		layer: layer,
		services: map[string]ServiceState{
			"a": {Current: StatusActive},
			"b": {Current: StatusActive, Config: old},
			"c": {Current: StatusActive},
		},
		summary: `Replan service "a" and 2 more`,
		// Lanes as Pebble's createLanes makes them: c shares a's lane
		// (it requires a), b has its own.
		tasks: []string{`Stop service "b"`, `Start service "a"`, `Start service "c"`, `Start service "b"`},
		after: map[string]string{"a": "active", "b": "active", "c": "active"},
	}, {
		name:  "a stopped disabled service that changed is started (as Pebble does)",
		layer: layer,
		services: map[string]ServiceState{
			"a": {Current: StatusActive},
			"b": {Current: StatusInactive, Config: old},
			"c": {Current: StatusActive},
		},
		summary: `Replan service "a" and 2 more`,
		// Lanes as Pebble's createLanes makes them: c shares a's lane
		// (it requires a), b has its own.
		tasks: []string{`Stop service "b"`, `Start service "a"`, `Start service "c"`, `Start service "b"`},
		after: map[string]string{"a": "active", "b": "active", "c": "active"},
	}, {
		name:     "a stopped disabled service that did not change stays stopped",
		layer:    "services:\n  b:\n    override: replace\n    command: /bin/b\n",
		services: map[string]ServiceState{"b": {Current: StatusInactive}},
		summary:  "Replan - no services",
		after:    map[string]string{"b": "inactive"},
	}, {
		name:    "no services at all",
		summary: "Replan - no services",
		after:   map[string]string{},
	}, {
		name:     "services in error or backoff start",
		layer:    layer,
		services: map[string]ServiceState{"a": {Current: StatusError}, "c": {Current: StatusBackoff}},
		summary:  `Replan service "a" and 1 more`,
		tasks:    []string{`Start service "a"`, `Start service "c"`},
		after:    map[string]string{"a": "active", "b": "inactive", "c": "active"},
	}, {
		name:     "a known service no longer in the plan: Pebble's StopOrder refuses it",
		layer:    layer,
		services: map[string]ServiceState{"gone": {Current: StatusActive}},
		err:      `cannot replan services: service "gone" does not exist`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			ct := newContainer(t)
			if tc.layer != "" {
				ct.Layers = []LayerEntry{{Order: 1, Label: "base", Layer: mustParseLayer(t, "base", tc.layer)}}
			}
			ct.Services = tc.services
			srv, _, c := startServer(t, ct)
			if tc.err != "" {
				expect(t, c, "POST", "/v1/services", map[string]any{"action": "replan"}, 400, errorBody(400, tc.err))
				return
			}
			id := postServices(t, c, "replan")
			state := srv.Container()
			ch, ok := state.Change(id)
			if !ok {
				t.Fatalf("change %s missing", id)
			}
			if ch.Summary != tc.summary || ch.Status != ChangeDone {
				t.Errorf("change = %q %s, want %q Done", ch.Summary, ch.Status, tc.summary)
			}
			var tasks []string
			for _, task := range ch.Tasks {
				tasks = append(tasks, task.Summary)
				if task.Status != ChangeDone {
					t.Errorf("task %q is %s", task.Summary, task.Status)
				}
			}
			if !slices.Equal(tasks, tc.tasks) {
				t.Errorf("tasks = %q\n want %q", tasks, tc.tasks)
			}
			plan, _ := state.Plan()
			got := map[string]string{}
			for name := range plan.Services {
				got[name] = state.ServiceStatus(name)
			}
			if !maps.Equal(got, tc.after) {
				t.Errorf("statuses = %v, want %v", got, tc.after)
			}
			// Every started service now records the plan's configuration,
			// so a second replan restarts nothing.
			for name, st := range state.Services {
				if st.Current == StatusActive && !sameService(plan.Services[name], st.Config) {
					t.Errorf("%s config = %+v, want the plan's", name, st.Config)
				}
			}
			id = postServices(t, c, "replan")
			ch, _ = srv.Container().Change(id)
			for _, task := range ch.Tasks {
				if task.Kind == "stop" {
					t.Errorf("second replan stops %q", task.Summary)
				}
			}
		})
	}
}

// TestReplanKeepsSinceOfRunningServices checks that a no-op start leaves a
// running service's current-since alone.
func TestReplanKeepsSinceOfRunningServices(t *testing.T) {
	ct := newContainer(t)
	ct.Layers = []LayerEntry{{Order: 1, Label: "base", Layer: mustParseLayer(t, "base",
		"services:\n  a:\n    override: replace\n    command: a\n    startup: enabled\n")}}
	earlier := fixedNow.Add(-time.Hour)
	ct.Services = map[string]ServiceState{"a": {Current: StatusActive, Since: earlier}}
	srv, _, c := startServer(t, ct)
	postServices(t, c, "replan")
	if got := srv.Container().Services["a"].Since; !got.Equal(earlier) {
		t.Errorf("since = %v, want %v", got, earlier)
	}
}
