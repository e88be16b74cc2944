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
	// go.mod points at with a replace directive (offline builds); only
	// `charmgen new --sdk` sets it.
	Replace string
	// Schemas are relation interface schema trees charmgen.yaml names,
	// relative to the charm root (charmgen new --schemas).
	Schemas []string
	// Port, when set, makes the charm a port of an existing one (charmgen
	// new --from): its charmcraft.yaml is Port.Charmcraft, its README says
	// what was carried over, its tests cover what the metadata declares,
	// and charm.go is left to charmgen gen, which stubs every handler.
	Port *Port
}

// Port describes a charm ported with `charmgen new --from`.
type Port struct {
	// From is the source charm's directory, as the user named it.
	From string
	// Format is the source's metadata form: unified, legacy or hybrid.
	Format string
	// Files are the metadata files read, relative to From.
	Files []string
	// Charmcraft is the ported charmcraft.yaml: the source's metadata in
	// unified form, with the Go part (GoPart) as its build.
	Charmcraft []byte
	// Kept lists what the port carries over, one Markdown line each.
	Kept []string
	// Changed lists what the port replaced, converted or left out, one
	// Markdown line each.
	Changed []string
	// Actions are the charm's actions, for the test stubs.
	Actions []PortAction
	// Containers are the charm's workload containers, by name.
	Containers []string
	// Subordinate is true for a subordinate charm, which deploys only
	// related to a principal.
	Subordinate bool
	// Base is the base the integration test deploys on, "ubuntu@22.04".
	Base string
	// Images are the OCI image resources and where their images come
	// from, in the order the metadata declares them.
	Images []PortImage
}

// PortAction is one action of a ported charm, as its test stub runs it.
type PortAction struct {
	// Name is the action's name and Method its Handler method.
	Name, Method string
	// Params is the Go expression of the params the test runs it with: a
	// map[string]any literal, or nil.
	Params string
	// Skip, when set, says why the test cannot run the action: it needs
	// params whose values cannot be guessed from their schema.
	Skip string
}

// PortImage is an OCI image resource and its upstream-source ("" when the
// metadata names none).
type PortImage struct {
	Resource, Source string
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
	// from is "" for every charm, scaffold for `charmgen new` alone and
	// port for `charmgen new --from` alone.
	from string
}

// The values of entry.from.
const (
	scaffold = "scaffold"
	port     = "port"
)

// partials are templates other templates include (by file name), not in
// the manifest.
var partials = []string{"go-part.yaml.tmpl"}

// manifest lists the scaffolded files, in the order Render returns them.
var manifest = []entry{
	{tmpl: "charmcraft.yaml.tmpl", out: "charmcraft.yaml", from: scaffold},
	{tmpl: "port/charmcraft.yaml.tmpl", out: "charmcraft.yaml", from: port},
	{tmpl: "charmgen.yaml.tmpl", out: "charmgen.yaml"},
	{tmpl: "go.mod.tmpl", out: "go.mod"},
	{tmpl: "README.md.tmpl", out: "README.md", layout: GoLayout, from: scaffold},
	{tmpl: "port/README.md.tmpl", out: "README.md", layout: GoLayout, from: port},
	{tmpl: "daemon/README.md.tmpl", out: "README.md", layout: DaemonLayout},
	{tmpl: "Makefile.tmpl", out: "Makefile"},
	{tmpl: "gitignore.tmpl", out: ".gitignore"},
	{tmpl: "pre-commit-config.yaml.tmpl", out: ".pre-commit-config.yaml"},
	{tmpl: "ci.yaml.tmpl", out: ".github/workflows/ci.yaml"},
	{tmpl: "machine/charm.go.tmpl", out: "internal/charm/charm.go", kind: Machine, layout: GoLayout, from: scaffold},
	{tmpl: "machine/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Machine, layout: GoLayout, from: scaffold},
	{tmpl: "kubernetes/charm.go.tmpl", out: "internal/charm/charm.go", kind: Kubernetes, layout: GoLayout, from: scaffold},
	{tmpl: "kubernetes/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Kubernetes, layout: GoLayout, from: scaffold},
	// A port's charm.go is gen's stub of every handler its metadata
	// implies; its tests run the deploy and each action.
	{tmpl: "port/charm_test.go.tmpl", out: "internal/charm/charm_test.go", layout: GoLayout, from: port},
	{tmpl: "integration/doc.go.tmpl", out: "tests/integration/doc.go", layout: GoLayout},
	{tmpl: "integration/integration_test.go.tmpl", out: "tests/integration/integration_test.go", layout: GoLayout, from: scaffold},
	{tmpl: "port/integration_test.go.tmpl", out: "tests/integration/integration_test.go", layout: GoLayout, from: port},
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

// parse parses the template at charm/name with the partials it may
// include ([[template "go-part.yaml.tmpl" .]]).
func parse(name string) (*template.Template, error) {
	src, err := fs.ReadFile(files, path.Join("charm", name))
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		psrc, err := fs.ReadFile(files, path.Join("charm", p))
		if err != nil {
			return nil, err
		}
		if _, err := t.New(p).Parse(string(psrc)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// GoPart renders the charmcraft.yaml parts section of a Go charm (the
// comment above it included): one part, charm, whose go plugin builds
// bin/NAME, which organize makes the charm's dispatch. The scaffold's
// charmcraft.yaml holds the same; a port's replaces the source's parts
// with it.
func GoPart(d Data) ([]byte, error) {
	src, err := fs.ReadFile(files, path.Join("charm", partials[0]))
	if err != nil {
		return nil, err
	}
	t, err := template.New(partials[0]).Delims("[[", "]]").Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
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
	from := scaffold
	if d.Port != nil {
		from = port
		if d.Layout != GoLayout {
			return nil, fmt.Errorf("a port (charmgen new --from) has the %s layout, not %s", GoLayout, d.Layout)
		}
	}
	var out []File
	for _, e := range manifest {
		if (e.kind != "" && e.kind != d.Kind) || (e.layout != "" && e.layout != d.Layout) || (e.from != "" && e.from != from) {
			continue
		}
		t, err := parse(e.tmpl)
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
