package hooksfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	hf, err := Parse([]byte(mustRead(t, "../../examples/daemon-demo/charmgen-hooks.yaml")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := hf.Hooks["install"]; len(s) != 1 || s[0].ID != "configure.sh" || s[0].Args[0] != "install" {
		t.Errorf("install scripts %+v", s)
	}
	if _, ok := hf.Relations["website"].Schema.(map[string]any); !ok {
		t.Errorf("website schema %#v", hf.Relations["website"].Schema)
	}
	for doc, want := range map[string]string{
		"hooks:\n  install:\n    - script: a.sh\n      inline: x\n":  "exactly one",
		"hooks:\n  install:\n    - script: ../../etc/passwd\n":       "under scripts/",
		"hooks:\n  install:\n    - inline: x\n      timeout: soon\n": "timeout",
		"timers:\n  - name: t\n    every: 1s\n    scripts: []\n":     "at least 1m0s",
		"timers:\n  - name: T\n    every: 1h\n    scripts: []\n":     "lower-case",
		"hookz: {}\n": "unknown field",
		"hooks:\n  install:\n    - inline: x\n      args: {a: b}\n":      "cannot unmarshal",
		"actions:\n  go:\n    - script: a.sh\n      shell: [bash, -c]\n": "inline scripts only",
		"a: [1, 2\n": "",
	} {
		_, err := Parse([]byte(doc), Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", doc, err, want)
		}
	}
}

// TestParseDefaults checks the IDs Parse fills in and the durations.
func TestParseDefaults(t *testing.T) {
	hf, err := Parse([]byte("hooks:\n  install:\n    - script: sub/a.sh\n    - inline: x\n      timeout: 90s\n"+
		"actions:\n  go:\n    - inline: y\ntimers:\n  - name: tick\n    every: 15m\n    scripts:\n      - inline: z\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	install := hf.Hooks["install"]
	if install[0].ID != "a.sh" || install[1].ID != "install#1" || hf.Actions["go"][0].ID != "action:go#0" || hf.Timers[0].Scripts[0].ID != "timer:tick#0" {
		t.Errorf("IDs: %q %q %q %q", install[0].ID, install[1].ID, hf.Actions["go"][0].ID, hf.Timers[0].Scripts[0].ID)
	}
	if install[0].TimeoutDuration() != 0 || install[1].TimeoutDuration() != 90*time.Second || hf.Timers[0].EveryDuration() != 15*time.Minute {
		t.Errorf("durations: %v %v %v", install[0].TimeoutDuration(), install[1].TimeoutDuration(), hf.Timers[0].EveryDuration())
	}
	if hf, err := Parse([]byte("# nothing\n"), Options{}); err != nil || hf == nil || len(hf.Hooks) != 0 {
		t.Errorf("empty file: %+v, %v", hf, err)
	}
	if _, err := Parse([]byte("timers:\n  - name: t\n    every: 1s\n    scripts: []\n"), Options{MinEvery: time.Millisecond}); err != nil {
		t.Errorf("MinEvery 1ms: %v", err)
	}
}

// TestParseSchemas checks how Parse hands relation schemas to
// CheckSchema: inline ones as JSON always, files' content only with
// CharmDir, in endpoint order, with the errors after the other checks'.
func TestParseSchemas(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "db.json"), []byte(`{"type": "object"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := []byte("relations:\n  db:\n    schema: db.json\n  web:\n    schema: {type: object}\n")
	var seen []string
	check := func(ep string, schema []byte) error {
		seen = append(seen, ep+"="+string(schema))
		return nil
	}
	if _, err := Parse(doc, Options{CheckSchema: check}); err != nil || strings.Join(seen, " ") != `web={"type":"object"}` {
		t.Errorf("without CharmDir: checked %q, %v", seen, err)
	}
	seen = nil
	if _, err := Parse(doc, Options{CharmDir: dir, CheckSchema: check}); err != nil || strings.Join(seen, " ") != `db={"type": "object"} web={"type":"object"}` {
		t.Errorf("with CharmDir: checked %q, %v", seen, err)
	}

	doc = []byte("hooks:\n  install:\n    - inline: x\n      timeout: soon\n" +
		"relations:\n  a:\n    schema: {type: array}\n  b:\n    schema: missing.json\n  c:\n    schema: db.json\n")
	hf, err := Parse(doc, Options{CharmDir: dir, CheckSchema: func(string, []byte) error { return errors.New("refused") }})
	if hf == nil {
		t.Fatal("a file that parses but fails its checks gives no File")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{`install[0]: timeout "soon"`, "relations.a: refused", "relations.b: open ", "relations.c: db.json: refused"}
	if len(lines) != len(want) {
		t.Fatalf("errors:\n%v\nwant %d lines", err, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("error %d = %q, want it to start %q", i, lines[i], w)
		}
	}
}
