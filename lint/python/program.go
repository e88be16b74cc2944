package python

import (
	"context"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/lint/python/pyast"
	"github.com/charmgen/charmgen/lint/rule"
)

// The charm's Python model spans its files: a charm class in src/charm.py
// calls functions and holds objects whose classes live in other modules
// of the charm (from workload import Workload; self.workload =
// Workload(...); a property returning MySQL(...); from . import utils).
// The files are parsed once; imports within the charm are resolved
// (import x, from x import Y, from .x import Y, from src.x import Y, a
// package's __init__ re-exporting a name), and so are the calls Y(...),
// x.f(...), self.attr.m(...) (self.attr assigned Y(...), or a property or
// method that returns Y(...) or is annotated -> Y), local.m(...) (a local
// bound to Y(...), a parameter annotated Y, a loop over an attribute
// annotated List[Y]), with class inheritance within the charm: a method
// is looked up in the class and its bases, and a call on a base class may
// run any subclass's override (an abstract method and its
// implementations). The rules then follow work, guards and call sites
// across files; a finding stays in the file where the code is.

// Parsed is one parsed file of a charm, ready for CheckCharm.
type Parsed struct {
	File string // the path shown in findings
	Rel  string // the slash path from the charm root (src/charm.py)
	f    *pyast.File
}

// Parse parses one file of a charm. A file over the budget gets one
// OverBudget finding and a nil Parsed: it is left out of the model. A
// syntax error is returned, not failed on.
func Parse(ctx context.Context, file, rel string, src []byte, b Budget) (*Parsed, []rule.Finding, *SyntaxError, error) {
	if b.MaxBytes > 0 && len(src) > b.MaxBytes {
		return nil, []rule.Finding{overBudget(file, 1, 1, "the file is %s, over the %s limit for Python files", size(len(src)), size(b.MaxBytes))}, nil, nil
	}
	f, err := pyast.Parse(ctx, src)
	if err != nil {
		return nil, nil, nil, err
	}
	if fs := budgetFindings(file, f, b); fs != nil {
		return nil, fs, syntaxError(file, f), nil
	}
	return &Parsed{File: file, Rel: rel, f: f}, nil, syntaxError(file, f), nil
}

// CheckCharm runs every Python rule on the files of one charm together.
// Findings are positioned in the file where the code they report is.
func CheckCharm(files []*Parsed) []rule.Finding { return CheckCharmWith(files, Options{}) }

// Options are what the Python rules know of the charm besides its code.
type Options struct {
	// ContainerScoped names the charm's container-scoped relation
	// endpoints (metadata scope: container). On a subordinate's
	// container-scoped relation there is one remote unit, the principal,
	// so relation-departed fires only as the unit goes away: teardown, not
	// a repeatable event.
	ContainerScoped []string
	// Peers names the charm's peer relation endpoints. A peer relation has
	// one instance, so a peer event's event.relation is the relation the
	// model gives any handler (self.model.get_relation(name)): not payload.
	Peers []string
	// Declared is what the charm's metadata declares, for PY019; nil when
	// it is not known (no metadata read, or an extension adds to it).
	Declared *Declared
	// LibMentions reports whether the charm's libraries (lib/, which the
	// model does not parse) mention a name: a public method of the charm
	// that no code of src/ calls may be called by one of them. Nil when
	// the charm has no libraries to read.
	LibMentions func(name string) bool
}

// CheckCharmWith is CheckCharm with what the metadata says.
func CheckCharmWith(files []*Parsed, opts Options) []rule.Finding {
	var fs []*srcFile
	for _, p := range files {
		if p != nil {
			fs = append(fs, &srcFile{display: p.File, rel: p.Rel, f: p.f})
		}
	}
	return checkProgram(fs, opts)
}

// srcFile is one file of the model.
type srcFile struct {
	display string
	rel     string
	f       *pyast.File
	funcs   map[string]*node     // module functions by name
	classes map[string]*class    // classes by name (the first of a name)
	imports map[string]importRef // names the file imports
}

// Declared names what a charm's metadata declares: config options, actions
// and relation endpoints (peers included), as written there.
type Declared struct {
	Config, Actions, Endpoints map[string]bool
}

// importRef is what an imported name stands for: a module of the charm
// (name "") or a name defined in one.
type importRef struct {
	mod  *srcFile
	name string
}

// program indexes the files of a charm.
type program struct {
	files  []*srcFile
	byRoot map[*node]*srcFile
	byPath map[string]*srcFile // rel path without .py (a package: its directory)
	subs   map[*class][]*class // direct subclasses within the charm
}

