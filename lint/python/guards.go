package python

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/lint/rule"
)

// Change guards through data flow: the condition that guards a write or a
// restart is often not the comparison itself but a local variable holding
// its result (changed = old != new; if changed: ...), or a parameter that
// every caller passes such a result for (def _restart(self, changed): if
// changed: ...). And a write may follow a comparison whose result is kept
// for later (should_restart = self._has_config_changed(new); push(new);
// if should_restart: reload()).

// maxFlowDepth bounds how many assignments and parameters a condition is
// followed through.
const maxFlowDepth = 3

// changeGuard accepts a condition that says something changed (a
// comparison, a name such as changed or needs_restart), or that something
// is missing (not path.exists(): a write or restart that runs once), directly
// or through local variables and parameters.
func (c *checker) changeGuard(cond *node) bool {
	return c.condHolds(cond, func(e *node) bool { return isChangeCheck(e) || isMissingCheck(e) }, 0)
}

// existGuard accepts, for the non-idempotent rule, any existence check
// (either way round) or change check, directly or through locals and
// parameters.
func (c *checker) existGuard(cond *node) bool {
	return c.condHolds(cond, func(e *node) bool { return mentions(e, existRE) || isChangeCheck(e) || isMissingCheck(e) }, 0)
}

// isMissingCheck reports whether a condition is a negated existence check:
// not p.exists(), not os.path.isfile(p), a negated validity check (not
// client.token_is_valid(token): replace what expired), a service that is
// not running (not get_service(name).is_running(): what runs under it
// prepares the service and starts it, so later runs skip), or a membership
// test that a key is absent ("status" not in data) or a value is None
// (secret_id is None): what runs under it creates the thing once, and
// later runs see it and skip.
func isMissingCheck(cond *node) bool {
	if cond == nil {
		return false
	}
	for cond.Type == "parenthesized_expression" && len(cond.NamedChildren()) == 1 {
		cond = cond.NamedChildren()[0]
	}
	switch cond.Type {
	case "not_operator":
		return mentions(cond, existRE) || mentions(cond, validRE) || mentions(cond, runningRE)
	case "boolean_operator":
		return isMissingCheck(cond.Child("left")) || isMissingCheck(cond.Child("right"))
	case "comparison_operator":
		if cond.HasAnon("not in") {
			return true
		}
		// x is None (not "is not None"): the stored value is missing.
		if cond.HasAnon("is") && !cond.HasAnon("is not") {
			for _, ch := range cond.NamedChildren() {
				if ch.Type == "none" {
					return true
				}
			}
		}
	}
	return false
}

// condHolds reports whether base holds for cond, or for the value of a
// local variable cond names, or for what every caller passes for a
// parameter cond names.
func (c *checker) condHolds(cond *node, base func(*node) bool, depth int) bool {
	if cond == nil {
		return false
	}
	if base(cond) {
		return true
	}
	fn := enclosingFunc(cond)
	if fn == nil || depth >= maxFlowDepth {
		return false
	}
	if c.propertyHolds(fn, cond, base) {
		return true
	}
	found := false
	cond.Walk(func(n *node) bool {
		if found {
			return false
		}
		if n.Type != "identifier" || n.Field == "attribute" || n.Field == "name" || isSelf(n) {
			return true
		}
		if v := localValue(fn, n.Text(), cond); v != nil && !v.Contains(n) {
			found = c.condHolds(v, base, depth+1)
			return !found
		}
		if c.paramHolds(fn, n.Text(), base, depth+1) {
			found = true
		}
		return !found
	})
	return found
}

// propertyHolds reports whether cond reads a property of the charm's class
// (self._certs_on_disk) whose every return value base holds for, or reads
// it negated (not self._certs_on_disk) when every return value is an
// existence check: a write under "if not self._certs_on_disk:" runs once,
// when the files are missing, as one under "if not exists(...)" does. Both
// bases condHolds is used with (changeGuard, existGuard) accept a negated
// existence check.
func (c *checker) propertyHolds(fn, cond *node, base func(*node) bool) bool {
	cl := c.classFor(fn)
	if cl == nil {
		return false
	}
	found := false
	cond.Walk(func(n *node) bool {
		if found {
			return false
		}
		if n.Type != "attribute" {
			return true
		}
		var impls []*node
		switch obj := n.Child("object"); {
		case isSelf(obj):
			impls = c.methodImpls(cl, n.Child("attribute").Text())
		case obj.Type == "attribute" && isSelf(obj.Child("object")):
			// A held object's property: if not self._mounts.installed.
			for _, k := range c.typeOf(fn, obj, 0) {
				impls = append(impls, c.methodImpls(k, n.Child("attribute").Text())...)
			}
		default:
			return true
		}
		if len(impls) != 1 {
			return false
		}
		if !isProperty(impls[0]) {
			if n.Parent == nil || n.Parent.Type != "call" || n.Field != "function" {
				return false
			}
			// if self._set_layer(): a method whose every true return
			// sits under a change check (returns True only when it
			// changed something) is a change check itself.
			// if not self._certs_generated(): a predicate that reads
			// the state it asks about (pulls the file, checks it
			// exists), negated, says the thing is missing: what runs
			// under it creates it once.
			// if self._needs_start(): a predicate that returns
			// not service.is_running() says the service is not
			// started yet. (Only that: a predicate returning
			// "credentials is None" guards an early return that
			// lets through only what is there, and guardedHere
			// cannot tell the two apart through the call.)
			found = c.reportsChange(impls[0]) ||
				negatedIn(n.Parent, cond) && c.readsState(impls[0], 0) ||
				!negatedIn(n.Parent, cond) && allReturn(impls[0], notRunning)
			return false
		}
		if len(returns(impls[0])) == 0 {
			return false
		}
		negated := negatedIn(n, cond)
		found = allReturn(impls[0], base) ||
			negated && allReturn(impls[0], func(r *node) bool { return mentions(r, existRE) && !isMissingCheck(r) }) ||
			negated && c.readsState(impls[0], 0)
		return false
	})
	return found
}

