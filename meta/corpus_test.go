package meta_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/cli"
	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// corpusDir is ../shared/corpus/charms from the project root: real charm
// metadata, read in place and never copied.
const corpusDir = "../../shared/corpus/charms"

// knownInvalid lists corpus charms that Juju itself rejects, with the one
// error the loader must report for each.
var knownInvalid = map[string]struct {
	code, text, reason string
}{
	"fixture--charmcraft--complex-self-contained": {
		code:   "container",
		text:   `mounts storage "logs", which is not declared`,
		reason: `container super-app mounts storage "logs", but the charm declares no storage; Juju rejects the charm at deploy`,
	},
}

func corpusCharms(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if os.IsNotExist(err) {
		t.Skipf("corpus not found at %s (../shared/corpus/charms from the project root); skipping the corpus tests", corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 0 {
		t.Skipf("corpus at %s holds no charms", corpusDir)
	}
	return dirs
}

// corpusYAML decodes one file of a corpus charm with yaml.v3 alone, or
// returns nil when it is absent.
func corpusYAML(t *testing.T, dir, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s/%s: %v", dir, name, err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// mapLen is the number of keys of m[key] when it is a mapping.
func mapLen(m map[string]any, key string) int {
	if v, ok := m[key].(map[string]any); ok {
		return len(v)
	}
	return 0
}

// corpusCounts counts relations, options and actions straight from the
// YAML, without package meta.
func corpusCounts(t *testing.T, dir string) (juju3 bool, rels, opts, acts int) {
	cc := corpusYAML(t, dir, "charmcraft.yaml")
	md := corpusYAML(t, dir, "metadata.yaml")
	cfg := corpusYAML(t, dir, "config.yaml")
	act := corpusYAML(t, dir, "actions.yaml")
	_, juju3 = md["series"]
	for _, m := range []map[string]any{cc, md} {
		for _, role := range []string{"provides", "requires", "peers"} {
			rels += mapLen(m, role)
		}
	}
	if c, ok := cc["config"].(map[string]any); ok {
		opts = mapLen(c, "options")
	} else {
		opts = mapLen(cfg, "options")
	}
	if _, ok := cc["actions"]; ok {
		acts = mapLen(cc, "actions")
	} else {
		acts = len(act)
	}
	return
}

func jujuName(v int) string {
	if v == 0 {
		return "4 (default)"
	}
	return strconv.Itoa(v)
}

func TestCorpus(t *testing.T) {
	for _, name := range corpusCharms(t) {
		dir := filepath.Join(corpusDir, name)
		t.Run(name, func(t *testing.T) {
			juju3, rels, opts, acts := corpusCounts(t, dir)
			juju := 0 // the default, Juju 4
			if juju3 {
				juju = 3
			}
			c, err := meta.Load(dir, &meta.Options{Juju: juju})
			if c == nil {
				t.Fatalf("Load returned no model: %v", err)
			}
			checkDiags(t, c.Warnings)
			if bad, ok := knownInvalid[name]; ok {
				ds := asDiags(t, err)
				checkDiags(t, ds)
				if len(ds) != 1 || ds[0].Code != bad.code || !strings.Contains(ds[0].Message, bad.text) {
					t.Errorf("known invalid (%s): want exactly one %s error containing %q, got:\n%v", bad.reason, bad.code, bad.text, err)
				}
			} else if err != nil {
				t.Errorf("Juju %s: %v", jujuName(juju), err)
			}
			if len(c.Relations) != rels || len(c.Options) != opts || len(c.Actions) != acts {
				t.Errorf("loaded %d relations, %d options, %d actions; the YAML has %d, %d, %d",
					len(c.Relations), len(c.Options), len(c.Actions), rels, opts, acts)
			}
			t.Logf("%s: format %s, Juju %s, %d relations, %d options, %d actions, %d warnings",
				name, c.Format, jujuName(juju), rels, opts, acts, len(c.Warnings))
			for _, w := range c.Warnings {
				t.Logf("  %s", w)
			}

			args := []string{"meta", "show", dir}
			if juju3 {
				args = append(args, "--juju", "3")
			}
			var stdout, stderr bytes.Buffer
			code := cli.Run(args, strings.NewReader(""), &stdout, &stderr)
			wantCode := cli.ExitOK
			if _, ok := knownInvalid[name]; ok {
				wantCode = cli.ExitError
			}
			if code != wantCode {
				t.Fatalf("charmgen %s: exit %d, want %d\n%s", strings.Join(args, " "), code, wantCode, stderr.String())
			}
			if code == cli.ExitOK {
				var v meta.View
				if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
					t.Fatalf("meta show output is not JSON: %v", err)
				}
				if v.Name != c.Name.V || len(v.Relations) != rels || len(v.Options) != opts || len(v.Actions) != acts {
					t.Errorf("meta show: name %q, %d relations, %d options, %d actions; want %q, %d, %d, %d",
						v.Name, len(v.Relations), len(v.Options), len(v.Actions), c.Name.V, rels, opts, acts)
				}
			}
		})
	}
}
