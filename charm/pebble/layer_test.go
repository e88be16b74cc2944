package pebble

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// decodeLayer reads a layer with yaml.v3 and KnownFields, as Pebble's
// ParseLayer does, so the test rows are written the way layers are.
func decodeLayer(t *testing.T, label, text string) *Layer {
	t.Helper()
	var l Layer
	dec := yaml.NewDecoder(strings.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		t.Fatalf("decode layer %q: %v\n%s", label, err, text)
	}
	l.Label = label
	return &l
}

// canonicalYAML marshals v with yaml.v3 so that two layers compare by what
// Pebble would serialize (map order and Name fields do not matter).
func canonicalYAML(t *testing.T, v any) string {
	t.Helper()
	out, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// Each row cites where Pebble defines the behaviour: plan.go is
// canonical/pebble internals/plan/plan.go (CombineLayers and the Merge
// methods), spec is docs/reference/layer-specification.md and layers.md is
// docs/reference/layers.md.
var combineTests = []struct {
	name   string
	layers []string // YAML; labels are "l0", "l1", ...
	want   string   // the combined layer, YAML
	err    string
}{{
	// layers.md "Layer override" example; plan.go Service.Merge: after and
	// before are appended, environment merges key by key, override stays
	// what the lower layer said.
	name: "services merge as in layers.md",
	layers: []string{`
summary: Simple layer
description: |
    A better description for a simple layer.
services:
    srv1:
        override: replace
        summary: Service summary
        command: cmd arg1 "arg2a arg2b"
        startup: enabled
        after: [srv2]
        before: [srv3]
        requires: [srv2, srv3]
        environment: {VAR1: val1, VAR2: val2, VAR3: val3}
    srv2:
        override: replace
        startup: enabled
        command: cmd
        before: [srv3]
    srv3:
        override: replace
        command: cmd
`, `
summary: Simple override layer
services:
    srv1:
        override: merge
        environment: {VAR3: val3}
        after: [srv4]
        before: [srv5]
    srv2:
        override: replace
        summary: Replaced service
        startup: disabled
        command: cmd
    srv4:
        override: replace
        command: cmd
        startup: enabled
    srv5:
        override: replace
        command: cmd
`},
	want: `
summary: Simple override layer
services:
    srv1:
        override: replace
        summary: Service summary
        command: cmd arg1 "arg2a arg2b"
        startup: enabled
        after: [srv2, srv4]
        before: [srv3, srv5]
        requires: [srv2, srv3]
        environment: {VAR1: val1, VAR2: val2, VAR3: val3}
    srv2:
        override: replace
        summary: Replaced service
        startup: disabled
        command: cmd
    srv3:
        override: replace
        command: cmd
    srv4:
        override: replace
        command: cmd
        startup: enabled
    srv5:
        override: replace
        command: cmd
`,
}, {
	// plan.go Service.Merge: every scalar replaces only when set; maps merge
	// key by key; lists append even when that repeats an entry.
	name: "service merge replaces set scalars and keeps unset ones",
	layers: []string{`
services:
    s:
        override: replace
        command: a
        summary: first
        user: alice
        user-id: 1000
        working-dir: /a
        on-success: restart
        on-check-failure: {c1: restart}
        backoff-delay: 1s
        backoff-factor: 1.5
        kill-delay: 5s
        requires: [x]
    x:
        override: replace
        command: x
`, `
services:
    s:
        override: merge
        command: b
        group: staff
        group-id: 50
        on-failure: ignore
        on-check-failure: {c2: shutdown}
        backoff-limit: 1m
        backoff-factor: 3
        requires: [x]
`},
	want: `
services:
    s:
        override: replace
        command: b
        summary: first
        user: alice
        user-id: 1000
        group: staff
        group-id: 50
        working-dir: /a
        on-success: restart
        on-failure: ignore
        on-check-failure: {c1: restart, c2: shutdown}
        backoff-delay: 1s
        backoff-factor: 3
        backoff-limit: 1m
        kill-delay: 5s
        requires: [x, x]
    x:
        override: replace
        command: x
`,
}, {
	// spec: "'replace' will entirely override the existing service spec".
	name: "service replace drops every old field",
	layers: []string{`
services:
    s:
        override: replace
        command: a
        environment: {A: "1"}
        after: [t]
        user-id: 7
`, `
services:
    s:
        override: replace
        command: b
`},
	want: `
services:
    s:
        override: replace
        command: b
`,
}, {
	// plan.go CombineLayers: "merge" with nothing below falls through to a
	// plain copy.
	name: "merge with no entry below adds it",
	layers: []string{`
services:
    a: {override: replace, command: a}
`, `
services:
    b: {override: merge, command: b, startup: enabled}
`},
	want: `
services:
    a: {override: replace, command: a}
    b: {override: merge, command: b, startup: enabled}
`,
}, {
	// plan.go CombineLayers: summary and description are the last layer's,
	// even when it has none.
	name: "summary and description come from the last layer",
	layers: []string{`
summary: one
description: first
`, `
services:
    a: {override: replace, command: a}
`},
	want: `
services:
    a: {override: replace, command: a}
`,
}, {
	// plan.go CombineLayers: UnknownOverride error.
	name:   "service without override",
	layers: []string{"services:\n    a: {override: replace, command: a}\n", "services:\n    a: {command: b}\n"},
	err:    `layer "l1" must define "override" for service "a"`,
}, {
	// plan.go CombineLayers: default case error.
	name:   "service with invalid override",
	layers: []string{"services:\n    a: {override: merged, command: a}\n"},
	err:    `layer "l0" has invalid "override" value for service "a"`,
}, {
	// plan.go Check.Merge and HTTPCheck.Merge: the URL replaces, headers
	// merge; CombineLayers fills threshold 3 (DefaultCheckThreshold).
	name: "checks merge field by field and get the default threshold",
	layers: []string{`
checks:
    up:
        override: replace
        level: alive
        period: 10s
        http:
            url: http://localhost:8080/a
            headers: {X-A: a}
`, `
checks:
    up:
        override: merge
        level: ready
        timeout: 1s
        startup: disabled
        http:
            url: http://localhost:8080/b
            headers: {X-B: b}
`},
	want: `
checks:
    up:
        override: replace
        level: ready
        startup: disabled
        period: 10s
        timeout: 1s
        threshold: 3
        http:
            url: http://localhost:8080/b
            headers: {X-A: a, X-B: b}
`,
}, {
	// plan.go Check.Merge: a type section missing below is created and
	// merged into, so both end up set (Plan.Validate rejects that later).
	name: "check merge adds a second type section",
	layers: []string{`
checks:
    c: {override: replace, threshold: 5, tcp: {port: 80}}
`, `
checks:
    c:
        override: merge
        tcp: {host: example.com}
        exec: {command: true, environment: {A: b}, user-id: 0}
`},
	want: `
checks:
    c:
        override: replace
        threshold: 5
        tcp: {port: 80, host: example.com}
        exec: {command: "true", environment: {A: b}, user-id: 0}
`,
}, {
	// spec: "'replace' will entirely override the existing check spec".
	name: "check replace",
	layers: []string{`
checks:
    c: {override: replace, level: alive, threshold: 9, http: {url: "http://a"}}
`, `
checks:
    c: {override: replace, exec: {command: "ls", service-context: svc}}
`},
	want: `
checks:
    c: {override: replace, threshold: 3, exec: {command: ls, service-context: svc}}
`,
}, {
	name:   "check without override",
	layers: []string{"checks:\n    c: {tcp: {port: 1}}\n"},
	err:    `layer "l0" must define "override" for check "c"`,
}, {
	name:   "check with invalid override",
	layers: []string{"checks:\n    c: {override: Replace, tcp: {port: 1}}\n"},
	err:    `layer "l0" has invalid "override" value for check "c"`,
}, {
	// spec (log-targets services): "When merging log targets, the
	// 'services' lists are appended"; plan.go LogTarget.Merge merges labels.
	name: "log targets merge appends services and merges labels",
	layers: []string{`
log-targets:
    loki:
        override: replace
        type: loki
        location: http://10.0.0.1:3100/loki/api/v1/push
        services: [all]
        labels: {env: prod, team: a}
`, `
log-targets:
    loki:
        override: merge
        location: http://10.0.0.2:3100/loki/api/v1/push
        services: [-svc1]
        labels: {team: b}
`},
	want: `
log-targets:
    loki:
        override: replace
        type: loki
        location: http://10.0.0.2:3100/loki/api/v1/push
        services: [all, -svc1]
        labels: {env: prod, team: b}
`,
}, {
	// spec: "'replace' will entirely override the existing target spec".
	name: "log target replace",
	layers: []string{`
log-targets:
    t: {override: replace, type: loki, location: "http://a", services: [a], labels: {x: y}}
`, `
log-targets:
    t: {override: replace, type: syslog, location: "udp://b", services: []}
`},
	want: `
log-targets:
    t: {override: replace, type: syslog, location: "udp://b", services: []}
`,
}, {
	name:   "log target without override",
	layers: []string{"log-targets:\n    t: {type: loki, location: x, services: []}\n"},
	err:    `layer "l0" must define "override" for log target "t"`,
}, {
	name:   "log target with invalid override",
	layers: []string{"log-targets:\n    t: {override: add, type: loki, location: x, services: []}\n"},
	err:    `layer "l0" has invalid "override" value for log target "t"`,
}}

func TestCombineLayers(t *testing.T) {
	for _, tt := range combineTests {
		t.Run(tt.name, func(t *testing.T) {
			var layers []*Layer
			for i, text := range tt.layers {
				layers = append(layers, decodeLayer(t, "l"+string(rune('0'+i)), text))
			}
			before := canonicalYAML(t, layers)
			got, err := CombineLayers(layers...)
			if after := canonicalYAML(t, layers); after != before {
				t.Errorf("CombineLayers modified its input:\n%s\nwas:\n%s", after, before)
			}
			if tt.err != "" {
				var fe *FormatError
				if !errors.As(err, &fe) || err.Error() != tt.err {
					t.Fatalf("error = %v (%T), want *FormatError %q", err, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := decodeLayer(t, "want", tt.want)
			if g, w := canonicalYAML(t, got), canonicalYAML(t, want); g != w {
				t.Errorf("combined layer:\n%s\nwant:\n%s", g, w)
			}
			for name, s := range got.Services {
				if s.Name != name {
					t.Errorf("service %q has Name %q", name, s.Name)
				}
			}
		})
	}
}

func TestCombineLayersEmpty(t *testing.T) {
	got, err := CombineLayers()
	if err != nil || got.Services == nil || got.Checks == nil || got.LogTargets == nil {
		t.Fatalf("CombineLayers() = %+v, %v; want empty, allocated maps", got, err)
	}
}

// TestLayersAdd follows canonical/pebble internals/daemon/api_plan.go
// (v1PostLayers) and internals/overlord/planstate/manager.go (AppendLayer,
// CombineLayer, appendLayer's order numbering).
func TestLayersAdd(t *testing.T) {
	type add struct {
		label   string
		combine bool
		layer   string
		err     string // empty: success
	}
	tests := []struct {
		name   string
		adds   []add
		orders map[string]int // label → order after the adds
		plan   string         // combined plan after the adds, YAML
	}{{
		name: "new labels are appended with the next order",
		adds: []add{
			{label: "base", layer: "services:\n    a: {override: replace, command: a}\n"},
			{label: "more", layer: "services:\n    b: {override: replace, command: b}\n"},
			{label: "again", combine: true, layer: "services:\n    c: {override: replace, command: c}\n"},
		},
		orders: map[string]int{"base": 1, "more": 2, "again": 3},
		plan: `
services:
    a: {override: replace, command: a}
    b: {override: replace, command: b}
    c: {override: replace, command: c}
`,
	}, {
		name: "existing label without combine is an error",
		adds: []add{
			{label: "base", layer: "services:\n    a: {override: replace, command: a}\n"},
			{label: "base", layer: "services:\n    a: {override: replace, command: b}\n", err: `layer "base" already exists`},
		},
		orders: map[string]int{"base": 1},
		plan:   "services:\n    a: {override: replace, command: a}\n",
	}, {
		name: "existing label with combine combines in place and keeps the order",
		adds: []add{
			{label: "base", layer: "services:\n    a: {override: replace, command: a, environment: {X: \"1\"}}\n"},
			{label: "top", layer: "services:\n    a: {override: merge, command: top}\n"},
			{label: "base", combine: true, layer: "services:\n    a: {override: merge, command: base2, environment: {Y: \"2\"}}\n"},
		},
		orders: map[string]int{"base": 1, "top": 2},
		// "top" still sits above the combined "base".
		plan: "services:\n    a: {override: replace, command: top, environment: {X: \"1\", Y: \"2\"}}\n",
	}, {
		name: "an invalid plan leaves the stack as it was",
		adds: []add{
			{label: "base", layer: "services:\n    a: {override: replace, command: a}\n"},
			{label: "bad", layer: "services:\n    b: {override: merge, startup: enabled}\n", err: `plan must define "command" for service "b"`},
			{label: "loop", layer: "services:\n    x: {override: replace, command: x, after: [y]}\n    y: {override: replace, command: y, after: [x]}\n", err: "services in before/after loop: x, y"},
			{label: "req", layer: "services:\n    x: {override: replace, command: x, requires: [nope]}\n", err: `service "nope" does not exist`},
			{label: "chk", layer: "checks:\n    c: {override: replace, level: alive}\n", err: `plan must specify one of "http", "tcp", or "exec" for check "c"`},
			{label: "lt", layer: "log-targets:\n    t: {override: replace, type: loki, location: x, services: [zz]}\n", err: `log target "t" specifies unknown service "zz"`},
		},
		orders: map[string]int{"base": 1},
		plan:   "services:\n    a: {override: replace, command: a}\n",
	}, {
		name: "layer validation as in Pebble's ParseLayer",
		adds: []add{
			{label: "", layer: "summary: x\n", err: "label must be set"},
			{label: "pebble-x", layer: "summary: x\n", err: `cannot use reserved label prefix "pebble-"`},
			{label: "a", layer: "services:\n    pebble: {override: replace, command: a}\n", err: `cannot use reserved service name "pebble"`},
			{label: "a", layer: "services:\n    -x: {override: replace, command: a}\n", err: `cannot use service name "-x": starting with "-" not allowed`},
			{label: "a", layer: "services:\n    x: {override: replace, command: 'a \"b'}\n", err: `plan service "x" command invalid: cannot parse service "x" command: EOF found when expecting closing quote`},
			{label: "a", layer: "services:\n    x: {override: replace, command: 'a [ b [ c ] ]'}\n", err: `plan service "x" command invalid: cannot parse service "x" command: cannot nest [ ... ] groups`},
			{label: "a", layer: "services:\n    x: {override: replace, command: a, on-success: success-shutdown}\n", err: `plan service "x" on-success action "success-shutdown" invalid`},
			{label: "a", layer: "services:\n    x: {override: replace, command: a, backoff-factor: 0.5}\n", err: `plan service "x" backoff-factor must be 1.0 or greater, not 0.5`},
			{label: "a", layer: "services:\n    x: {override: replace, command: a, kill-delay: soon}\n", err: `cannot parse layer "a" section "services": invalid duration "soon"`},
			{label: "a", layer: "checks:\n    c: {override: replace, level: meh, tcp: {port: 1}}\n", err: `plan check "c" level must be "alive" or "ready"`},
			{label: "a", layer: "checks:\n    c: {override: replace, period: 0s, tcp: {port: 1}}\n", err: `plan check "c" period must not be zero`},
			{label: "a", layer: "log-targets:\n    t: {override: replace, type: splunk, location: x, services: []}\n", err: `log target "t" has unsupported type "splunk", must be "loki" or "syslog"`},
			{label: "a", layer: "log-targets:\n    t: {override: replace, type: loki, location: x, services: [], labels: {pebble_x: y}}\n", err: `log target "t": label "pebble_x" uses reserved prefix "pebble_"`},
		},
		orders: map[string]int{},
		plan:   "{}\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ls Layers
			for _, a := range tt.adds {
				layer := decodeLayer(t, a.label, a.layer)
				err := ls.Add(layer, a.combine)
				switch {
				case a.err == "" && err != nil:
					t.Fatalf("Add(%q) = %v", a.label, err)
				case a.err != "" && (err == nil || err.Error() != a.err):
					t.Fatalf("Add(%q) = %v, want %q", a.label, err, a.err)
				}
			}
			got := map[string]int{}
			for _, l := range ls {
				got[l.Label] = l.Order
			}
			if canonicalYAML(t, got) != canonicalYAML(t, tt.orders) {
				t.Errorf("orders = %v, want %v", got, tt.orders)
			}
			plan, err := ls.Plan()
			if err != nil {
				t.Fatal(err)
			}
			var want Plan
			if err := yaml.Unmarshal([]byte(tt.plan), &want); err != nil {
				t.Fatal(err)
			}
			if g, w := canonicalYAML(t, plan), canonicalYAML(t, &want); g != w {
				t.Errorf("plan:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

func TestLayersPlanNormalizesDurations(t *testing.T) {
	var ls Layers
	l := decodeLayer(t, "a", "services:\n    s: {override: replace, command: x, kill-delay: 1m, backoff-delay: 500ms}\nchecks:\n    c: {override: replace, period: 90s, tcp: {port: 1}}\n")
	if err := ls.Add(l, false); err != nil {
		t.Fatal(err)
	}
	p, err := ls.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Services["s"]; s.KillDelay != "1m0s" || s.BackoffDelay != "500ms" || p.Checks["c"].Period != "1m30s" {
		t.Errorf("plan = %s", canonicalYAML(t, p))
	}
	if l.Services["s"].KillDelay != "1m" {
		t.Error("Plan modified the stored layer")
	}
}

func TestLabelExistsError(t *testing.T) {
	var ls Layers
	if err := ls.Add(&Layer{Label: "a"}, false); err != nil {
		t.Fatal(err)
	}
	err := ls.Add(&Layer{Label: "a"}, false)
	var le *LabelExistsError
	if !errors.As(err, &le) || le.Label != "a" {
		t.Fatalf("err = %#v, want *LabelExistsError", err)
	}
}

func TestShellSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{in: `cmd arg1 "arg2a arg2b"`, want: []string{"cmd", "arg1", "arg2a arg2b"}},
		{in: `a 'b c' d\ e "f\"g" h'i'j`, want: []string{"a", "b c", "d e", `f"g`, "hij"}},
		{in: `  `, want: nil},
		{in: `a "b`, err: "EOF found when expecting closing quote"},
		{in: `a \`, err: "EOF found after escape character"},
	}
	for _, tt := range tests {
		got, err := shellSplit(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("shellSplit(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || canonicalYAML(t, got) != canonicalYAML(t, tt.want) {
			t.Errorf("shellSplit(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestStartOrder(t *testing.T) {
	p := &Plan{Services: map[string]*Service{
		"db":  {Command: "db"},
		"app": {Command: "app", Requires: []string{"db"}, After: []string{"db"}},
		"web": {Command: "web", Before: []string{"app"}},
	}}
	got, err := p.StartOrder([]string{"app"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "db,app" {
		t.Errorf("StartOrder(app) = %v, want [db app]", got)
	}
	got, err = p.StartOrder([]string{"app", "web"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "db,web,app" {
		t.Errorf("StartOrder(app, web) = %v, want [db web app]", got)
	}
}

func TestDuration(t *testing.T) {
	if d := Duration("1m"); d.Normalize() != "1m0s" {
		t.Errorf("Normalize = %q", d.Normalize())
	}
	if v, err := Duration("").Value(); v != 0 || err != nil {
		t.Errorf("unset Value = %v, %v", v, err)
	}
	if _, err := Duration("x").Value(); err == nil || err.Error() != `invalid duration "x"` {
		t.Errorf("bad Value err = %v", err)
	}
	if DurationOf(1500*1e6) != "1.5s" {
		t.Errorf("DurationOf = %q", DurationOf(1500*1e6))
	}
}
