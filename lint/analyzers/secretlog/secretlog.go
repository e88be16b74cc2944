package secretlog

import (
	"go/ast"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports secret values passed to loggers.
var Analyzer = &analysis.Analyzer{
	Name:     "secretlog",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

var (
	secretNameRE    = regexp.MustCompile(`(?i)passw(or)?d|passwd|token|api_?key|apikey|private_?key|privkey|credential|secret_?(value|content|data|key)`)
	notSecretNameRE = regexp.MustCompile(`(?i)(id|ids|label|uri|url|name|path|file|len|length|count|expiry|expires|rotation|rotate|type|field|policy|secretkey_?name)$`)
	logFuncs        = map[string]bool{
		"log/slog.Debug": true, "log/slog.Info": true, "log/slog.Warn": true, "log/slog.Error": true, "log/slog.Log": true,
		"log/slog.DebugContext": true, "log/slog.InfoContext": true, "log/slog.WarnContext": true, "log/slog.ErrorContext": true,
		"log.Print": true, "log.Printf": true, "log.Println": true, "log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
		"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
		"fmt.Print": true, "fmt.Printf": true, "fmt.Println": true, "fmt.Fprint": true, "fmt.Fprintf": true, "fmt.Fprintln": true,
	}
)

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	perFunc := map[ast.Node]*scope{}
	reach.Calls(pass, func(call *ast.CallExpr) {
		name, ok := logger(pass, r, call)
		if !ok {
			return
		}
		fn := r.EnclosingFunc(call)
		sc := perFunc[fn]
		if sc == nil {
			sc = newScope(pass, fn)
			perFunc[fn] = sc
		}
		args := call.Args
		if strings.HasPrefix(name, "fmt.Fprint") && len(args) > 0 {
			if !isStdStream(pass, args[0]) {
				return
			}
			args = args[1:]
		}
		for _, a := range args {
			if s := sc.secret(a); s != "" {
				pass.Reportf(call.Pos(), "%s logs %s, a secret value; log its id or label, or wrap it in charm.Secret", name, s)
				return
			}
		}
	})
	return nil, nil
}

// logger reports whether call logs, and names the logging function. Calls
// through the runtime's own logger (c.Logger()), which redacts secrets, do
// not count.
func logger(pass *analysis.Pass, r *reach.Result, call *ast.CallExpr) (string, bool) {
	if fn := reach.FuncName(pass, call); logFuncs[fn] {
		return fn[strings.LastIndexByte(fn, '/')+1:], true
	}
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() == nil {
		return "", false
	}
	pkg := fn.Pkg().Path()
	if pkg != "log/slog" && pkg != "log" {
		return "", false
	}
	if !strings.HasPrefix(fn.Name(), "Debug") && !strings.HasPrefix(fn.Name(), "Info") && !strings.HasPrefix(fn.Name(), "Warn") &&
		!strings.HasPrefix(fn.Name(), "Error") && !strings.HasPrefix(fn.Name(), "Log") && !strings.HasPrefix(fn.Name(), "Print") &&
		!strings.HasPrefix(fn.Name(), "Fatal") && !strings.HasPrefix(fn.Name(), "Panic") {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	if fromRuntimeLogger(pass, r, sel.X) {
		return "", false
	}
	return fn.Name(), true
}

// fromRuntimeLogger reports whether e is c.Logger() of the runtime, or a
// variable assigned one (possibly through With).
func fromRuntimeLogger(pass *analysis.Pass, r *reach.Result, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if reach.RuntimeMethod(pass, x) == "Logger" {
			return true
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "With" || sel.Sel.Name == "WithGroup") {
			return fromRuntimeLogger(pass, r, sel.X)
		}
	case *ast.Ident:
		obj := pass.TypesInfo.ObjectOf(x)
		found := false
		if fn := r.EnclosingFunc(x); fn != nil && obj != nil {
			ast.Inspect(fn, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for i, l := range as.Lhs {
						if id, ok := l.(*ast.Ident); ok && pass.TypesInfo.ObjectOf(id) == obj && fromRuntimeLogger(pass, r, as.Rhs[i]) {
							found = true
						}
					}
				}
				return !found
			})
		}
		return found
	}
	return false
}

func isStdStream(pass *analysis.Pass, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if v, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "os" {
		return v.Name() == "Stdout" || v.Name() == "Stderr"
	}
	return false
}

// scope knows which variables of a function hold secret content.
type scope struct {
	pass *analysis.Pass
	objs map[types.Object]string
}

func newScope(pass *analysis.Pass, fn ast.Node) *scope {
	sc := &scope{pass: pass, objs: map[types.Object]string{}}
	if fn == nil {
		return sc
	}
	for range 3 {
		ast.Inspect(fn, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				var rhs ast.Expr
				if len(as.Lhs) == len(as.Rhs) {
					rhs = as.Rhs[i]
				} else if len(as.Rhs) == 1 && i == 0 {
					rhs = as.Rhs[0]
				}
				if rhs == nil {
					continue
				}
				if s := sc.secret(rhs); s != "" {
					if obj := pass.TypesInfo.ObjectOf(id); obj != nil {
						if _, done := sc.objs[obj]; !done {
							sc.objs[obj] = id.Name + " (from " + s + ")"
						}
					}
				}
			}
			return true
		})
	}
	return sc
}

// secret returns the secret value e carries, or "".
func (sc *scope) secret(e ast.Expr) string {
	found := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if reach.RuntimeMethod(sc.pass, n) == "SecretGet" {
				found = "SecretGet's result"
				return false
			}
			// charm.Secret(x) logs as ***; len(x) and friends are not x.
			if tv, ok := sc.pass.TypesInfo.Types[n.Fun]; ok && tv.IsType() {
				if named, ok := tv.Type.(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == reach.RuntimePath && named.Obj().Name() == "Secret" {
					return false
				}
			}
			if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
				return false
			}
		case *ast.IndexExpr:
			if lit, ok := n.Index.(*ast.BasicLit); ok {
				if s, err := strconv.Unquote(lit.Value); err == nil && secretName(s) {
					found = types.ExprString(n)
					return false
				}
			}
		case *ast.SelectorExpr:
			if secretName(n.Sel.Name) && sc.stringy(n) {
				found = types.ExprString(n)
				return false
			}
		case *ast.Ident:
			if s, ok := sc.objs[sc.pass.TypesInfo.Uses[n]]; ok {
				found = s
				return false
			}
			if _, isVar := sc.pass.TypesInfo.Uses[n].(*types.Var); isVar && secretName(n.Name) && sc.stringy(n) {
				found = n.Name
				return false
			}
		}
		return true
	})
	return found
}

func secretName(s string) bool { return secretNameRE.MatchString(s) && !notSecretNameRE.MatchString(s) }

// stringy reports whether e is a string, a []byte or a map of strings: the
// types a secret value has.
func (sc *scope) stringy(e ast.Expr) bool {
	t := sc.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	case *types.Map:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Info()&types.IsString != 0
	}
	return false
}
