// Package reach is the analysis the Go lint rules share: it finds a Go
// charm's event handlers (the branches of its dispatch on the hook name, a
// map from hook names to functions, or functions named after an event such
// as OnConfigChanged) and the code that runs on repeatable events — the
// Reconcile functions, the handlers of repeatable events, and whatever they
// call in the package. The idempotency rules apply to that code.
//
// It recognises calls into the charm runtime
// (github.com/charmgen/charmgen/charm) by import path, Pebble clients (the
// runtime's charm/pebble, canonical/pebble's client), raw hook-tool
// processes (exec.Command("relation-set", ...)) and goops' functions.
package reach

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// RuntimePath is the import path of charmgen's charm runtime.
const RuntimePath = "github.com/charmgen/charmgen/charm"

// GoopsPath is the import path of goops, the other Go charm library.
const GoopsPath = "github.com/gruyaume/goops"

// Analyzer computes a *Result for a package.
var Analyzer = &analysis.Analyzer{
	Name:       "charmreach",
	Doc:        "finds a Go charm's event handlers and the code that runs on repeatable events",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Handler is one event handler: a branch of a dispatch, or a function.
type Handler struct {
	// Events are the hook names the handler runs for ("config-changed",
	// "action:backup", "*" for a default branch).
	Events []string
	// Pos is where the handler starts: the case, the if, the map key or
	// the function name.
	Pos token.Pos
	// Body holds the handler's statements.
	Body []ast.Stmt
	// Func is set when the handler is a whole function.
	Func *ast.FuncDecl
}

// Repeatable returns the handler's repeatable events.
func (h *Handler) Repeatable() []string {
	var out []string
	for _, ev := range h.Events {
		if Repeatable(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// Name says which handler this is, for messages.
func (h *Handler) Name() string {
	evs := strings.Join(h.Events, ", ")
	if evs == "*" {
		return "the default branch (every other hook)"
	}
	if h.Func != nil {
		return fmt.Sprintf("%s (%s)", h.Func.Name.Name, evs)
	}
	return "the " + evs + " branch"
}

type region struct {
	start, end token.Pos
	fn         *ast.FuncDecl // nil for a branch
	root       string
}

// Result is what the analysis found in a package.
type Result struct {
	Handlers []*Handler

	pass      *analysis.Pass
	regions   []region
	decls     map[*types.Func]*ast.FuncDecl
	funcOf    map[*ast.FuncDecl]*types.Func
	callSites map[*types.Func][]*ast.CallExpr
	parents   map[ast.Node]ast.Node
	hookVars  map[types.Object]string // variables holding the hook ("hook") or action ("action") name
	// changeVars are the variables holding a comparing write's "changed"
	// result.
	changeVars map[types.Object]bool
}

var reconcileRE = regexp.MustCompile(`^(?i:reconcile)`)

// IsReconciler reports whether a function is a reconciler by its name.
func IsReconciler(name string) bool { return reconcileRE.MatchString(name) }

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		pass:       pass,
		decls:      map[*types.Func]*ast.FuncDecl{},
		funcOf:     map[*ast.FuncDecl]*types.Func{},
		callSites:  map[*types.Func][]*ast.CallExpr{},
		parents:    map[ast.Node]ast.Node{},
		hookVars:   map[types.Object]string{},
		changeVars: map[types.Object]bool{},
	}
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				r.parents[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			return true
		})
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					r.decls[fn] = fd
					r.funcOf[fd] = fn
				}
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typeutil.StaticCallee(pass.TypesInfo, call); fn != nil && r.decls[fn.Origin()] != nil {
					fn = fn.Origin()
					r.callSites[fn] = append(r.callSites[fn], call)
				}
			}
			return true
		})
	}
	r.findHookVars()
	r.findChangeVars()
	r.findHandlers()
	r.buildRegions()
	return r, nil
}

// findHookVars finds the variables that hold the hook or action name
// (hook := env.HookName), repeating until no new one appears.
func (r *Result) findHookVars() {
	for range 3 {
		for _, f := range r.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) == len(n.Rhs) {
						for i, l := range n.Lhs {
							if k := r.nameKind(n.Rhs[i]); k != "" {
								if id, ok := l.(*ast.Ident); ok {
									if obj := r.pass.TypesInfo.ObjectOf(id); obj != nil {
										r.hookVars[obj] = k
									}
								}
							}
						}
					}
				case *ast.ValueSpec:
					if len(n.Names) == len(n.Values) {
						for i, id := range n.Names {
							if k := r.nameKind(n.Values[i]); k != "" {
								if obj := r.pass.TypesInfo.ObjectOf(id); obj != nil {
									r.hookVars[obj] = k
								}
							}
						}
					}
				}
				return true
			})
		}
	}
}

