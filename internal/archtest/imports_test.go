package archtest

import (
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/charmgen/charmgen"

// forbidden lists, per package, the packages it must not link (a path
// ending in /... covers the packages under it too). Both are paths in
// this module.
var forbidden = []struct {
	pkg, not, why string
}{
	// The generator (gen, and its stages under internal/gen) reads
	// charmgen.yaml but must not link the linter: internal/settings checks
	// the lint section's shape, lint resolves its rules.
	{"gen/...", "lint/...", "the generator does not link the linter"},
	{"internal/gen/...", "lint/...", "the generator does not link the linter"},
	{"internal/settings", "lint/...", "internal/settings checks the lint section's shape; lint resolves its rule names"},
	// The hooks file's format is package daemon/hooksfile; the daemon
	// server (socket, hook tools, scripts) is for charms.
	{"lint/...", "daemon", "lint reads charmgen-hooks.yaml with daemon/hooksfile"},
	{"schemas", "daemon", "schemas reflects daemon/hooksfile's types"},
}

// charmRuntime lists the packages a charm's dispatch binary links: the
// runtime that generated and hand-written charms import, and the daemon
// layout. Every charm pays for what they link, in build time and binary
// size, on every hook. (charm/databag/schema is here because validate and
// the daemon link it; charm/charmtest, jujusim and jujutest are for tests
// and are not.)
var charmRuntime = []string{
	"charm",
	"charm/databag",
	"charm/databag/schema",
	"charm/databag/validate",
	"charm/datainterfaces",
	"charm/param",
	"charm/pebble",
	"charm/workload",
	"daemon",
	"daemon/hooksfile",
}

// runtimeNever lists what no runtime package links, by full import path:
// a path ending in /... covers the packages under it too, one ending in *
// every path that starts with what comes before the *.
var runtimeNever = []struct {
	not, why string
}{
	{"github.com/spf13/cobra/...", "cobra is the charmgen CLI's"},
	{"gopkg.in/yaml.*", noYAML},
	{"go.yaml.in/...", noYAML},
	{"sigs.k8s.io/yaml/...", noYAML},
	{"github.com/dave/jennifer/...", "jennifer is the generator's"},
	{"github.com/smacker/go-tree-sitter/...", "tree-sitter (cgo) is the Python lint rules'"},
	{"golang.org/x/tools/...", "go/analysis is the Go lint rules'"},
	{"testing", "the testing package is for _test.go files and charm/charmtest; a runtime package that links it puts it in every charm binary"},
	// Data flows one way: meta → gen → files. The runtime is what
	// generated code imports; it never imports what generates it, nor
	// the linter, the simulator or the CLI.
	{module + "/meta/...", oneWay},
	{module + "/gen/...", oneWay},
	{module + "/internal/gen/...", oneWay},
	{module + "/internal/settings", oneWay},
	{module + "/internal/templates", oneWay},
	{module + "/lint/...", oneWay},
	{module + "/jujusim/...", "the simulator is for tests (charm/charmtest) and charmgen sim"},
	{module + "/internal/cli", oneWay},
	{module + "/internal/simrun", oneWay},
}

const (
	noYAML = "Juju gives a charm JSON (--format=json); the daemon's hooks file has its own parser (daemon/hooksfile)"
	oneWay = "the runtime never links the toolchain that generates, lints or simulates charms"
)

// rule says that pkg (a path in this module, or a tree: path/...) must
// not link not (a full import path pattern, see runtimeNever).
type rule struct {
	pkg, not, why string
}

func rules() []rule {
	var rs []rule
	for _, f := range forbidden {
		rs = append(rs, rule{f.pkg, module + "/" + f.not, f.why})
	}
	for _, p := range charmRuntime {
		for _, n := range runtimeNever {
			rs = append(rs, rule{p, n.not, n.why})
		}
	}
	return rs
}

// matches reports whether the import path matches pattern: a path, a
// path/... (the path and the packages under it) or a prefix* (every path
// starting with prefix).
func matches(pattern, path string) bool {
	if tree, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == tree || strings.HasPrefix(path, tree+"/")
	}
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == pattern
}

// TestForbiddenImports runs go list -deps on the packages the rules name
// and fails when one links a package it must not. It checks what a
// package's build links (its imports and theirs), not its tests.
func TestForbiddenImports(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	rs := rules()
	var patterns []string
	seen := map[string]bool{}
	for _, r := range rs {
		if !seen[r.pkg] {
			seen[r.pkg] = true
			patterns = append(patterns, module+"/"+r.pkg)
		}
	}
	const format = "{{.ImportPath}}\t{{.Dir}}\t{{.DepOnly}}\t{{with .Module}}{{.GoMod}}{{end}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}"
	args := append([]string{"list", "-deps", "-f", format}, patterns...)
	out, err := exec.Command(goCmd, args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -deps: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list -deps: %v", err)
	}
	// deps maps each package the patterns name (relative to the module)
	// to what it links; imports every package listed to what it imports.
	deps := map[string][]string{}
	imports := map[string][]string{}
	goMod := ""
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("go list: unexpected line %q", line)
		}
		path, dir, depOnly, mod := f[0], f[1], f[2], f[3]
		imports[path] = strings.Fields(f[4])
		if path == module || strings.HasPrefix(path, module+"/") {
			// go test caches a pass by the files the test itself
			// reads, not go list's: listing each of the module's
			// package directories makes an edit to any of them (a
			// new import) run the test again, and reading go.mod a
			// change of a dependency's version.
			if _, err := os.ReadDir(dir); err != nil {
				t.Fatal(err)
			}
			if goMod == "" && mod != "" {
				goMod = mod
				if _, err := os.ReadFile(goMod); err != nil {
					t.Fatal(err)
				}
			}
		}
		if depOnly == "false" {
			deps[strings.TrimPrefix(path, module+"/")] = strings.Fields(f[5])
		}
	}
	for _, r := range rs {
		var pkgs []string
		for p := range deps {
			if matches(r.pkg, p) {
				pkgs = append(pkgs, p)
			}
		}
		if len(pkgs) == 0 {
			t.Fatalf("a rule names %s, which go list did not find", r.pkg)
		}
		sort.Strings(pkgs)
		for _, p := range pkgs {
			for _, d := range deps[p] {
				if matches(r.not, d) {
					t.Errorf("%s links %s, through %s: %s", p, d, chain(imports, module+"/"+p, d), r.why)
				}
			}
		}
	}
}

// chain returns the shortest import chain from one package to another, as
// go mod why prints it, with this module's prefix left out: the link to cut
// is one of its arrows.
func chain(imports map[string][]string, from, to string) string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p == to {
			var links []string
			for ; p != ""; p = prev[p] {
				links = append(links, strings.TrimPrefix(p, module+"/"))
			}
			slices.Reverse(links)
			return strings.Join(links, " → ")
		}
		for _, q := range imports[p] {
			if _, ok := prev[q]; !ok {
				prev[q] = p
				queue = append(queue, q)
			}
		}
	}
	return "no import chain found"
}
