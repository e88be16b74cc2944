// Package templates holds the text templates `charmgen new` renders into a
// new charm: one template per scaffolded file, for everything jennifer does
// not make (charmcraft.yaml, charmgen.yaml, go.mod, README.md, Makefile, CI
// workflow, pre-commit config, .gitignore, the reconciler, its tests and the
// integration test). The generated Go code (*.gen.go) and cmd/<name>/main.go
// come from `charmgen gen` afterwards.
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

// Data is what the templates see.
type Data struct {
	// Name is the charm's name, already validated.
	Name string
	// Kind is Machine or Kubernetes.
	Kind string
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
}

// entry maps a template to the file it renders.
type entry struct {
	tmpl string // under charm/
	out  string
	kind string // "" for every kind
}

// manifest lists the scaffolded files, in the order Render returns them.
var manifest = []entry{
	{tmpl: "charmcraft.yaml.tmpl", out: "charmcraft.yaml"},
	{tmpl: "charmgen.yaml.tmpl", out: "charmgen.yaml"},
	{tmpl: "go.mod.tmpl", out: "go.mod"},
	{tmpl: "README.md.tmpl", out: "README.md"},
	{tmpl: "Makefile.tmpl", out: "Makefile"},
	{tmpl: "gitignore.tmpl", out: ".gitignore"},
	{tmpl: "pre-commit-config.yaml.tmpl", out: ".pre-commit-config.yaml"},
	{tmpl: "ci.yaml.tmpl", out: ".github/workflows/ci.yaml"},
	{tmpl: "machine/charm.go.tmpl", out: "internal/charm/charm.go", kind: Machine},
	{tmpl: "machine/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Machine},
	{tmpl: "kubernetes/charm.go.tmpl", out: "internal/charm/charm.go", kind: Kubernetes},
	{tmpl: "kubernetes/charm_test.go.tmpl", out: "internal/charm/charm_test.go", kind: Kubernetes},
	{tmpl: "integration/doc.go.tmpl", out: "tests/integration/doc.go"},
	{tmpl: "integration/integration_test.go.tmpl", out: "tests/integration/integration_test.go"},
}

// Render renders every file of a new charm of d.Kind, in a fixed order.
// Go files are gofmt'ed; a template that renders invalid Go is an error.
func Render(d Data) ([]File, error) {
	known := false
	for _, k := range Kinds {
		known = known || k == d.Kind
	}
	if !known {
		return nil, fmt.Errorf("unknown kind %q: use %s", d.Kind, strings.Join(Kinds, " or "))
	}
	var out []File
	for _, e := range manifest {
		if e.kind != "" && e.kind != d.Kind {
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
		out = append(out, File{Path: e.out, Content: content})
	}
	return out, nil
}