// runningRE matches a service state query (is_running, is_active): negated,
// it says the service is not started yet.
var runningRE = regexp.MustCompile(`^(is_running|is_active)$`)

// notRunning reports whether cond says a service is not running: not
// svc.is_running().
func notRunning(cond *node) bool {
	for cond.Type == "parenthesized_expression" && len(cond.NamedChildren()) == 1 {
		cond = cond.NamedChildren()[0]
	}
	return cond.Type == "not_operator" && mentions(cond, runningRE)
}

// allReturn reports whether fn returns a value on every return and pred
// holds for each.
func allReturn(fn *node, pred func(*node) bool) bool {
	rets := returns(fn)
	if len(rets) == 0 {
		return false
	}
	for _, r := range rets {
		if !pred(r) {
			return false
		}
	}
	return true
}

// validRE matches a validity predicate's name (is_valid, token_is_valid;
// not validate, which checks input rather than stored state).
var validRE = regexp.MustCompile(`(?i)(^|_)valid($|_)`)

// negatedIn reports whether n is read negated within cond: not n, or
// not (n).
func negatedIn(n, cond *node) bool {
	for p := n.Parent; p != nil && p != cond.Parent; p = p.Parent {
		if p.Type == "parenthesized_expression" {
			continue
		}
		return p.Type == "not_operator"
	}
	return false
}

// readsState reports whether a predicate method reads workload or file
// state (pull, exists, read_text, list_files, get_plan...), and so
// answers whether something is already there: itself, or through a method
// of its class it calls (chrony's get_private_key returns
// self._get_file_content("private-key.pem"), which reads the file).
func (c *checker) readsState(fn *node, depth int) bool {
	for _, call := range calls(fn) {
		if readCallRE.MatchString(text(call.Child("function"))) || mentions(call.Child("function"), existRE) {
			return true
		}
	}
	if depth < 2 {
		if cl := c.classFor(fn); cl != nil {
			for _, call := range calls(fn) {
				if m := selfMethod(call.Child("function")); m != "" && cl.methods[m] != nil && cl.methods[m] != fn && c.readsState(cl.methods[m], depth+1) {
					return true
				}
			}
		}
	}
	// A property that tests attributes: pkg.present, path.exists.
	found := false
	fn.Child("body").Walk(func(n *node) bool {
		if n.Type == "attribute" && presentAttrRE.MatchString(n.Child("attribute").Text()) {
			found = true
		}
		return !found
	})
	return found
}

// presentAttrRE names attributes that say whether something is there.
var presentAttrRE = regexp.MustCompile(`^(present|exists|installed|is_installed)$`)

// reportsChange reports whether fn returns True only when it changed
// something: every return other than False or None is True under a change
// check (or after an early return on one), or a comparison's result
// (directly or through a local), and there is at least one. A method that
// returns other values (a list of missing options) is not one.
func (c *checker) reportsChange(fn *node) bool {
	// It must make the change it reports (add a layer, push, write): a
	// predicate such as is_main() compares, but changes nothing.
	writes := false
	for _, call := range calls(fn) {
		if _, name := callParts(call); changeCallRE.MatchString(name) {
			writes = true
		}
	}
	if !writes {
		return false
	}
	truthy := 0
	for _, r := range returnStmts(fn) {
		v := r.NamedChildren()
		if len(v) != 1 {
			continue
		}
		if t := text(v[0]); t == "False" || t == "None" {
			continue
		}
		truthy++
		switch {
		case text(v[0]) == "True" && guardedHere(r, c.changeGuard):
		case v[0].Type == "comparison_operator" && isChangeCheck(v[0]):
		case v[0].Type == "identifier" && isComparison(localValue(fn, v[0].Text(), r)):
		default:
			return false // a value other than a bool from a compare
		}
	}
	return truthy > 0
}

// changeCallRE names the calls that make a change a method can report.
var changeCallRE = regexp.MustCompile(`^(add_layer|push|push_path|write_text|write_bytes|write|set_content|make_dir|replan)$`)