// nameKind says whether e is the hook name ("hook"), the dispatch path
// ("path"), the action name ("action"), or none of them ("").
func (r *Result) nameKind(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		switch e.Sel.Name {
		case "HookName":
			return "hook"
		case "DispatchPath":
			return "path"
		case "ActionName":
			return "action"
		}
	case *ast.Ident:
		return r.hookVars[r.pass.TypesInfo.ObjectOf(e)]
	case *ast.CallExpr:
		fn := typeutil.Callee(r.pass.TypesInfo, e)
		if fn == nil || fn.Pkg() == nil || len(e.Args) == 0 {
			return ""
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Getenv", "syscall.Getenv":
			switch StringConst(r.pass, e.Args[0]) {
			case "JUJU_HOOK_NAME":
				return "hook"
			case "JUJU_DISPATCH_PATH":
				return "path"
			case "JUJU_ACTION_NAME":
				return "action"
			}
		case "path/filepath.Base", "path.Base":
			if k := r.nameKind(e.Args[0]); k == "path" {
				return "hook" // actions/x and hooks/x both give x; hooks dominate
			} else if k != "" {
				return k
			}
			if ix, ok := ast.Unparen(e.Args[0]).(*ast.IndexExpr); ok {
				if sel, ok := ix.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Args" {
					return "hook" // filepath.Base(os.Args[0]) under hooks/<name>
				}
			}
		case "strings.TrimPrefix", "strings.TrimSuffix", "strings.TrimSpace", "strings.ToLower":
			return r.nameKind(e.Args[0])
		}
	}
	return ""
}

// StringConst returns the value of a constant string expression, or "".
func StringConst(pass *analysis.Pass, e ast.Expr) string {
	if tv, ok := pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

// eventOf turns a value compared with a name of the given kind into an
// event.
func eventOf(kind, v string) string {
	switch kind {
	case "action":
		return "action:" + v
	case "path":
		if a, ok := strings.CutPrefix(v, "actions/"); ok {
			return "action:" + a
		}
		return strings.TrimPrefix(v, "hooks/")
	}
	return v
}

// eventsOfCond returns the events a condition selects, when it tests the
// hook or action name.
func (r *Result) eventsOfCond(e ast.Expr) []string {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR, token.LAND:
			return append(r.eventsOfCond(e.X), r.eventsOfCond(e.Y)...)
		case token.EQL, token.NEQ:
			x, y := e.X, e.Y
			k := r.nameKind(x)
			if k == "" {
				x, y = y, x
				k = r.nameKind(x)
			}
			if k == "" {
				return nil
			}
			v := StringConst(r.pass, y)
			if v == "" {
				return nil
			}
			if e.Op == token.NEQ {
				return []string{"*"}
			}
			return []string{eventOf(k, v)}
		}
	case *ast.CallExpr:
		if fn := typeutil.Callee(r.pass.TypesInfo, e); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && len(e.Args) == 2 {
			k := r.nameKind(e.Args[0])
			v := StringConst(r.pass, e.Args[1])
			if k == "" || v == "" {
				return nil
			}
			switch fn.Name() {
			case "HasSuffix":
				return []string{"*" + v}
			case "HasPrefix":
				return []string{eventOf(k, v) + "*"}
			case "Contains":
				return []string{"*" + v + "*"}
			}
		}
		// env.IsAction(): every action.
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "IsAction" {
			return []string{"action:*"}
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT && len(r.eventsOfCond(e.X)) > 0 {
			return []string{"*"}
		}
	}
	return nil
}

