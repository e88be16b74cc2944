package python

import (
	"context"
	"fmt"

	"github.com/charmgen/charmgen/lint/python/pyast"
	"github.com/charmgen/charmgen/lint/rule"
)

// Budget bounds the Python files the rules run on. The rules are linear in
// the size of the tree once it is built, except for walks up from a node
// to its function, which cost the nesting depth; the bounds keep a
// generated or hostile file (a data file of nested lists, a 10,000-term
// string concatenation) from taking minutes. The bounds are structural,
// not a time limit, so the output does not depend on the machine. A zero
// field is no bound.
type Budget struct {
	// MaxBytes is the largest file parsed. The readers already refuse
	// files over fsutil.MaxInput (4 MiB).
	MaxBytes int
	// MaxDepth is the deepest syntax tree node (tree-sitter nodes,
	// anonymous ones included; the module is at depth 0). Real charms
	// stay under 30: each level of brackets, calls, operators or blocks
	// costs one to three.
	MaxDepth int
	// MaxNodes is the most syntax tree nodes (anonymous ones included:
	// real charm code has about one node per five bytes).
	MaxNodes int
}

// DefaultBudget is the budget Check applies.
var DefaultBudget = Budget{MaxBytes: 2 << 20, MaxDepth: 200, MaxNodes: 500_000}

// OverBudget is the ID of the finding that says a file was not checked.
// It is one of the linter's own rules, registered with them (package lint).
const OverBudget = "LINT005"

// OverBudgetRule documents OverBudget.
var OverBudgetRule = rule.Rule{
	ID: OverBudget, Name: "python-over-budget", Kind: rule.Lint, Severity: rule.Warning,
	Title: "a Python file is too large or too deeply nested to check",
	Rationale: `The Python rules skip a file over 2 MiB, one whose syntax tree nests more
than 200 levels deep (brackets, calls, operators and blocks each add one to
three levels; real charm code stays under 30), or one with more than 500,000
syntax nodes, and say so with this finding instead of taking minutes: the
bounds are on the file's structure, not on time, so the output is the same on
every machine. Such a file is generated data or code, not a charm's logic:
move the data into a file Python does not import (JSON or YAML), build a long
literal in a loop, or split the file. The finding's position is where the
tree first gets too deep.`,
	Bad:  `TABLE = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ... ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	Good: `TABLE = json.loads((Path(__file__).parent / "table.json").read_text())`,
}

// CheckBudget is Check with an explicit budget. A file over it gets one
// OverBudget finding and no other (a syntax error is still reported: it
// costs one walk).
func CheckBudget(ctx context.Context, file string, src []byte, b Budget) ([]rule.Finding, *SyntaxError, error) {
	if b.MaxBytes > 0 && len(src) > b.MaxBytes {
		return []rule.Finding{overBudget(file, 1, 1, "the file is %s, over the %s limit for Python files", size(len(src)), size(b.MaxBytes))}, nil, nil
	}
	f, err := pyast.Parse(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	if fs := budgetFindings(file, f, b); fs != nil {
		return fs, syntaxError(file, f), nil
	}
	return CheckFile(file, f), syntaxError(file, f), nil
}

// budgetFindings returns the OverBudget finding for a parsed file over b,
// or nil.
func budgetFindings(file string, f *pyast.File, b Budget) []rule.Finding {
	if b.MaxNodes > 0 && f.Nodes > b.MaxNodes {
		return []rule.Finding{overBudget(file, 1, 1, "the file has %d syntax nodes, over the limit of %d", f.Nodes, b.MaxNodes)}
	}
	if b.MaxDepth > 0 && f.Deepest != nil && f.Deepest.Depth() > b.MaxDepth {
		// Report where the tree first goes past the bound.
		at := f.Deepest
		for at.Parent != nil && at.Parent.Depth() > b.MaxDepth {
			at = at.Parent
		}
		return []rule.Finding{overBudget(file, at.Line(), at.Col(), "the syntax nests %d levels deep (deepest at line %d), over the limit of %d", f.Deepest.Depth(), f.Deepest.Line(), b.MaxDepth)}
	}
	return nil
}

func overBudget(file string, line, col int, format string, a ...any) rule.Finding {
	return rule.Finding{
		Rule: OverBudget, Severity: OverBudgetRule.Severity,
		Pos:     rule.Pos{File: file, Line: line, Col: col},
		Message: "Python rules skipped: " + fmt.Sprintf(format, a...) + "; move generated data out of Python source, or split the file",
	}
}

// size formats a byte count for a message.
func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
