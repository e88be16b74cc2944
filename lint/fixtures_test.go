package lint_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata")

// TestPythonCharms lints each charm under testdata/pycharms — small ops
// charms written in the handler styles real charms use — and compares the
// exact findings, as charmgen lint prints them, with want.txt beside it.
func TestPythonCharms(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "pycharms", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 12 {
		t.Fatalf("%d Python fixture charms, want at least 12", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := lint.Write(&got, "text", res.Findings, "test"); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(dir, "want.txt"), got.Bytes())
		})
	}
}

// golden compares got with the file; -update rewrites the file. A missing
// file is a failure, never created silently.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./lint -update to create it, then review it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is intended, run go test ./lint -update and review the diff:\n%s", file, diff)
	}
}