// moduleRoots are the directories a charm's modules are imported from.
var moduleRoots = []string{"", "src/", "lib/", "hooks/", "actions/"}

func modPath(rel string) string {
	p := strings.TrimSuffix(rel, ".py")
	if p == "__init__" {
		return ""
	}
	return strings.TrimSuffix(p, "/__init__")
}

func newProgram(files []*srcFile) *program {
	p := &program{byRoot: map[*node]*srcFile{}, byPath: map[string]*srcFile{}, subs: map[*class][]*class{}, files: files}
	for _, f := range files {
		p.byRoot[f.f.Root] = f
		if mp := modPath(f.rel); mp != "" {
			if _, dup := p.byPath[mp]; !dup {
				p.byPath[mp] = f
			}
		}
	}
	return p
}

// fileOf returns the file a node is in.
func (p *program) fileOf(n *node) *srcFile {
	if n == nil {
		return nil
	}
	return p.byRoot[n.Root()]
}

// module resolves a dotted module name imported from file from (level: the
// number of leading dots of a relative import).
func (p *program) module(from *srcFile, level int, dotted string) *srcFile {
	rel := strings.ReplaceAll(dotted, ".", "/")
	if level > 0 {
		dir := path.Dir(from.rel)
		for i := 1; i < level; i++ {
			dir = path.Dir(dir)
		}
		if dir == "." {
			dir = ""
		}
		return p.byPath[strings.Trim(dir+"/"+rel, "/")]
	}
	if rel == "" {
		return nil
	}
	for _, r := range moduleRoots {
		if f := p.byPath[r+rel]; f != nil {
			return f
		}
	}
	return nil
}

// modulePath is like module, but returns the path of a module that may
// not exist as a file (a package without __init__.py).
func (p *program) modulePath(from *srcFile, level int, dotted string) []string {
	rel := strings.ReplaceAll(dotted, ".", "/")
	if level > 0 {
		dir := path.Dir(from.rel)
		for i := 1; i < level; i++ {
			dir = path.Dir(dir)
		}
		if dir == "." {
			dir = ""
		}
		return []string{strings.Trim(dir+"/"+rel, "/")}
	}
	var out []string
	for _, r := range moduleRoots {
		out = append(out, strings.Trim(r+rel, "/"))
	}
	return out
}

// readImports fills f.imports from the file's import statements (at any
// depth: a function's local import counts for the file).
func (p *program) readImports(f *srcFile) {
	f.imports = map[string]importRef{}
	f.f.Root.Walk(func(n *node) bool {
		switch n.Type {
		case "import_statement":
			for _, ch := range n.NamedChildren() {
				if ch.Field != "name" {
					continue
				}
				name, alias := ch, ""
				if ch.Type == "aliased_import" {
					name, alias = ch.Child("name"), text(ch.Child("alias"))
				}
				dotted := text(name)
				if alias != "" {
					if m := p.module(f, 0, dotted); m != nil {
						f.imports[alias] = importRef{mod: m}
					}
					continue
				}
				// import a.b binds a; a.b.f(...) is resolved by its text.
				if m := p.module(f, 0, dotted); m != nil {
					f.imports[dotted] = importRef{mod: m}
				}
				first := strings.SplitN(dotted, ".", 2)[0]
				if m := p.module(f, 0, first); m != nil {
					f.imports[first] = importRef{mod: m}
				}
			}
			return false
		case "import_from_statement":
			mn := n.Child("module_name")
			if mn == nil {
				return false
			}
			level, dotted := 0, text(mn)
			if mn.Type == "relative_import" {
				dotted = ""
				for _, ch := range mn.Children {
					switch ch.Type {
					case "import_prefix":
						level += strings.Count(ch.Text(), ".")
					case "dotted_name":
						dotted = ch.Text()
					}
				}
			}
			base := p.module(f, level, dotted)
			paths := p.modulePath(f, level, dotted)
			for _, ch := range n.NamedChildren() {
				if ch.Field != "name" {
					continue
				}
				name, alias := ch, ""
				if ch.Type == "aliased_import" {
					name, alias = ch.Child("name"), text(ch.Child("alias"))
				}
				sym := text(name)
				if alias == "" {
					alias = sym
				}
				// from . import utils, from src import utils: a module.
				var sub *srcFile
				for _, bp := range paths {
					if sub = p.byPath[strings.Trim(bp+"/"+strings.ReplaceAll(sym, ".", "/"), "/")]; sub != nil {
						break
					}
				}
				switch {
				case sub != nil:
					f.imports[alias] = importRef{mod: sub}
				case base != nil:
					f.imports[alias] = importRef{mod: base, name: sym}
				}
			}
			return false
		}
		return true
	})
}

