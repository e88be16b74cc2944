package templates

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/meta"
)

func data(kind string) Data {
	return Data{Name: "my-app", Kind: kind, Module: "charm.example/my-app", GoVersion: "1.25",
		Require: "v0.0.0-00010101000000-000000000000", Replace: "../charmgen"}
}

func daemonData(kind string) Data {
	d := data(kind)
	d.Layout = DaemonLayout
	return d
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
		for _, d := range []Data{data(kind), daemonData(kind)} {
			a, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Render(d)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s, layout %q: two renders differ", kind, d.Layout)
			}
		}
	}
}

func TestRenderRefusesUnknownLayouts(t *testing.T) {
	if _, err := Render(Data{Name: "x", Kind: Machine, Layout: "lucky"}); err == nil || !strings.Contains(err.Error(), "go or daemon") {
		t.Errorf("err = %v", err)
	}
}

// The default layout is the Go layout, and says so in charmgen.yaml.
func TestRenderGoLayoutByDefault(t *testing.T) {
	a, err := Render(data(Machine))
	if err != nil {
		t.Fatal(err)
	}
	d := data(Machine)
	d.Layout = GoLayout
	b, _ := Render(d)
	if !reflect.DeepEqual(a, b) {
		t.Error("an empty Layout renders unlike GoLayout")
	}
	for _, f := range a {
		if f.Path == "charmgen.yaml" && !strings.Contains(string(f.Content), "\nlayout: go\n") {
			t.Errorf("charmgen.yaml:\n%s", f.Content)
		}
		if f.Mode != 0o644 {
			t.Errorf("%s: mode %v", f.Path, f.Mode)
		}
	}
}

func TestRenderDaemonLayout(t *testing.T) {
	want := []string{
		"charmcraft.yaml", "charmgen.yaml", "go.mod", "README.md", "Makefile", ".gitignore",
		".pre-commit-config.yaml", ".github/workflows/ci.yaml", "cmd/my-app/main.go", "internal/charm/charm.go",
		"internal/charm/charm_test.go", "charmgen-hooks.yaml", "scripts/configure.sh",
	}
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			files, err := Render(daemonData(kind))
			if err != nil {
				t.Fatal(err)
			}
			if got := paths(files); !reflect.DeepEqual(got, want) {
				t.Errorf("files = %v, want %v", got, want)
			}
			dir := t.TempDir()
			byPath := map[string]string{}
			for _, f := range files {
				byPath[f.Path] = string(f.Content)
				if strings.Contains(byPath[f.Path], "[[") || strings.Contains(byPath[f.Path], "<no value>") {
					t.Errorf("%s: template action left in the output", f.Path)
				}
				if !strings.HasSuffix(byPath[f.Path], "\n") {
					t.Errorf("%s: no final newline", f.Path)
				}
				wantMode := fs.FileMode(0o644)
				if f.Path == "scripts/configure.sh" {
					wantMode = 0o755
				}
				if f.Mode != wantMode {
					t.Errorf("%s: mode %v, want %v", f.Path, f.Mode, wantMode)
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, f.Content, f.Mode); err != nil {
					t.Fatal(err)
				}
			}
			c, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(byPath["charmcraft.yaml"])}, &meta.Options{
				Warn: func(d meta.Diagnostic) { t.Errorf("charmcraft.yaml warning: %v", d) },
			})
			if err != nil {
				t.Fatalf("charmcraft.yaml: %v\n%s", err, byPath["charmcraft.yaml"])
			}
			if c.IsKubernetes() != (kind == Kubernetes) {
				t.Errorf("IsKubernetes = %v for kind %s", c.IsKubernetes(), kind)
			}
			if c.Option("port") == nil || c.Option("log-level") == nil {
				t.Error("no port or log-level option")
			}
			for _, want := range []string{"base: ubuntu@24.04", "  amd64:\n  arm64:", "- go/1.25/stable", "bin/my-app: dispatch", "daemon layout"} {
				if !strings.Contains(byPath["charmcraft.yaml"], want) {
					t.Errorf("charmcraft.yaml lacks %q", want)
				}
			}
			if !strings.Contains(byPath["charmgen.yaml"], "\nlayout: daemon\n") {
				t.Errorf("charmgen.yaml:\n%s", byPath["charmgen.yaml"])
			}
			if !strings.Contains(byPath["cmd/my-app/main.go"], `os.Exit(daemon.Main(daemon.Config{Name: "my-app", Reconcile: charm.Reconcile}))`) ||
				!strings.Contains(byPath["cmd/my-app/main.go"], `"charm.example/my-app/internal/charm"`) {
				t.Errorf("main.go:\n%s", byPath["cmd/my-app/main.go"])
			}
			if !strings.Contains(byPath["internal/charm/charm.go"], "func Reconcile(h *daemon.Hook) ([]charm.Status, error)") {
				t.Errorf("charm.go has no daemon.Reconciler:\n%s", byPath["internal/charm/charm.go"])
			}
			if !strings.HasPrefix(byPath["charmgen-hooks.yaml"], "# yaml-language-server: $schema=https://charmgen.dev/schemas/charmgen-hooks.schema.json\n") {
				t.Errorf("charmgen-hooks.yaml:\n%s", byPath["charmgen-hooks.yaml"])
			}
			// The daemon accepts the hooks file, with its script in place.
			hf, err := daemon.ParseHooksFile([]byte(byPath["charmgen-hooks.yaml"]), dir)
			if err != nil {
				t.Fatalf("charmgen-hooks.yaml: %v", err)
			}
			for _, hook := range []string{"install", "config-changed"} {
				if s := hf.Hooks[hook]; len(s) != 1 || s[0].Script != "configure.sh" {
					t.Errorf("hooks file: %s runs %+v", hook, s)
				}
			}
			sh := byPath["scripts/configure.sh"]
			for _, want := range []string{"#!/bin/sh\n", "$(my-app config get port)", "my-app status set active"} {
				if !strings.Contains(sh, want) {
					t.Errorf("configure.sh lacks %q:\n%s", want, sh)
				}
			}
			if !strings.Contains(byPath["README.md"], "docs/daemon.md") {
				t.Error("README.md does not link docs/daemon.md")
			}
			if strings.Contains(byPath["Makefile"], "integration") || strings.Contains(byPath[".github/workflows/ci.yaml"], "integration") {
				t.Error("Makefile or CI runs an integration test the daemon layout has not")
			}
			if !strings.Contains(byPath[".pre-commit-config.yaml"], "charmgen gen --check") {
				t.Error("pre-commit config lacks charmgen gen --check")
			}
		})
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
