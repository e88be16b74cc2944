package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

func run(t *testing.T, o lint.Options) *lint.Result {
	t.Helper()
	res, err := lint.Run(context.Background(), o)
	if err != nil {
		t.Fatalf("lint.Run(%+v): %v", o, err)
	}
	return res
}

func text(t *testing.T, fs []rule.Finding) string {
	t.Helper()
	var b bytes.Buffer
	if err := lint.Write(&b, "text", fs, "test"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGoCharm lints a small Go charm through the whole engine: packages
// loaded with go/packages, analyzers run by go/analysis/checker,
// suppressions applied.
func TestGoCharm(t *testing.T) {
	dir := filepath.Join("testdata", "gocharm")
	res := run(t, lint.Options{Dir: dir})
	golden(t, filepath.Join(dir, "want.txt"), []byte(text(t, res.Findings)))
}

// TestDemoLintsClean keeps the hand-written demo charm, the model of what
// generated charms look like, free of findings.
func TestDemoLintsClean(t *testing.T) {
	for _, name := range []string{"demo", "daemon-demo"} {
		res := run(t, lint.Options{Dir: filepath.Join("..", "examples", name)})
		if len(res.Findings) > 0 {
			t.Errorf("examples/%s has findings:\n%s", name, text(t, res.Findings))
		}
		if res.Files < 3 {
			t.Errorf("linted %d files of examples/%s; the Go files were not linted", res.Files, name)
		}
	}
}

// TestHooksFileSuppression checks that the hooks file rules honour
// suppression comments in charmgen-hooks.yaml, and that an unused one there
// is reported.
func TestHooksFileSuppression(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "meta", "META020", "fires", "charmcraft.yaml"), filepath.Join(dir, "charmcraft.yaml"))
	hooks := "hooks:\n" +
		"  database-relation-changed:  # charmgen: ignore[META020] the endpoint lands in the next release\n" +
		"    - inline: echo changed\n" +
		"  install:  # charmgen: ignore[META020] nothing to suppress\n" +
		"    - inline: echo installed\n"
	if err := os.WriteFile(filepath.Join(dir, "charmgen-hooks.yaml"), []byte(hooks), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, lint.Options{Dir: dir})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(f.Pos.File), f.Pos.Line, f.Rule))
	}
	if want := "charmgen-hooks.yaml:4 LINT003"; strings.Join(got, "; ") != want {
		t.Errorf("findings %v, want %s:\n%s", got, want, text(t, res.Findings))
	}
}

func TestConfig(t *testing.T) {
	res := run(t, lint.Options{Dir: filepath.Join("testdata", "config")})
	got := map[string]rule.Severity{}
	for _, f := range res.Findings {
		got[f.Rule] = f.Severity
	}
	want := map[string]rule.Severity{"META012": rule.Error, "PY004": rule.Info}
	if len(got) != len(want) || got["META012"] != rule.Error || got["PY004"] != rule.Info {
		t.Errorf("findings %v, want %v (PY016 disabled, META005 off):\n%s", got, want, text(t, res.Findings))
	}
}

func TestConfigUnknownRule(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "config", "charmcraft.yaml"), filepath.Join(dir, "charmcraft.yaml"))
	os.WriteFile(filepath.Join(dir, "charmgen.yaml"), []byte("lint:\n  disable: [PY099]\n  severity:\n    GO404: error\n"), 0o644)
	_, err := lint.Run(context.Background(), lint.Options{Dir: dir})
	var ie *lint.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v, want an InputError", err)
	}
	want := `charmgen.yaml:2:13: no rule "PY099" (did you mean PY009?): rules are named by ID (PY004), name (unconditional-restart) or ID prefix (PY, META0); charmgen lint --list lists them
charmgen.yaml:4:5: no rule "GO404" (did you mean GO004?): rules are named by ID (PY004) or name (unconditional-restart); charmgen lint --list lists them`
	if ie.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", ie, want)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPaths checks what a path selects: a file reports only its own