// symbol resolves a name in a file: a module function, a class, or an
// imported module or name (followed through re-exports).
func (p *program) symbol(f *srcFile, name string, depth int) (fn *node, cl *class, mod *srcFile) {
	if f == nil || depth > 5 {
		return nil, nil, nil
	}
	if fn := f.funcs[name]; fn != nil {
		return fn, nil, nil
	}
	if cl := f.classes[name]; cl != nil {
		return nil, cl, nil
	}
	if ref, ok := f.imports[name]; ok {
		if ref.name == "" {
			return nil, nil, ref.mod
		}
		return p.symbol(ref.mod, ref.name, depth+1)
	}
	return nil, nil, nil
}

// baseExprs returns the expressions a class definition names as its
// bases (metaclass= and other keywords aside).
func baseExprs(def *node) []*node {
	sup := def.Child("superclasses")
	if sup == nil {
		return nil
	}
	var out []*node
	for _, b := range sup.NamedChildren() {
		if b.Type != "keyword_argument" {
			out = append(out, b)
		}
	}
	return out
}

// linkClasses resolves each class's bases within the charm.
func (c *checker) linkClasses() {
	for _, cl := range c.classes {
		for _, b := range baseExprs(cl.def) {
			for _, bc := range c.classesNamed(cl.file, b) {
				if bc != cl && !containsClass(cl.bases, bc) {
					cl.bases = append(cl.bases, bc)
					c.prog.subs[bc] = append(c.prog.subs[bc], cl)
				}
			}
		}
	}
}

func containsClass(list []*class, cl *class) bool {
	for _, x := range list {
		if x == cl {
			return true
		}
	}
	return false
}

// classesNamed resolves a class reference (Y, mod.Y, Generic[Y]) in file f.
func (c *checker) classesNamed(f *srcFile, e *node) []*class {
	switch e.Type {
	case "identifier":
		if _, cl, _ := c.prog.symbol(f, e.Text(), 0); cl != nil {
			return []*class{cl}
		}
	case "attribute":
		if m := c.moduleOf(f, e.Child("object")); m != nil {
			if _, cl, _ := c.prog.symbol(m, e.Child("attribute").Text(), 0); cl != nil {
				return []*class{cl}
			}
		}
	case "subscript":
		return c.classesNamed(f, e.Child("value"))
	}
	return nil
}

// moduleOf returns the charm module an expression names (an imported
// module, a.b), or nil.
func (c *checker) moduleOf(f *srcFile, e *node) *srcFile {
	if e == nil || f == nil {
		return nil
	}
	switch e.Type {
	case "identifier":
		if _, _, m := c.prog.symbol(f, e.Text(), 0); m != nil {
			return m
		}
	case "attribute":
		if ref, ok := f.imports[text(e)]; ok && ref.name == "" {
			return ref.mod
		}
		if m := c.moduleOf(f, e.Child("object")); m != nil {
			if _, _, sub := c.prog.symbol(m, e.Child("attribute").Text(), 0); sub != nil {
				return sub
			}
			return c.prog.byPath[modPath(m.rel)+"/"+e.Child("attribute").Text()]
		}
	}
	return nil
}

// annotationClasses returns the charm classes an annotation names
// anywhere in it (List[Y], Optional[Y], "Y", Y | None): the element type
// of a container stands for the container, which is how a loop over it
// uses it.
func (c *checker) annotationClasses(f *srcFile, ann *node) []*class {
	var out []*class
	if ann == nil {
		return nil
	}
	ann.Walk(func(n *node) bool {
		switch n.Type {
		case "identifier":
			if n.Field != "attribute" {
				for _, cl := range c.classesNamed(f, n) {
					if !containsClass(out, cl) {
						out = append(out, cl)
					}
				}
			}
		case "attribute":
			for _, cl := range c.classesNamed(f, n) {
				if !containsClass(out, cl) {
					out = append(out, cl)
				}
			}
			return false
		case "string":
			if s, ok := strValue(n); ok {
				for _, w := range strings.FieldsFunc(s, func(r rune) bool {
					return !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
				}) {
					if _, cl, _ := c.prog.symbol(f, w, 0); cl != nil && !containsClass(out, cl) {
						out = append(out, cl)
					}
				}
			}
			return false
		}
		return true
	})
	return out
}

