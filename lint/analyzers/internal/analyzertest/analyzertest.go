// Package analyzertest runs an analyzer over its testdata with
// analysistest, with the real charm runtime package available to the test
// sources.
//
// Each analyzer keeps its sources in testdata/src/<pkg>/ with "// want"
// comments, as analysistest expects. The sources import the runtime as
// github.com/charmgen/charmgen/charm; Run copies the runtime's own files
// from this repository into the GOPATH-style tree it hands analysistest,
// so the tests always check against the runtime as it is, not a stub.
package analyzertest

import (
	"bytes"
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
	// The runtime and the module-internal packages it imports.
	for _, dir := range []string{"charm", filepath.Join("internal", "websocket"), filepath.Join("internal", "atomicfile")} {
		dst := filepath.Join(tmp, "src", "github.com", "charmgen", "charmgen", dir)
		if err := copyGo(filepath.Join(root, dir), dst); err != nil {
			t.Fatal(err)
		}
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