func (r *Result) findHandlers() {
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SwitchStmt:
				r.switchHandlers(n)
			case *ast.IfStmt:
				// Only the head of an if/else-if chain.
				if p, ok := r.parents[n].(*ast.IfStmt); ok && p.Else == n {
					return true
				}
				r.ifHandlers(n)
			case *ast.CompositeLit:
				r.mapHandlers(n)
			case *ast.FuncDecl:
				if ev := eventFromFuncName(n.Name.Name); ev != "" && n.Body != nil {
					r.Handlers = append(r.Handlers, &Handler{Events: []string{ev}, Pos: n.Name.Pos(), Body: n.Body.List, Func: n})
				}
			}
			return true
		})
	}
	// A function can be a handler twice (by its name and as a map value):
	// keep one, with the events of both.
	byFunc := map[*ast.FuncDecl]*Handler{}
	var out []*Handler
	for _, h := range r.Handlers {
		if h.Func == nil {
			out = append(out, h)
			continue
		}
		if prev := byFunc[h.Func]; prev != nil {
			for _, ev := range h.Events {
				if !slices.Contains(prev.Events, ev) {
					prev.Events = append(prev.Events, ev)
				}
			}
			continue
		}
		h.Pos = h.Func.Name.Pos()
		byFunc[h.Func] = h
		out = append(out, h)
	}
	r.Handlers = out
	sort.SliceStable(r.Handlers, func(i, j int) bool { return r.Handlers[i].Pos < r.Handlers[j].Pos })
}

func (r *Result) switchHandlers(s *ast.SwitchStmt) {
	kind := ""
	if s.Tag != nil {
		if kind = r.nameKind(s.Tag); kind == "" {
			return
		}
	}
	var hs []*Handler
	for _, st := range s.Body.List {
		cc := st.(*ast.CaseClause)
		var evs []string
		if cc.List == nil {
			evs = []string{"*"}
		}
		for _, e := range cc.List {
			if kind != "" {
				if v := StringConst(r.pass, e); v != "" {
					evs = append(evs, eventOf(kind, v))
				}
			} else {
				evs = append(evs, r.eventsOfCond(e)...)
			}
		}
		if len(evs) > 0 {
			hs = append(hs, &Handler{Events: evs, Pos: cc.Pos(), Body: cc.Body})
		}
	}
	// A tagless switch is a dispatch only when some case tests the hook.
	for _, h := range hs {
		if h.Events[0] != "*" || kind != "" {
			r.Handlers = append(r.Handlers, hs...)
			return
		}
	}
}

func (r *Result) ifHandlers(s *ast.IfStmt) {
	found := false
	for cur := s; cur != nil; {
		evs := r.eventsOfCond(cur.Cond)
		if len(evs) > 0 {
			found = true
			r.Handlers = append(r.Handlers, &Handler{Events: evs, Pos: cur.Pos(), Body: cur.Body.List})
		}
		switch e := cur.Else.(type) {
		case *ast.IfStmt:
			cur = e
		case *ast.BlockStmt:
			if found {
				r.Handlers = append(r.Handlers, &Handler{Events: []string{"*"}, Pos: e.Pos(), Body: e.List})
			}
			cur = nil
		default:
			cur = nil
		}
	}
}

// mapHandlers finds map[string]func... literals keyed by hook names.
func (r *Result) mapHandlers(cl *ast.CompositeLit) {
	tv, ok := r.pass.TypesInfo.Types[cl]
	if !ok {
		return
	}
	m, ok := tv.Type.Underlying().(*types.Map)
	if !ok {
		return
	}
	if _, ok := m.Elem().Underlying().(*types.Signature); !ok {
		return
	}
	var hs []*Handler
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key := StringConst(r.pass, kv.Key)
		ev := key
		if a, ok := strings.CutPrefix(key, "actions/"); ok {
			ev = "action:" + a
		} else if h, ok := strings.CutPrefix(key, "hooks/"); ok {
			ev = h
		}
		if !IsHookName(ev) && !strings.HasPrefix(ev, "action:") {
			continue
		}
		h := &Handler{Events: []string{ev}, Pos: kv.Key.Pos()}
		switch v := ast.Unparen(kv.Value).(type) {
		case *ast.FuncLit:
			h.Body = v.Body.List
		default:
			if fn, ok := r.funcObj(v); ok {
				if fd := r.decls[fn]; fd != nil {
					h.Func, h.Body = fd, fd.Body.List
				}
			}
		}
		if h.Body != nil {
			hs = append(hs, h)
		}
	}
	if len(hs) >= 2 {
		r.Handlers = append(r.Handlers, hs...)
	}
}

// funcObj returns the package function or method an expression names.
func (r *Result) funcObj(e ast.Expr) (*types.Func, bool) {
	var id *ast.Ident
	switch e := e.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil, false
	}
	fn, ok := r.pass.TypesInfo.Uses[id].(*types.Func)
	if !ok {
		return nil, false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fn, r.decls[fn] != nil
}

