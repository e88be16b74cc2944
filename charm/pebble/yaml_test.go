package pebble

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// v3Decode decodes text with yaml.v3 the way Pebble does (KnownFields for
// layers) and sets the Name fields this package's parsers set, so that the
// two results compare with reflect.DeepEqual. A yaml.v3 panic counts as an
// error: the comparison is about inputs both sides accept.
func v3Decode(text []byte, v any, strict bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml.v3 panicked: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(strict)
	if err := dec.Decode(v); err != nil {
		if err.Error() == "EOF" { // an empty document
			return nil
		}
		return err
	}
	switch x := v.(type) {
	case *Layer:
		setNames(x.Services, x.Checks, x.LogTargets)
	case *Plan:
		setNames(x.Services, x.Checks, x.LogTargets)
	}
	return nil
}

// The plan GET /v1/plan returned in Pebble's own tests
// (internals/daemon/api_plan_test.go TestLayersAddAppend), and a larger one
// in the shape yaml.v3 gives every field of internals/plan/plan.go.
var pebblePlanTexts = []string{`
services:
    dynamic:
        override: replace
        command: echo dynamic
    static:
        override: replace
        command: echo static
`, `
services:
    srv1:
        summary: Service summary
        description: |
            A service.
            Two lines.
        startup: enabled
        override: replace
        command: cmd arg1 "arg2a arg2b"
        after:
            - srv2
        before:
            - srv3
        requires:
            - srv2
            - srv3
        environment:
            EMPTY: ""
            NUM: "10"
            VAR1: val1
        user-id: 1000
        user: alice
        group-id: 1000
        group: alice
        working-dir: /srv
        on-success: ignore
        on-failure: restart
        on-check-failure:
            up: restart
        backoff-delay: 1s
        backoff-factor: 1.5
        backoff-limit: 1m0s
        kill-delay: 5s
    srv2:
        override: merge
        command: |-
            sh -c 'echo "a: b" # not a comment'
    srv3:
        override: replace
        command: '#srv3 --flag'
checks:
    chk-exec:
        override: replace
        level: ready
        startup: disabled
        period: 10s
        timeout: 3s
        threshold: 3
        exec:
            command: /bin/check
            service-context: srv1
            environment:
                A: b
            user-id: 0
            working-dir: /
    chk-http:
        override: replace
        level: alive
        threshold: 3
        http:
            url: http://localhost:8080/health
            headers:
                X-Token: 'a: b'
    chk-tcp:
        override: replace
        threshold: 5
        tcp:
            port: 5432
            host: db.local
log-targets:
    empty:
        type: ""
        location: ""
        services: []
    loki:
        type: loki
        location: http://10.0.0.1:3100/loki/api/v1/push
        services:
            - all
            - -srv3
        override: merge
        labels:
            env: prod
`, "{}\n", ""}

