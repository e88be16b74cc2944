package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/cli"
	"gopkg.in/yaml.v3"
)

// TestExitCodes checks charmgen lint's exit status: 0 clean, 1 on findings
// at or above --fail-on, 2 on usage and input errors.
func TestExitCodes(t *testing.T) {
	fat := filepath.Join("testdata", "pycharms", "fat-handlers")
	clean := filepath.Join("testdata", "pycharms", "holistic-reconcile")
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"lint", clean}, 0},
		{[]string{"lint", fat}, 1},
		{[]string{"lint", "--fail-on", "error", fat}, 0},
		{[]string{"lint", "--fail-on", "info", fat}, 1},
		{[]string{"lint", "--fail-on", "never", fat}, 0},
		{[]string{"lint", "--format", "sarif", fat}, 1},
		{[]string{"lint", filepath.Join("testdata", "does-not-exist")}, 2},
		{[]string{"lint", "--format", "xml", clean}, 2},
		{[]string{"lint", "--no-such-flag"}, 2},
		{[]string{"lint", "--explain", "NOPE"}, 2},
		{[]string{"lint", "--juju", "5", clean}, 2},
		{[]string{"lint", "--list"}, 0},
		{[]string{"lint", "--explain", "META001"}, 0},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if got := cli.Run(c.args, nil, &out, &errb); got != c.code {
			t.Errorf("charmgen %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(c.args, " "), got, c.code, out.String(), errb.String())
		}
	}
}

// TestPreCommitHooks checks .pre-commit-hooks.yaml at the repository root:
// pre-commit reads it to run charmgen lint on changed files.
func TestPreCommitHooks(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 {
		t.Fatalf("%d hooks", len(hooks))
	}
	h := hooks[0]
	for k, want := range map[string]any{"id": "charmgen-lint", "entry": "charmgen lint", "language": "golang"} {
		if h[k] != want {
			t.Errorf("%s = %v, want %v", k, h[k], want)
		}
	}
	if pf, ok := h["pass_filenames"]; ok && pf != true {
		t.Error("the hook must get the changed files")
	}
	// The entry must be a command charmgen has.
	var out, errb bytes.Buffer
	if code := cli.Run([]string{"lint", "--help"}, nil, &out, &errb); code != 0 {
		t.Errorf("charmgen lint --help exited %d: %s", code, errb.String())
	}
}