// buildRegions marks the code that runs on repeatable events: reconcilers
// and handlers of repeatable events, and what they reference.
func (r *Result) buildRegions() {
	type item struct {
		fd   *ast.FuncDecl
		root string
	}
	seen := map[*ast.FuncDecl]bool{}
	var queue []item
	add := func(fd *ast.FuncDecl, root string) {
		if fd != nil && !seen[fd] {
			seen[fd] = true
			queue = append(queue, item{fd, root})
			r.regions = append(r.regions, region{start: fd.Body.Lbrace, end: fd.Body.Rbrace, fn: fd, root: root})
		}
	}
	var fds []*ast.FuncDecl
	for fd := range r.funcOf {
		fds = append(fds, fd)
	}
	sort.Slice(fds, func(i, j int) bool { return fds[i].Pos() < fds[j].Pos() })
	for _, fd := range fds {
		if IsReconciler(fd.Name.Name) {
			add(fd, fd.Name.Name)
		}
	}
	follow := func(n ast.Node, root string) {
		ast.Inspect(n, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				if fn, ok := r.funcObj(e); ok {
					add(r.decls[fn], root)
				}
			}
			return true
		})
	}
	for _, h := range r.Handlers {
		evs := h.Repeatable()
		if len(evs) == 0 || len(h.Body) == 0 {
			continue
		}
		if h.Func != nil {
			add(h.Func, h.Name())
			continue
		}
		root := h.Name()
		r.regions = append(r.regions, region{start: h.Body[0].Pos(), end: h.Body[len(h.Body)-1].End(), root: root})
		for _, st := range h.Body {
			follow(st, root)
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		follow(it.fd.Body, it.root)
	}
}

// Where says where pos is when it runs on repeatable events ("in
// Reconcile", "in render, reached from Reconcile", "in the config-changed
// branch"), or returns "".
func (r *Result) Where(pos token.Pos) string {
	best := -1
	for i, rg := range r.regions {
		if rg.start <= pos && pos <= rg.end && (best < 0 || rg.start >= r.regions[best].start) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	rg := r.regions[best]
	switch {
	case rg.fn == nil:
		return "in " + rg.root
	case rg.fn.Name.Name == rg.root || strings.HasPrefix(rg.root, rg.fn.Name.Name+" ("):
		return "in " + rg.root
	}
	return "in " + rg.fn.Name.Name + ", reached from " + rg.root
}

// Parent returns the syntax node that contains n.
func (r *Result) Parent(n ast.Node) ast.Node { return r.parents[n] }

// EnclosingFunc returns the function declaration or literal n is in.
func (r *Result) EnclosingFunc(n ast.Node) ast.Node {
	for p := r.parents[n]; p != nil; p = r.parents[p] {
		switch p.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return p
		}
	}
	return nil
}

// Guarded reports whether n only runs when pred holds for some condition:
// n is in the body of an if (or a case, or the right of &&) whose
// condition (or init statement) satisfies pred, or follows "if cond { return }" in an
// enclosing block, or every call of the function n is in is guarded.
func (r *Result) Guarded(n ast.Node, pred func(cond ast.Node) bool) bool {
	return r.guarded(n, pred, 0, map[ast.Node]bool{})
}

func (r *Result) guarded(n ast.Node, pred func(cond ast.Node) bool, depth int, seen map[ast.Node]bool) bool {
	child := n
	for p := r.parents[n]; p != nil; child, p = p, r.parents[p] {
		switch p := p.(type) {
		case *ast.FuncLit:
			return false
		case *ast.FuncDecl:
			if depth >= 4 || seen[p] {
				return false
			}
			seen[p] = true
			sites := r.callSites[r.funcOf[p]]
			if len(sites) == 0 {
				return false
			}
			for _, s := range sites {
				if !r.guarded(s, pred, depth+1, seen) {
					return false
				}
			}
			return true
		case *ast.IfStmt:
			if (child == p.Body || child == p.Else) && (pred(p.Cond) || (p.Init != nil && pred(p.Init))) {
				return true
			}
		case *ast.CaseClause:
			for _, e := range p.List {
				if pred(e) {
					return true
				}
			}
			if sw, ok := r.parents[r.parents[p]].(*ast.SwitchStmt); ok && sw.Tag != nil && pred(sw.Tag) {
				return true
			}
		case *ast.BinaryExpr:
			if p.Op == token.LAND && child == p.Y && pred(p.X) {
				return true
			}
		case *ast.BlockStmt:
			for _, st := range p.List {
				if st == child {
					break
				}
				if is, ok := st.(*ast.IfStmt); ok && is.Else == nil && exits(is.Body) && pred(is.Cond) {
					return true
				}
			}
		}
	}
	return false
}