func TestParsePlanPebbleOutput(t *testing.T) {
	for i, text := range pebblePlanTexts {
		got, err := ParsePlan([]byte(text))
		if err != nil {
			t.Fatalf("plan %d: %v", i, err)
		}
		var want Plan
		if err := v3Decode([]byte(text), &want, true); err != nil {
			t.Fatalf("plan %d: yaml.v3: %v", i, err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("plan %d:\n got %s\nwant %s", i, canonicalYAML(t, got), canonicalYAML(t, &want))
		}
	}
	p, err := ParsePlan([]byte(pebblePlanTexts[1]))
	if err != nil {
		t.Fatal(err)
	}
	// Spot checks, so the test does not only trust yaml.v3.
	s := p.Services["srv1"]
	if s.Name != "srv1" || *s.UserID != 1000 || *s.BackoffFactor != 1.5 || s.BackoffLimit != "1m0s" ||
		s.Description != "A service.\nTwo lines.\n" || s.Environment["NUM"] != "10" || s.Environment["EMPTY"] != "" {
		t.Errorf("srv1 = %+v", s)
	}
	if c := p.Services["srv2"].Command; c != `sh -c 'echo "a: b" # not a comment'` {
		t.Errorf("srv2 command = %q", c)
	}
	if p.Checks["chk-http"].HTTP.Headers["X-Token"] != "a: b" || p.Checks["chk-tcp"].TCP.Port != 5432 {
		t.Errorf("checks = %s", canonicalYAML(t, p.Checks))
	}
	if lt := p.LogTargets["empty"]; lt.Services == nil || len(lt.Services) != 0 {
		t.Errorf("empty services = %#v, want empty non-nil", lt.Services)
	}
}

// Hand-written layers use comments, flow collections and other indents;
// each row is compared with what yaml.v3 reads.
var handWrittenLayers = []string{`
# A layer as people write it.
summary: Simple layer   # trailing comment

description: |
    A better description for a simple layer.

services:
  srv1:
    override: replace
    command: cmd arg1 "arg2a arg2b"
    startup: enabled
    after: [srv2]
    requires: [ srv2, "srv3" ]
    environment: {VAR1: val1, "VAR2": 'val 2', VAR3: }
  srv2: {override: replace, command: cmd}
`, `---
services:
    a:
        override: replace
        command: >
            folded text
            on lines

            new paragraph
        environment:
            K: "double \"quoted\" \u00e9 \x41 \t tab"
            L: 'single ''quoted'''
            M: plain with  two spaces
            N: a
              continued plain
            O: "folded
              double"
            P: |+
                keep

            Q: |2-
                  indented
...
`, `
services:
    a:
        override: replace
        command: run
        after:
        - b
        - c
        before:
            -   d
    ? b
    : override: replace
      command: b
`, "services:\r\n    a:\r\n        override: replace\r\n        command: crlf\r\n", `
checks:
    c:
        override: replace
        http: {url: "http://x", headers: {A: b, C: "d"}}
log-targets:
    t: {override: replace, type: loki, location: "http://l", services: [all, -b]}
`}

func TestParseLayerHandWritten(t *testing.T) {
	for i, text := range handWrittenLayers {
		got, err := ParseLayer([]byte(text))
		if err != nil {
			t.Fatalf("layer %d: %v", i, err)
		}
		var want Layer
		if err := v3Decode([]byte(text), &want, true); err != nil {
			t.Fatalf("layer %d: yaml.v3: %v", i, err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("layer %d:\n got %#v\nwant %#v", i, got, &want)
		}
	}
}

func TestParseYAMLErrors(t *testing.T) {
	tests := []struct {
		text string
		line int
		msg  string
	}{
		{"services:\n\ta: b\n", 2, "tab character"},
		{"a: &x b\n", 1, "anchors, aliases and tags are not supported"},
		{"a: *x\n", 1, "anchors, aliases and tags are not supported"},
		{"summary: !!str b\n", 1, "anchors, aliases and tags are not supported"},
		{"summary: 'abc\n", 1, "unexpected end of stream"},
		{"summary: \"a\\qb\"\n", 1, "unknown escape character"},
		{"summary: \"\\ud800\"\n", 1, "invalid Unicode character escape code"},
		{"summary: a\nsummary: b\n", 2, `mapping key "summary" already defined at line 1`},
		{"services:\n    a:\n        command: x\n      override: y\n", 4, "bad indentation"},
		{"services:\n    a: b: c\n", 2, "mapping values are not allowed in this context"},
		{"summary: - a\n", 1, "block sequence entries are not allowed in this context"},
		{"summary: a\n---\nsummary: b\n", 2, "multiple documents are not supported"},
		{"%YAML 1.2\n---\n", 1, "directives are not supported"},
		{"summary: a\x01\n", 1, "control characters are not allowed"},
		{"summary: \xff\n", 1, "invalid UTF-8"},
		{"summary: [a, b\n", 2, "did not find expected ',' or ']'"},
		{"summary: {a: b, a: c}\n", 1, `mapping key "a" already defined`},
		{"services:\n    a\n    b: c\n", 3, "could not find expected ':'"},
		{"summary: |0\n  x\n", 1, "indentation indicator equal to 0"},
		{"summary: \"x\" y\n", 1, "did not find expected end of line"},
		{"summary: x\nfoo: y\n", 2, "field foo not found in type pebble.Layer"},
		{"services:\n    a:\n        comand: x\n", 3, "field comand not found in type pebble.Service"},
		{"services:\n    a:\n        user-id: '10'\n", 3, "cannot unmarshal !!str `10` into int"},
		{"services:\n    a:\n        user-id: ten\n", 3, "cannot unmarshal !!str `ten` into int"},
		{"services:\n    a:\n        after: b\n", 3, "cannot unmarshal !!str `b` into []string"},
		{"services: [a]\n", 1, "cannot unmarshal !!seq into map[string]*pebble.Service"},
		{"- a\n", 1, "cannot unmarshal !!seq into pebble.Layer"},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), 1, "nested deeper than"},
	}
	for _, tt := range tests {
		_, err := ParseLayer([]byte(tt.text))
		var ye *YAMLError
		if !errors.As(err, &ye) {
			t.Errorf("ParseLayer(%q) = %v, want a *YAMLError", tt.text, err)
			continue
		}
		if ye.Line != tt.line || !strings.Contains(ye.Msg, tt.msg) {
			t.Errorf("ParseLayer(%q) = %v, want line %d: ...%s...", tt.text, err, tt.line, tt.msg)
		}
	}
}

