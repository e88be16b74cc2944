package archtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/charmgen/charmgen"

// forbidden lists, per package, the packages it must not link (a path
// ending in /... covers the packages under it too).
var forbidden = []struct {
	pkg, not, why string
}{
	// The generator reads charmgen.yaml but must not link the linter:
	// settings checks the lint section's shape, lint resolves its rules.
	{"gen", "lint/...", "the generator does not link the linter"},
	{"settings", "lint/...", "settings checks the lint section's shape; lint resolves its rule names"},
	// The hooks file's format is package daemon/hooksfile; the daemon
	// server (socket, hook tools, scripts) is for charms.
	{"lint", "daemon", "lint reads charmgen-hooks.yaml with daemon/hooksfile"},
	{"schemas", "daemon", "schemas reflects daemon/hooksfile's types"},
}

// TestForbiddenImports runs go list -deps on each package and fails when
// it links a package it must not.
func TestForbiddenImports(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	deps := map[string][]string{}
	for _, f := range forbidden {
		if deps[f.pkg] != nil {
			continue
		}
		out, err := exec.Command(goCmd, "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}", module+"/"+f.pkg).Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				t.Fatalf("go list -deps %s: %v\n%s", f.pkg, err, ee.Stderr)
			}
			t.Fatalf("go list -deps %s: %v", f.pkg, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			path, dir, _ := strings.Cut(line, "\t")
			deps[f.pkg] = append(deps[f.pkg], path)
			if path == module || strings.HasPrefix(path, module+"/") {
				// go test caches a pass by the files the test itself
				// reads, not go list's: listing each of the module's
				// package directories makes an edit to any of them (a
				// new import) run the test again.
				if _, err := os.ReadDir(dir); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, f := range forbidden {
		not := module + "/" + strings.TrimSuffix(f.not, "/...")
		tree := strings.HasSuffix(f.not, "/...")
		for _, d := range deps[f.pkg] {
			if d == not || tree && strings.HasPrefix(d, not+"/") {
				t.Errorf("%s links %s (%s)", f.pkg, d, f.why)
			}
		}
	}
}
