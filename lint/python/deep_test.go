package python

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint/python/pyast"
	"github.com/charmgen/charmgen/lint/rule"
)

// planted is a call PY016 reports wherever it is (a command string without
// shell=True), planted at the innermost level of each generated file.
const planted = `subprocess.check_call("ls -l")`

// deep returns a file that nests n levels of one shape around planted,
// and the line planted is on. Every shape is one a review found quadratic
// (or a close cousin).
func deep(shape string, n int) (string, int) {
	var b strings.Builder
	b.WriteString("import subprocess\n\n")
	line := 3
	switch shape {
	case "parens", "lists", "sets", "calls", "dicts", "subscripts":
		open, close := map[string][2]string{
			"parens": {"(", ")"}, "lists": {"[", "]"}, "sets": {"{", "}"},
			"calls": {"f(", ")"}, "dicts": {"{'k': ", "}"}, "subscripts": {"t[", "]"},
		}[shape][0], map[string][2]string{
			"parens": {"(", ")"}, "lists": {"[", "]"}, "sets": {"{", "}"},
			"calls": {"f(", ")"}, "dicts": {"{'k': ", "}"}, "subscripts": {"t[", "]"},
		}[shape][1]
		b.WriteString("x = " + strings.Repeat(open, n) + planted + strings.Repeat(close, n) + "\n")
	case "binop": // a + a + ... : left recursion, depth n
		b.WriteString("x = " + planted + strings.Repeat(" + a", n) + "\n")
	case "chain": // x.m().m()...: each call's function holds the previous call
		b.WriteString("x = " + planted + strings.Repeat(".m()", n) + "\n")
	case "lambdas":
		b.WriteString("x = " + strings.Repeat("lambda: ", n) + planted + "\n")
	case "ifs", "defs":
		b.WriteString("def f():\n")
		line++
		for i := 1; i <= n; i++ {
			ind := strings.Repeat(" ", i)
			if shape == "ifs" {
				b.WriteString(ind + "if x:\n")
			} else {
				b.WriteString(fmt.Sprintf("%sdef g%d():\n", ind, i))
			}
			line++
		}
		b.WriteString(strings.Repeat(" ", n+1) + planted + "\n")
	default:
		panic(shape)
	}
	return b.String(), line
}

var shapes = []string{"parens", "lists", "sets", "calls", "dicts", "subscripts", "binop", "chain", "lambdas", "ifs", "defs"}

func ids(fs []rule.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d:%s", f.Pos.Line, f.Rule))
	}
	return out
}

