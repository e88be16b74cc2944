package golden

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/gen/diff"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
)

var update = flag.Bool("update", false, "rewrite the expected files under out/")

const module = "github.com/charmgen/charmgen/golden"

func TestGolden(t *testing.T) {
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		n++
		name := e.Name()
		t.Run(name, func(t *testing.T) { runCase(t, name) })
	}
	if n < 5 {
		t.Errorf("only %d golden cases", n)
	}
}

func runCase(t *testing.T, name string) {
	c, err := meta.Load(name, &meta.Options{DisplayDir: name})
	if err != nil {
		t.Fatalf("loading: %v", err)
	}
	// Plan in an empty directory: the user-owned files are planned too, as
	// on a charm's first run.
	st, err := settings.Load(name, name)
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Plan(gen.Options{Dir: t.TempDir(), Settings: st, Charm: c, Module: module + "/" + name + "/out",
		Warn: func(w string) { t.Errorf("warning: %s", w) }})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(name, "out")
	if len(files) == 0 {
		t.Fatal("nothing planned")
	}
	want := map[string]bool{}
	for _, f := range files {
		want[filepath.FromSlash(f.Path)] = true
		p := filepath.Join(out, filepath.FromSlash(f.Path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: missing golden file (run go test ./golden -update and review it)", p)
			continue
		}
		if !bytes.Equal(old, f.Content) {
			t.Errorf("%s is stale:\n%s", p, diff.Unified(p, "generated", string(old), string(f.Content)))
		}
	}
	// Files under out/ that generation no longer makes are stale too.
	var extra []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			if !want[rel] {
				extra = append(extra, p)
			}
		}
		return nil
	})
	sort.Strings(extra)
	for _, p := range extra {
		if *update {
			os.Remove(p)
			continue
		}
		t.Errorf("%s is not generated any more; remove it (go test ./golden -update)", p)
	}
}

// TestDeterministic plans every case twice and requires identical bytes.
func TestDeterministic(t *testing.T) {
	ents, _ := os.ReadDir(".")
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		c, err := meta.Load(e.Name(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var runs [2][]gen.File
		for i := range runs {
			runs[i], err = gen.Plan(gen.Options{Dir: t.TempDir(), Charm: c, Module: "example.com/x"})
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(runs[0]) != len(runs[1]) {
			t.Fatalf("%s: %d files then %d", e.Name(), len(runs[0]), len(runs[1]))
		}
		for i := range runs[0] {
			if runs[0][i].Path != runs[1][i].Path || !bytes.Equal(runs[0][i].Content, runs[1][i].Content) {
				t.Errorf("%s: %s differs between two runs", e.Name(), runs[0][i].Path)
			}
		}
	}
}