// methodImpls returns the definitions a call of method m on an object of
// class cl may run: the one found in cl or its bases, and every override
// in cl's subclasses within the charm.
func (c *checker) methodImpls(cl *class, m string) []*node {
	var out []*node
	seen := map[*class]bool{}
	var lookup func(k *class, depth int) *node
	lookup = func(k *class, depth int) *node {
		if k == nil || seen[k] || depth > 10 {
			return nil
		}
		seen[k] = true
		if fn := k.methods[m]; fn != nil {
			return fn
		}
		for _, b := range k.bases {
			if fn := lookup(b, depth+1); fn != nil {
				return fn
			}
		}
		return nil
	}
	if fn := lookup(cl, 0); fn != nil {
		out = append(out, fn)
	}
	if m == "__init__" {
		return out
	}
	down := map[*class]bool{cl: true}
	queue := []*class{cl}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		for _, s := range c.prog.subs[k] {
			if down[s] {
				continue
			}
			down[s] = true
			queue = append(queue, s)
			if fn := s.methods[m]; fn != nil && !containsNode(out, fn) {
				out = append(out, fn)
			}
		}
	}
	return out
}

func containsNode(list []*node, n *node) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// callees returns the functions of the charm a call may run, in any file:
// self.m (with inheritance), module functions, imported functions,
// constructors (__init__), and methods of the objects the charm holds.
func (c *checker) callees(call *node) []*node {
	if out, ok := c.calleeCache[call]; ok {
		return out
	}
	c.calleeCache[call] = nil // a cycle resolves to nothing
	out := c.resolveCall(enclosingFunc(call), call)
	c.calleeCache[call] = out
	return out
}

func (c *checker) resolveCall(fn, call *node) []*node {
	f := c.prog.fileOf(call)
	fe := call.Child("function")
	if fe == nil || f == nil {
		return nil
	}
	switch fe.Type {
	case "identifier":
		if fn != nil {
			if v := c.localAt(fn, fe.Text(), call); v != nil {
				return nil // a local callable: not followed
			}
		}
		sf, cl, _ := c.prog.symbol(f, fe.Text(), 0)
		if sf != nil {
			return []*node{sf}
		}
		if cl != nil {
			return c.methodImpls(cl, "__init__")
		}
	case "attribute":
		obj, m := fe.Child("object"), fe.Child("attribute").Text()
		if mod := c.moduleOf(f, obj); mod != nil && !(obj.Type == "identifier" && fn != nil && c.localAt(fn, obj.Text(), call) != nil) {
			sf, cl, _ := c.prog.symbol(mod, m, 0)
			if sf != nil {
				return []*node{sf}
			}
			if cl != nil {
				return c.methodImpls(cl, "__init__")
			}
			return nil
		}
		var out []*node
		for _, cl := range c.typeOf(fn, obj, 0) {
			for _, t := range c.methodImpls(cl, m) {
				if !containsNode(out, t) {
					out = append(out, t)
				}
			}
		}
		return out
	}
	return nil
}

// localAt is localValue (the value last assigned to name in fn before
// at) from an index of fn's assignments built once: resolving every call
// of a long function stays linear.
func (c *checker) localAt(fn *node, name string, at *node) *node {
	idx := c.locals[fn]
	if idx == nil {
		idx = map[string][]*node{}
		fn.Walk(func(n *node) bool {
			if n.Type == "assignment" {
				if l := n.Child("left"); l != nil && l.Type == "identifier" {
					idx[l.Text()] = append(idx[l.Text()], n)
				}
			}
			return true
		})
		c.locals[fn] = idx
	}
	as := idx[name] // in source order
	i := sort.Search(len(as), func(i int) bool { return as[i].Start.Row >= at.Start.Row })
	if i == 0 {
		return nil
	}
	return as[i-1].Child("right")
}

