package secretadd

import (
	"go/ast"
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports secrets added without a lookup in reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "secretadd",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

var (
	lookups    = map[string]bool{"SecretInfoGet": true, "SecretGet": true, "SecretIDs": true, "State": true}
	rawLookups = map[string]bool{"secret-get": true, "secret-info-get": true, "secret-ids": true, "state-get": true}
	lookupRE   = regexp.MustCompile(`(?i)notfound|not found|secret|label|exist|^id$|ID$`)
)

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	isLookup := func(call *ast.CallExpr) bool {
		if lookups[reach.RuntimeMethod(pass, call)] {
			return true
		}
		if fn := reach.FuncName(pass, call); strings.HasPrefix(fn, reach.GoopsPath+".Get") {
			return true
		}
		argv, ok := reach.Exec(pass, call)
		return ok && rawLookups[argv[0]]
	}
	lookupCond := func(cond ast.Node) bool { return reach.Mentions(cond, lookupRE) }
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		what := ""
		switch {
		case reach.RuntimeMethod(pass, call) == "SecretAdd":
			what = "SecretAdd"
		case reach.FuncName(pass, call) == reach.GoopsPath+".AddSecret":
			what = "goops.AddSecret"
		default:
			if argv, ok := reach.Exec(pass, call); ok && argv[0] == "secret-add" {
				what = "secret-add"
			}
		}
		if what == "" || r.Earlier(call, isLookup) || r.Guarded(call, lookupCond) {
			return
		}
		pass.Reportf(call.Pos(), "%s creates a new secret on every run (%s); look it up by label first, or use EnsureSecret", what, where)
	})
	return nil, nil
}