// findings; a directory in no charm is searched; errors name the path.
func TestPaths(t *testing.T) {
	base := filepath.Join("testdata", "pycharms")
	// One file of a charm: the metadata and other files are not reported.
	res := run(t, lint.Options{Dir: base, Paths: []string{"fat-handlers/src/charm.py"}})
	if len(res.Findings) == 0 {
		t.Fatal("no findings in fat-handlers/src/charm.py")
	}
	for _, f := range res.Findings {
		if f.Pos.File != filepath.Join("fat-handlers", "src", "charm.py") {
			t.Errorf("finding outside the file asked for: %s", f)
		}
	}
	// The charm's metadata file only.
	res = run(t, lint.Options{Dir: filepath.Join("testdata", "config"), Paths: []string{"charmcraft.yaml"}})
	if len(res.Findings) != 1 || res.Findings[0].Rule != "META012" {
		t.Errorf("charmcraft.yaml alone: %v", res.Findings)
	}
	// A directory that holds charms below it.
	res = run(t, lint.Options{Dir: base})
	if len(res.Charms) < 12 {
		t.Errorf("found %d charms under %s", len(res.Charms), base)
	}
	// Errors: a path that does not exist; a directory with no charm.
	empty := t.TempDir()
	_, err := lint.Run(context.Background(), lint.Options{Dir: empty, Paths: []string{"nope", "."}})
	var ie *lint.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v, want an InputError", err)
	}
	want := "nope:1:1: no such file or directory\n.:1:1: no charm here: no charmcraft.yaml or metadata.yaml in this directory, above it or below it; name a charm's directory, or a directory that holds charms"
	if ie.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", ie, want)
	}
	// A file in no charm is skipped with a note.
	os.WriteFile(filepath.Join(empty, "x.py"), []byte("x = 1\n"), 0o644)
	var notes bytes.Buffer
	res, err = lint.Run(context.Background(), lint.Options{Dir: empty, Paths: []string{"x.py"}, Notes: &notes})
	if err != nil || len(res.Findings) != 0 || !strings.Contains(notes.String(), "x.py is not in a charm") {
		t.Errorf("file outside a charm: %v %v %q", res, err, notes.String())
	}
}

func TestKinds(t *testing.T) {
	dir := filepath.Join("testdata", "config")
	res := run(t, lint.Options{Dir: dir, Kinds: []rule.Kind{rule.Metadata}})
	for _, f := range res.Findings {
		if !strings.HasPrefix(f.Rule, "META") {
			t.Errorf("metadata only, got %s", f)
		}
	}
}