func TestParsePlanIgnoresUnknownFields(t *testing.T) {
	p, err := ParsePlan([]byte("services:\n    a:\n        command: x\n        new-field: [1, 2]\nnew-section:\n    x: y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Services["a"].Command != "x" {
		t.Errorf("plan = %+v", p)
	}
}

// trickyStrings are the scalars most likely to break a YAML writer or
// reader: ones that look like other types, indicators, comments, quotes,
// leading and trailing blanks, line breaks of every kind and non-ASCII.
var trickyStrings = []string{
	"", "10", "-1", "1.5", "1e3", "0x10", "0777", "1_000", ".inf", "true", "false", "yes", "no", "on",
	"null", "Null", "~", "a: b", "a:b", "a #b", "a#b", "#x", " lead", "trail ", " ", "  both  ",
	"multi\nline", "multi\nline\n", "multi\nline\n\n", " lead\nline", "x\n  y\n z", "\n", "\n\n", "\nx",
	"a\n ", "\ttab", "a\tb\n", "x\n\ty", "ünïcödé", "日本語", "😀", "x\x01y", "a\x00", "\x7f", "\u0085",
	"a\u0085b", "\u2028", "a\u2028b", "a\nb\u2029c", "\ufeff", "a\u00a0b", "- a", "-", "? x", "?", ":",
	"a:", "[a]", "{a", "}", ",", "a'b", `a"b`, "'q'", `"q"`, `\`, `a\nb`, "&a", "*a", "!t", "%x", "@x",
	"`x", "|", ">", "---", "...", "a\n---\nb", "a\r\nb", "\r", "http://x:80/a?b=c#d", "$HOME", "a  b",
	strings.Repeat("long ", 40), strings.Repeat("k", 130), strings.Repeat("é", 600),
}

var randomRunes = []rune("ab z09:#-'\"\\\n\t\r{}[],|>?!&*%@`~.é日\u2028\u0085😀\x01")

func randString(r *rand.Rand) string {
	if r.IntN(3) > 0 {
		return trickyStrings[r.IntN(len(trickyStrings))]
	}
	n := r.IntN(12)
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = randomRunes[r.IntN(len(randomRunes))]
	}
	return string(rs)
}

func randStrings(r *rand.Rand) []string {
	if r.IntN(2) == 0 {
		return nil
	}
	s := make([]string, 1+r.IntN(3))
	for i := range s {
		s[i] = randString(r)
	}
	return s
}

func randMap[V ~string](r *rand.Rand) map[string]V {
	if r.IntN(2) == 0 {
		return nil
	}
	m := map[string]V{}
	for range 1 + r.IntN(3) {
		m[randString(r)] = V(randString(r))
	}
	return m
}

