package nonidempotent

import (
	"go/ast"
	"regexp"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports non-idempotent commands in reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "nonidempotent",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

var (
	existRE  = regexp.MustCompile(`(?i)exist|^stat$|lstat|lookup|isdir|isnotexist`)
	errExist = regexp.MustCompile(`^(IsExist|ErrExist)$`)
	goCalls  = map[string]string{
		"os.Mkdir":   "os.Mkdir fails when the directory exists; use os.MkdirAll",
		"os.Symlink": "os.Symlink fails when the link exists; remove it first or handle os.ErrExist",
		"os.Link":    "os.Link fails when the link exists; remove it first or handle os.ErrExist",
	}
)

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	existCheck := func(cond ast.Node) bool { return reach.Mentions(cond, existRE) }
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		why := goCalls[reach.FuncName(pass, call)]
		if argv, ok := reach.Exec(pass, call); ok {
			if why = cmdline.NonIdempotent(cmdline.Split(argv, false)); why != "" {
				why += "; look it up first, or use the idempotent form"
			}
		}
		if why == "" || r.Guarded(call, existCheck) {
			return
		}
		if fn := r.EnclosingFunc(call); fn != nil && reach.Mentions(fn, errExist) {
			return
		}
		pass.Reportf(call.Pos(), "not idempotent (%s): %s", where, why)
	})
	return nil, nil
}
