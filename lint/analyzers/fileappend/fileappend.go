package fileappend

import (
	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"go/ast"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports appends to files in reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "fileappend",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		if reach.FuncName(pass, call) == "os.OpenFile" && len(call.Args) >= 2 && mentionsAppend(call.Args[1]) {
			pass.Reportf(call.Pos(), "os.OpenFile with O_APPEND adds to the file on every run (%s); render the whole file and write it when it differs", where)
			return
		}
		argv, ok := reach.Exec(pass, call)
		if !ok {
			return
		}
		if how := cmdline.Append(argv, false); how != "" {
			pass.Reportf(call.Pos(), "%s appends to a file on every run (%s); render the whole file and write it when it differs", how, where)
		}
	})
	return nil, nil
}

func mentionsAppend(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "O_APPEND" {
			found = true
		}
		return !found
	})
	return found
}