func randIntPtr(r *rand.Rand) *int {
	if r.IntN(2) == 0 {
		return nil
	}
	v := []int{0, 1, 1000, -5, 65534}[r.IntN(5)]
	return &v
}

func pick[T any](r *rand.Rand, values ...T) T { return values[r.IntN(len(values))] }

func randLayer(r *rand.Rand) *Layer {
	l := &Layer{}
	if r.IntN(2) == 0 {
		l.Summary = randString(r)
		l.Description = randString(r)
	}
	if r.IntN(4) > 0 {
		l.Services = map[string]*Service{}
		for range 1 + r.IntN(3) {
			s := &Service{
				Summary: randString(r), Description: randString(r), Command: randString(r),
				Startup:  pick(r, StartupUnknown, StartupEnabled, ServiceStartup(randString(r))),
				Override: pick(r, MergeOverride, ReplaceOverride, UnknownOverride, Override(randString(r))),
				After:    randStrings(r), Before: randStrings(r), Requires: randStrings(r),
				Environment: randMap[string](r), UserID: randIntPtr(r), User: randString(r),
				GroupID: randIntPtr(r), Group: randString(r), WorkingDir: randString(r),
				OnSuccess: ServiceAction(randString(r)), OnFailure: pick(r, ActionRestart, ActionUnset),
				OnCheckFailure: randMap[ServiceAction](r),
				BackoffDelay:   Duration(randString(r)), BackoffLimit: pick(r, Duration(""), "1m0s", "500ms"),
				KillDelay: Duration(randString(r)),
			}
			if r.IntN(2) == 0 {
				f := pick(r, 1.0, 1.5, 2, 0.1, 1e21, 1e-7, 3.25, 100)
				s.BackoffFactor = &f
			}
			l.Services[randString(r)] = s
		}
	}
	if r.IntN(2) == 0 {
		l.Checks = map[string]*Check{}
		for range 1 + r.IntN(3) {
			c := &Check{
				Override: pick(r, MergeOverride, ReplaceOverride), Level: pick(r, UnsetLevel, AliveLevel, ReadyLevel),
				Startup: pick(r, CheckStartupUnknown, CheckStartupDisabled), Period: Duration(randString(r)),
				Timeout: pick(r, Duration(""), "3s"), Threshold: pick(r, 0, 3, 10),
			}
			switch r.IntN(4) {
			case 0:
				c.HTTP = &HTTPCheck{URL: randString(r), Headers: randMap[string](r)}
			case 1:
				c.TCP = &TCPCheck{Port: pick(r, 0, 80, 65535), Host: randString(r)}
			case 2:
				c.Exec = &ExecCheck{Command: randString(r), ServiceContext: randString(r), Environment: randMap[string](r),
					UserID: randIntPtr(r), User: randString(r), GroupID: randIntPtr(r), Group: randString(r), WorkingDir: randString(r)}
			}
			l.Checks[randString(r)] = c
		}
	}
	if r.IntN(2) == 0 {
		l.LogTargets = map[string]*LogTarget{}
		for range 1 + r.IntN(2) {
			services := randStrings(r)
			if services == nil {
				// Pebble writes services even when empty, and reads
				// "services: []" back as an empty, non-nil list.
				services = []string{}
			}
			l.LogTargets[randString(r)] = &LogTarget{
				Type: pick(r, LokiTarget, SyslogTarget, UnsetLogTarget), Location: randString(r),
				Services: services, Override: pick(r, MergeOverride, ReplaceOverride), Labels: randMap[string](r),
			}
		}
	}
	setNames(l.Services, l.Checks, l.LogTargets)
	return l
}

