package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseHooksFile(t *testing.T) {
	hf, err := ParseHooksFile([]byte(mustRead(t, "../examples/daemon-demo/charmgen-hooks.yaml")), "")
	if err != nil {
		t.Fatal(err)
	}
	if s := hf.scriptsFor("install"); len(s) != 1 || s[0].ID != "configure.sh" || s[0].Args[0] != "install" {
		t.Errorf("install scripts %+v", s)
	}
	if hf.schemas["website"] == nil {
		t.Error("website schema not compiled")
	}
	for doc, want := range map[string]string{
		"hooks:\n  install:\n    - script: a.sh\n      inline: x\n":  "exactly one",
		"hooks:\n  install:\n    - script: ../../etc/passwd\n":       "under scripts/",
		"hooks:\n  install:\n    - inline: x\n      timeout: soon\n": "timeout",
		"timers:\n  - name: t\n    every: 1s\n    scripts: []\n":     "at least",
		"hookz: {}\n": "unknown field",
		"relations:\n  db:\n    schema: {type: array}\n":                     "relations.db: #: a databag must be described by an object schema, not an array",
		"relations:\n  db:\n    schema: [1]\n":                               "relations.db: a databag schema must be a JSON object",
		"relations:\n  db:\n    schema: {properties: {p: {type: date}}}\n":   `#/properties/p/type: warning: unknown type "date"`,
		"relations:\n  db:\n    schema: {properties: {p: {pattern: '('}}}\n": "cannot be compiled by Go's regexp",
		"relations:\n  db:\n    schema: {required: host}\n":                  "required must be an array of names",
		"hooks:\n  install:\n    - inline: x\n      args: {a: b}\n":          "cannot unmarshal",
		"actions:\n  go:\n    - script: a.sh\n      shell: [bash, -c]\n":     "inline scripts only",
	} {
		_, err := ParseHooksFile([]byte(doc), "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", doc, err, want)
		}
	}
	// A schema given by path is read from the charm directory as JSON.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.json"), []byte(`{"properties": {"port": {"type": "integer", "minimum": 1}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"properties": {"port": {"type": "int"}}}`), 0o644)
	hf, err = ParseHooksFile([]byte("relations:\n  db:\n    schema: good.json\n"), dir)
	if err != nil || hf.schemas["db"] == nil {
		t.Errorf("good.json: %v", err)
	}
	_, err = ParseHooksFile([]byte("relations:\n  db:\n    schema: bad.json\n"), dir)
	if want := `relations.db: bad.json: #/properties/port/type: warning: unknown type "int" (JSON Schema calls it "integer")`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("bad.json: %v, want %q", err, want)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s: %v", path, err)
	}
	return string(b)
}
