package daemon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// normalize turns yaml.v3's and parseYAML's values into the same JSON
// shapes.
func normalize(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

// TestYAMLSubsetMatchesYAMLv3 parses documents in the supported subset
// with both parsers (yaml.v3 is a test dependency only; charms never link
// it) and compares.
func TestYAMLSubsetMatchesYAMLv3(t *testing.T) {
	docs := map[string]string{
		"example":  mustRead(t, "../examples/daemon-demo/charmgen-hooks.yaml"),
		"empty":    "# nothing\n",
		"scalars":  "a: 1\nb: -2.5\nc: true\nd: ~\ne: 'it''s'\nf: \"x\\ty\"\ng: plain text # comment\nh: a#b\n\"quoted key\": v\n",
		"flow":     "a: [1, 'two', \"three\", [x]]\nb: {k: v, n: 2}\nc: []\nd: {}\n",
		"blocks":   "lit: |\n  one\n    two\n\n  three\nfold: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nnext: 1\n",
		"nested":   "hooks:\n  install:\n  - script: a.sh\n    args:\n      - x\n      - 'y z'\n  - inline: |\n      echo hi\n    async: true\n  stop: []\n",
		"seqmap":   "- a: 1\n  b:\n    - c\n-\n  d: 2\n- - nested\n  - seq\n",
		"deepseq":  "timers:\n  - name: t\n    every: 1h\n    scripts:\n      - inline: 'true'\n",
		"colonval": "url: http://x:80/a\ntime: '12:30'\n",
	}
	// Lucky's own example, when the shared corpus is there.
	if b, err := os.ReadFile("../../shared/corpus/charms/fixture--lucky--codimd-example/lucky.yaml"); err == nil {
		docs["lucky"] = string(b)
	}
	for name, doc := range docs {
		var want any
		if err := yaml.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatalf("%s: yaml.v3: %v", name, err)
		}
		got, err := parseYAML(doc)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if g, w := normalize(t, got), normalize(t, want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %#v\nwant %#v", name, g, w)
		}
	}
}

func TestYAMLErrors(t *testing.T) {
	for _, doc := range []string{"a: 1\na: 2\n", "a:\n\t- x\n", "a: [1, 2\n", "a: &x 1\n", "a: 'open\n", "a: |x\n  y\n", "a: 1\n  b: 2\n"} {
		if _, err := parseYAML(doc); err == nil {
			t.Errorf("%q: no error", doc)
		}
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

// FuzzParseYAML: the parser never panics.
func FuzzParseYAML(f *testing.F) {
	f.Add("hooks:\n  install:\n    - script: a.sh\n      args: [x, 'y']\n")
	f.Add("a: |\n  b\n- c: [d, {e: f}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		parseYAML(s)
	})
}

func TestParseHooksFile(t *testing.T) {
	hf, err := ParseHooksFile([]byte(mustRead(t, "../examples/daemon-demo/charmgen-hooks.yaml")), "")
	if err != nil {
		t.Fatal(err)
	}
	if s := hf.scriptsFor("install"); len(s) != 1 || s[0].ID != "configure.sh" || s[0].Args[0] != "install" {
		t.Errorf("install scripts %+v", s)
	}
	if hf.Relations["website"].compiled == nil {
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
	if err != nil || hf.Relations["db"].compiled == nil {
		t.Errorf("good.json: %v", err)
	}
	_, err = ParseHooksFile([]byte("relations:\n  db:\n    schema: bad.json\n"), dir)
	if want := `relations.db: bad.json: #/properties/port/type: warning: unknown type "int" (JSON Schema calls it "integer")`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("bad.json: %v, want %q", err, want)
	}
}
