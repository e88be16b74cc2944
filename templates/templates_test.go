package templates

import (
	"bytes"
	"go/format"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

func data(kind string) Data {
	return Data{Name: "my-app", Kind: kind, Module: "charm.example/my-app", GoVersion: "1.25",
		Require: "v0.0.0-00010101000000-000000000000", Replace: "../charmgen"}
}

func paths(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func TestRenderEveryKind(t *testing.T) {
	want := []string{
		"charmcraft.yaml", "charmgen.yaml", "go.mod", "README.md", "Makefile", ".gitignore",
		".pre-commit-config.yaml", ".github/workflows/ci.yaml", "internal/charm/charm.go",
		"internal/charm/charm_test.go", "tests/integration/doc.go", "tests/integration/integration_test.go",
	}
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			files, err := Render(data(kind))
			if err != nil {
				t.Fatal(err)
			}
			if got := paths(files); !reflect.DeepEqual(got, want) {
				t.Errorf("files = %v, want %v", got, want)
			}
			byPath := map[string][]byte{}
			for _, f := range files {
				byPath[f.Path] = f.Content
				if strings.Contains(string(f.Content), "[[") || strings.Contains(string(f.Content), "<no value>") {
					t.Errorf("%s: template action left in the output", f.Path)
				}
				if !bytes.HasSuffix(f.Content, []byte("\n")) {
					t.Errorf("%s: no final newline", f.Path)
				}
				if strings.HasSuffix(f.Path, ".go") {
					if src, err := format.Source(f.Content); err != nil || !bytes.Equal(src, f.Content) {
						t.Errorf("%s is not gofmt'ed (%v)", f.Path, err)
					}
				}
			}
			c, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": byPath["charmcraft.yaml"]}, &meta.Options{
				Warn: func(d meta.Diagnostic) { t.Errorf("charmcraft.yaml warning: %v", d) },
			})
			if err != nil {
				t.Fatalf("charmcraft.yaml: %v\n%s", err, byPath["charmcraft.yaml"])
			}
			if c.IsKubernetes() != (kind == Kubernetes) {
				t.Errorf("IsKubernetes = %v for kind %s", c.IsKubernetes(), kind)
			}
			for _, o := range []string{"log-level", "port"} {
				if c.Option(o) == nil {
					t.Errorf("no %s option", o)
				}
			}
			for _, r := range []string{"website", "upstream"} {
				if c.Relation(r) == nil {
					t.Errorf("no %s endpoint", r)
				}
			}
			if kind == Kubernetes && (len(c.Containers) != 1 || c.ResourceNamed("workload-image") == nil) {
				t.Errorf("containers %v, resources %v", c.Containers, c.Resources)
			}
			for _, want := range []string{"base: ubuntu@24.04", "  amd64:\n  arm64:", "- go/1.25/stable", "bin/my-app: dispatch"} {
				if !strings.Contains(string(byPath["charmcraft.yaml"]), want) {
					t.Errorf("charmcraft.yaml lacks %q", want)
				}
			}
			if !strings.Contains(string(byPath["go.mod"]), "replace github.com/charmgen/charmgen => ../charmgen\n") {
				t.Errorf("go.mod:\n%s", byPath["go.mod"])
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	for _, kind := range Kinds {
		a, err := Render(data(kind))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Render(data(kind))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two renders differ", kind)
		}
	}
}

func TestRenderRefusesUnknownKinds(t *testing.T) {
	if _, err := Render(Data{Name: "x", Kind: "vm"}); err == nil || !strings.Contains(err.Error(), "machine or kubernetes") {
		t.Errorf("err = %v", err)
	}
}

func TestGoMod(t *testing.T) {
	d := data(Machine)
	d.Require, d.Replace = "", ""
	files, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files[2].Content); got != "module charm.example/my-app\n\ngo 1.25\n" {
		t.Errorf("go.mod without require or replace:\n%s", got)
	}
	d.Require, d.Replace = "v1.2.3", "/home/me/src/char mgen"
	files, _ = Render(d)
	got := string(files[2].Content)
	for _, want := range []string{"require github.com/charmgen/charmgen v1.2.3\n", `replace github.com/charmgen/charmgen => "/home/me/src/char mgen"` + "\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, got)
		}
	}
}

// Every template is in the manifest, and every manifest entry exists.
func TestManifestCoversTheTemplates(t *testing.T) {
	listed := map[string]bool{}
	for _, e := range manifest {
		listed[e.tmpl] = true
	}
	err := fs.WalkDir(files, "charm", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "charm/")
		if !listed[rel] {
			t.Errorf("template %s is not in the manifest", rel)
		}
		delete(listed, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for tmpl := range listed {
		t.Errorf("manifest entry %s has no template", path.Join("charm", tmpl))
	}
}

func TestTitle(t *testing.T) {
	if got := (Data{Name: "my-app2"}).Title(); got != "My App2" {
		t.Errorf("Title = %q", got)
	}
}
