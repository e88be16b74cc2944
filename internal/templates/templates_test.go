package templates

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
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
	for _, p := range partials {
		listed[p] = true
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

// The scaffold's charmcraft.yaml holds the Go part GoPart renders, which a
// port's charmcraft.yaml gets too.
func TestGoPart(t *testing.T) {
	d := data(Machine)
	part, err := GoPart(d)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files[0].Content, part) {
		t.Errorf("charmcraft.yaml does not hold the Go part:\n%s\n--- part\n%s", files[0].Content, part)
	}
	for _, want := range []string{"\nparts:\n  charm:\n    plugin: go\n", "      - go/1.25/stable\n", "      bin/my-app: dispatch\n",
		"if [ -f vendor/modules.txt ]; then\n        go install", "craftctl default"} {
		if !strings.Contains(string(part), want) {
			t.Errorf("the Go part lacks %q:\n%s", want, part)
		}
	}
	if !bytes.HasPrefix(part, []byte("# ")) || !bytes.HasSuffix(part, []byte("dispatch\n")) {
		t.Errorf("the Go part is not a comment and one parts section:\n%s", part)
	}
}

func portData(kind string) Data {
	d := data(kind)
	d.Port = &Port{
		From: "../old", Format: "legacy", Files: []string{"metadata.yaml"},
		Charmcraft: []byte("name: my-app\ntype: charm\nsummary: s\ndescription: d\n"),
		Kept:       []string{"2 relation endpoints."}, Changed: []string{"The build."},
		Actions: []PortAction{{Name: "back-up", Method: "BackUpAction", Params: `map[string]any{"to": "example"}`},
			{Name: "restore", Method: "RestoreAction", Params: "nil", Skip: `needs "id"`}},
		Base:   "ubuntu@22.04",
		Images: []PortImage{{Resource: "img", Source: "ubuntu:22.04"}, {Resource: "other"}},
	}
	return d
}

// A port's charmcraft.yaml is Port.Charmcraft; it has no templated charm.go
// (gen stubs every handler), and its README, tests and integration test
// are written for what it declares.
func TestRenderPort(t *testing.T) {
	want := []string{
		"charmcraft.yaml", "charmgen.yaml", "go.mod", "README.md", "Makefile", ".gitignore",
		".pre-commit-config.yaml", ".github/workflows/ci.yaml", "internal/charm/charm_test.go",
		"tests/integration/doc.go", "tests/integration/integration_test.go",
	}
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			files, err := Render(portData(kind))
			if err != nil {
				t.Fatal(err)
			}
			if got := paths(files); !reflect.DeepEqual(got, want) {
				t.Errorf("files = %v, want %v", got, want)
			}
			byPath := map[string]string{}
			for _, f := range files {
				byPath[f.Path] = string(f.Content)
				if strings.Contains(byPath[f.Path], "[[") || strings.Contains(byPath[f.Path], "<no value>") {
					t.Errorf("%s: template action left in the output", f.Path)
				}
			}
			if byPath["charmcraft.yaml"] != "name: my-app\ntype: charm\nsummary: s\ndescription: d\n" {
				t.Errorf("charmcraft.yaml:\n%s", byPath["charmcraft.yaml"])
			}
			for _, want := range []string{"## Ported from ../old", "- 2 relation endpoints.", "- The build.", "`BackUpAction`, `RestoreAction`", "--resource img=ubuntu:22.04 --resource other=IMAGE"} {
				if !strings.Contains(byPath["README.md"], want) {
					t.Errorf("README.md lacks %q:\n%s", want, byPath["README.md"])
				}
			}
			for _, want := range []string{`{name: "back-up", params: map[string]any{"to": "example"}}`, `{name: "restore", params: nil, skip: "needs \"id\""}`, `jujusim.Scenario("deploy", st)`} {
				if !strings.Contains(byPath["internal/charm/charm_test.go"], want) {
					t.Errorf("charm_test.go lacks %q:\n%s", want, byPath["internal/charm/charm_test.go"])
				}
			}
			it := byPath["tests/integration/integration_test.go"]
			for _, want := range []string{`jujutest.ParseBase("ubuntu@22.04")`, `"img":   "ubuntu:22.04",`, `t.Skip("resource other names no upstream-source`} {
				if !strings.Contains(it, want) {
					t.Errorf("integration_test.go lacks %q:\n%s", want, it)
				}
			}
		})
	}
	d := portData(Machine)
	d.Layout = DaemonLayout
	if _, err := Render(d); err == nil {
		t.Error("a port in the daemon layout rendered")
	}
	// Without actions, the test file has no TestActions and no unused import.
	d = portData(Machine)
	d.Port.Actions = nil
	files, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == "internal/charm/charm_test.go" && (bytes.Contains(f.Content, []byte("TestActions")) || bytes.Contains(f.Content, []byte(`"strings"`))) {
			t.Errorf("charm_test.go without actions:\n%s", f.Content)
		}
	}
}

