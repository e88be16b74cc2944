package gen_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/meta"
)

func corpusDir(t testing.TB) string {
	d := filepath.Join(repoRoot(t), "..", "shared", "corpus", "charms")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not found at %s; these tests read the real charms there", d)
	}
	return d
}

// TestCorpusCompiles generates code from the metadata alone of every charm
// in the corpus, into one fresh module, and runs go vet over all of it.
func TestCorpusCompiles(t *testing.T) {
	needGo(t)
	root := corpusDir(t)
	mod := newModule(t, "example.com/corpus", "")
	ents, _ := os.ReadDir(root)
	n := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		src := filepath.Join(root, e.Name())
		juju := 4
		if b, _ := os.ReadFile(filepath.Join(src, "metadata.yaml")); strings.Contains(string(b), "\nseries:") {
			juju = 3 // Juju 4 refuses series: these charms target Juju 3
		}
		c, err := meta.Load(src, &meta.Options{Juju: juju})
		var ds meta.Diagnostics
		if err != nil && !(errors.As(err, &ds) && e.Name() == "fixture--charmcraft--complex-self-contained") {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		// The charmcraft fixture mounts undeclared storage, which Juju
		// refuses and so does the CLI; the rest of its model is complete
		// and must generate code that compiles.
		dir := filepath.Join(mod, e.Name())
		files, err := gen.Plan(gen.Options{Dir: dir, Charm: c, Module: "example.com/corpus/" + e.Name()})
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if _, err := gen.Write(dir, files); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		n++
	}
	start := time.Now()
	run(t, mod, "go", "vet", "./...")
	t.Logf("go vet over %d generated charms: %v", n, time.Since(start))
	if n < 30 {
		t.Errorf("only %d corpus charms generated", n)
	}
}

// TestCheckAndIdempotentWrite: --check passes right after gen, fails with a
// diff after charmcraft.yaml changes; a second gen touches no file.
func TestCheckAndIdempotentWrite(t *testing.T) {
	dir := newModule(t, "example.com/shop", shopCharm)
	generate(t, dir)
	plan := func() []gen.File {
		c, err := meta.Load(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Plan(gen.Options{Dir: dir, Charm: c})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	if d, err := gen.Check(dir, plan()); err != nil || d != "" {
		t.Fatalf("check right after gen: %v\n%s", err, d)
	}
	// Age every file, regenerate, and see that nothing was touched.
	old := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	if changed := generate(t, dir); len(changed) != 0 {
		t.Errorf("second gen changed %v", changed)
	}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !info.ModTime().Equal(old) {
			t.Errorf("%s was touched by a second gen", p)
		}
		return nil
	})
	// A new option makes the generated code stale.
	write(t, filepath.Join(dir, "charmcraft.yaml"), strings.Replace(shopCharm, "config:\n  options:\n", "config:\n  options:\n    motd:\n      type: string\n      description: Message.\n", 1))
	d, err := gen.Check(dir, plan())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "--- a/internal/charm/config.gen.go") || !strings.Contains(d, "+\tMotd *string `json:\"motd\"`") {
		t.Errorf("check after adding an option:\n%s", d)
	}
	// After gen, check is clean again.
	generate(t, dir)
	if d, _ := gen.Check(dir, plan()); d != "" {
		t.Errorf("check after regenerating:\n%s", d)
	}
}

// BenchmarkPlanPostgres plans generation for the largest corpus charm
// (postgresql-operator: 186 options): load, model, emit, gofmt.
func BenchmarkPlanPostgres(b *testing.B) {
	src := filepath.Join(corpusDir(b), "postgresql-operator")
	dir := b.TempDir()
	write(b, filepath.Join(dir, "go.mod"), "module example.com/pg\n")
	for i := 0; i < b.N; i++ {
		c, err := meta.Load(src, &meta.Options{Juju: 4})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Plan(gen.Options{Dir: dir, Charm: c}); err != nil {
			b.Fatal(err)
		}
	}
}
