package exitzero

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports exits with status 0 after an error.
var Analyzer = &analysis.Analyzer{
	Name:     "exitzero",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	// os.Exit(0) inside an error branch, anywhere.
	reach.Calls(pass, func(call *ast.CallExpr) {
		if reach.FuncName(pass, call) != "os.Exit" || len(call.Args) != 1 {
			return
		}
		tv := pass.TypesInfo.Types[call.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.Int || constant.Sign(tv.Value) != 0 {
			return
		}
		for p := r.Parent(call); p != nil; p = r.Parent(p) {
			if _, ok := p.(*ast.FuncDecl); ok {
				break
			}
			if is, ok := p.(*ast.IfStmt); ok && isErrNotNil(pass, is.Cond) {
				pass.Reportf(call.Pos(), "os.Exit(0) after an error: Juju commits the hook's changes as if it succeeded; exit 1")
				return
			}
		}
	})
	// main returning, or running off its end, after an error.
	if pass.Pkg.Name() != "main" {
		return nil, nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "main" || fd.Recv != nil || fd.Body == nil {
				continue
			}
			list := fd.Body.List
			for i, st := range list {
				is, ok := st.(*ast.IfStmt)
				if !ok || !isErrNotNil(pass, is.Cond) || exitsNonZero(pass, is.Body) {
					continue
				}
				last := i == len(list)-1
				if endsWithReturn(is.Body) || last {
					pass.Reportf(is.Pos(), "main ends with exit status 0 after an error: Juju commits the hook's changes as if it succeeded; call os.Exit(1)")
				}
			}
		}
	}
	return nil, nil
}

// isErrNotNil reports whether cond is "err != nil" for an error value.
func isErrNotNil(pass *analysis.Pass, cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	x, y := b.X, b.Y
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		x, y = y, x
	}
	if id, ok := y.(*ast.Ident); !ok || id.Name != "nil" {
		return false
	}
	t := pass.TypesInfo.TypeOf(x)
	return t != nil && types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
}

func endsWithReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// exitsNonZero reports whether a block leaves with a failure: os.Exit with
// a code other than 0, log.Fatal*, panic.
func exitsNonZero(pass *analysis.Pass, b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
			found = true
		}
		fn := reach.FuncName(pass, call)
		switch {
		case fn == "os.Exit":
			tv := pass.TypesInfo.Types[call.Args[0]]
			found = tv.Value == nil || constant.Sign(tv.Value) != 0
		case strings.HasPrefix(fn, "log.Fatal"), strings.HasPrefix(fn, "log.Panic"):
			found = true
		}
		if _, name := reach.MethodOf(pass, call); strings.HasPrefix(name, "Fatal") {
			found = true
		}
		return !found
	})
	return found
}
