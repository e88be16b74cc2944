package lint_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/internal/cli"
	"github.com/charmgen/charmgen/lint"
)

// TestScaffoldedCharmsLintClean runs `charmgen new` (through the CLI, in
// process) for each kind of charm and lints the result: what charmgen
// scaffolds must pass charmgen lint. It skips only without the go tool,
// which both need: charmgen new runs go mod tidy in the new charm, and
// lint loads its Go packages with go/packages (go list).
func TestScaffoldedCharmsLintClean(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go tool: charmgen new runs go mod tidy, and lint loads Go packages through go list")
	}
	var out, errb bytes.Buffer
	sdk, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ kind, layout string }{
		{"machine", "go"},
		{"kubernetes", "go"},
		{"machine", "daemon"},
		{"kubernetes", "daemon"},
	} {
		kind := tc.kind
		name := kind
		if tc.layout != "go" {
			name += "-" + tc.layout
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "scaffold")
			out.Reset()
			errb.Reset()
			if code := cli.Run([]string{"new", "scaffold", "--kind", kind, "--layout", tc.layout, "--dir", dir, "--sdk", sdk}, nil, &out, &errb); code != 0 {
				t.Fatalf("charmgen new exited %d:\n%s%s", code, out.String(), errb.String())
			}
			if tc.layout == "daemon" {
				// The hooks file rules (META018-META020) must see it.
				if _, err := os.Stat(filepath.Join(dir, daemon.DefaultHooksFile)); err != nil {
					t.Fatalf("the daemon layout has no hooks file: %v", err)
				}
			}
			res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
			if err != nil {
				t.Fatalf("lint: %v", err)
			}
			if len(res.Findings) > 0 {
				t.Errorf("the scaffolded %s charm has lint findings:\n%s", name, text(t, res.Findings))
			}
			if res.Files < 5 {
				t.Errorf("linted only %d files of the scaffolded charm", res.Files)
			}
		})
	}
}