// GuardedWhen is Guarded with the branch: pred gets each condition that
// decides whether n runs, and when, true if n runs when the condition
// holds (the body of an if, a case, the right of &&) and false if it runs
// when it does not (an else, the code after "if cond { return }"). For a
// switch with a tag, the condition passed is "tag == case value" (for the
// default clause, the tag alone, with when false). Calls of the function n
// is in must all be guarded, as for Guarded.
func (r *Result) GuardedWhen(n ast.Node, pred func(cond ast.Expr, when bool) bool) bool {
	return r.guardedWhen(n, pred, 0, map[ast.Node]bool{})
}

func (r *Result) guardedWhen(n ast.Node, pred func(cond ast.Expr, when bool) bool, depth int, seen map[ast.Node]bool) bool {
	child := n
	for p := r.parents[n]; p != nil; child, p = p, r.parents[p] {
		switch p := p.(type) {
		case *ast.FuncLit:
			return false
		case *ast.FuncDecl:
			if depth >= 4 || seen[p] {
				return false
			}
			seen[p] = true
			sites := r.callSites[r.funcOf[p]]
			if len(sites) == 0 {
				return false
			}
			for _, s := range sites {
				if !r.guardedWhen(s, pred, depth+1, seen) {
					return false
				}
			}
			return true
		case *ast.IfStmt:
			if child == p.Body && pred(p.Cond, true) || child == p.Else && pred(p.Cond, false) {
				return true
			}
		case *ast.CaseClause:
			var tag ast.Expr
			if sw, ok := r.parents[r.parents[p]].(*ast.SwitchStmt); ok {
				tag = sw.Tag
			}
			if tag != nil && len(p.List) == 0 && pred(tag, false) {
				return true
			}
			for _, e := range p.List {
				if tag != nil {
					e = &ast.BinaryExpr{X: tag, OpPos: e.Pos(), Op: token.EQL, Y: e}
				}
				if pred(e, true) {
					return true
				}
			}
		case *ast.BinaryExpr:
			if p.Op == token.LAND && child == p.Y && pred(p.X, true) {
				return true
			}
		case *ast.BlockStmt:
			for _, st := range p.List {
				if st == child {
					break
				}
				if is, ok := st.(*ast.IfStmt); ok && is.Else == nil && exits(is.Body) && pred(is.Cond, false) {
					return true
				}
			}
		}
	}
	return false
}

// exits reports whether a block ends by leaving the function or loop.
func exits(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Exit" || strings.HasPrefix(sel.Sel.Name, "Fatal")) {
				return true
			}
		}
	}
	return false
}

// Earlier reports whether the function enclosing n calls something that
// match accepts before n.
func (r *Result) Earlier(n ast.Node, match func(call *ast.CallExpr) bool) bool {
	fn := r.EnclosingFunc(n)
	if fn == nil {
		return false
	}
	found := false
	ast.Inspect(fn, func(m ast.Node) bool {
		if found || m == nil {
			return false
		}
		if m.Pos() >= n.Pos() {
			return false
		}
		if call, ok := m.(*ast.CallExpr); ok && match(call) {
			found = true
		}
		return true
	})
	return found
}

// Mentions reports whether an identifier, selector name or string literal
// in e matches re.
func Mentions(e ast.Node, re *regexp.Regexp) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			found = re.MatchString(n.Name)
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING {
				found = re.MatchString(s)
			}
		}
		return !found
	})
	return found
}

// Calls calls f for every call expression in the package, in file order.
func Calls(pass *analysis.Pass, f func(call *ast.CallExpr)) {
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				f(call)
			}
			return true
		})
	}
}

// Decl returns the declaration of the package function a call invokes
// statically, or nil.
func (r *Result) Decl(call *ast.CallExpr) *ast.FuncDecl {
	fn := typeutil.StaticCallee(r.pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	return r.decls[fn.Origin()]
}

// HandlerAt returns the innermost handler whose body holds pos, or nil.
func (r *Result) HandlerAt(pos token.Pos) *Handler {
	var best *Handler
	for _, h := range r.Handlers {
		if len(h.Body) == 0 {
			continue
		}
		if h.Body[0].Pos() <= pos && pos <= h.Body[len(h.Body)-1].End() {
			if best == nil || h.Body[0].Pos() >= best.Body[0].Pos() {
				best = h
			}
		}
	}
	return best
}
