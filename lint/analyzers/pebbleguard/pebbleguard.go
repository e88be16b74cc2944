package pebbleguard

import (
	"go/ast"
	"go/constant"
	"go/token"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports Pebble calls in reconcile code that do not depend on
// what changed.
var Analyzer = &analysis.Analyzer{
	Name:     "pebbleguard",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	pulled := func(call *ast.CallExpr) bool {
		return reach.PebbleMethod(pass, call) == "Pull" || reach.FuncName(pass, call) == "bytes.Equal"
	}
	planned := func(call *ast.CallExpr) bool {
		m := reach.PebbleMethod(pass, call)
		return m == "Plan" || m == "PlanBytes"
	}
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		var msg string
		switch m := reach.PebbleMethod(pass, call); {
		case m == "Replan" || reach.ContainerMethod(pass, call) == "Replan":
			if r.Guarded(call, r.IsChangeCheck) {
				return
			}
			what := "pebble " + m
			if m == "" {
				what = "Container.Replan"
			}
			msg = what + " runs on every run with no change check (" + where + "): it starts again any stopped startup-enabled service (one an action stopped; a crash-looping one, failing the hook); replan only when EnsureLayer reports that the plan changed"
		case m == "Push":
			if r.Guarded(call, r.IsChangeCheck) || r.Earlier(call, pulled) {
				return
			}
			msg = "pebble Push rewrites the file on every run without comparing (" + where + "); use the container's EnsureFile, which pushes only when the content differs"
		case m == "AddLayer":
			if r.Guarded(call, r.IsChangeCheck) || r.Earlier(call, planned) {
				return
			}
			if combineFalse(pass, call) {
				msg = "pebble AddLayer with combine false fails from the second run on (" + where + "): Pebble refuses a second layer with the same label; use the container's EnsureLayer, which combines the layer only when the plan would change"
			} else {
				msg = "pebble AddLayer on every run without comparing against the plan (" + where + "): nothing tells the code whether to replan; use the container's EnsureLayer, which adds the layer only when the plan would change and says whether it did"
			}
		default:
			return
		}
		pass.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: msg})
	})
	return nil, nil
}

// combineFalse reports whether an AddLayer call asks for combine false:
// the runtime's AddLayer(ctx, label, layer, false), or canonical/pebble's
// AddLayer(&client.AddLayerOptions{...}) without Combine: true.
func combineFalse(pass *analysis.Pass, call *ast.CallExpr) bool {
	switch len(call.Args) {
	case 4:
		return isFalse(pass, call.Args[3])
	case 1:
		e := ast.Unparen(call.Args[0])
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		lit, ok := e.(*ast.CompositeLit)
		if !ok {
			return false
		}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Combine" {
					return isFalse(pass, kv.Value)
				}
			}
		}
		return true
	}
	return false
}

func isFalse(pass *analysis.Pass, e ast.Expr) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
}
