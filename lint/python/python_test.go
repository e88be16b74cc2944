package python

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint/rule"
)

var wantRE = regexp.MustCompile(`# want ((?:PY[0-9]{3}(?::[a-z]+)? ?)+)\s*$`)

// wants returns, for rule id, the lines of src annotated "# want ID", and
// the severity a line asks for with "# want ID:severity" (by line).
func wants(src, id string) ([]int, map[int]string) {
	var out []int
	sev := map[int]string{}
	for i, line := range strings.Split(src, "\n") {
		if m := wantRE.FindStringSubmatch(line); m != nil {
			for _, w := range strings.Fields(m[1]) {
				w, s, _ := strings.Cut(w, ":")
				if w == id {
					out = append(out, i+1)
					if s != "" {
						sev[i+1] = s
					}
				}
			}
		}
	}
	return out, sev
}

// declaredRE is a testdata file's first line saying what the charm's
// metadata declares, for PY019: "# declared: config=a,b actions=x
// endpoints=db".
var declaredRE = regexp.MustCompile(`^# declared:(.*)`)

// declaredOf parses a "# declared:" first line, or returns nil.
func declaredOf(src string) *Declared {
	first, _, _ := strings.Cut(src, "\n")
	m := declaredRE.FindStringSubmatch(first)
	if m == nil {
		return nil
	}
	d := &Declared{Config: map[string]bool{}, Actions: map[string]bool{}, Endpoints: map[string]bool{}}
	for _, kv := range strings.Fields(m[1]) {
		k, v, _ := strings.Cut(kv, "=")
		into := map[string]map[string]bool{"config": d.Config, "actions": d.Actions, "endpoints": d.Endpoints}[k]
		for _, name := range strings.Split(v, ",") {
			if name != "" && into != nil {
				into[name] = true
			}
		}
	}
	return d
}

func check(t *testing.T, path string) ([]rule.Finding, string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := declaredOf(string(src)); d != nil {
		p, _, syn, err := Parse(context.Background(), path, path, src, DefaultBudget)
		if err != nil || syn != nil {
			t.Fatalf("%s: %v %v", path, err, syn)
		}
		return CheckCharmWith([]*Parsed{p}, Options{Declared: d}), string(src)
	}
	fs, syn, err := Check(context.Background(), path, src)
	if err != nil {
		t.Fatal(err)
	}
	if syn != nil {
		t.Fatalf("%s: syntax error at %s", path, syn.Pos)
	}
	return fs, string(src)
}

// TestRules runs each rule on its own testdata: fires.py, where every
// finding of the rule is on a line annotated "# want ID" and every such
// line has one, and quiet.py, where the rule finds nothing, as in each
// quiet-<case>.py beside it, and fires-<case>.py as fires.py (a case that
// needs a module of its own: a machine charm's file writes, which a sidecar
// module's are not; a status some class of the module sets again).
func TestRules(t *testing.T) {
	for _, r := range Rules {
		t.Run(r.ID, func(t *testing.T) {
			names := []string{"fires.py", "quiet.py"}
			for _, pat := range []string{"fires-*.py", "quiet-*.py"} {
				more, _ := filepath.Glob(filepath.Join("testdata", r.ID, pat))
				for _, m := range more {
					names = append(names, filepath.Base(m))
				}
			}
			for _, name := range names {
				path := filepath.Join("testdata", r.ID, name)
				fs, src := check(t, path)
				var got []int // lines, once each: one line may hold several findings
				for _, f := range fs {
					if f.Rule == r.ID && (len(got) == 0 || got[len(got)-1] != f.Pos.Line) {
						got = append(got, f.Pos.Line)
					}
				}
				want, wantSev := wants(src, r.ID)
				for _, f := range fs {
					// A finding is at the rule's severity unless its
					// line asks for another ("# want PY003:info").
					w, ok := wantSev[f.Pos.Line]
					if !ok {
						w = r.Severity.String()
					}
					if f.Rule == r.ID && f.Severity.String() != w {
						t.Errorf("%s: %s at %s, want %s", path, f, f.Severity, w)
					}
				}
				if strings.HasPrefix(name, "fires") && len(want) == 0 {
					t.Fatalf("%s has no '# want %s' line", path, r.ID)
				}
				if strings.HasPrefix(name, "quiet") && len(want) != 0 {
					t.Fatalf("%s has '# want' lines; a quiet file has none", path)
				}
				sort.Ints(got)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					var msgs []string
					for _, f := range fs {
						if f.Rule == r.ID {
							msgs = append(msgs, f.String())
						}
					}
					t.Errorf("%s: %s on lines %v, want %v\n%s", path, r.ID, got, want, strings.Join(msgs, "\n"))
				}
			}
		})
	}
}

func TestRulesDocumented(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range Rules {
		if !rule.IDPattern.MatchString(r.ID) || !strings.HasPrefix(r.ID, "PY") || r.Kind != rule.Python {
			t.Errorf("rule %d: bad ID or kind %q %q", i, r.ID, r.Kind)
		}
		if seen[r.ID] {
			t.Errorf("%s twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && Rules[i-1].ID >= r.ID {
			t.Errorf("%s is out of order", r.ID)
		}
		if r.Name == "" || r.Title == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || r.Severity == rule.Off {
			t.Errorf("%s is not fully documented", r.ID)
		}
	}
}