// TestDeepNestingIsLinear lints deeply nested files: under the budget the
// planted finding is found at every depth (the rules walk the tree in
// linear time, so the unbounded run 3,000 levels deep finishes quickly;
// time is not asserted), and over it the file gets exactly one LINT005.
func TestDeepNestingIsLinear(t *testing.T) {
	for _, shape := range shapes {
		t.Run(shape, func(t *testing.T) {
			// Under the default budget.
			src, line := deep(shape, 30)
			fs, syn, err := Check(context.Background(), "x.py", []byte(src))
			if err != nil || syn != nil {
				t.Fatalf("err %v, syntax error %v", err, syn)
			}
			if got, want := strings.Join(ids(fs), " "), fmt.Sprintf("%d:PY016", line); got != want {
				t.Errorf("30 levels: findings %s, want %s", got, want)
			}
			// Far over it: the file is skipped and says so. (Nested
			// blocks are indented, so their size grows with the square.)
			far := 3000
			if shape == "chain" {
				// Still quadratic without a budget: checkCalls matches
				// regexps against each call's function text, and in a
				// chain that text holds the whole chain before it.
				far = 1000
			}
			if shape == "ifs" || shape == "defs" {
				far = 250 // and tree-sitter gives up on indentation far deeper
			}
			src, _ = deep(shape, far)
			fs, syn, err = Check(context.Background(), "x.py", []byte(src))
			if err != nil || syn != nil {
				t.Fatalf("err %v, syntax error %v", err, syn)
			}
			if len(fs) != 1 || fs[0].Rule != OverBudget || !strings.Contains(fs[0].Message, "over the limit of 200") {
				t.Errorf("%d levels: findings %v, want one %s", far, fs, OverBudget)
			}
			// With no budget nothing is lost, however deep.
			fs, _, err = CheckBudget(context.Background(), "x.py", []byte(src), Budget{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(fs); len(got) != 1 || !strings.HasSuffix(got[0], ":PY016") {
				t.Errorf("%d levels, no budget: findings %v, want one PY016", far, got)
			}
		})
	}
}

func TestBudgetBounds(t *testing.T) {
	ctx := context.Background()
	src, _ := deep("lists", 10)
	big := src + strings.Repeat("# padding\n", 300)
	fs, _, err := CheckBudget(ctx, "x.py", []byte(big), Budget{MaxBytes: 1000})
	if err != nil || len(fs) != 1 || fs[0].Rule != OverBudget || fs[0].Pos.Line != 1 || !strings.Contains(fs[0].Message, "over the 1000 bytes limit") {
		t.Errorf("size: %v %v", fs, err)
	}
	fs, _, err = CheckBudget(ctx, "x.py", []byte(src), Budget{MaxNodes: 20})
	if err != nil || len(fs) != 1 || fs[0].Rule != OverBudget || !strings.Contains(fs[0].Message, "syntax nodes, over the limit of 20") {
		t.Errorf("nodes: %v %v", fs, err)
	}
	// The depth finding points at where the tree first gets too deep:
	// the list 10 levels in is at depth 12 (module, expression_statement,
	// assignment, then one per list).
	fs, _, err = CheckBudget(ctx, "x.py", []byte("x = 1\ny = "+strings.Repeat("[", 20)+strings.Repeat("]", 20)+"\n"), Budget{MaxDepth: 12})
	if err != nil || len(fs) != 1 || fs[0].Pos.Line != 2 || fs[0].Pos.Col != 5+10 {
		t.Errorf("depth: %v %v", fs, err)
	}
	// The default budget leaves every real charm alone: the corpus check
	// (pycorpus_test.go in package lint) would show a LINT005.
	if DefaultBudget.MaxDepth != 200 || DefaultBudget.MaxBytes != 2<<20 || DefaultBudget.MaxNodes != 500_000 {
		t.Errorf("DefaultBudget = %+v: update docs/lint.md's LINT005 and bench/README.md", DefaultBudget)
	}
}

// corpusCharm returns a realistic file of about size bytes: the corpus
// charms' src/charm.py concatenated, or "" without the corpus.
func corpusCharm(size int) string {
	paths, _ := filepath.Glob("/work/shared/corpus/python-charms/*/src/charm.py")
	sort.Strings(paths)
	var b strings.Builder
	for b.Len() < size && len(paths) > 0 {
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				return ""
			}
			b.Write(src)
			b.WriteString("\n")
			if b.Len() >= size {
				break
			}
		}
	}
	return b.String()
}

// BenchmarkLintNested lints the generated files with no budget (the cost
// of the rules themselves: linear in the nesting), with the default
// budget (the file is parsed and skipped), and a 400 KB realistic file.
//
//	go test ./lint/python -run '^$' -bench LintNested -benchtime 5x
func BenchmarkLintNested(b *testing.B) {
	ctx := context.Background()
	for _, shape := range []string{"parens", "calls", "binop", "chain", "lambdas"} {
		for _, n := range []int{1000, 2000, 4000, 8000} {
			src, _ := deep(shape, n)
			if shape == "chain" && n > 2000 {
				goto budget // quadratic without a budget (see TestDeepNestingIsLinear): 7 s at 8k
			}
			b.Run(fmt.Sprintf("%s/N=%d/nobudget", shape, n), func(b *testing.B) {
				for b.Loop() {
					f, err := pyast.Parse(ctx, []byte(src))
					if err != nil {
						b.Fatal(err)
					}
					CheckFile("x.py", f)
				}
			})
		budget:
			b.Run(fmt.Sprintf("%s/N=%d/budget", shape, n), func(b *testing.B) {
				for b.Loop() {
					Check(ctx, "x.py", []byte(src))
				}
			})
		}
	}
	if src := corpusCharm(400 << 10); src != "" {
		b.Run("charms400KB", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				fs, _, err := Check(ctx, "x.py", []byte(src))
				if err != nil || len(fs) == 0 {
					b.Fatal(err, len(fs))
				}
			}
		})
	}
}
