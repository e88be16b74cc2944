package reach

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// RuntimeMethod returns the name of the charm runtime method a call
// invokes (a method of *charm.Context, also through a type that embeds
// it), or "".
func RuntimeMethod(pass *analysis.Pass, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != RuntimePath {
		return ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Name() == "Context" {
		return fn.Name()
	}
	return ""
}

// ContainerMethod returns the name of the runtime's *workload.Container
// method a call invokes (also through a type that embeds it), or "".
func ContainerMethod(pass *analysis.Pass, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != RuntimePath+"/workload" {
		return ""
	}
	if recvNamed(fn) == "Container" {
		return fn.Name()
	}
	return ""
}

// PebbleMethod returns the name of the Pebble client method a call invokes
// — a method of a type Client in a package whose import path names pebble:
// the runtime's charm/pebble, canonical/pebble's client — also through a
// promoted field, or "".
func PebbleMethod(pass *analysis.Pass, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !strings.Contains(fn.Pkg().Path(), "pebble") {
		return ""
	}
	if recvNamed(fn) == "Client" {
		return fn.Name()
	}
	return ""
}

// recvNamed returns the name of a method's receiver type, or "".
func recvNamed(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// FuncName returns "pkgpath.Name" for a call of a package-level function,
// or "".
func FuncName(pass *analysis.Pass, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// MethodOf returns the receiver's package path and the method name of a
// method call, or "", "".
func MethodOf(pass *analysis.Pass, call *ast.CallExpr) (pkg, name string) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() == nil {
		return "", ""
	}
	return fn.Pkg().Path(), fn.Name()
}

// RuntimeWrites are the runtime methods that change something. Setting a
// status is not among them: a thin handler may say what it is doing.
var RuntimeWrites = map[string]bool{
	"SetRelationData": true, "WriteUnitData": true, "WriteAppData": true, "SetState": true,
	"SecretAdd": true, "SecretSet": true, "EnsureSecret": true, "SecretGrant": true, "SecretRevoke": true,
	"SecretRemove": true, "SetPorts": true, "SetWorkloadVersion": true, "AddStorage": true, "Reboot": true,
}

// PebbleWrites are the Pebble client methods that change the workload: its
// plan, its services, its files, or what runs in it. Pull, Plan and the
// other reads are not among them.
var PebbleWrites = map[string]bool{
	"AddLayer": true, "Replan": true, "AutoStart": true, "Start": true, "Stop": true, "Restart": true,
	"Push": true, "Exec": true, "MakeDir": true, "RemovePath": true, "SendSignal": true,
}

// ContainerWrites are the *workload.Container methods that change the
// workload (they compare first, but they still write when something
// differs).
var ContainerWrites = map[string]bool{"EnsureLayer": true, "EnsureFile": true, "Replan": true}

var goopsWriteRE = regexp.MustCompile(`^(Set[A-Z]\w*RelationData|SetState|SetPorts|SetAppVersion|Add|Open|Close|Remove|Grant|Revoke|Delete)`)

var fileWrites = map[string]bool{
	"os.WriteFile": true, "os.Create": true, "os.OpenFile": true, "os.Mkdir": true, "os.MkdirAll": true,
	"os.Remove": true, "os.RemoveAll": true, "os.Rename": true, "os.Symlink": true, "os.Link": true,
	"os.Chmod": true, "os.Chown": true, "os.Truncate": true, "io/ioutil.WriteFile": true,
}

// Work says what a call changes (a runtime write, a process, a file), or
// returns "" for a call that only reads.
func Work(pass *analysis.Pass, call *ast.CallExpr) string {
	if m := RuntimeMethod(pass, call); RuntimeWrites[m] {
		return m
	}
	if m := ContainerMethod(pass, call); ContainerWrites[m] {
		return "Container." + m
	}
	if m := PebbleMethod(pass, call); PebbleWrites[m] {
		return "pebble " + m
	}
	fn := FuncName(pass, call)
	switch {
	case fn == "os/exec.Command" || fn == "os/exec.CommandContext":
		argv, ok := Exec(pass, call)
		if ok && argv[0] != "" {
			cmds := cmdline.Split(argv, false)
			if cmdline.ReadOnly(cmds) {
				return ""
			}
			if len(cmds) > 0 && len(cmds[0]) > 0 && cmds[0][0] != "" {
				return "runs " + cmds[0][0]
			}
		}
		return "runs a process"
	case fileWrites[fn]:
		return fn[strings.LastIndexByte(fn, '/')+1:]
	case strings.HasPrefix(fn, GoopsPath+".") && goopsWriteRE.MatchString(fn[len(GoopsPath)+1:]):
		return "goops." + fn[len(GoopsPath)+1:]
	}
	return ""
}

// Exec returns the command of exec.Command(name, args...) or
// exec.CommandContext(ctx, name, args...): the constant strings, "" for
// the others. ok is false for other calls.
func Exec(pass *analysis.Pass, call *ast.CallExpr) (argv []string, ok bool) {
	args := call.Args
	switch FuncName(pass, call) {
	case "os/exec.Command":
	case "os/exec.CommandContext":
		if len(args) == 0 {
			return nil, false
		}
		args = args[1:]
	default:
		return nil, false
	}
	if len(args) == 0 {
		return nil, false
	}
	for _, a := range args {
		argv = append(argv, StringConst(pass, a))
	}
	return argv, true
}

// ExecOf returns the command behind a method call on an *exec.Cmd
// (exec.Command("x").Run(), or cmd.Run() with cmd := exec.Command("x")).
func ExecOf(pass *analysis.Pass, r *Result, call *ast.CallExpr) ([]string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	switch sel.Sel.Name {
	case "Run", "Output", "CombinedOutput", "Start", "Wait":
	default:
		return nil, false
	}
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.CallExpr:
		return Exec(pass, x)
	case *ast.Ident:
		obj := pass.TypesInfo.ObjectOf(x)
		if obj == nil {
			return nil, false
		}
		var argv []string
		found := false
		if fn := r.EnclosingFunc(call); fn != nil {
			ast.Inspect(fn, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != len(as.Rhs) {
					return true
				}
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && pass.TypesInfo.ObjectOf(id) == obj {
						if c, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr); ok {
							argv, found = Exec(pass, c)
						}
					}
				}
				return true
			})
		}
		return argv, found
	}
	return nil, false
}