// TestYAMLRoundTripYAMLv3 checks the reader and writer against yaml.v3 on
// random layers full of tricky strings, both ways:
//
//   - text yaml.v3 marshals (as Pebble marshals plans) is read by
//     ParseLayer and ParsePlan exactly as yaml.v3 reads it back;
//   - Layer.YAML and Plan.YAML output is read by yaml.v3 with KnownFields,
//     as Pebble reads layers, to the very same values, and by ParseLayer and
//     ParsePlan too.
func TestYAMLRoundTripYAMLv3(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	v3Unreadable := 0
	defer func() { t.Logf("%d of 3000 yaml.v3 outputs were unreadable by yaml.v3 itself", v3Unreadable) }()
	for i := range 3000 {
		layer := randLayer(r)

		v3text, err := yaml.Marshal(layer)
		if err != nil {
			t.Fatal(err)
		}
		var v3layer Layer
		if err := v3Decode(v3text, &v3layer, true); err != nil {
			// yaml.v3 has known bugs writing block scalars with leading
			// blanks inside sequences; with no oracle there is nothing
			// to compare.
			v3Unreadable++
		} else {
			got, err := ParseLayer(v3text)
			if err != nil {
				t.Fatalf("case %d: ParseLayer(yaml.v3 output): %v\n%s", i, err, v3text)
			}
			if !reflect.DeepEqual(got, &v3layer) {
				t.Fatalf("case %d: ParseLayer differs from yaml.v3 on\n%s\n got %#v\nwant %#v", i, v3text, got, &v3layer)
			}
		}

		plan := &Plan{Services: layer.Services, Checks: layer.Checks, LogTargets: layer.LogTargets}
		v3plan, err := yaml.Marshal(plan)
		if err != nil {
			t.Fatal(err)
		}
		var wantPlan Plan
		if err := v3Decode(v3plan, &wantPlan, true); err == nil {
			gotPlan, err := ParsePlan(v3plan)
			if err != nil {
				t.Fatalf("case %d: ParsePlan(yaml.v3 output): %v\n%s", i, err, v3plan)
			}
			if !reflect.DeepEqual(gotPlan, &wantPlan) {
				t.Fatalf("case %d: ParsePlan differs from yaml.v3 on\n%s", i, v3plan)
			}
		}

		ours, err := layer.YAML()
		if err != nil {
			t.Fatal(err)
		}
		var back Layer
		if err := v3Decode(ours, &back, true); err != nil {
			t.Fatalf("case %d: yaml.v3 cannot read Layer.YAML output: %v\n%s", i, err, ours)
		}
		if !reflect.DeepEqual(&back, layer) {
			t.Fatalf("case %d: Layer.YAML does not round-trip through yaml.v3:\n%s\n got %#v\nwant %#v", i, ours, &back, layer)
		}
		mine, err := ParseLayer(ours)
		if err != nil || !reflect.DeepEqual(mine, layer) {
			t.Fatalf("case %d: Layer.YAML does not round-trip through ParseLayer: %v\n%s", i, err, ours)
		}

		ourPlan, err := plan.YAML()
		if err != nil {
			t.Fatal(err)
		}
		gotPlan, err := ParsePlan(ourPlan)
		if err != nil || !reflect.DeepEqual(gotPlan, plan) {
			t.Fatalf("case %d: Plan.YAML does not round-trip through ParsePlan: %v\n%s", i, err, ourPlan)
		}
	}
}

