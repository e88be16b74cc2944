package writecompare

import (
	"go/ast"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports writes without a compare in reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "writecompare",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

var (
	fileWrites = map[string]bool{"os.WriteFile": true, "os.Create": true, "io/ioutil.WriteFile": true}
	rawWrites  = map[string]string{"relation-set": "SetRelationData", "secret-set": "EnsureSecret", "state-set": "SetState"}
	fileReads  = map[string]bool{"os.ReadFile": true, "io/ioutil.ReadFile": true, "io.ReadAll": true, "os.Open": true, "bytes.Equal": true}
	reads      = map[string]bool{"SecretGet": true, "SecretInfoGet": true, "State": true, "RelationData": true, "RelationAppData": true, "ReadUnitData": true, "ReadAppData": true}
	rawReads   = map[string]bool{"relation-get": true, "secret-get": true, "state-get": true}
)

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	isRead := func(call *ast.CallExpr) bool {
		if fileReads[reach.FuncName(pass, call)] || reads[reach.RuntimeMethod(pass, call)] {
			return true
		}
		argv, ok := reach.Exec(pass, call)
		return ok && rawReads[argv[0]]
	}
	changeCheck := r.IsChangeCheck
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		var what, fix string
		fn := reach.FuncName(pass, call)
		switch {
		case fileWrites[fn]:
			what, fix = fn+" rewrites the file", "read the current content and write only when it differs"
		case reach.RuntimeMethod(pass, call) == "SecretSet":
			what, fix = "SecretSet adds a secret revision", "use EnsureSecret, which writes only when the content differs"
		default:
			argv, ok := reach.Exec(pass, call)
			if !ok || rawWrites[argv[0]] == "" {
				return
			}
			what, fix = argv[0]+" writes", "use the runtime's "+rawWrites[argv[0]]+", which compares before it writes"
		}
		if r.Guarded(call, changeCheck) || r.Earlier(call, isRead) {
			return
		}
		pass.Reportf(call.Pos(), "%s on every run without comparing (%s); %s", what, where, fix)
	})
	return nil, nil
}
