package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/meta"
)

// CheckGlob checks the syntax of a per-path-ignores glob: a slash-separated
// path relative to the charm root, whose elements are path.Match patterns
// or **.
func CheckGlob(glob string) error {
	g := cleanGlob(glob)
	if g == "" {
		return fmt.Errorf("empty path glob %q; write one such as \"tests/**\"", glob)
	}
	if strings.HasPrefix(glob, "/") || g == ".." || strings.HasPrefix(g, "../") {
		return fmt.Errorf("path glob %q is not relative to the charm root; write one such as \"tests/**\"", glob)
	}
	for _, el := range strings.Split(g, "/") {
		if el == "**" {
			continue
		}
		if _, err := path.Match(el, ""); err != nil {
			return fmt.Errorf("path glob %q is malformed (%v): * matches within a directory, ** any number of directories, [a-z] one of a set", glob, err)
		}
	}
	return nil
}

func cleanGlob(glob string) string {
	g := strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(glob)), "./")
	return strings.TrimSuffix(g, "/")
}

// MatchGlob reports whether a per-path-ignores glob matches a file, given
// as a slash-separated path relative to the charm root. As in ruff's
// per-file-ignores and .gitignore: ** matches any number of directories
// (none included), a glob without a slash matches at any depth ("*_test.py"
// is "**/*_test.py"), and a glob that matches a directory matches every
// file under it ("tests" and "tests/**" are alike).
func MatchGlob(glob, file string) bool {
	g := cleanGlob(glob)
	if g == "" {
		return false
	}
	if !strings.Contains(g, "/") {
		g = "**/" + g
	}
	pat := strings.Split(g, "/")
	name := strings.Split(path.Clean(file), "/")
	for n := 1; n <= len(name); n++ {
		if matchElems(pat, name[:n]) {
			return true
		}
	}
	return false
}

func matchElems(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchElems(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// MergeLint combines the lint settings of charmgen.yaml (over) with those
// of pyproject.toml (under) key by key: a key that charmgen.yaml sets is
// taken whole from it, the others from pyproject.toml. Either may be nil.
func MergeLint(over, under *Lint) *Lint {
	if over == nil {
		return under
	}
	if under == nil {
		return over
	}
	out := &Lint{Keys: map[string]meta.Pos{}, Pos: map[string]meta.Pos{}}
	for _, key := range LintKeys {
		src := under
		if _, ok := over.Keys[key]; ok {
			src = over
		}
		if p, ok := src.Keys[key]; ok {
			out.Keys[key] = p
		}
		for k, p := range src.Pos {
			if strings.HasPrefix(k, key+"/") {
				out.Pos[k] = p
			}
		}
		switch key {
		case "disable":
			out.Disable = src.Disable
		case "severity":
			out.Severity = src.Severity
		case "select":
			out.Select = src.Select
		case "ignore":
			out.Ignore = src.Ignore
		case "per-path-ignores":
			out.PerPathIgnores = src.PerPathIgnores
		}
	}
	return out
}

// PyprojectFile is the Python project file whose [tool.charmgen.lint]
// table holds lint settings.
const PyprojectFile = "pyproject.toml"

// LoadPyproject reads the [tool.charmgen.lint] table of pyproject.toml in
// dir; display is the directory name used in positions. It returns nil
// when there is no such file or table. Errors are meta.Diagnostics.
func LoadPyproject(dir, display string) (*Lint, error) {
	file := filepath.Join(display, PyprojectFile)
	data, err := fsutil.ReadFileIn(dir, PyprojectFile, fsutil.MaxInput)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, meta.Diagnostics{{Pos: meta.Pos{File: file, Line: 1, Col: 1}, Severity: meta.SeverityError, Code: "settings", Message: "cannot read: " + err.Error()}}
	}
	return ParsePyproject(file, data)
}

// ParsePyproject reads the [tool.charmgen.lint] table of a pyproject.toml's
// content; file names it in errors. A file that does not mention charmgen
// is not parsed. The TOML reader takes the whole of TOML's syntax, but
// keeps only strings, arrays and tables: other values (numbers, dates,
// booleans) are kept as text.
func ParsePyproject(file string, data []byte) (*Lint, error) {
	if !strings.Contains(string(data), "charmgen") {
		return nil, nil
	}
	root, err := parseTOML(file, data)
	if err != nil {
		return nil, err
	}
	var errs meta.Diagnostics
	bad := func(p meta.Pos, format string, args ...any) {
		errs = append(errs, meta.Diagnostic{Pos: p, Severity: meta.SeverityError, Code: "settings", Message: fmt.Sprintf(format, args...)})
	}
	var v *meta.Node
	if tool := root.Get("tool"); tool != nil && tool.Kind == meta.KindMap {
		if cg := tool.Get("charmgen"); cg != nil && cg.Kind == meta.KindMap {
			v = cg.Get("lint")
		}
	}
	if v == nil {
		return nil, nil
	}
	l := parseLint(v, bad, "tool.charmgen.lint")
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}
