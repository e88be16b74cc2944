package secretadd

import (
	"go/ast"
	"go/token"
	"go/types"
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
	// absentRE and presentRE name what a check of a lookup's result says:
	// IsNotFound(err), errors.Is(err, charm.ErrSecretNotFound), missing;
	// exists, found, has, ok.
	absentRE  = regexp.MustCompile(`(?i)not_?found|notexist|missing|absent|empty`)
	presentRE = regexp.MustCompile(`(?i)exist|found|^has|^ok$|present`)
)

// An assign is one assignment of a variable: where, and whether the value
// came from a lookup (a lookup call, or a variable that did).
type assign struct {
	pos     token.Pos
	derived bool
}

type checker struct {
	pass    *analysis.Pass
	r       *reach.Result
	assigns map[types.Object][]assign
	deep    map[*ast.FuncDecl]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, r: pass.ResultOf[reach.Analyzer].(*reach.Result), assigns: map[types.Object][]assign{}, deep: map[*ast.FuncDecl]bool{}}
	c.recordAssigns()
	reach.Calls(pass, func(call *ast.CallExpr) {
		where := c.r.Where(call.Pos())
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
		if what == "" || c.r.GuardedWhen(call, c.lookupGuard) {
			return
		}
		pass.Reportf(call.Pos(), "%s creates a new secret on every run (%s); look it up first (SecretInfoGet by label, or an id kept in State) and add it only when the lookup finds nothing, or use EnsureSecret", what, where)
	})
	return nil, nil
}

// isLookup reports whether a call looks a secret up: a lookup of the
// runtime, goops or the hook tools, or a package function that makes one.
func (c *checker) isLookup(call *ast.CallExpr) bool {
	if lookups[reach.RuntimeMethod(c.pass, call)] {
		return true
	}
	if fn := reach.FuncName(c.pass, call); strings.HasPrefix(fn, reach.GoopsPath+".Get") {
		return true
	}
	if argv, ok := reach.Exec(c.pass, call); ok && rawLookups[argv[0]] {
		return true
	}
	d := c.r.Decl(call)
	if d == nil || d.Body == nil {
		return false
	}
	if v, ok := c.deep[d]; ok {
		return v
	}
	c.deep[d] = false // recursion
	found := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found && c.isLookup(call) {
			found = true
		}
		return !found
	})
	c.deep[d] = found
	return found
}

// recordAssigns notes every assignment of a variable in source order, and
// whether its value came from a lookup.
func (c *checker) recordAssigns() {
	note := func(lhs ast.Expr, at token.Pos, derived bool) {
		id, ok := lhs.(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		obj := c.pass.TypesInfo.Defs[id]
		if obj == nil {
			obj = c.pass.TypesInfo.Uses[id]
		}
		if obj != nil {
			c.assigns[obj] = append(c.assigns[obj], assign{at, derived})
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				derived := false
				for _, e := range s.Rhs {
					derived = derived || c.fromLookup(e)
				}
				for _, l := range s.Lhs {
					note(l, s.Pos(), derived)
				}
			case *ast.ValueSpec:
				derived := false
				for _, e := range s.Values {
					derived = derived || c.fromLookup(e)
				}
				for _, l := range s.Names {
					note(l, s.Pos(), derived)
				}
			case *ast.RangeStmt:
				derived := c.fromLookup(s.X)
				for _, l := range []ast.Expr{s.Key, s.Value} {
					if l != nil {
						note(l, s.Pos(), derived)
					}
				}
			}
			return true
		})
	}
}

// fromLookup reports whether e holds a lookup call or a variable whose
// value, where e uses it, came from one.
func (c *checker) fromLookup(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			found = c.isLookup(n)
		case *ast.Ident:
			if obj := c.pass.TypesInfo.Uses[n]; obj != nil {
				found = c.derivedAt(obj, n.Pos())
			}
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// derivedAt reports whether the last assignment of obj before pos took a
// lookup's result.
func (c *checker) derivedAt(obj types.Object, pos token.Pos) bool {
	last, ok := assign{}, false
	for _, a := range c.assigns[obj] {
		if a.pos < pos && (!ok || a.pos > last.pos) {
			last, ok = a, true
		}
	}
	return ok && last.derived
}

// lookupGuard reports whether a condition that decides whether an add runs
// checks a lookup's result, and lets the add run when the lookup found
// nothing (or cannot tell which way it goes).
func (c *checker) lookupGuard(cond ast.Expr, when bool) bool {
	related, absent := c.polarity(cond)
	if !related {
		return false
	}
	if !when {
		absent = -absent
	}
	return absent >= 0
}

// polarity says whether a condition depends on a lookup's result and, if
// so, whether it holds when the thing looked up is absent (1), present
// (-1), or either (0).
func (c *checker) polarity(e ast.Expr) (related bool, absent int) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.polarity(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			r, a := c.polarity(e.X)
			return r, -a
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			rx, ax := c.polarity(e.X)
			ry, ay := c.polarity(e.Y)
			switch {
			case rx && ry:
				if ax == ay {
					return true, ax
				}
				return true, 0
			case rx:
				return true, ax
			case ry:
				return true, ay
			}
			return false, 0
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return c.comparison(e)
		}
	case *ast.CallExpr:
		if !c.fromLookup(e) {
			return false, 0
		}
		name := ""
		switch f := e.Fun.(type) {
		case *ast.Ident:
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
		switch {
		case absentRE.MatchString(name):
			return true, 1
		case name == "Is" || name == "As":
			for _, a := range e.Args[min(1, len(e.Args)):] {
				if reach.Mentions(a, absentRE) {
					return true, 1
				}
			}
			return true, 0
		case presentRE.MatchString(name):
			return true, -1
		}
		return true, 0
	}
	if !c.fromLookup(e) {
		return false, 0
	}
	// A boolean taken from a lookup: ok, found, exists (present when
	// true) or missing (absent when true).
	name := ""
	switch x := e.(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.SelectorExpr:
		name = x.Sel.Name
	}
	if t := c.pass.TypesInfo.TypeOf(e); t != nil {
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
			if absentRE.MatchString(name) {
				return true, 1
			}
			return true, -1
		}
	}
	return true, 0
}

// comparison reads x == nil, id == "", len(ids) == 0, err ==
// charm.ErrSecretNotFound and their negations.
func (c *checker) comparison(e *ast.BinaryExpr) (bool, int) {
	x, y := e.X, e.Y
	if !c.fromLookup(x) {
		x, y = y, x
	}
	if !c.fromLookup(x) {
		return false, 0
	}
	eq := 0 // 1: holds on "x is empty"
	switch e.Op {
	case token.EQL, token.LEQ, token.LSS:
		eq = 1
	default:
		eq = -1
	}
	if e.Op == token.LSS && isZero(y) || e.Op == token.GTR && isZero(y) && x != e.X {
		return true, 0 // len(x) < 0, 0 > len(x): odd
	}
	switch {
	case reach.Mentions(y, absentRE):
		return true, eq
	case isZero(y):
		if isError(c.pass, x) {
			return true, -eq // err == nil: the lookup found it
		}
		return true, eq
	}
	return true, 0
}

// isZero reports whether e is nil, "", 0 or false.
func isZero(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "nil" || e.Name == "false"
	case *ast.BasicLit:
		return e.Value == `""` || e.Value == "``" || e.Value == "0"
	case *ast.ParenExpr:
		return isZero(e.X)
	}
	return false
}

func isError(pass *analysis.Pass, e ast.Expr) bool {
	t := pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	return types.Implements(t, errType)
}
