package lint

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint/rule"
)

// TestPythonUnavailable checks what a charmgen built without cgo (no
// tree-sitter) reports for Python charms: one LINT006 per run, at the first
// Python file of the first charm, and no Python findings; nothing when no
// Python rule would run. (cmd/charmgen's TestNoCgoBuild runs a real build
// without cgo.)
func TestPythonUnavailable(t *testing.T) {
	defer SetPythonAvailable(false)()
	dir := filepath.Join("testdata", "pycharms")
	lintIDs := func(o Options) []string {
		t.Helper()
		o.Dir = dir
		res, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if strings.HasPrefix(f.Rule, "PY") || f.Rule == PythonUnavailable {
				out = append(out, f.Pos.String()+" "+f.Rule+" "+f.Severity.String())
			}
		}
		return out
	}
	got := lintIDs(Options{Paths: []string{"fat-handlers", "k8s-pebble"}})
	want := filepath.Join("fat-handlers", "src", "charm.py") + ":1:1 LINT006 warning"
	if len(got) != 1 || got[0] != want {
		t.Errorf("two Python charms: got %q, want only %q", got, want)
	}
	if got := lintIDs(Options{Paths: []string{"k8s-pebble"}, Kinds: []rule.Kind{rule.Metadata, rule.Go}}); len(got) != 0 {
		t.Errorf("--kinds metadata,go: got %q, want nothing", got)
	}
	if got := lintIDs(Options{Paths: []string{"k8s-pebble"}, Ignore: []string{"PY"}}); len(got) != 0 {
		t.Errorf("--ignore PY: got %q, want nothing", got)
	}
	if got := lintIDs(Options{Paths: []string{"k8s-pebble"}, Ignore: []string{PythonUnavailable}}); len(got) != 0 {
		t.Errorf("--ignore LINT006: got %q, want nothing", got)
	}

	// The rules stay registered and documented in such a build.
	if r, ok := Lookup("PY004"); !ok || !strings.Contains(r.Doc(), "restart") {
		t.Errorf("PY004 is not documented without cgo: %v %q", ok, r.Doc())
	}
	if r, ok := Lookup(PythonUnavailable); !ok || r.Kind != rule.Lint {
		t.Errorf("LINT006 not registered as a lint rule: %+v", r)
	}
}
