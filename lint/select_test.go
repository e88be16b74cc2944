package lint_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint"
)

// selectCharm makes a copy of testdata/config without its charmgen.yaml:
// unconfigured, it has META012 (charmcraft.yaml), PY004 and
// PY016 (src/charm.py); src/legacy_db.py and tests/unit/test_charm.py hold
// the same code. files are written over it.
func selectCharm(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "config", "charmcraft.yaml"), filepath.Join(dir, "charmcraft.yaml"))
	for _, to := range []string{"src/charm.py", "src/legacy_db.py", "tests/unit/test_charm.py"} {
		copyFile(t, filepath.Join("testdata", "config", "src", "charm.py"), filepath.Join(dir, to))
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// findings lists "file RULE:severity", sorted and deduplicated.
func findings(t *testing.T, o lint.Options) string {
	t.Helper()
	res := run(t, o)
	seen := map[string]bool{}
	var out []string
	for _, f := range res.Findings {
		s := filepath.ToSlash(f.Pos.File) + " " + f.Rule + ":" + f.Severity.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

const (
	metaAll = "charmcraft.yaml META012:warning"
	pyAll   = "src/charm.py PY004:warning, src/charm.py PY016:warning, src/legacy_db.py PY004:warning, src/legacy_db.py PY016:warning"
)

// TestSelectIgnore covers rule selection by ID, name, shared name and
// prefix, from the command line and from charmgen.yaml.
func TestSelectIgnore(t *testing.T) {
	dir := selectCharm(t, nil)
	cases := []struct {
		sel, ign string
		want     string
	}{
		{"", "", metaAll + ", " + pyAll},
		{"PY004", "", "src/charm.py PY004:warning, src/legacy_db.py PY004:warning"},
		{"unconditional-restart", "", "src/charm.py PY004:warning, src/legacy_db.py PY004:warning"},
		{"META", "", metaAll},
		{"META0", "", metaAll},
		{"META01", "", "charmcraft.yaml META012:warning"},
		{"", "PY,META012", ""},
		{"", "subprocess-shell-string,unconditional-restart", metaAll},
		// The more specific name wins; on a tie, ignore.
		{"PY", "PY004", "src/charm.py PY016:warning, src/legacy_db.py PY016:warning"},
		{"PY004", "PY", "src/charm.py PY004:warning, src/legacy_db.py PY004:warning"},
		{"PY004", "unconditional-restart", ""},
	}
	for _, c := range cases {
		o := lint.Options{Dir: dir}
		if c.sel != "" {
			o.Select = strings.Split(c.sel, ",")
		}
		if c.ign != "" {
			o.Ignore = strings.Split(c.ign, ",")
		}
		if got := findings(t, o); got != c.want {
			t.Errorf("--select %q --ignore %q:\n got %s\nwant %s", c.sel, c.ign, got, c.want)
		}
	}
	_, err := lint.Run(context.Background(), lint.Options{Dir: dir, Select: []string{"PY4"}, Ignore: []string{"thin-handlers"}})
	var ie *lint.InputError
	if !errors.As(err, &ie) || len(ie.Lines) != 2 ||
		!strings.HasPrefix(ie.Lines[0], `--select: no rule "PY4" (did you mean PY?)`) ||
		!strings.HasPrefix(ie.Lines[1], `--ignore: no rule "thin-handlers" (did you mean thin-handler?)`) {
		t.Errorf("error = %v", err)
	}
}

// TestPerPathIgnores checks per-path-ignores globs, in charmgen.yaml and
// pyproject.toml, and that a suppression of a rule that a glob ignores is
// not reported as unused.
func TestPerPathIgnores(t *testing.T) {
	yaml := "lint:\n  per-path-ignores:\n    src/legacy_*.py: [PY]\n    \"**/*.yaml\": [META002, action-additional-properties]\n"
	dir := selectCharm(t, map[string]string{"charmgen.yaml": yaml})
	want := "src/charm.py PY004:warning, src/charm.py PY016:warning"
	if got := findings(t, lint.Options{Dir: dir}); got != want {
		t.Errorf("charmgen.yaml:\n got %s\nwant %s", got, want)
	}
	// Tests are not linted unless named; named, tests/** covers them.
	toml := "[tool.charmgen.lint]\nper-path-ignores = { \"tests/**\" = [\"unconditional-restart\"], \"src\" = [\"PY016\"] }\n"
	dir = selectCharm(t, map[string]string{"pyproject.toml": toml})
	want = metaAll + ", src/charm.py PY004:warning, src/legacy_db.py PY004:warning, tests/unit/test_charm.py PY016:warning"
	if got := findings(t, lint.Options{Dir: dir, Paths: []string{".", "tests/unit/test_charm.py"}}); got != want {
		t.Errorf("pyproject.toml:\n got %s\nwant %s", got, want)
	}
	// A suppression of an ignored rule is not unused.
	src, _ := os.ReadFile(filepath.Join(dir, "src", "charm.py"))
	os.WriteFile(filepath.Join(dir, "src", "charm.py"), []byte("# charmgen: file-ignore[PY016] shell on purpose\n"+string(src)), 0o644)
	want = metaAll + ", src/charm.py PY004:warning, src/legacy_db.py PY004:warning"
	if got := findings(t, lint.Options{Dir: dir}); got != want {
		t.Errorf("with a suppression:\n got %s\nwant %s", got, want)
	}
}

// TestPrecedence checks that the command line beats charmgen.yaml, which
// beats pyproject.toml, key by key.
func TestPrecedence(t *testing.T) {
	toml := `[tool.charmgen.lint]
disable = ["PY004"]
select = ["PY"]
severity = { subprocess-shell-string = "error" }
`
	cases := []struct {
		yaml     string
		sel, ign []string
		want     string
	}{
		// pyproject.toml alone.
		{"", nil, nil, "src/charm.py PY016:error, src/legacy_db.py PY016:error"},
		// charmgen.yaml's disable replaces pyproject.toml's; select and
		// severity still come from pyproject.toml.
		{"lint:\n  disable: [PY016]\n", nil, nil, "src/charm.py PY004:warning, src/legacy_db.py PY004:warning"},
		// charmgen.yaml's select and severity win.
		{"lint:\n  select: [META012, PY016]\n  severity: {PY016: info}\n", nil, nil, "charmcraft.yaml META012:warning, src/charm.py PY016:info, src/legacy_db.py PY016:info"},
		// The command line's select beats both files' select and disable.
		{"lint:\n  disable: [PY016]\n", []string{"PY016", "META012"}, nil, "charmcraft.yaml META012:warning, src/charm.py PY016:error, src/legacy_db.py PY016:error"},
		// The command line's ignore takes from the files' selection.
		{"", nil, []string{"subprocess-shell-string"}, ""},
		// severity off in a file is a disable the command line overrides.
		{"lint:\n  severity: {PY016: \"off\"}\n", []string{"PY"}, nil, "src/charm.py PY004:warning, src/charm.py PY016:warning, src/legacy_db.py PY004:warning, src/legacy_db.py PY016:warning"},
	}
	for _, c := range cases {
		files := map[string]string{"pyproject.toml": toml}
		if c.yaml != "" {
			files["charmgen.yaml"] = c.yaml
		}
		dir := selectCharm(t, files)
		if got := findings(t, lint.Options{Dir: dir, Select: c.sel, Ignore: c.ign}); got != c.want {
			t.Errorf("charmgen.yaml %q, --select %v --ignore %v:\n got %s\nwant %s", c.yaml, c.sel, c.ign, got, c.want)
		}
	}
}

// TestSettingsErrors checks that bad pyproject.toml and unknown rule names
// in the settings are positioned input errors.
func TestSettingsErrors(t *testing.T) {
	cases := []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{"pyproject.toml": "[tool.charmgen.lint]\ndisable = [\"PY016\",,]\n"}, `pyproject.toml:2:20: invalid TOML: expected a value`},
		{map[string]string{"pyproject.toml": "[tool.charmgen.lint]\nselect = [\"PY\", \"thin-handlr\"]\n"}, `pyproject.toml:2:17: no rule "thin-handlr" (did you mean thin-handler?): rules are named by ID (PY004), name (unconditional-restart) or ID prefix (PY, META0); charmgen lint --list lists them`},
		{map[string]string{"charmgen.yaml": "lint:\n  per-path-ignores:\n    tests/**: [PY001, thinhandler]\n"}, `charmgen.yaml:3:23: no rule "thinhandler" (did you mean thin-handler?)`},
		{map[string]string{"charmgen.yaml": "lint:\n  severity:\n    PY: error\n"}, `charmgen.yaml:3:5: no rule "PY": rules are named by ID (PY004) or name (unconditional-restart)`},
		{map[string]string{"charmgen.yaml": "lint:\n  ignore: [py016]\n"}, `charmgen.yaml:2:12: no rule "py016" (did you mean PY016?)`},
	}
	for _, c := range cases {
		dir := selectCharm(t, c.files)
		_, err := lint.Run(context.Background(), lint.Options{Dir: dir})
		var ie *lint.InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(ie.Error(), c.want) {
			t.Errorf("%v: error\n%v\nwant\n%s", c.files, err, c.want)
		}
	}
}