func TestFormats(t *testing.T) {
	fs := []rule.Finding{
		{Rule: "PY004", Severity: rule.Warning, Pos: rule.Pos{File: "src/charm.py", Line: 3, Col: 9}, Message: "restart, every run: 100%\nreally"},
		{Rule: "META012", Severity: rule.Error, Pos: rule.Pos{File: "charmcraft.yaml", Line: 20, Col: 3}, Message: "no additionalProperties"},
		{Rule: "LINT003", Severity: rule.Info, Pos: rule.Pos{File: "a,b:c.py", Line: 1, Col: 1}, Message: "unused"},
	}
	var b bytes.Buffer
	if err := lint.Write(&b, "github", fs, "test"); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=src/charm.py,line=3,col=9,title=PY004 unconditional-restart::restart, every run: 100%25%0Areally\n" +
		"::error file=charmcraft.yaml,line=20,col=3,title=META012 action-additional-properties::no additionalProperties\n" +
		"::notice file=a%2Cb%3Ac.py,line=1,col=1,title=LINT003 suppression-unused::unused\n"
	if b.String() != want {
		t.Errorf("github:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := lint.Write(&b, "json", fs[:1], "test"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Findings[0]
	if f["rule"] != "PY004" || f["name"] != "unconditional-restart" || f["severity"] != "warning" || f["file"] != "src/charm.py" || f["line"] != 3.0 || f["col"] != 9.0 {
		t.Errorf("json finding %v", f)
	}
	b.Reset()
	lint.Write(&b, "json", nil, "test")
	if strings.TrimSpace(b.String()) != "{\n  \"findings\": []\n}" {
		t.Errorf("json with no findings: %q", b.String())
	}
	if err := lint.Write(&b, "xml", fs, "test"); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestRulesDocumented checks every rule's documentation and that every
// rule has testdata that fires and testdata that stays quiet.
func TestRulesDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range lint.Rules() {
		if seen[r.ID] {
			t.Errorf("%s twice", r.ID)
		}
		seen[r.ID] = true
		if !rule.IDPattern.MatchString(r.ID) || !strings.HasPrefix(r.ID, r.Kind.Prefix()) {
			t.Errorf("%s: ID does not fit kind %s", r.ID, r.Kind)
		}
		// A retired rule (default severity off) keeps its ID and documents why.
		retired := r.Severity == rule.Off && strings.HasPrefix(r.Title, "retired: ")
		if r.Name == "" || r.Title == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || (r.Severity == rule.Off && !retired) {
			t.Errorf("%s is not fully documented: %+v", r.ID, r)
		}
		if strings.ToLower(r.Name) != r.Name || strings.Contains(r.Name, " ") {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		var dirs []string
		switch r.Kind {
		case rule.Metadata:
			dirs = []string{filepath.Join("testdata", "meta", r.ID, "fires"), filepath.Join("testdata", "meta", r.ID, "quiet")}
		case rule.Lint:
			dirs = []string{filepath.Join("testdata", "lint", r.ID, "fires"), filepath.Join("testdata", "lint", r.ID, "quiet")}
		case rule.Python:
			dirs = []string{filepath.Join("python", "testdata", r.ID, "fires.py"), filepath.Join("python", "testdata", r.ID, "quiet.py")}
		case rule.Go:
			a := goAnalyzerDir(t, r.ID)
			dirs = []string{filepath.Join(a, "testdata", "src", "fires"), filepath.Join(a, "testdata", "src", "quiet")}
		}
		for _, d := range dirs {
			if _, err := os.Stat(d); err != nil {
				t.Errorf("%s has no testdata %s", r.ID, d)
			}
		}
	}
}

// goAnalyzerDir finds the analyzer package whose doc.go declares the rule.
func goAnalyzerDir(t *testing.T, id string) string {
	t.Helper()
	docs, _ := filepath.Glob(filepath.Join("analyzers", "*", "doc.go"))
	for _, d := range docs {
		b, _ := os.ReadFile(d)
		if bytes.Contains(b, []byte(`ID: "`+id+`"`)) {
			return filepath.Dir(d)
		}
	}
	t.Fatalf("no analyzer package declares %s", id)
	return ""
}

func TestExplainAndList(t *testing.T) {
	r, ok := lint.Lookup("GO004")
	if !ok {
		t.Fatal("GO004 not found")
	}
	doc := r.Doc()
	for _, want := range []string{"GO004 unconditional-restart: reconcile code restarts a service unconditionally", "kind: go, default severity: warning", "Bad:", "Good:", "    changed, err := writeConfig(cfg)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("GO004 doc lacks %q:\n%s", want, doc)
		}
	}
	if _, ok := lint.Lookup("GO999"); ok {
		t.Error("GO999 found")
	}
}

// TestDocs keeps docs/lint.md's rule reference in step with the rules.
func TestDocs(t *testing.T) {
	path := filepath.Join("..", "docs", "lint.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- BEGIN RULES (generated by go test ./lint -run TestDocs -update) -->\n", "<!-- END RULES -->\n"
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
	}
	want := doc[:i] + begin + "\n" + lint.Markdown() + "\n" + doc[j:]
	if want == doc {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is stale: run go test ./lint -run TestDocs -update", path)
}