func TestCharmgenYAMLSchemas(t *testing.T) {
	d := data(Machine)
	d.Schemas = []string{"../interfaces", "schemas"}
	files, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files[1].Content); !strings.HasSuffix(got, "\nschemas:\n  - ../interfaces\n  - schemas\n") {
		t.Errorf("charmgen.yaml:\n%s", got)
	}
}

// go.mod's replace says only --sdk writes it and what make vendor does; the
// Makefile has the vendor target and builds charmgen from the checkout.
func TestVendor(t *testing.T) {
	files, err := Render(data(Machine))
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Content)
	}
	for _, want := range []string{"// Only charmgen new --sdk writes this replace", "`make vendor` copies it into vendor/"} {
		if !strings.Contains(byPath["go.mod"], want) {
			t.Errorf("go.mod lacks %q:\n%s", want, byPath["go.mod"])
		}
	}
	for _, want := range []string{"\nvendor:\n\t$(GO) mod vendor\n", " vendor tools clean\n", `cd "$(CHARMGEN_SDK)" && $(GO) install ./cmd/charmgen`} {
		if !strings.Contains(byPath["Makefile"], want) {
			t.Errorf("Makefile lacks %q:\n%s", want, byPath["Makefile"])
		}
	}
}

// The CI workflow's Dependencies step, run as GitHub runs it: a published
// charmgen or a checkout CI has installs the charmgen command; a replace to
// a checkout CI lacks builds from vendor/, or fails with an error saying
// to run make vendor.
func TestCIDependencies(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash")
	}
	files, err := Render(data(Machine))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name, Run, If string
				ID            string `yaml:"id"`
			}
		}
	}
	for _, f := range files {
		if f.Path == ".github/workflows/ci.yaml" {
			if err := yaml.Unmarshal(f.Content, &wf); err != nil {
				t.Fatal(err)
			}
		}
	}
	script := ""
	for _, s := range wf.Jobs["test"].Steps {
		if s.ID == "deps" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("no Dependencies step (id: deps) in the test job")
	}
	for _, tc := range []struct {
		name, replace string
		vendor, fail  bool
		tool, out     string
	}{
		{name: "published", tool: "yes", out: "from the module proxy"},
		{name: "checkout here", replace: "./sdk", tool: "yes", out: "the checkout go.mod replaces it with, ./sdk"},
		{name: "vendored", replace: "../nowhere", vendor: true, tool: "no", out: "::notice file=go.mod::go.mod replaces charmgen with ../nowhere, which CI does not have: the charm builds and tests from vendor/"},
		{name: "nothing", replace: "../nowhere", fail: true, out: "::error file=go.mod::go.mod replaces charmgen with ../nowhere, which CI does not have, and there is no vendor/: run make vendor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mod := "module charm.example/x\n\ngo 1.25\n\nrequire github.com/charmgen/charmgen v0.0.0-00010101000000-000000000000\n"
			if tc.replace != "" {
				mod += "\nreplace github.com/charmgen/charmgen => " + tc.replace + "\n"
			}
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644)
			os.Mkdir(filepath.Join(dir, "sdk"), 0o755)
			if tc.vendor {
				os.Mkdir(filepath.Join(dir, "vendor"), 0o755)
				os.WriteFile(filepath.Join(dir, "vendor", "modules.txt"), []byte("# github.com/charmgen/charmgen\n"), 0o644)
			}
			output := filepath.Join(dir, "github-output")
			cmd := exec.Command(bash, "-e", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+output)
			out, err := cmd.CombinedOutput()
			if (err != nil) != tc.fail {
				t.Fatalf("err = %v, want failure %v:\n%s", err, tc.fail, out)
			}
			if !strings.Contains(string(out), tc.out) {
				t.Errorf("output lacks %q:\n%s", tc.out, out)
			}
			got, _ := os.ReadFile(output)
			if tc.tool != "" && string(got) != "tool="+tc.tool+"\n" {
				t.Errorf("GITHUB_OUTPUT = %q, want tool=%s", got, tc.tool)
			}
		})
	}
	// The steps that need the charmgen command run only when it installs;
	// build and test always run.
	for _, s := range wf.Jobs["test"].Steps {
		needsTool := strings.Contains(s.Run, "make tools") || strings.Contains(s.Run, "make gen-check") || strings.Contains(s.Run, "make lint") || strings.Contains(s.Run, "make sim")
		if needsTool && s.If != "steps.deps.outputs.tool == 'yes'" {
			t.Errorf("step %q runs without the charmgen command (if: %q)", s.Run, s.If)
		}
		if (s.Run == "make build" || s.Run == "make test") && s.If != "" {
			t.Errorf("step %q is conditional (if: %q)", s.Run, s.If)
		}
	}
}
