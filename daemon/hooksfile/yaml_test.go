package hooksfile

import (
	"encoding/json"
	"os"
	"reflect"
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
		"example":  mustRead(t, "../../examples/daemon-demo/charmgen-hooks.yaml"),
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
	if b, err := os.ReadFile("../../../shared/corpus/charms/fixture--lucky--codimd-example/lucky.yaml"); err == nil {
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
