package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoCgoBuild builds charmgen with CGO_ENABLED=0, as Go does by itself
// on a machine without a C compiler, and runs it: the build works, the Go
// and metadata rules run, and a Python charm gets LINT006 (the Python rules
// need tree-sitter, which is C) instead of passing unread. .ci/run builds
// the same binary first, so here it is mostly a link.
func TestNoCgoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds charmgen without cgo (a cold build takes tens of seconds)")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go tool")
	}
	bin := filepath.Join(t.TempDir(), "charmgen")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(goTool, "version", "-m", bin).Output(); err != nil || !strings.Contains(string(out), "CGO_ENABLED=0") {
		t.Fatalf("go version -m: %v: the binary does not record CGO_ENABLED=0:\n%s", err, out)
	}
	run := func(dir string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("charmgen %s: %v", strings.Join(args, " "), err)
		}
		return out.String(), code
	}
	if out, code := run(".", "version"); code != 0 || !strings.HasPrefix(out, "charmgen ") {
		t.Errorf("charmgen version: exit %d\n%s", code, out)
	}
	lintData := filepath.Join("..", "..", "lint", "testdata", "lint", "LINT006")
	out, code := run(lintData, "lint", "fires")
	if want := filepath.Join("fires", "src", "charm.py") + ":1:1: LINT006 the Python rules did not run: this charmgen was built without cgo"; code != 1 || !strings.Contains(out, want) {
		t.Errorf("lint of a Python charm: exit %d, want 1 and %q in:\n%s", code, want, out)
	}
	if strings.Contains(out, " PY0") {
		t.Errorf("Python findings from a build without the Python parser:\n%s", out)
	}
	// No Python rule enabled there: nothing to say.
	if out, code := run(lintData, "lint", "quiet"); code != 0 || strings.Contains(out, "LINT006") {
		t.Errorf("lint with the Python rules disabled: exit %d\n%s", code, out)
	}
	// The Go rules do not need cgo: the demo charm lints clean.
	if out, code := run(filepath.Join("..", "..", "examples", "demo"), "lint"); code != 0 || !strings.Contains(out, "0 findings in 1 charm") {
		t.Errorf("lint of examples/demo: exit %d\n%s", code, out)
	}
}
