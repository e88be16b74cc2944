// Package analyzertest runs an analyzer over its testdata with
// analysistest, with the real charm runtime package available to the test
// sources.
//
// Each analyzer keeps its sources in testdata/src/<pkg>/ with "// want"
// comments, as analysistest expects. The sources import the runtime as
// github.com/charmgen/charmgen/charm; Run copies the runtime's own files
// from this repository into the GOPATH-style tree it hands analysistest,
// so the tests always check against the runtime as it is, not a stub.
//
// Parts of the runtime that this checkout may not have yet — the Pebble
// client (charm/pebble) and charm.Container — come from testdata/stubs
// beside this file, and only while the real runtime lacks them: once
// charm/pebble declares its Client, the tests use the real packages.
package analyzertest

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Run runs a over the packages pkgs of ./testdata/src and checks its
// diagnostics against the "// want" comments.
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) {
	t.Helper()
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, "src"), os.DirFS(filepath.Join("testdata", "src"))); err != nil {
		t.Fatal(err)
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(tmp, "src", "github.com", "charmgen", "charmgen", "charm")
	if err := copyGo(filepath.Join(root, "charm"), dst); err != nil {
		t.Fatal(err)
	}
	stubs := filepath.Join(root, "lint", "analyzers", "internal", "analyzertest", "testdata", "stubs")
	if err := useStubs(dst, stubs); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, tmp, a, pkgs...)
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

// useStubs puts the stand-ins of testdata/stubs into the copy of the
// runtime at dst when the real charm/pebble has no Client yet: the stub
// Pebble package replaces the real one, the runtime's files that import it
// are dropped, and the stub Container is added unless the runtime declares
// one without it.
func useStubs(dst, stubs string) error {
	pebbleDir := filepath.Join(dst, "pebble")
	real, err := declares(pebbleDir, "Client")
	if err != nil || real {
		return err
	}
	if err := os.RemoveAll(pebbleDir); err != nil {
		return err
	}
	if err := copyGo(filepath.Join(stubs, "charm", "pebble"), pebbleDir); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dst, "*.go"))
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range af.Imports {
			if im.Path.Value == `"github.com/charmgen/charmgen/charm/pebble"` {
				if err := os.Remove(f); err != nil {
					return err
				}
				break
			}
		}
	}
	has, err := declares(dst, "Container")
	if err != nil || has {
		return err
	}
	b, err := os.ReadFile(filepath.Join(stubs, "charm", "container.go"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "zz_container_stub.go"), b, 0o644)
}

// declares reports whether the Go files of the package in dir declare a
// type called name.
func declares(dir, name string) (bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return false, err
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return false, err
		}
		for _, d := range af.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, sp := range gd.Specs {
					if sp.(*ast.TypeSpec).Name.Name == name {
						return true, nil
					}
				}
			}
		}
	}
	return false, nil
}
