package lint_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

// judgedRowRE matches a row of docs/lint.md's in-sample table, by rule.
var judgedRowRE = regexp.MustCompile(`^\| ((?:META|PY|GO)\d+(?: \(info\))?|\*\*all\*\*) *\| *\**(\d+)\** *\| *\**(\d+)\** *\|`)

// verdict is one judged finding of testdata/judged/verdicts.tsv.
type verdict struct {
	rule, loc, severity, verdict, cause, why string
	line                                     int // in verdicts.tsv
}

func readVerdicts(t *testing.T, path string) []verdict {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []verdict
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "rule\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 6 {
			t.Fatalf("%s:%d: %d columns, want 6 (rule, location, severity, verdict, cause, why)", path, n, len(cols))
		}
		v := verdict{cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], n}
		switch v.verdict {
		case "TP", "FP", "FP-open":
		default:
			t.Fatalf("%s:%d: verdict %q is not TP, FP or FP-open", path, n, v.verdict)
		}
		if v.why == "" {
			t.Fatalf("%s:%d: a verdict says why", path, n)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// judgedKey names a finding as verdicts.tsv does: rule and charm/path:line.
func judgedKey(f rule.Finding) string {
	return fmt.Sprintf("%s %s:%d", f.Rule, filepath.ToSlash(f.Pos.File), f.Pos.Line)
}

// TestJudged lints the real Python charms of ../shared/corpus/python-charms
// and holds the linter to the verdicts of testdata/judged/verdicts.tsv,
// each reached by reading the charm's code: a judged true positive stays
// reported, a judged false positive stays absent (unless marked FP-open),
// and every warning or error is judged. It prints the precision per rule
// and checks the targets of issue 15: 90% over warnings and errors, 97%
// over errors.
func TestJudged(t *testing.T) {
	if _, err := os.Stat(pyCorpusDir); err != nil {
		t.Skipf("Python corpus not found at %s (../shared/corpus/python-charms from the repository root): %v", pyCorpusDir, err)
	}
	verdicts := readVerdicts(t, filepath.Join("testdata", "judged", "verdicts.tsv"))
	byKey := map[string]verdict{}
	for _, v := range verdicts {
		k := v.rule + " " + v.loc
		if _, dup := byKey[k]; dup {
			t.Fatalf("verdicts.tsv:%d: %s judged twice", v.line, k)
		}
		byKey[k] = v
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
	res, err := lint.Run(context.Background(), lint.Options{Dir: pyCorpusDir, Paths: names})
	if err != nil {
		t.Fatal(err)
	}
	type count struct{ tp, fp int }
	perRule := map[string]*count{}
	var total, errs count
	reported := map[string]bool{}
	var unjudged []string
	for _, f := range res.Findings {
		k := judgedKey(f)
		reported[k] = true
		v, ok := byKey[k]
		if f.Severity < rule.Warning {
			if ok && v.verdict == "FP" {
				t.Errorf("verdicts.tsv:%d: judged false positive reported (as %s): %s (%s: %s)", v.line, f.Severity, f, v.cause, v.why)
			}
			// Advice (a rule or a finding at info) that was judged is
			// counted under "RULE (info)", apart from the warnings and
			// errors.
			if ok && v.verdict != "FP" {
				k := f.Rule + " (info)"
				c := perRule[k]
				if c == nil {
					c = &count{}
					perRule[k] = c
				}
				if v.verdict == "TP" {
					c.tp++
				} else {
					c.fp++
				}
			}
			continue
		}
		if !ok {
			unjudged = append(unjudged, fmt.Sprintf("%s\t%s:%d\t%s\t?\t?\t? (%s)", f.Rule, filepath.ToSlash(f.Pos.File), f.Pos.Line, f.Severity, f.Message))
			continue
		}
		c := perRule[f.Rule]
		if c == nil {
			c = &count{}
			perRule[f.Rule] = c
		}
		switch v.verdict {
		case "TP":
			c.tp++
			total.tp++
			if f.Severity == rule.Error {
				errs.tp++
			}
		case "FP":
			t.Errorf("verdicts.tsv:%d: judged false positive reported: %s (%s: %s)", v.line, f, v.cause, v.why)
			fallthrough
		case "FP-open":
			c.fp++
			total.fp++
			if f.Severity == rule.Error {
				errs.fp++
			}
		}
	}
	for _, v := range verdicts {
		if v.verdict == "TP" && !reported[v.rule+" "+v.loc] {
			t.Errorf("verdicts.tsv:%d: judged true positive no longer reported: %s %s (%s)", v.line, v.rule, v.loc, v.why)
		}
	}
	if len(unjudged) > 0 {
		t.Errorf("%d warnings and errors are not judged; read the code and add them to testdata/judged/verdicts.tsv:\n%s", len(unjudged), strings.Join(unjudged, "\n"))
	}
	var rules []string
	for r := range perRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %4s %4s %9s\n", "rule", "TP", "FP", "precision")
	for _, r := range rules {
		c := perRule[r]
		fmt.Fprintf(&b, "%-14s %4d %4d %8.1f%%\n", r, c.tp, c.fp, 100*float64(c.tp)/float64(c.tp+c.fp))
	}
	prec := func(c count) float64 {
		if c.tp+c.fp == 0 {
			return 1
		}
		return float64(c.tp) / float64(c.tp+c.fp)
	}
	fmt.Fprintf(&b, "warnings and errors: %d TP, %d FP: %.1f%%\nerrors: %d TP, %d FP: %.1f%%\n", total.tp, total.fp, 100*prec(total), errs.tp, errs.fp, 100*prec(errs))
	t.Logf("precision on %d charms:\n%s", len(names), b.String())
	// docs/lint.md quotes this table; a figure typed there by hand must be
	// the one the verdicts give.
	doc := tableRows(t, filepath.Join("..", "docs", "lint.md"), judgedRowRE)
	for _, r := range rules {
		c := perRule[r]
		if got, want := doc[r], [2]int{c.tp, c.fp}; got != want {
			t.Errorf("docs/lint.md: judged table row %s says %d TP %d FP; the verdicts give %d TP %d FP", r, got[0], got[1], want[0], want[1])
		}
		delete(doc, r)
	}
	if got, want := doc["**all**"], [2]int{total.tp, total.fp}; got != want {
		t.Errorf("docs/lint.md: judged table row all says %d TP %d FP; the verdicts give %d TP %d FP", got[0], got[1], want[0], want[1])
	}
	delete(doc, "**all**")
	for r := range doc {
		t.Errorf("docs/lint.md: judged table has row %s, which no judged finding gives", r)
	}
	if prec(total) < 0.90 {
		t.Errorf("precision over warnings and errors %.1f%%, target 90%%", 100*prec(total))
	}
	if prec(errs) < 0.97 {
		t.Errorf("precision over errors %.1f%%, target 97%%", 100*prec(errs))
	}
}
