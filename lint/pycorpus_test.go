package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/charmgen/charmgen/lint"
)

// pyCorpusDir holds the src/ of real Python charms:
// ../shared/corpus/python-charms from the repository root (see its
// README.md).
const pyCorpusDir = "../../shared/corpus/python-charms"

// TestPythonCorpus lints every charm of the Python corpus, one at a time,
// and compares every finding with testdata/python-corpus.txt, so that a
// change in what the rules find in real Python charms shows up in review.
// testdata/python-corpus.md is the hand-written review of such changes.
func TestPythonCorpus(t *testing.T) {
	if _, err := os.Stat(pyCorpusDir); err != nil {
		t.Skipf("Python corpus not found at %s (../shared/corpus/python-charms from the repository root): %v", pyCorpusDir, err)
	}
	entries, err := os.ReadDir(pyCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var all bytes.Buffer
	for _, name := range names {
		res, err := lint.Run(context.Background(), lint.Options{Dir: pyCorpusDir, Paths: []string{name}})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, f := range res.Findings {
			fmt.Fprintln(&all, f)
		}
	}
	golden(t, filepath.Join("testdata", "python-corpus.txt"), all.Bytes())
}