// TestYAMLScalarsAgainstYAMLv3 puts one string at a time in every place a
// plan has strings (key, scalar value, list item, map key and value), so
// that yaml.v3's own unreadable output for a few strings does not hide the
// others, and compares ParsePlan with yaml.v3 on the result.
func TestYAMLScalarsAgainstYAMLv3(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	strs := append([]string{}, trickyStrings...)
	for range 2000 {
		strs = append(strs, randString(r))
	}
	unreadable := 0
	for _, s := range strs {
		plan := &Plan{Services: map[string]*Service{s: {
			Override: MergeOverride, Command: s, Summary: s + s, After: []string{s, "x"},
			Environment: map[string]string{s: s, "k": s}, KillDelay: Duration(s),
		}}}
		setNames(plan.Services, nil, nil)
		text, err := yaml.Marshal(plan)
		if err != nil {
			t.Fatal(err)
		}
		var want Plan
		if err := v3Decode(text, &want, true); err != nil {
			unreadable++
			continue
		}
		got, err := ParsePlan(text)
		if err != nil {
			t.Fatalf("ParsePlan(%q): %v\n%s", s, err, text)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("ParsePlan differs from yaml.v3 for %q:\n%s\n got %s\nwant %s", s, text, dumpJSON(got), dumpJSON(&want))
		}
		ours, err := plan.YAML()
		if err != nil {
			t.Fatal(err)
		}
		var back Plan
		if err := v3Decode(ours, &back, true); err != nil || !reflect.DeepEqual(&back, plan) {
			t.Fatalf("Plan.YAML for %q does not round-trip through yaml.v3 (%v):\n%s", s, err, ours)
		}
	}
	t.Logf("%d of %d yaml.v3 outputs were unreadable by yaml.v3 itself", unreadable, len(strs))
}

func TestLayerYAMLShape(t *testing.T) {
	uid := 0
	f := 2.0
	l := &Layer{
		Summary: "s",
		Services: map[string]*Service{"web": {
			Override: ReplaceOverride, Command: "run --port 80", After: []string{"db"},
			Environment: map[string]string{"PORT": "80"}, UserID: &uid, BackoffFactor: &f,
		}},
		LogTargets: map[string]*LogTarget{"t": {Type: LokiTarget, Location: "http://l"}},
	}
	got, err := l.YAML()
	if err != nil {
		t.Fatal(err)
	}
	want := `summary: "s"
services:
    "web":
        override: "replace"
        command: "run --port 80"
        after:
            - "db"
        environment:
            "PORT": "80"
        user-id: 0
        backoff-factor: 2
log-targets:
    "t":
        type: "loki"
        location: "http://l"
        services: []
`
	if string(got) != want {
		t.Errorf("YAML() =\n%s\nwant\n%s", got, want)
	}
	if got, _ := (&Layer{}).YAML(); string(got) != "{}\n" {
		t.Errorf("empty layer YAML = %q", got)
	}
	if _, err := (&Layer{Summary: "\xff"}).YAML(); err == nil {
		t.Error("invalid UTF-8 was written")
	}
}

// FuzzParsePlan feeds arbitrary bytes to ParsePlan. It must never panic or
// hang; whatever it accepts, yaml.v3 must accept and read the same, and the
// plan must survive Plan.YAML and ParsePlan unchanged.
func FuzzParsePlan(f *testing.F) {
	for _, s := range pebblePlanTexts {
		f.Add([]byte(s))
	}
	for _, s := range handWrittenLayers {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang would stall the fuzzer without a report: crash instead,
		// naming the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("ParsePlan hung on %q", data)) })
		defer watchdog.Stop()
		start := time.Now()
		plan, err := ParsePlan(data)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("ParsePlan took %v on %d bytes", d, len(data))
		}
		if err != nil {
			var ye *YAMLError
			if !errors.As(err, &ye) || ye.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var want Plan
		if err := v3Decode(data, &want, false); err != nil {
			t.Fatalf("ParsePlan accepted what yaml.v3 rejects (%v):\n%q", err, data)
		}
		if !reflect.DeepEqual(plan, &want) {
			t.Fatalf("ParsePlan differs from yaml.v3 on %q:\n got %s\nwant %s", data, dumpJSON(plan), dumpJSON(&want))
		}
		out, err := plan.YAML()
		if err != nil {
			t.Fatal(err)
		}
		// Compared as yaml.v3 writes them: omitempty drops empty maps and
		// lists, so {} and a missing field are the same plan.
		back, err := ParsePlan(out)
		if err != nil || canonicalYAML(t, back) != canonicalYAML(t, plan) {
			t.Fatalf("Plan.YAML does not round-trip (%v):\n%s", err, out)
		}
	})
}

// dumpJSON shows a value in full for failure messages (pointers included).
func dumpJSON(v any) string {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(out)
}