func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// changeCheckRE matches names of checks that say whether something changed.
var changeCheckRE = regexp.MustCompile(`(?i)chang|differ|equal|same|updat|modif|dirty|stale|hash|needs?restart|shouldrestart|restartneeded|outdated`)

// IsChangeCheck reports whether a condition decides on whether something
// changed: a comparison (other than with nil), or a call or name such as
// bytes.Equal, changed or needsRestart. Result.IsChangeCheck also knows
// the variables that hold a comparing write's "changed" result.
func IsChangeCheck(pass *analysis.Pass, cond ast.Node) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && !isNil(n.X) && !isNil(n.Y) {
				found = true
			}
		case *ast.Ident:
			found = changeCheckRE.MatchString(n.Name)
		}
		return !found
	})
	return found
}

// ChangeResults are the runtime's comparing writes whose result says
// whether they changed something, with that result's index:
// Container.EnsureLayer and EnsureFile return (changed, err),
// Context.EnsureSecret (id, changed, err).
var ChangeResults = map[string]int{"Container.EnsureLayer": 0, "Container.EnsureFile": 0, "Context.EnsureSecret": 1}

// changeResult returns the index of the "changed" result of the comparing
// write a call makes, or -1.
func changeResult(pass *analysis.Pass, call *ast.CallExpr) int {
	key := ""
	if m := ContainerMethod(pass, call); m != "" {
		key = "Container." + m
	} else if m := RuntimeMethod(pass, call); m != "" {
		key = "Context." + m
	}
	if i, ok := ChangeResults[key]; ok {
		return i
	}
	return -1
}

// findChangeVars finds the variables assigned the "changed" result of a
// comparing write (changed, err := ct.EnsureLayer(...), whatever the
// variable is called).
func (r *Result) findChangeVars() {
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			var lhs []ast.Expr
			var rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				rhs = n.Values
			default:
				return true
			}
			if len(rhs) != 1 {
				return true
			}
			call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			if i := changeResult(r.pass, call); i >= 0 && i < len(lhs) {
				if id, ok := lhs[i].(*ast.Ident); ok {
					if obj := r.pass.TypesInfo.ObjectOf(id); obj != nil {
						r.changeVars[obj] = true
					}
				}
			}
			return true
		})
	}
}

// IsChangeCheck reports whether a condition decides on whether something
// changed, as the package function does, or tests a variable holding a
// comparing write's "changed" result (ok, err := ct.EnsureFile(...); if ok).
func (r *Result) IsChangeCheck(cond ast.Node) bool {
	if IsChangeCheck(r.pass, cond) {
		return true
	}
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			found = r.changeVars[r.pass.TypesInfo.ObjectOf(id)]
		}
		return !found
	})
	return found
}
