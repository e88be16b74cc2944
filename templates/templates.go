// Package templates holds the text templates `charmgen new` renders into a
// new charm: one template per scaffolded file, for everything jennifer does
// not make (charmcraft.yaml, charmgen.yaml, go.mod, README.md, Makefile, CI
// workflow, pre-commit config, .gitignore, the reconciler, its tests and the
// integration test). The generated Go code (*.gen.go) and, in the Go
// layout, cmd/<name>/main.go come from `charmgen gen` afterwards. The daemon
// layout (docs/daemon.md) has its own main, reconciler, charmgen-hooks.yaml
// and script.
//
// Templates live in charm/ and are embedded. They use [[ and ]] as
// delimiters, so that Go composite literals ({{...}}) and GitHub Actions
// expressions (${{ ... }}) in them are plain text.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
)

//go:embed charm
var files embed.FS

// The kinds of charm `charmgen new` makes.
const (
	Machine    = "machine"
	Kubernetes = "kubernetes"
)

// Kinds lists the kinds, default first.
var Kinds = []string{Machine, Kubernetes}

// The layouts of charm `charmgen new` makes (charmgen.yaml's layout).
const (
	// GoLayout is one Go binary that is the charm's dispatch, with the
	// Handler charmgen gen generates.
	GoLayout = "go"
	// DaemonLayout is the Lucky-style daemon layout (docs/daemon.md): one
	// binary that is dispatch client, unit daemon and the CLI of the
	// scripts charmgen-hooks.yaml maps to hooks.
	DaemonLayout = "daemon"
)

// Layouts lists the layouts, default first.
var Layouts = []string{GoLayout, DaemonLayout}

// Data is what the templates see.
type Data struct {
	// Name is the charm's name, already validated.
	Name string
	// Kind is Machine or Kubernetes.
	Kind string
	// Layout is GoLayout or DaemonLayout; empty means GoLayout.
	Layout string
	// Module is the new charm's Go module path.
	Module string
	// GoVersion is the go directive of go.mod ("1.25"); the go snap of the
	// charm's build is pinned to the same minor version.
	GoVersion string
	// Require is the charmgen version go.mod requires; empty leaves the
	// require out, for `go mod tidy` to add the latest.
	Require string
	// Replace, when set, is the directory of a charmgen checkout that
	// go.mod points at with a replace directive (offline builds).
	Replace string
}

// Kubernetes reports whether the charm is a Kubernetes charm.
func (d Data) Kubernetes() bool { return d.Kind == Kubernetes }

// Daemon reports whether the charm has the daemon layout.
func (d Data) Daemon() bool { return d.Layout == DaemonLayout }

// HooksSchema is the JSON Schema URL of charmgen-hooks.yaml.
func (d Data) HooksSchema() string {
	return "https://charmgen.dev/schemas/charmgen-hooks.schema.json"
}

