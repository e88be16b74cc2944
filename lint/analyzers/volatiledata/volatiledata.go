package volatiledata

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports volatile values written into relation data, secrets or
// state by reconcile code.
var Analyzer = &analysis.Analyzer{
	Name:     "volatiledata",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

// sinks maps the runtime's writes to the index of the argument written.
var sinks = map[string]int{
	"SetRelationData": 2, "WriteUnitData": 1, "WriteAppData": 1,
	"SecretSet": 1, "EnsureSecret": 0, "SetState": 0,
}

var rawSinks = map[string]string{"relation-set": "relation data", "secret-set": "secret content", "state-set": "charm state"}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	tainted := map[ast.Node]map[types.Object]string{} // per function
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := r.Where(call.Pos())
		if where == "" {
			return
		}
		var args []ast.Expr
		what := ""
		if m := reach.RuntimeMethod(pass, call); m != "" {
			if i, ok := sinks[m]; ok && i < len(call.Args) {
				args, what = call.Args[i:i+1], m
			}
		} else if argv, ok := reach.Exec(pass, call); ok && rawSinks[argv[0]] != "" {
			args, what = call.Args, argv[0]
		} else if fn := reach.FuncName(pass, call); strings.HasPrefix(fn, reach.GoopsPath+".Set") {
			args, what = call.Args, "goops."+fn[len(reach.GoopsPath)+1:]
		}
		if what == "" {
			return
		}
		fn := r.EnclosingFunc(call)
		if fn == nil {
			return
		}
		objs, ok := tainted[fn]
		if !ok {
			objs = taint(pass, fn)
			tainted[fn] = objs
		}
		for _, a := range args {
			if src := source(pass, objs, a); src != "" {
				pass.Reportf(call.Pos(), "%s writes %s, which differs on every run (%s): every hook changes what the other side sees; write values derived from the inputs", what, src, where)
				return
			}
		}
	})
	return nil, nil
}

// volatile says whether a call returns a different value on every run.
func volatile(pass *analysis.Pass, call *ast.CallExpr) string {
	fn := reach.FuncName(pass, call)
	pkg, _ := reach.MethodOf(pass, call)
	if fn == "" {
		if pkg == "math/rand" || pkg == "math/rand/v2" || strings.HasSuffix(pkg, "uuid") {
			return pkg + " value"
		}
		return ""
	}
	path := fn[:strings.LastIndexByte(fn, '.')]
	switch {
	case fn == "time.Now", fn == "time.Since", fn == "time.Until":
		return fn[strings.LastIndexByte(fn, '/')+1:] + "()"
	case path == "math/rand", path == "math/rand/v2", path == "crypto/rand", strings.HasSuffix(path, "uuid"):
		return fn[strings.LastIndexByte(fn, '/')+1:] + "()"
	}
	return ""
}

// source returns the volatile value an expression carries, or "".
func source(pass *analysis.Pass, objs map[types.Object]string, e ast.Node) string {
	src := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if src != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			src = volatile(pass, n)
		case *ast.Ident:
			if s, ok := objs[pass.TypesInfo.Uses[n]]; ok {
				src = s
			}
		}
		return src == ""
	})
	return src
}

// taint returns the local variables of fn that hold a volatile value:
// assigned one, or a map, slice or struct one is stored into.
func taint(pass *analysis.Pass, fn ast.Node) map[types.Object]string {
	objs := map[types.Object]string{}
	mark := func(lhs ast.Expr, src string) {
		for {
			switch x := lhs.(type) {
			case *ast.IndexExpr:
				lhs = x.X
				continue
			case *ast.SelectorExpr:
				lhs = x.X
				continue
			case *ast.StarExpr:
				lhs = x.X
				continue
			case *ast.Ident:
				if obj := pass.TypesInfo.ObjectOf(x); obj != nil {
					if _, done := objs[obj]; !done {
						if !strings.Contains(src, "(through") {
							src += " (through " + x.Name + ")"
						}
						objs[obj] = src
					}
				}
			}
			return
		}
	}
	for range 3 {
		ast.Inspect(fn, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if s := source(pass, objs, n.Rhs[i]); s != "" {
							mark(l, s)
						}
					}
				} else if len(n.Rhs) == 1 {
					if s := source(pass, objs, n.Rhs[0]); s != "" {
						for _, l := range n.Lhs {
							mark(l, s)
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if i < len(n.Values) {
						if s := source(pass, objs, n.Values[i]); s != "" {
							mark(id, s)
						}
					}
				}
			}
			return true
		})
	}
	return objs
}