// isComparison reports whether e is a comparison that is a change check
// (changed = old != new).
func isComparison(e *node) bool {
	return e != nil && e.Type == "comparison_operator" && isChangeCheck(e)
}

// returnStmts lists fn's own return statements (not nested functions').
func returnStmts(fn *node) []*node {
	var out []*node
	fn.Walk(func(n *node) bool {
		if n != fn && (n.Type == "function_definition" || n.Type == "lambda" || n.Type == "class_definition") {
			return false
		}
		if n.Type == "return_statement" {
			out = append(out, n)
		}
		return true
	})
	return out
}

// paramHolds reports whether name is a parameter of fn for which every
// call site passes a value base holds for (or leaves a False or None
// default, which keeps the guarded code from running).
func (c *checker) paramHolds(fn *node, name string, base func(*node) bool, depth int) bool {
	_, dflt, _ := paramOf(fn, name)
	passed, ok := c.callerArgs(fn, name)
	if !ok {
		return false
	}
	for _, a := range passed {
		if a == nil {
			if t := text(dflt); t == "False" || t == "None" {
				continue
			}
			return false
		}
		if t := text(a); t == "False" || t == "None" {
			continue
		}
		if !c.condHolds(a, base, depth) {
			return false
		}
	}
	return true
}

// callerArgs returns what each call site of fn passes for its parameter
// name (nil where a call leaves it to its default); ok is false when name
// is not a parameter, fn has no resolved call site, or a site is not a
// plain call.
func (c *checker) callerArgs(fn *node, name string) (passed []*node, ok bool) {
	idx, _, isParam := paramOf(fn, name)
	sites := c.callSites[fn]
	if !isParam || len(sites) == 0 {
		return nil, false
	}
	for _, call := range sites {
		if call.Type != "call" {
			return nil, false
		}
		pos, kw := args(call)
		var a *node
		if v := kw[name]; v != nil {
			a = v
		} else if idx < len(pos) {
			a = pos[idx]
		}
		passed = append(passed, a)
	}
	return passed, true
}

// paramOf returns the position of parameter name among fn's arguments as a
// caller passes them (self and cls not counted) and its default.
func paramOf(fn *node, name string) (idx int, dflt *node, ok bool) {
	ps := fn.Child("parameters")
	if ps == nil {
		return 0, nil, false
	}
	i := 0
	for _, p := range ps.NamedChildren() {
		var id, d *node
		switch p.Type {
		case "identifier":
			id = p
		case "typed_parameter":
			for _, ch := range p.NamedChildren() {
				if ch.Type == "identifier" {
					id = ch
					break
				}
			}
		case "default_parameter", "typed_default_parameter":
			id, d = p.Child("name"), p.Child("value")
		default:
			continue
		}
		if id == nil {
			continue
		}
		if id.Text() == "self" || id.Text() == "cls" {
			continue
		}
		if id.Text() == name {
			return i, d, true
		}
		i++
	}
	return 0, nil, false
}

// checkCallRE names calls that check for a change rather than make one:
// has_config_changed, config_differs, is_outdated, needs_update.
var checkCallRE = regexp.MustCompile(`(?i)^_?(has|is|did|needs?|should|check)_\w*(chang|differ|equal|same|updat|modif|dirty|stale|outdated)|chang(ed|es)$|differs?$`)

// comparedBefore reports whether, before the write at, fn either reads
// the path the write writes (container.pull(p) before container.push(p),
// p.read_text() before p.write_text(...)), or keeps the result of a change
// check (should_restart = self._has_config_changed(new)).
func (c *checker) comparedBefore(fn, at *node) bool {
	if fn == nil {
		return false
	}
	if c.presentReturnBefore(fn, at) {
		return true
	}
	target := writeTarget(at)
	return earlierCall(fn, at, func(r *node) bool {
		recv, name := callParts(r)
		if checkCallRE.MatchString(name) && r.Parent != nil && r.Parent.Type != "expression_statement" {
			return true
		}
		if target == "" || !readCallRE.MatchString(text(r.Child("function"))) {
			return false
		}
		if text(recv) == target {
			return true
		}
		if recv != nil && recv.Type == "identifier" {
			if v := localValue(fn, recv.Text(), r); v != nil && strings.Contains(text(v), target) {
				return true
			}
		}
		pos, kw := args(r)
		for _, a := range append(pos, kwValues(kw)...) {
			if text(a) == target {
				return true
			}
		}
		return false
	})
}

