package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

func TestParseLintKeys(t *testing.T) {
	src := `lint:
  disable: [thin-handler, PY]
  select: META0
  ignore: [removed-in-juju-4]
  severity:
    unconditional-restart: error
  per-path-ignores:
    "tests/**": [PY001, thin-handler]
    src/legacy_*.py: PY010
`
	s, err := Parse("charmgen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	l := s.Lint
	if got := fmt.Sprint(l.Disable, l.Select, l.Ignore, l.Severity); got != "[thin-handler PY] [META0] [removed-in-juju-4] map[unconditional-restart:error]" {
		t.Errorf("got %s", got)
	}
	want := map[string][]string{"tests/**": {"PY001", "thin-handler"}, "src/legacy_*.py": {"PY010"}}
	if !reflect.DeepEqual(l.PerPathIgnores, want) {
		t.Errorf("per-path-ignores = %v, want %v", l.PerPathIgnores, want)
	}
	for key, at := range map[string]string{
		"disable/PY":                             "2:27",
		"select/META0":                           "3:11",
		"ignore/removed-in-juju-4":               "4:12",
		"severity/unconditional-restart":         "6:5",
		"per-path-ignores/tests/**":              "8:5",
		"per-path-ignores/tests/**/thin-handler": "8:25",
		"per-path-ignores/src/legacy_*.py/PY010": "9:22",
	} {
		if p := l.Pos[key]; fmt.Sprintf("%d:%d", p.Line, p.Col) != at {
			t.Errorf("position of %s = %v, want %s", key, p, at)
		}
	}
	if len(l.Keys) != 5 {
		t.Errorf("keys = %v", l.Keys)
	}
}

func TestMatchGlob(t *testing.T) {
	cases := []struct {
		glob, file string
		want       bool
	}{
		{"tests/**", "tests/unit/test_charm.py", true},
		{"tests/**", "tests/conftest.py", true},
		{"tests/**", "src/tests.py", false},
		{"tests", "tests/unit/test_charm.py", true}, // a directory covers its files
		{"tests/", "tests/unit/test_charm.py", true},
		{"./tests/*.py", "tests/conftest.py", true},
		{"tests/*.py", "tests/unit/test_charm.py", false},
		{"src/legacy_*.py", "src/legacy_db.py", true},
		{"src/legacy_*.py", "src/charm.py", false},
		{"src/legacy_*.py", "lib/src/legacy_db.py", false},
		{"*_test.go", "internal/charm/x_test.go", true}, // no slash: at any depth
		{"*.py", "src/charm.py", true},
		{"charm.py", "src/charm.py", true},
		{"src/**/*.py", "src/charm.py", true}, // ** matches no directory too
		{"src/**/*.py", "src/a/b/c.py", true},
		{"src/**/b/*.py", "src/a/b/c.py", true},
		{"src/**/x/*.py", "src/a/b/c.py", false},
		{"**", "anything/at/all.py", true},
		{"src/[ab].py", "src/a.py", true},
		{"src/?.py", "src/ab.py", false},
		{"", "src/a.py", false},
	}
	for _, c := range cases {
		if got := MatchGlob(c.glob, c.file); got != c.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", c.glob, c.file, got, c.want)
		}
	}
}

