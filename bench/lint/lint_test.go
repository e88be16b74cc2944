package lintbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

const corpusDir = "../../../shared/corpus/charms"

// PythonTree writes a charm with n Python files into dir, each a copy of
// one of lint's fixture charms (testdata/pycharms/*/src/charm.py), in turn.
func PythonTree(dir string, n int) error {
	srcs, err := filepath.Glob(filepath.Join("..", "..", "lint", "testdata", "pycharms", "*", "src", "charm.py"))
	if err != nil || len(srcs) == 0 {
		return fmt.Errorf("no fixture charms found: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		return err
	}
	meta := "name: tree\ntype: charm\ntitle: Tree\nsummary: Fifty Python files.\ndescription: A tree for charmgen lint's benchmark.\n" +
		"base: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: uv\n    source: .\n    build-snaps: [astral-uv]\n"
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte(meta), 0o644); err != nil {
		return err
	}
	for i := range n {
		b, err := os.ReadFile(srcs[i%len(srcs)])
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "src", fmt.Sprintf("charm_%02d.py", i)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkPythonTree50(b *testing.B) {
	dir := b.TempDir()
	if err := PythonTree(dir, 50); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if res.Files != 51 {
			b.Fatalf("linted %d files, want 51", res.Files)
		}
	}
}

func BenchmarkCorpusMetadata(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	for b.Loop() {
		res, err := lint.Run(context.Background(), lint.Options{Dir: corpusDir, Kinds: []rule.Kind{rule.Metadata}})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Charms) < 30 {
			b.Fatalf("linted %d charms", len(res.Charms))
		}
	}
}

// TestPythonTree keeps the tree builder working (go test runs it; the
// benchmarks only run with -bench).
func TestPythonTree(t *testing.T) {
	dir := t.TempDir()
	if err := PythonTree(dir, 50); err != nil {
		t.Fatal(err)
	}
	res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 51 || len(res.Findings) == 0 {
		t.Errorf("tree: %d files, %d findings", res.Files, len(res.Findings))
	}
}