// typeOf returns the charm classes an expression's value may be an
// instance of (or, for a class name, the class itself).
func (c *checker) typeOf(fn, e *node, depth int) []*class {
	if e == nil || depth > 4 {
		return nil
	}
	f := c.prog.fileOf(e)
	switch e.Type {
	case "call":
		fe := e.Child("function")
		if fe.Type == "identifier" || fe.Type == "attribute" {
			if cls := c.classesNamed(f, fe); len(cls) > 0 {
				return cls
			}
		}
		// A function or method whose return annotation or value is known.
		var out []*class
		for _, t := range c.callees(e) {
			for _, cl := range c.returnTypes(t, depth+1) {
				if !containsClass(out, cl) {
					out = append(out, cl)
				}
			}
		}
		return out
	case "parenthesized_expression":
		if cs := e.NamedChildren(); len(cs) == 1 {
			return c.typeOf(fn, cs[0], depth+1)
		}
	case "identifier":
		name := e.Text()
		// self, or cls as a classmethod's first parameter: the class.
		if (name == "self" || name == "cls" && firstParamIs(fn, "cls")) && fn != nil {
			if cl := c.classFor(fn); cl != nil {
				return []*class{cl}
			}
			return nil
		}
		if fn != nil {
			for p := e.Parent; p != nil && p != fn; p = p.Parent {
				if p.Type == "for_statement" && p.Child("left").Type == "identifier" && p.Child("left").Text() == name {
					return c.typeOf(fn, p.Child("right"), depth+1)
				}
			}
			if v := c.localAt(fn, name, e); v != nil && !v.Contains(e) {
				return c.typeOf(fn, v, depth+1)
			}
			if ann := paramAnnotation(fn, name); ann != nil {
				return c.annotationClasses(f, ann)
			}
		}
		if _, cl, _ := c.prog.symbol(f, name, 0); cl != nil {
			return []*class{cl}
		}
	case "attribute":
		obj, attr := e.Child("object"), e.Child("attribute").Text()
		if m := c.moduleOf(f, obj); m != nil {
			if _, cl, _ := c.prog.symbol(m, attr, 0); cl != nil {
				return []*class{cl}
			}
			return nil
		}
		var out []*class
		for _, cl := range c.typeOf(fn, obj, depth+1) {
			for _, t := range c.attrTypes(cl, attr, depth+1) {
				if !containsClass(out, t) {
					out = append(out, t)
				}
			}
		}
		return out
	}
	return nil
}

// firstParamIs reports whether fn's first parameter is a plain name.
func firstParamIs(fn *node, name string) bool {
	if fn == nil {
		return false
	}
	ps := fn.Child("parameters")
	if ps == nil {
		return false
	}
	cs := ps.NamedChildren()
	return len(cs) > 0 && cs[0].Type == "identifier" && cs[0].Text() == name
}

// paramAnnotation returns the annotation of fn's parameter name, or nil.
func paramAnnotation(fn *node, name string) *node {
	ps := fn.Child("parameters")
	if ps == nil {
		return nil
	}
	for _, p := range ps.NamedChildren() {
		if p.Type != "typed_parameter" && p.Type != "typed_default_parameter" {
			continue
		}
		id := p.Child("name")
		if id == nil {
			for _, ch := range p.NamedChildren() {
				if ch.Type == "identifier" {
					id = ch
					break
				}
			}
		}
		if id != nil && id.Text() == name {
			return p.Child("type")
		}
	}
	return nil
}

// returnTypes returns the classes a function returns: its return
// annotation, or the types of the values it returns.
func (c *checker) returnTypes(fn *node, depth int) []*class {
	if fn == nil || depth > 4 {
		return nil
	}
	f := c.prog.fileOf(fn)
	if ann := fn.Child("return_type"); ann != nil {
		if cls := c.annotationClasses(f, ann); len(cls) > 0 {
			return cls
		}
	}
	var out []*class
	fn.Child("body").Walk(func(n *node) bool {
		if n.Type == "function_definition" || n.Type == "lambda" || n.Type == "class_definition" {
			return false
		}
		if n.Type == "return_statement" {
			if v := n.NamedChildren(); len(v) > 0 {
				for _, cl := range c.typeOf(fn, v[0], depth+1) {
					if !containsClass(out, cl) {
						out = append(out, cl)
					}
				}
			}
			return false
		}
		return true
	})
	return out
}

