// Package analyzertest runs charmgen's Go analyzers over their testdata
// with analysistest, with the real charm runtime package available to the
// test sources, loading that runtime once for all of them.
//
// Each analyzer keeps its sources in <name>/testdata/src/<pkg>/ with
// "// want" comments, as analysistest expects. The sources import the
// runtime as github.com/charmgen/charmgen/charm; Run copies the runtime's
// own files from this repository into the GOPATH-style tree it hands
// analysistest, so the tests always check against the runtime as it is,
// not a stub.
//
// Loading is what costs: go/packages type-checks the runtime and the ~90
// standard packages it imports from source, about 3 s on a 2-core
// machine, where the analysis itself takes milliseconds. So Run lays
// every analyzer's sources side by side in one tree, at <name>/<pkg>, and
// makes one analysistest.Run over all of them: one load, and
// analysistest's own "// want" checks on every package. Each analyzer
// runs only on its own packages, and only its diagnostics are checked
// against their "// want" comments, as if it had been run alone.
package analyzertest

import (
	"bytes"
	"fmt"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Run checks each analyzer against every package of
// ./<name>/testdata/src (relative to the test's directory, <name> being
// the analyzer's Name), each in a subtest named after the analyzer. It
// fails if a directory beside them has a testdata/src but no analyzer
// here, so a new analyzer's data is not left unchecked.
func Run(t *testing.T, analyzers ...*analysis.Analyzer) {
	t.Helper()
	tmp := t.TempDir()
	var patterns []string
	names := map[string]bool{}
	for _, a := range analyzers {
		if names[a.Name] {
			t.Fatalf("analyzer %s given twice", a.Name)
		}
		if len(a.FactTypes) > 0 {
			// A fact-exporting analyzer would also have to run on the
			// packages its test sources import; nothing needs that yet.
			t.Fatalf("analyzer %s exports facts, which analyzertest does not handle", a.Name)
		}
		names[a.Name] = true
		src := filepath.Join(a.Name, "testdata", "src")
		pkgs, err := goPackages(src)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkgs) == 0 {
			t.Fatalf("%s: no packages", src)
		}
		for _, p := range pkgs {
			patterns = append(patterns, a.Name+"/"+p)
		}
		if err := os.CopyFS(filepath.Join(tmp, "src", a.Name), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	dirs, err := filepath.Glob(filepath.Join("*", "testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if name := filepath.Dir(filepath.Dir(d)); !names[name] {
			t.Errorf("%s has test data but no analyzer in this test", name)
		}
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The runtime and the module-internal packages it imports.
	for _, dir := range []string{"charm", filepath.Join("internal", "websocket"), filepath.Join("internal", "atomicfile")} {
		dst := filepath.Join(tmp, "src", "github.com", "charmgen", "charmgen", dir)
		if err := copyGo(filepath.Join(root, dir), dst); err != nil {
			t.Fatal(err)
		}
	}

	found := &found{diags: map[*types.Package][]analysis.Diagnostic{}, ran: map[string]bool{}}
	all := &analysis.Analyzer{
		Name: "analyzertest",
		Doc:  "reports on each package what the package's own analyzer found there",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, d := range found.take(pass.Pkg) {
				pass.Report(d)
			}
			return nil, nil
		},
	}
	for _, a := range analyzers {
		all.Requires = append(all.Requires, own(a, found))
	}
	r := &router{TB: t, msgs: map[string][]string{}}
	for _, a := range analyzers {
		r.names = append(r.names, a.Name)
	}
	analysistest.Run(r, tmp, all, patterns...)

	for _, a := range analyzers {
		t.Run(a.Name, func(t *testing.T) {
			for _, p := range patterns {
				if owner(p) == a.Name && !found.ran[p] {
					t.Errorf("%s did not run on %s", a.Name, p)
				}
			}
			for _, msg := range r.msgs[a.Name] {
				t.Error(msg)
			}
		})
	}
}

// found holds what each analyzer reported, per package, until the
// package's analyzertest pass reports it, and which packages the
// analyzers ran on. The checker runs passes concurrently.
type found struct {
	mu    sync.Mutex
	diags map[*types.Package][]analysis.Diagnostic
	ran   map[string]bool
}

func (f *found) add(pkg *types.Package, d analysis.Diagnostic) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.diags[pkg] = append(f.diags[pkg], d)
}

func (f *found) take(pkg *types.Package) []analysis.Diagnostic {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.diags[pkg]
	delete(f.diags, pkg)
	return d
}

func (f *found) markRan(path string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ran[path] = true
}

// own returns an analyzer that runs a on the packages under a's own name
// (<name>/...), with a's own Requires, and keeps its diagnostics in f; on
// other packages it does nothing.
func own(a *analysis.Analyzer, f *found) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		Requires:         a.Requires,
		RunDespiteErrors: a.RunDespiteErrors,
		Run: func(pass *analysis.Pass) (any, error) {
			if owner(pass.Pkg.Path()) != a.Name {
				return nil, nil
			}
			f.markRan(pass.Pkg.Path())
			inner := *pass
			inner.Analyzer = a
			inner.Report = func(d analysis.Diagnostic) { f.add(pass.Pkg, d) }
			_, err := a.Run(&inner)
			return nil, err
		},
	}
}

// owner is the first element of an import path: the analyzer a test
// package belongs to.
func owner(path string) string {
	name, _, _ := strings.Cut(path, "/")
	return name
}

// router is the testing.TB analysistest reports to. It keeps each failure
// about an analyzer's package (analysistest names the file, relative to
// src/, first, or the action as analyzer@package) for that analyzer's
// subtest, and passes the rest (loading failed, say) to the test itself.
type router struct {
	testing.TB
	names []string
	mu    sync.Mutex
	msgs  map[string][]string
}

func (r *router) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, n := range r.names {
		if strings.HasPrefix(msg, n+"/") || strings.Contains(msg, "@"+n+"/") {
			r.mu.Lock()
			r.msgs[n] = append(r.msgs[n], msg)
			r.mu.Unlock()
			return
		}
	}
	r.TB.Helper()
	r.TB.Error(msg)
}

// goPackages lists the directories under src that hold Go files, as
// slash-separated paths relative to src, sorted.
func goPackages(src string) ([]string, error) {
	var pkgs []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, err := filepath.Rel(src, filepath.Dir(path))
		if err != nil {
			return err
		}
		if p := filepath.ToSlash(rel); !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
		return nil
	})
	slices.Sort(pkgs)
	return pkgs, err
}

// moduleRoot finds the directory of charmgen's go.mod above the working
// directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(b, []byte("module github.com/charmgen/charmgen\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fs.ErrNotExist
		}
		dir = parent
	}
}

// copyGo copies the non-test Go files of the package tree at src (skipping
// testdata directories) to dst.
func copyGo(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}