// Title is the charm's name as a title: "my-app" → "My App".
func (d Data) Title() string {
	words := strings.Split(d.Name, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// GoSnap is the pinned channel of the go snap that builds the charm.
func (d Data) GoSnap() string { return "go/" + d.GoVersion + "/stable" }

// Container is the workload container of a Kubernetes charm.
func (d Data) Container() string { return "workload" }

// ContainerMethod is the container's accessor on the generated Containers.
func (d Data) ContainerMethod() string { return "Workload" }

// Resource is the OCI image resource of the workload container.
func (d Data) Resource() string { return "workload-image" }

// Image is the upstream image of the workload container.
func (d Data) Image() string { return "python:3.12-slim" }

// ReplacePath is Replace as go.mod wants it: quoted when it must be.
func (d Data) ReplacePath() string {
	if strings.ContainsAny(d.Replace, " \t\"'`\\") {
		return strconv.Quote(d.Replace)
	}
	return d.Replace
}

// File is one rendered file: its slash-separated path in the new charm and
// its content.
type File struct {
	Path    string
	Content []byte
	// Mode is the file's permission bits: 0o644, or 0o755 for scripts.
	Mode fs.FileMode
}

// entry maps a template to the file it renders.
type entry struct {
	tmpl   string // under charm/
	out    string
	kind   string // "" for every kind
	layout string // "" for every layout
	exec   bool   // an executable script (0o755)
}

// manifest lists the scaffolded files, in the order Render returns them.
var manifest = []entry{
	{tmpl: "charmcraft.yaml.tmpl", out: "charmcraft.yaml"},
	{tmpl: "charmgen.yaml.tmpl", out: "charmgen.yaml"},
	{tmpl: "go.mod.tmpl", out: "go.mod"},
	{tmpl: "README.md.tmpl", out: "README.md", layout: GoLayout},
	{tmpl: "daemon/README.md.tmpl", out: "README.md", layout: DaemonLayout},
	{tmpl: "Makefile.tmpl", out: "Makefile"},
	{tmpl: "gitignore.tmpl", out: ".gitignore"},
	{tmpl: "pre-commit-config.yaml.tmpl", out: ".pre-commit-config.yaml"},
	{tmpl: "ci.yaml.tmpl", out: ".github/workflows/ci.yaml"},
	{tmpl: "machine/charm.go.tmpl", out: "internal/charm/charm.go", kind: Machine, layout: GoLayout},
	{tmpl: "machine/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Machine, layout: GoLayout},
	{tmpl: "kubernetes/charm.go.tmpl", out: "internal/charm/charm.go", kind: Kubernetes, layout: GoLayout},
	{tmpl: "kubernetes/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Kubernetes, layout: GoLayout},
	{tmpl: "integration/doc.go.tmpl", out: "tests/integration/doc.go", layout: GoLayout},
	{tmpl: "integration/integration_test.go.tmpl", out: "tests/integration/integration_test.go", layout: GoLayout},
	// The daemon layout: the reconciler is a daemon.Reconciler, main is
	// templated (gen makes no Go-layout main or stub for it), and a script
	// that charmgen-hooks.yaml maps to hooks.
	{tmpl: "daemon/main.go.tmpl", out: "cmd/[[.Name]]/main.go", layout: DaemonLayout},
	{tmpl: "daemon/machine/charm.go.tmpl", out: "internal/charm/charm.go", kind: Machine, layout: DaemonLayout},
	{tmpl: "daemon/machine/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Machine, layout: DaemonLayout},
	{tmpl: "daemon/kubernetes/charm.go.tmpl", out: "internal/charm/charm.go", kind: Kubernetes, layout: DaemonLayout},
	{tmpl: "daemon/kubernetes/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Kubernetes, layout: DaemonLayout},
	{tmpl: "daemon/charmgen-hooks.yaml.tmpl", out: "charmgen-hooks.yaml", layout: DaemonLayout},
	{tmpl: "daemon/configure.sh.tmpl", out: "scripts/configure.sh", layout: DaemonLayout, exec: true},
}

// Render renders every file of a new charm of d.Kind and d.Layout, in a
// fixed order. Go files are gofmt'ed; a template that renders invalid Go is
// an error.
func Render(d Data) ([]File, error) {
	if d.Layout == "" {
		d.Layout = GoLayout
	}
	if d.Layout != GoLayout && d.Layout != DaemonLayout {
		return nil, fmt.Errorf("unknown layout %q: use %s", d.Layout, strings.Join(Layouts, " or "))
	}
	known := false
	for _, k := range Kinds {
		known = known || k == d.Kind
	}
	if !known {
		return nil, fmt.Errorf("unknown kind %q: use %s", d.Kind, strings.Join(Kinds, " or "))
	}
	var out []File
	for _, e := range manifest {
		if (e.kind != "" && e.kind != d.Kind) || (e.layout != "" && e.layout != d.Layout) {
			continue
		}
		src, err := fs.ReadFile(files, path.Join("charm", e.tmpl))
		if err != nil {
			return nil, err
		}
		t, err := template.New(e.tmpl).Delims("[[", "]]").Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, d); err != nil {
			return nil, err
		}
		content := buf.Bytes()
		if strings.HasSuffix(e.out, ".go") {
			if content, err = format.Source(content); err != nil {
				return nil, fmt.Errorf("template %s renders invalid Go: %w", e.tmpl, err)
			}
		}
		mode := fs.FileMode(0o644)
		if e.exec {
			mode = 0o755
		}
		out = append(out, File{Path: strings.ReplaceAll(e.out, "[[.Name]]", d.Name), Content: content, Mode: mode})
	}
	return out, nil
}
