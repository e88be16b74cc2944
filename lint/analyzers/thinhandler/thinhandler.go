package thinhandler

import (
	"go/ast"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports handlers of repeatable events that do work themselves.
var Analyzer = &analysis.Analyzer{
	Name:     "thinhandler",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	for _, h := range r.Handlers {
		evs := h.Repeatable()
		if len(evs) == 0 || (h.Func != nil && reach.IsReconciler(h.Func.Name.Name)) {
			continue
		}
		seen := map[*ast.FuncDecl]bool{}
		if h.Func != nil {
			seen[h.Func] = true
		}
		for _, st := range h.Body {
			if site, what := firstWork(pass, r, st, seen); site != nil {
				pass.Reportf(site.Pos(), "%s does work itself (%s); the event is repeatable: let Reconcile do it", h.Name(), what)
				break
			}
		}
	}
	return nil, nil
}

// firstWork returns the first call under n that writes, directly or
// through a package function other than a reconciler.
func firstWork(pass *analysis.Pass, r *reach.Result, n ast.Node, seen map[*ast.FuncDecl]bool) (ast.Node, string) {
	var site ast.Node
	var what string
	ast.Inspect(n, func(m ast.Node) bool {
		if site != nil {
			return false
		}
		call, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		if w := reach.Work(pass, call); w != "" {
			site, what = call, w
			return false
		}
		if fd := r.Decl(call); fd != nil && !seen[fd] && !reach.IsReconciler(fd.Name.Name) {
			seen[fd] = true
			if _, w := firstWork(pass, r, fd.Body, seen); w != "" {
				site, what = call, fd.Name.Name+" → "+strings.TrimPrefix(w, fd.Name.Name+" → ")
				return false
			}
		}
		return true
	})
	return site, what
}