func TestParsePyproject(t *testing.T) {
	src := `[project]
name = "my-charm"
version = "1.0"
requires-python = ">=3.10"
dependencies = [
    "ops>=2.9",  # comment
    'pyyaml',
]
released = 1979-05-27 07:32:00Z
ratio = 1.5e3
count = 0x1F
debug = true
description = """
A "multi-line" \
    string."""
literal = '''raw \n'''

[[tool.mypy.overrides]]
module = "x.*"
ignore_missing_imports = true

[[tool.mypy.overrides]]
module = "y"

[tool.ruff]
line-length = 99
lint.select = ["E", "W"]

[tool.charmgen.lint]
disable = ["PY016", "thin-handler"]
severity = { PY004 = "info", "unconditional-restart" = 'error' }
"per-path-ignores" = { "tests/**" = ["PY001"], "src/legacy_*.py" = ["PY010"] }
select = [
  "PY",   # Python rules
  "META",
]

[tool.charmgen.lint.per-path-ignores]
`
	_, err := ParsePyproject("pyproject.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "pyproject.toml:38:21: ") || !strings.Contains(err.Error(), "defined twice") {
		t.Fatalf("error = %v, want per-path-ignores defined twice at 38:21", err)
	}
	src = strings.TrimSuffix(src, "[tool.charmgen.lint.per-path-ignores]\n") + "ignore.x = 1\n"
	_, err = ParsePyproject("pyproject.toml", []byte(src))
	if err == nil || err.Error() != `pyproject.toml:38:1: each entry of tool.charmgen.lint.ignore must be a rule ID or name such as PY004 or unconditional-restart, not a mapping; charmgen lint --list lists them` {
		t.Fatalf("error = %v", err)
	}
	src = strings.TrimSuffix(src, "ignore.x = 1\n") + "ignore = 'PY003'\n"
	l, err := ParsePyproject("pyproject.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(l.Disable, l.Select, l.Ignore, l.Severity, l.PerPathIgnores); got != "[PY016 thin-handler] [PY META] [PY003] map[PY004:info unconditional-restart:error] map[src/legacy_*.py:[PY010] tests/**:[PY001]]" {
		t.Errorf("got %s", got)
	}
	if p := l.Pos["severity/unconditional-restart"]; p.String() != "pyproject.toml:31:30" {
		t.Errorf("position = %v", p)
	}
	if p := l.Pos["select/META"]; p.String() != "pyproject.toml:35:3" {
		t.Errorf("position = %v", p)
	}
	// A file that does not mention charmgen, or has no lint table, gives nil.
	for _, src := range []string{"[project]\nname = 'x'\n", "[tool.charmgen]\nother = 1\n", "not = [valid\n"} {
		if l, err := ParsePyproject("pyproject.toml", []byte(src)); l != nil || err != nil {
			t.Errorf("%q: %+v, %v", src, l, err)
		}
	}
	// Dotted keys and an inline table reach the same table.
	for _, src := range []string{
		"tool.charmgen.lint.disable = ['PY016']\n",
		"[tool]\ncharmgen.lint = { disable = ['PY016'] }\n",
		"[tool.charmgen]\nlint.disable = 'PY016'\n",
	} {
		l, err := ParsePyproject("pyproject.toml", []byte(src))
		if err != nil || l == nil || fmt.Sprint(l.Disable) != "[PY016]" {
			t.Errorf("%q: %+v, %v", src, l, err)
		}
	}
}

func TestParsePyprojectErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"[tool.charmgen.lint\ndisable = []\n", `pyproject.toml:1:20: invalid TOML: expected ] to close the table header`},
		{"[tool.charmgen.lint]\ndisable = [PY016]\n", `pyproject.toml:2:12: invalid TOML: "PY016" is not a value; a string needs quotes`},
		{"[tool.charmgen.lint]\ndisable = ['PY016'\n", `pyproject.toml:2:11: invalid TOML: the array is not closed`},
		{"[tool.charmgen.lint]\ndisable = ['PY016' 'PY004']\n", `pyproject.toml:2:20: invalid TOML: expected , or ] in the array, found "'PY004'"`},
		{"[tool.charmgen.lint]\ndisable = \"PY016\n", `pyproject.toml:2:17: invalid TOML: the string is not closed on its line`},
		{"[tool.charmgen.lint]\ndisable = 'a' 'b'\n", `pyproject.toml:2:15: invalid TOML: unexpected "'b'"; expected the end of the line`},
		{"[tool.charmgen.lint]\ndisable = []\ndisable = []\n", `pyproject.toml:3:1: invalid TOML: disable is defined twice`},
		{"[tool.charmgen.lint]\n[tool.charmgen.lint]\n", `pyproject.toml:2:16: invalid TOML: table tool.charmgen.lint is defined twice`},
		{"[tool.charmgen.lint]\n= 1\n", `pyproject.toml:2:1: invalid TOML: expected a key, found "="`},
		{"[tool.charmgen.lint]\ndisable\n", `pyproject.toml:2:8: invalid TOML: expected = after the key disable`},
		{"x = \"\\q charmgen\"\n", `pyproject.toml:1:6: invalid TOML: bad escape \q`},
		{"[tool.charmgen.lint]\ndisable = ['py 016']\n", `pyproject.toml:2:12: each entry of tool.charmgen.lint.disable must be a rule ID or name`},
		{"[tool.charmgen.lint]\nenable = ['PY016']\n", `pyproject.toml:2:1: unknown key "enable" in tool.charmgen.lint`},
		{"[tool.charmgen]\nlint = 'PY016'\n", `pyproject.toml:2:8: tool.charmgen.lint must be a mapping`},
		{"[tool.charmgen.lint]\nseverity = { PY004 = 'loud' }\n", `pyproject.toml:2:22: severity of PY004 must be error, warning, info or off, not "loud"`},
		{"[tool.charmgen.lint.per-path-ignores]\n'tests/[' = ['PY001']\n", `pyproject.toml:2:1: tool.charmgen.lint.per-path-ignores: path glob "tests/[" is malformed`},
	}
	for _, c := range cases {
		_, err := ParsePyproject("pyproject.toml", []byte(c.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", c.src, c.want)
			continue
		}
		if _, ok := err.(meta.Diagnostics); !ok {
			t.Errorf("%q: error of type %T, want meta.Diagnostics", c.src, err)
		}
		if !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %s\nwant %s", c.src, err, c.want)
		}
	}
}

func TestLoadPyproject(t *testing.T) {
	dir := t.TempDir()
	if l, err := LoadPyproject(dir, "c"); l != nil || err != nil {
		t.Errorf("no file: %+v, %v", l, err)
	}
	os.WriteFile(filepath.Join(dir, PyprojectFile), []byte("[tool.charmgen.lint]\ndisable = 'PY 0x'\n"), 0o644)
	_, err := LoadPyproject(dir, "c")
	if err == nil || !strings.HasPrefix(err.Error(), "c/pyproject.toml:2:11: ") {
		t.Errorf("error = %v, want it at c/pyproject.toml:2:11", err)
	}
}

func TestMergeLint(t *testing.T) {
	yaml, err := Parse("charmgen.yaml", []byte("lint:\n  disable: [PY016]\n  per-path-ignores: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	py, err := ParsePyproject("pyproject.toml", []byte("[tool.charmgen.lint]\ndisable = ['PY004']\nselect = ['PY']\nper-path-ignores = { 'tests' = ['PY001'] }\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := MergeLint(yaml.Lint, py)
	// charmgen.yaml's disable and (empty) per-path-ignores win; select
	// comes from pyproject.toml.
	if got := fmt.Sprint(m.Disable, m.Select, len(m.PerPathIgnores)); got != "[PY016] [PY] 0" {
		t.Errorf("merged = %s", got)
	}
	if m.Pos["disable/PY016"].File != "charmgen.yaml" || m.Pos["select/PY"].File != "pyproject.toml" || m.Pos["disable/PY004"].File != "" {
		t.Errorf("positions = %v", m.Pos)
	}
	if MergeLint(nil, py) != py || MergeLint(yaml.Lint, nil) != yaml.Lint {
		t.Error("merge with nil")
	}
}
