package restart

import (
	"go/ast"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports unconditional restarts in reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "restart",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	changeCheck := r.IsChangeCheck
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		what := ""
		if argv, ok := reach.Exec(pass, call); ok {
			what = cmdline.Restart(cmdline.Split(argv, false))
		} else if name := reach.PebbleMethod(pass, call); name == "Restart" || name == "RestartServices" {
			what = "pebble " + name
		}
		if what == "" || r.Guarded(call, changeCheck) {
			return
		}
		pass.Reportf(call.Pos(), "%s restarts the service on every run (%s); restart only when the configuration changed", what, where)
	})
	return nil, nil
}
