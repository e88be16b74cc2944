package lint_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

var wantRE = regexp.MustCompile(`# want ((?:[A-Z]+[0-9]{3} ?)+)\s*$`)

// wantLines returns, for rule id, the "file:line" places under dir that are
// annotated "# want ID", files relative to dir.
func wantLines(t *testing.T, dir, id string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == "want" {
			// A want file lists "file:line ID" for findings whose line
			// cannot carry a comment (a suppression comment's own line).
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				if place, wid, ok := strings.Cut(line, " "); ok && wid == id {
					out = append(out, place)
				}
			}
			return nil
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				for _, w := range strings.Fields(m[1]) {
					if w == id {
						out = append(out, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), i+1))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// gotLines runs the linter on a charm and returns the places where rule id
// fired, as "file:line" relative to the charm, once each.
func gotLines(t *testing.T, dir, id string, kinds ...rule.Kind) ([]string, []rule.Finding) {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{"."}, Dir: dir, Kinds: kinds})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var out []string
	var fs []rule.Finding
	for _, f := range res.Findings {
		if f.Rule != id {
			continue
		}
		fs = append(fs, f)
		l := fmt.Sprintf("%s:%d", filepath.ToSlash(f.Pos.File), f.Pos.Line)
		if len(out) == 0 || out[len(out)-1] != l {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out, fs
}

// checkFiresQuiet checks a rule against testdata/<group>/<ID>/fires (every
// finding on a "# want ID" line and every such line with one) and
// testdata/<group>/<ID>/quiet (no finding), and quiet-<case> directories
// beside it, for a case that needs a charm of its own.
func checkFiresQuiet(t *testing.T, group string, r rule.Rule, kinds ...rule.Kind) {
	t.Helper()
	more, _ := filepath.Glob(filepath.Join("testdata", group, r.ID, "quiet-*"))
	subs := []string{"fires", "quiet"}
	for _, m := range more {
		subs = append(subs, filepath.Base(m))
	}
	for _, sub := range subs {
		dir := filepath.Join("testdata", group, r.ID, sub)
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("%s has no testdata: %v", r.ID, err)
		}
		want := wantLines(t, dir, r.ID)
		retired := r.Severity == rule.Off // a retired rule finds nothing, in fires either
		if sub == "fires" && len(want) == 0 && !retired {
			t.Fatalf("%s has no '# want %s' line", dir, r.ID)
		}
		if (sub != "fires" || retired) && len(want) > 0 {
			t.Fatalf("%s has '# want' lines", dir)
		}
		got, fs := gotLines(t, dir, r.ID, kinds...)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			var msgs []string
			for _, f := range fs {
				msgs = append(msgs, f.String())
			}
			t.Errorf("%s: %s fires at %v, want %v\n%s", dir, r.ID, got, want, strings.Join(msgs, "\n"))
		}
	}
}

func TestMetadataRules(t *testing.T) {
	for _, r := range lint.Rules() {
		if r.Kind != rule.Metadata {
			continue
		}
		t.Run(r.ID, func(t *testing.T) { checkFiresQuiet(t, "meta", r, rule.Metadata) })
	}
}

func TestLintRules(t *testing.T) {
	for _, r := range lint.Rules() {
		if r.Kind != rule.Lint {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			if r.ID == lint.PythonUnavailable {
				// It fires only in a build without cgo: as if in one.
				defer lint.SetPythonAvailable(false)()
			}
			checkFiresQuiet(t, "lint", r)
		})
	}
}
