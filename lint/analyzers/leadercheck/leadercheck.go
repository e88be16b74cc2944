package leadercheck

import (
	"go/ast"
	"go/constant"
	"regexp"
	"slices"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports leader-only writes without a leader check.
var Analyzer = &analysis.Analyzer{
	Name:     "leadercheck",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

var leaderRE = regexp.MustCompile(`(?i)leader`)

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	leaderCond := func(cond ast.Node) bool { return reach.Mentions(cond, leaderRE) }
	reach.Calls(pass, func(call *ast.CallExpr) {
		what := ""
		switch m := reach.RuntimeMethod(pass, call); m {
		case "SetRelationData":
			if len(call.Args) == 3 {
				if tv := pass.TypesInfo.Types[call.Args[1]]; tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) {
					what = "SetRelationData(..., true, ...) writes the application databag"
				}
			}
		case "WriteAppData":
			what = "WriteAppData writes the application databag"
		case "SetAppStatus":
			what = "SetAppStatus sets the application status"
		case "ApplyStatuses":
			if len(call.Args) == 2 {
				if id, ok := ast.Unparen(call.Args[1]).(*ast.Ident); !ok || id.Name != "nil" {
					what = "ApplyStatuses with application statuses sets the application status"
				}
			}
		case "":
			if argv, ok := reach.Exec(pass, call); ok {
				switch {
				case argv[0] == "relation-set" && slices.Contains(argv, "--app"):
					what = "relation-set --app writes the application databag"
				case argv[0] == "status-set" && slices.Contains(argv, "--application"):
					what = "status-set --application sets the application status"
				}
			}
			if fn := reach.FuncName(pass, call); fn == reach.GoopsPath+".SetAppRelationData" || fn == reach.GoopsPath+".SetAppStatus" {
				what = "goops." + fn[len(reach.GoopsPath)+1:] + " needs leadership"
			}
		}
		if what == "" || r.Guarded(call, leaderCond) {
			return
		}
		if h := r.HandlerAt(call.Pos()); h != nil && len(h.Events) == 1 && h.Events[0] == "leader-elected" {
			return
		}
		pass.Reportf(call.Pos(), "%s without a leader check: on other units it fails, and the hook with it; check IsLeader first", what)
	})
	return nil, nil
}