// presentReturnBefore reports whether fn returns early, before at, when
// something it just read from the workload is already there: if existing
// and is_self_signed(existing): return, where existing holds what a pull
// (directly, or through a function of the charm that pulls, two levels
// down) returned. What
// follows runs only when the thing is missing or not the charm's: it is
// written once (ella-core-k8s's self-signed certificates).
func (c *checker) presentReturnBefore(fn, at *node) bool {
	body := fn.Child("body")
	if body == nil {
		return false
	}
	for _, st := range body.NamedChildren() {
		if st.Start.Row >= at.Start.Row {
			break
		}
		if st.Type != "if_statement" || st.Child("alternative") != nil || !exitsBlock(st.Child("consequence")) {
			continue
		}
		cond := st.Child("condition")
		if cond == nil || cond.Type == "not_operator" {
			continue
		}
		found := false
		cond.Walk(func(n *node) bool {
			if found || n.Type != "identifier" || n.Field == "attribute" {
				return !found
			}
			if v := localValue(fn, n.Text(), st); v != nil && v.Type == "call" && c.reaches(v, readCallRE, 0) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// writeTarget returns the text of what a write writes: the path pushed or
// opened, the Path written, the secret whose content is set.
func writeTarget(call *node) string {
	recv, name := callParts(call)
	switch name {
	case "push":
		return text(arg(call, 0, "path"))
	case "open":
		if recv == nil {
			return text(arg(call, 0, "file"))
		}
		return text(recv)
	case "write_text", "write_bytes", "set_content":
		return text(recv)
	}
	return ""
}

// removedBefore reports whether an earlier statement of the block a
// create-once call (os.mkdir(d), os.symlink(s, d)) is in removes what it
// creates when it exists: if os.path.exists(d): shutil.rmtree(d).
func (c *checker) removedBefore(call *node) bool {
	_, name := callParts(call)
	var target *node
	switch name {
	case "mkdir", "makedirs", "make_dir":
		target = arg(call, 0, "path")
		if recv, _ := callParts(call); recv != nil && text(recv) != "os" && !isContainer(enclosingFunc(call), recv) {
			target = recv // Path(d).mkdir()
		}
	case "symlink":
		target = arg(call, 1, "dst")
	case "symlink_to":
		target, _ = callParts(call)
	}
	if target == nil {
		return false
	}
	want := text(target)
	child := call
	for p := call.Parent; p != nil && p.Type != "function_definition"; child, p = p, p.Parent {
		if p.Type != "block" && p.Type != "module" {
			continue
		}
		for _, st := range p.NamedChildren() {
			if st == child {
				break
			}
			if st.Type != "if_statement" || !mentions(st.Child("condition"), existRE) || !strings.Contains(text(st.Child("condition")), want) {
				continue
			}
			for _, r := range calls(st.Child("consequence")) {
				recv, rn := callParts(r)
				removes := (text(recv) == "shutil" && rn == "rmtree") || (text(recv) == "os" && (rn == "rmdir" || rn == "remove" || rn == "unlink")) || rn == "remove_path" || rn == "rmdir" || rn == "unlink"
				if removes && strings.Contains(text(callArgs(r))+text(recv), want) {
					return true
				}
			}
		}
	}
	return false
}

// sanitiserRE names calls whose output has secrets taken out:
// strip_off_passwords, mask_secrets, redact, sanitize, scrub.
var sanitiserRE = regexp.MustCompile(`(?i)strip|mask|redact|saniti[sz]|scrub|censor|obfuscat|hide|elide`)

// passesThrough reports whether a call's result carries its arguments'
// text: string formatting and joining, str(), repr(), json.dumps(), and the
// like. Other calls return something of their own.
func passesThrough(call *node) bool {
	_, name := callParts(call)
	switch name {
	case "format", "join", "str", "repr", "dumps", "dump", "encode", "decode", "replace", "strip", "lstrip", "rstrip", "upper", "lower", "split", "get", "f", "dict", "list", "tuple", "b64encode", "b64decode", "quote", "pformat", "pprint":
		return true
	}
	return false
}

// constantString reports whether name is a module constant bound to a
// string literal: INTERNAL_USER_PASSWORD_CONFIG = "system-users" names a
// config option; it holds no secret.
func (c *checker) constantString(name string) bool {
	for _, st := range c.f.Root.NamedChildren() {
		if st.Type != "expression_statement" {
			continue
		}
		for _, a := range st.NamedChildren() {
			if a.Type != "assignment" || text(a.Child("left")) != name {
				continue
			}
			if _, ok := strValue(a.Child("right")); ok {
				return true
			}
		}
	}
	return false
}

// loopOverLiterals reports whether name, at n in fn, is the target of a
// for loop over a module constant made only of literals and constants
// (constantValue; for user, password in USERS: a fixture's published test
// passwords).
func (c *checker) loopOverLiterals(fn, n *node, name string) bool {
	for p := n.Parent; p != nil && p != fn; p = p.Parent {
		if p.Type != "for_statement" || p.Child("left") == nil || !mentionsName(p.Child("left"), name) {
			continue
		}
		it := p.Child("right")
		if it == nil || it.Type != "identifier" {
			return false
		}
		for _, st := range c.f.Root.NamedChildren() {
			if st.Type != "expression_statement" {
				continue
			}
			for _, a := range st.NamedChildren() {
				if a.Type == "assignment" && text(a.Child("left")) == it.Text() {
					return constantValue(a.Child("right"))
				}
			}
		}
		return false
	}
	return false
}

// constantCommand reports whether a command is a string literal without
// interpolation, directly or through a local assigned once from one.
func (c *checker) constantCommand(call, cmd *node) bool {
	return c.constCmd(enclosingFunc(call), cmd, 0)
}

// constCmd reports whether e, in fn, can only be a command string fixed by
// the charm: a literal; an f-string or a concatenation whose parts are
// such; an UPPER_CASE constant; a local assigned once to one; or a
// parameter every caller passes one for (a shell wrapper whose callers all
// pass literals: _run_subprocess_command("systemctl restart apache2")).
func (c *checker) constCmd(fn, e *node, depth int) bool {
	if e == nil || depth > 8 {
		return false
	}
	if _, ok := strValue(e); ok {
		return true
	}
	switch e.Type {
	case "string":
		for _, ch := range e.NamedChildren() {
			if ch.Type == "interpolation" {
				x := ch.NamedChildren()
				if len(x) == 0 || !c.constCmd(fn, x[0], depth+1) {
					return false
				}
			}
		}
		return true
	case "concatenated_string":
		for _, ch := range e.NamedChildren() {
			if !c.constCmd(fn, ch, depth+1) {
				return false
			}
		}
		return true
	case "binary_operator":
		// "a" + B, and Path(__file__).parent / "x.sh": the charm's own path.
		// "cmd > %s" % (str(path),): %-formatting with constants.
		return (e.HasAnon("+") || e.HasAnon("/") || e.HasAnon("%")) && c.constCmd(fn, e.Child("left"), depth+1) && c.constCmd(fn, e.Child("right"), depth+1)
	case "tuple":
		for _, x := range e.NamedChildren() {
			if !c.constCmd(fn, x, depth+1) {
				return false
			}
		}
		return true
	case "call":
		// Path(CONST), str(CONST), os.path.join(CONST, "x").
		fe := text(e.Child("function"))
		if fe != "Path" && fe != "pathlib.Path" && fe != "str" && fe != "os.path.join" {
			return false
		}
		as := e.Child("arguments")
		if as == nil {
			return false
		}
		for _, a := range as.NamedChildren() {
			if !c.constCmd(fn, a, depth+1) {
				return false
			}
		}
		return true
	case "parenthesized_expression":
		if cs := e.NamedChildren(); len(cs) == 1 {
			return c.constCmd(fn, cs[0], depth)
		}
	case "attribute":
		// UPPER_CASE, or a path's part of a constant path (.parent, .name),
		// or an attribute of self that its class sets once, to a constant
		// (self._nhc_config_path = Path("/etc/nhc/nhc.conf")).
		a := e.Child("attribute").Text()
		if constNameRE.MatchString(a) || (a == "parent" || a == "name" || a == "stem") && c.constCmd(fn, e.Child("object"), depth+1) {
			return true
		}
		if cl := c.classFor(fn); cl != nil {
			if v := selfAttrValue(cl, e); v != nil {
				return c.constCmd(enclosingFunc(v), v, depth+1)
			}
		}
		return false
	case "identifier":
		if constNameRE.MatchString(e.Text()) || e.Text() == "__file__" {
			return true
		}
		// The variable of a loop over constants (for cmd in ["a", "b"],
		// or over a local list of them).
		for p := e.Parent; fn != nil && p != nil && p != fn; p = p.Parent {
			if p.Type == "for_statement" && text(p.Child("left")) == e.Text() {
				it := p.Child("right")
				if it != nil && it.Type == "identifier" {
					it = localValue(fn, it.Text(), p)
				}
				items, ok := elements(it)
				if !ok || len(items) == 0 {
					return false
				}
				for _, x := range items {
					if !c.constCmd(fn, x, depth+1) {
						return false
					}
				}
				return true
			}
		}
		if fn == nil {
			return false
		}
		// Every assignment of the local that can reach e constant: those
		// before it, and those in a loop around it (cmd = "apt-get
		// update" ... cmd = "apt-get upgrade").
		var loop *node
		for p := e.Parent; p != nil && p != fn; p = p.Parent {
			if p.Type == "for_statement" || p.Type == "while_statement" {
				loop = p
			}
		}
		var vs []*node
		augmented := false
		fn.Walk(func(m *node) bool {
			if (m.Type == "assignment" || m.Type == "augmented_assignment") && text(m.Child("left")) == e.Text() &&
				(m.Start.Row < e.Start.Row || loop != nil && loop.Contains(m)) {
				vs = append(vs, m.Child("right"))
				augmented = augmented || m.Type == "augmented_assignment"
			}
			return true
		})
		if len(vs) > 0 {
			if augmented && len(vs) > 1 {
				return false
			}
			for _, v := range vs {
				if !c.constCmd(fn, v, depth+1) {
					return false
				}
			}
			return true
		}
		passed, ok := c.callerArgs(fn, e.Text())
		if !ok {
			return false
		}
		for _, a := range passed {
			if a == nil || !c.constCmd(enclosingFunc(a), a, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// tryWrite returns what the try statement an except clause belongs to
// writes in its body: a relation-data or secret write (only those when
// dataOnly), or any other work (a state-changing hook tool, a Pebble
// call...), directly or in a method of the class the body calls. "" when
// the body only reads.
func (c *checker) tryWrite(except *node, dataOnly bool) string {
	return c.tryWriteBut(except, dataOnly, false)
}

// tryWriteHookTool is tryWrite without Pebble calls: ops raises
// ops.pebble's errors for them, never ModelError, so an except ModelError
// around one does not swallow its failure.
func (c *checker) tryWriteHookTool(except *node) string {
	return c.tryWriteBut(except, false, true)
}

func (c *checker) tryWriteBut(except *node, dataOnly, skipPebble bool) string {
	try := except.Parent
	if try == nil || try.Type != "try_statement" {
		return ""
	}
	body := try.Child("body")
	fn := enclosingFunc(except)
	if body == nil {
		return ""
	}
	var cl *class
	if fn != nil {
		cl = c.classFor(fn)
	}
	return c.writeIn(cl, fn, body, dataOnly, skipPebble, 0)
}

// pebbleWrite reports whether n is a call on a workload container or a
// Pebble client.
func (c *checker) pebbleWrite(fn, n *node) bool {
	if n.Type != "call" {
		return false
	}
	recv, _ := callParts(n)
	return recv != nil && (isContainer(fn, recv) || isPebbleClient(recv))
}

func (c *checker) writeIn(cl *class, fn, body *node, dataOnly, skipPebble bool, depth int) string {
	found := ""
	body.Walk(func(n *node) bool {
		if found != "" || n.Type == "function_definition" || n.Type == "lambda" {
			return false
		}
		if w := c.stateWrite(fn, n); w != "" && (!dataOnly || dataWrite(n, w)) && !(skipPebble && c.pebbleWrite(fn, n)) {
			found = w
			return false
		}
		if n.Type == "call" && cl != nil && depth < 1 {
			if m := selfMethod(n.Child("function")); m != "" {
				if callee := cl.methods[m]; callee != nil && callee != fn {
					if w := c.writeIn(cl, callee, callee.Child("body"), dataOnly, skipPebble, depth+1); w != "" {
						found = "self." + m + " → " + w
						return false
					}
				}
			}
		}
		return true
	})
	return found
}

// dataWrite reports whether work w at n writes relation data or a secret.
func dataWrite(n *node, w string) bool {
	if strings.Contains(w, "relation data") {
		return true
	}
	if n.Type != "call" {
		return false
	}
	_, name := callParts(n)
	return name == "add_secret" || name == "set_content" || (secretWrites[name] && strings.Contains(strings.ToLower(w), "secret"))
}

// broadExceptRE names the catch-all exceptions.
var broadExceptRE = regexp.MustCompile(`^(Exception|BaseException)$`)

// checkSwallowedWrite reports a bare except, or an except Exception, whose
// body only passes, around a relation-data or secret write: a failed write
// (not the leader, a relation gone, a secret revoked, a bag too large)
// goes unnoticed, and the charm goes on as if the remote side had the
// data.
func (c *checker) checkSwallowedWrite(n, body *node) {
	if body == nil {
		return
	}
	broad := true // a bare except
	for _, ch := range n.NamedChildren() {
		if ch == body {
			break
		}
		if ch.Type == "comment" {
			continue
		}
		broad = mentions(ch, broadExceptRE)
		break
	}
	if !broad {
		return
	}
	st := body.NamedChildren()
	for len(st) > 0 && st[len(st)-1].Type == "comment" {
		st = st[:len(st)-1]
	}
	if len(st) != 1 || (st[0].Type != "pass_statement" && text(st[0]) != "..." && st[0].Type != "continue_statement") {
		return
	}
	if what := c.tryWrite(n, true); what != "" {
		c.report(n, SwallowedWrite, "except clause swallows every error around %s with pass: a failed relation or secret write goes unnoticed and the charm goes on as if it happened; catch the specific error and handle it, or let the hook fail", what)
	}
}

// leaderOnlyEvents run only on the leader.
func leaderOnlyEvent(ev string) bool { return ev == "leader_elected" || ev == "collect_app_status" }

// leaderPaths follows the paths that reach an application-databag write
// back to the handlers that start them, and returns how one reaches it
// with no leader check (" (in h, which runs on ev)"; " " when the write's
// own function is the handler), or else what the linter could not see on
// the others: the callers of a function called from no code in the file,
// or the library that emits a custom event a handler observes (libraries
// emit application-data events such as an auth proxy's config_changed on
// the leader only; the check is in the library). Paths with a leader check
// (a condition that mentions leadership, in the function or a caller) end
// there.
func (c *checker) leaderPaths(at *node) (unguarded, unseen string) {
	leader := func(cond *node) bool { return mentions(cond, leaderRE) || localMentions(cond, leaderRE) }
	var libEvents []string
	var visit func(n *node, depth int, seen map[*node]bool)
	visit = func(n *node, depth int, seen map[*node]bool) {
		if unguarded != "" || guardedHere(n, leader) {
			return
		}
		fn := enclosingFunc(n)
		if fn == nil {
			unguarded = " "
			return
		}
		if seen[fn] || depth > maxGuardDepth {
			return
		}
		seen[fn] = true
		handled := false
		if cl := c.classFor(fn); cl != nil {
			if h := cl.handlers[funcName(fn)]; h != nil && len(h.events) > 0 {
				handled = true
				for _, ev := range h.events {
					switch {
					case leaderOnlyEvent(ev):
					case strings.Contains(ev, ".on."):
						libEvents = append(libEvents, ev)
					default:
						if depth == 0 {
							unguarded = " "
						} else {
							unguarded = fmt.Sprintf(" (reached from %s, which runs on %s)", h.name, ev)
						}
						return
					}
				}
			}
		}
		sites := c.callSites[fn]
		if len(sites) == 0 && !handled {
			if c.dead(fn) {
				// A method never called, observed or passed as a value
				// is dead code (ops calls no charm method by name).
				return
			}
			if unseen == "" {
				unseen = funcName(fn) + " is called from no code of the charm that the linter resolves (its callers may check leadership)"
			}
			return
		}
		for _, s := range sites {
			visit(s, depth+1, seen)
		}
	}
	visit(at, 0, map[*node]bool{})
	if unguarded != "" {
		return unguarded, ""
	}
	if len(libEvents) > 0 && unseen == "" {
		// Reached only through library events (and guarded paths): the
		// library's own guard is the norm; not reported.
		return "", ""
	}
	return "", unseen
}

// reportSev reports a finding at a severity other than the rule's own.
func (c *checker) reportSev(n *node, id string, sev rule.Severity, format string, a ...any) {
	c.report(n, id, format, a...)
	c.out[len(c.out)-1].Severity = sev
}

// checkClassicHooks reports removed events that a classic charm handles
// with charmhelpers' hook decorator: @hooks.hook('leader-settings-changed').
func (c *checker) checkClassicHooks() {
	c.f.Root.Walk(func(n *node) bool {
		if n.Type != "decorator" {
			return true
		}
		var call *node
		for _, ch := range n.NamedChildren() {
			if ch.Type == "call" {
				call = ch
			}
		}
		if call == nil {
			return false
		}
		if f := text(call.Child("function")); f != "hook" && !strings.HasSuffix(f, ".hook") {
			return false
		}
		pos, _ := args(call)
		for _, a := range pos {
			s, ok := strValue(a)
			if !ok {
				continue
			}
			if ev := strings.ReplaceAll(s, "-", "_"); removedEvents[ev] {
				c.report(n, RemovedJuju4, "%s(%q) handles %s, but Juju 4 no longer delivers it; %s", text(call.Child("function")), s, ev, removedAdvice(ev))
			}
		}
		return false
	})
}

// stateWrite returns what n writes: any relation-data write (whatever the
// value: a constant write fails as any other), or else the work workAt
// sees.
func (c *checker) stateWrite(fn, n *node) string {
	switch n.Type {
	case "assignment", "augmented_assignment":
		if _, ok := c.databagTarget(fn, n.Child("left")); ok {
			return "writes relation data"
		}
	}
	return c.workAt(fn, n)
}

// localMentions reports whether cond names a local variable of its function
// that some assignment binds to a value matching re: a leadership test kept
// in a boolean (skip = not self.unit.is_leader() ...; if skip: continue),
// also when another branch (an except clause) assigns it too.
func localMentions(cond *node, re *regexp.Regexp) bool {
	fn := enclosingFunc(cond)
	if fn == nil {
		return false
	}
	names := map[string]bool{}
	cond.Walk(func(n *node) bool {
		if n.Type == "identifier" && n.Field != "attribute" && !isSelf(n) {
			names[n.Text()] = true
		}
		return true
	})
	found := false
	fn.Walk(func(n *node) bool {
		if found {
			return false
		}
		if n.Type == "assignment" {
			if l := n.Child("left"); l != nil && l.Type == "identifier" && names[l.Text()] && mentions(n.Child("right"), re) {
				found = true
			}
		}
		return true
	})
	return found
}

// referenced reports whether the function fn's name is used anywhere in
// the charm other than in its own definition: called, passed as a value
// (self.m handed to a library), or named in a string (getattr).
func (c *checker) referenced(fn *node) bool {
	return c.mentionedInSrc(funcName(fn), fn.Child("name"))
}

// dead reports whether fn is a method no code can call: a private one
// that nothing in src/ calls, observes or passes as a value, or a public
// one that nothing in src/ or in the charm's lib/ names either (ops calls
// no charm method by name; a library handed the charm could). Without a
// lib/ to read, a public method may be called from a library the linter
// cannot see.
func (c *checker) dead(fn *node) bool {
	name := funcName(fn)
	if c.referenced(fn) {
		return false
	}
	if strings.HasPrefix(name, "_") {
		return true
	}
	return c.libMentions != nil && !c.libMentions(name)
}

// mentionedInSrc reports whether any file of the model names name (an
// identifier other than def, or inside a string).
func (c *checker) mentionedInSrc(name string, def *node) bool {
	found := false
	for _, f := range c.prog.files {
		f.f.Root.Walk(func(n *node) bool {
			if found {
				return false
			}
			switch n.Type {
			case "identifier":
				if n != def && n.Text() == name {
					found = true
				}
			case "string_content":
				if strings.Contains(n.Text(), name) {
					found = true
				}
			}
			return true
		})
		if found {
			break
		}
	}
	return found
}

// onceHere is guardedHere for the churn rules (PY003, PY004): pred holds
// for a condition guarding x, or x comes after an early return taken once
// the work is done (afterDoneReturn).
func (c *checker) onceHere(pred func(cond *node) bool) func(x *node) bool {
	return func(x *node) bool { return guardedHere(x, pred) || afterDoneReturn(x) || c.flagOnce(x) }
}

// flagOnce reports whether x runs under "if not <flag>:" where the code
// under that if, or a function it calls, sets the same flag to True
// (if not self._stored.site_root_created: self.build_site_root(), which
// ends with self._stored.site_root_created = True: drupal). Its work runs
// until it succeeds once; later runs skip it. The flag is an attribute
// (self._stored.x, self.x), so the charm keeps it between hooks.
func (c *checker) flagOnce(x *node) bool {
	child := x
	for p := x.Parent; p != nil; child, p = p, p.Parent {
		switch p.Type {
		case "function_definition", "lambda":
			return false
		case "if_statement":
			if child.Field != "consequence" {
				continue
			}
			cond := p.Child("condition")
			for cond != nil && cond.Type == "parenthesized_expression" && len(cond.NamedChildren()) == 1 {
				cond = cond.NamedChildren()[0]
			}
			if cond == nil || cond.Type != "not_operator" {
				continue
			}
			flag := cond.Child("argument")
			if flag == nil || flag.Type != "attribute" {
				continue
			}
			if c.setsFlag(p.Child("consequence"), text(flag), 0, map[*node]bool{}) {
				return true
			}
		}
	}
	return false
}

// setsFlag reports whether n, or a function it calls (three levels down),
// assigns True to the attribute whose text is flag.
func (c *checker) setsFlag(n *node, flag string, depth int, seen map[*node]bool) bool {
	if n == nil || depth > 3 {
		return false
	}
	found := false
	n.Walk(func(m *node) bool {
		if found || m.Type == "function_definition" {
			return false
		}
		if m.Type == "assignment" && text(m.Child("left")) == flag && text(m.Child("right")) == "True" {
			found = true
		}
		return !found
	})
	if found {
		return true
	}
	for _, call := range calls(n) {
		for _, f := range c.callees(call) {
			if !seen[f] {
				seen[f] = true
				if c.setsFlag(f.Child("body"), flag, depth+1, seen) {
					return true
				}
			}
		}
	}
	return false
}

// afterDoneReturn reports whether x, in its function, comes after an early
// return taken when the work is already done: if self._is_enrolled() and
// not self.config["force-join"]: return (freeipa-client). What follows
// runs until the work is done once, then later runs skip it; an operator's
// force flag beside the check is their own choice to run it again.
func afterDoneReturn(x *node) bool {
	child := x
	for p := x.Parent; p != nil; child, p = p, p.Parent {
		switch p.Type {
		case "function_definition", "lambda":
			return false
		case "block", "module":
			for _, st := range p.NamedChildren() {
				if st == child {
					break
				}
				if st.Type == "if_statement" && st.Child("alternative") == nil && exitsBlock(st.Child("consequence")) && doneCheck(st.Child("condition")) {
					return true
				}
			}
		}
	}
	return false
}

// doneRE names a predicate or flag that says one-time work is done.
var doneRE = regexp.MustCompile(`(?i)(^|_)(enrolled|installed|bootstrapped|initiali[sz]ed|provisioned|registered|already)($|_)`)

// doneCheck reports whether cond asks, not negated, whether one-time work
// is done: a call or attribute whose name doneRE matches
// (self._is_enrolled(), self._stored.installed), alone or as one side of
// "and"/"or".
func doneCheck(cond *node) bool {
	if cond == nil {
		return false
	}
	for cond.Type == "parenthesized_expression" && len(cond.NamedChildren()) == 1 {
		cond = cond.NamedChildren()[0]
	}
	switch cond.Type {
	case "boolean_operator":
		return doneCheck(cond.Child("left")) || doneCheck(cond.Child("right"))
	case "call":
		return doneCheck(cond.Child("function"))
	case "attribute":
		return doneRE.MatchString(cond.Child("attribute").Text())
	case "identifier":
		return doneRE.MatchString(cond.Text())
	}
	return false
}
