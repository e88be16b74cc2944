package lint_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestHoldoutFigures checks that the out-of-sample figures the project
// quotes are the ones its verdicts give: every bench/lint/holdout/set-N
// verdicts.tsv is well formed (a verdict of TP or FP and a reason for every
// finding), and the TP and FP counts in bench/lint/holdout/README.md and in
// docs/lint.md's table ("Charms the rules had not seen", whose last row
// sums them) are computed from those files, not typed in.
func TestHoldoutFigures(t *testing.T) {
	root := filepath.Join("..", "bench", "lint", "holdout")
	sets, err := filepath.Glob(filepath.Join(root, "set-*", "verdicts.tsv"))
	if err != nil || len(sets) == 0 {
		t.Fatalf("no verdicts under %s: %v", root, err)
	}
	counts := map[int][2]int{}
	for _, file := range sets {
		n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(filepath.Dir(file)), "set-"))
		if err != nil {
			t.Fatalf("%s: set directory is not set-N", file)
		}
		counts[n] = verdictCounts(t, file)
	}
	total := [2]int{}
	for _, c := range counts {
		total[0] += c[0]
		total[1] += c[1]
	}
	readme := regexp.MustCompile(`^\| (\d+) \| [0-9a-f]{7} \| (\d+) \| (\d+) \|`)
	docs := regexp.MustCompile(`^\| (\d+|all) \| [^|]+ \| [^|]* \| (\d+) \| (\d+) \|`)
	for _, c := range []struct {
		file string
		re   *regexp.Regexp
	}{
		{filepath.Join(root, "README.md"), readme},
		{filepath.Join("..", "docs", "lint.md"), docs},
	} {
		rows := tableRows(t, c.file, c.re)
		if len(rows) < len(counts) {
			t.Errorf("%s: %d set rows, want one for each of the %d sets", c.file, len(rows), len(counts))
		}
		for key, got := range rows {
			want, ok := total, key == "all"
			if !ok {
				n, _ := strconv.Atoi(key)
				want, ok = counts[n]
			}
			if !ok {
				t.Errorf("%s: row %s has no verdicts.tsv", c.file, key)
			} else if got != want {
				t.Errorf("%s: row %s says %d TP, %d FP; the verdicts give %d TP, %d FP", c.file, key, got[0], got[1], want[0], want[1])
			}
		}
	}
}

// verdictCounts counts a verdicts.tsv's judged warnings and errors.
func verdictCounts(t *testing.T, file string) [2]int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c [2]int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			if cols[0] != "charm" {
				t.Errorf("%s:1: header %q, want charm\\tlocation\\trule\\tseverity\\tverdict\\treason", file, sc.Text())
			}
			continue
		}
		if len(cols) < 6 || strings.TrimSpace(cols[5]) == "" {
			t.Errorf("%s:%d: want 6 columns with a reason, got %d", file, line, len(cols))
			continue
		}
		if cols[3] == "info" {
			continue
		}
		switch cols[4] {
		case "TP":
			c[0]++
		case "FP":
			c[1]++
		default:
			t.Errorf("%s:%d: verdict %q, want TP or FP", file, line, cols[4])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// tableRows returns the TP and FP columns of the table rows re matches,
// by their first column.
func tableRows(t *testing.T, file string, re *regexp.Regexp) map[string][2]int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][2]int{}
	for _, line := range strings.Split(string(b), "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		tp, _ := strconv.Atoi(m[2])
		fp, _ := strconv.Atoi(m[3])
		if _, dup := rows[m[1]]; dup {
			t.Errorf("%s: row %s twice", file, m[1])
		}
		rows[m[1]] = [2]int{tp, fp}
	}
	if len(rows) == 0 {
		t.Errorf("%s: no table rows matched %s", file, re)
	}
	return rows
}
