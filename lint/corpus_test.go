package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

// corpusDir holds real charms: ../shared/corpus/charms from the repository
// root (see its README.md).
const corpusDir = "../../shared/corpus/charms"

func corpus(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (../shared/corpus/charms from the repository root): %v", corpusDir, err)
	}
	entries, err := os.ReadDir(corpusDir)
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
	return names
}

// TestCorpus lints every corpus charm, one at a time, and compares what it
// reports with testdata/corpus.md (a table per charm, by rule) and
// testdata/corpus.txt (every finding): a change in what the linter finds
// in real charms shows up in review.
func TestCorpus(t *testing.T) {
	names := corpus(t)
	var table, all bytes.Buffer
	table.WriteString("# charmgen lint on the corpus\n\n")
	table.WriteString("What `charmgen lint` reports on each charm under ../shared/corpus/charms (metadata\n")
	table.WriteString("only: the corpus holds YAML files). Written by `go test ./lint -run TestCorpus -update`;\n")
	table.WriteString("every finding is in corpus.txt. Review changes to both.\n\n")
	table.WriteString("| charm | findings | errors | warnings | infos | by rule |\n|---|---:|---:|---:|---:|---|\n")
	total := 0
	for _, name := range names {
		res, err := lint.Run(context.Background(), lint.Options{Dir: corpusDir, Paths: []string{name}})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(res.Charms) != 1 || res.Charms[0] != name {
			t.Errorf("%s: linted charms %v", name, res.Charms)
		}
		counts := map[rule.Severity]int{}
		byRule := map[string]int{}
		for _, f := range res.Findings {
			counts[f.Severity]++
			byRule[f.Rule]++
			fmt.Fprintln(&all, f)
		}
		var ids []string
		for id := range byRule {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var parts []string
		for _, id := range ids {
			parts = append(parts, fmt.Sprintf("%s×%d", id, byRule[id]))
		}
		fmt.Fprintf(&table, "| %s | %d | %d | %d | %d | %s |\n", name, len(res.Findings), counts[rule.Error], counts[rule.Warning], counts[rule.Info], strings.Join(parts, " "))
		total += len(res.Findings)
	}
	fmt.Fprintf(&table, "\n%d charms, %d findings.\n", len(names), total)
	golden(t, filepath.Join("testdata", "corpus.md"), table.Bytes())
	golden(t, filepath.Join("testdata", "corpus.txt"), all.Bytes())
}

// TestCorpusTogether lints the whole corpus in one run, as
// `charmgen lint ../shared/corpus/charms` does: every charm is found.
func TestCorpusTogether(t *testing.T) {
	names := corpus(t)
	res, err := lint.Run(context.Background(), lint.Options{Dir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Charms) != len(names) {
		t.Errorf("linted %d charms, want %d: %v", len(res.Charms), len(names), res.Charms)
	}
}