// attrTypes returns the classes an attribute of cl's instances may hold:
// what its methods assign to self.attr (or annotate it with), a class
// body annotation, or what a property (or method) of that name returns.
// Bases are searched too.
func (c *checker) attrTypes(cl *class, attr string, depth int) []*class {
	key := attrKey{cl, attr}
	if out, ok := c.attrCache[key]; ok {
		return out
	}
	c.attrCache[key] = nil
	var out []*class
	add := func(cls []*class) {
		for _, t := range cls {
			if !containsClass(out, t) {
				out = append(out, t)
			}
		}
	}
	for _, k := range c.ancestry(cl) {
		if fn := k.methods[attr]; fn != nil {
			add(c.returnTypes(fn, depth+1))
		}
		for _, st := range k.def.Child("body").NamedChildren() {
			if st.Type == "expression_statement" && len(st.NamedChildren()) == 1 {
				if a := st.NamedChildren()[0]; a.Type == "assignment" && text(a.Child("left")) == attr && a.Child("type") != nil {
					add(c.annotationClasses(k.file, a.Child("type")))
				}
			}
		}
		for _, fn := range k.methodList() {
			fn.Child("body").Walk(func(n *node) bool {
				if n.Type == "function_definition" || n.Type == "lambda" || n.Type == "class_definition" {
					return false
				}
				if n.Type == "assignment" {
					l := n.Child("left")
					if l != nil && l.Type == "attribute" && isSelf(l.Child("object")) && l.Child("attribute").Text() == attr {
						if t := n.Child("type"); t != nil {
							add(c.annotationClasses(k.file, t))
						}
						if r := n.Child("right"); r != nil {
							add(c.typeOf(fn, r, depth+1))
						}
					}
				}
				return true
			})
		}
	}
	c.attrCache[key] = out
	return out
}

type attrKey struct {
	cl   *class
	attr string
}

// ancestry returns cl and its bases within the charm, depth first.
func (c *checker) ancestry(cl *class) []*class {
	var out []*class
	var visit func(k *class)
	visit = func(k *class) {
		if k == nil || containsClass(out, k) || len(out) > 20 {
			return
		}
		out = append(out, k)
		for _, b := range k.bases {
			visit(b)
		}
	}
	visit(cl)
	return out
}

// foreign reports whether a callee is outside the method table of cl (a
// module function, another class's method, an inherited one): the calls
// the per-class rules did not follow before the model spanned files.
func foreign(cl *class, callee *node) bool {
	return cl == nil || cl.methods[funcName(callee)] != callee
}

// relOf returns the charm path of the file a node is in.
func (c *checker) relOf(n *node) string {
	if f := c.prog.fileOf(n); f != nil {
		return f.rel
	}
	return ""
}

// sortedFiles returns the files in path order.
func sortedFiles(fs []*srcFile) []*srcFile {
	out := append([]*srcFile(nil), fs...)
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// methodList returns the class's methods in source order.
func (cl *class) methodList() []*node {
	out := make([]*node, 0, len(cl.methods))
	for _, fn := range cl.methods {
		out = append(out, fn)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Row < out[j].Start.Row })
	return out
}

// displayOf returns the path shown in findings for the file n is in.
func (c *checker) displayOf(n *node) string {
	if f := c.prog.fileOf(n); f != nil {
		return f.display
	}
	return c.file
}

// createOnce reports whether work n creates what is missing (a secret added
// when the lookup raised SecretNotFoundError, under an existence check):
// a get-or-create helper elsewhere in the charm reads on every later run.
func createOnce(n *node) bool {
	return inExcept(n, secretNotFoundRE) || guardedHere(n, isMissingCheck)
}

// sharedStep reports whether a call from fn (in class cl) to a function
// elsewhere in the charm hands the work over, as a call to a shared helper
// of the class does (reconciler.go): two or more handlers of cl call it,
// and this call passes it nothing of fn's event.
func (c *checker) sharedStep(cl *class, fn, call, callee *node) bool {
	if cl == nil {
		return false
	}
	hs := map[*node]bool{}
	family := c.ancestry(cl) // the handlers of the object: its class's and its bases'
	for _, s := range c.callSites[callee] {
		f := enclosingFunc(s)
		if f == nil {
			continue
		}
		if k := c.classFor(f); k != nil && containsClass(family, k) && k.handlers[funcName(f)] != nil {
			hs[f] = true
		}
	}
	if len(hs) < 2 {
		return false
	}
	ev := eventParam(fn)
	if ev == "" {
		return true
	}
	a := call.Child("arguments")
	uses := a != nil && mentionsName(a, ev)
	return !uses
}

// liveCheckRE matches a check of whether the workload runs.
var liveCheckRE = regexp.MustCompile(`(?i)alive|running|healthy|is_active|stopped|failed`)

// restartGuard accepts, for a restart, a change check or a check that the
// workload is down (if not workload.alive(): restart): a repair, not churn.
func (c *checker) restartGuard(cond *node) bool {
	return c.changeGuard(cond) || mentions(cond, liveCheckRE)
}
