package ignorederror

import (
	"go/ast"
	"go/types"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports dropped hook tool errors.
var Analyzer = &analysis.Analyzer{
	Name:     "ignorederror",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	// tool names the hook tool behind a call, when its last result is an
	// error the charm should look at.
	tool := func(call *ast.CallExpr) string {
		fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if !ok {
			return ""
		}
		res := fn.Signature().Results()
		if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
			return ""
		}
		if m := reach.RuntimeMethod(pass, call); m != "" {
			return "c." + m
		}
		if f := reach.FuncName(pass, call); len(f) > len(reach.GoopsPath) && f[:len(reach.GoopsPath)+1] == reach.GoopsPath+"." {
			return "goops." + f[len(reach.GoopsPath)+1:]
		}
		if argv, ok := reach.ExecOf(pass, r, call); ok && (cmdline.HookTools[argv[0]] || cmdline.RemovedTools[argv[0]]) {
			return argv[0]
		}
		return ""
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			var call *ast.CallExpr
			errIndex := -1
			switch n := n.(type) {
			case *ast.ExprStmt:
				call, _ = ast.Unparen(n.X).(*ast.CallExpr)
			case *ast.DeferStmt:
				call = n.Call
			case *ast.GoStmt:
				call = n.Call
			case *ast.AssignStmt:
				if len(n.Rhs) != 1 {
					return true
				}
				c, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
				if !ok {
					return true
				}
				last := n.Lhs[len(n.Lhs)-1]
				if id, ok := last.(*ast.Ident); ok && id.Name == "_" {
					call, errIndex = c, len(n.Lhs)-1
				}
			}
			if call == nil {
				return true
			}
			if t := tool(call); t != "" {
				how := "is dropped"
				if errIndex >= 0 {
					how = "is assigned to _"
				}
				pass.Reportf(call.Pos(), "the error of %s %s: a failed hook tool goes unnoticed and Juju commits a half-done hook; return it or handle it", t, how)
			}
			return true
		})
	}
	return nil, nil
}
