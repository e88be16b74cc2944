package python

import (
	"regexp"
	"sort"
	"strings"
)

// Which method is a class's reconciler, and which handlers delegate.
//
// A reconciler is a method that does work (itself, or through the methods
// of its class it calls) and runs on many independent repeatable events:
// it is observed for (or called straight from the handlers of) events of
// three or more sources, where the events of one relation count once
// (db_relation_joined, db_relation_changed and db_relation_departed are
// one source, rel:db), as do the custom events of one library object
// (self.db.on.database_created and self.db.on.endpoints_changed are
// lib:db); install, start, storage and the dedicated events (actions,
// stop, remove, secret-remove, collect-status) are no source at all. A
// loop over self.on.events() (or one the rules cannot resolve) makes a
// method that does work a reconciler too. The name alone (reconcile,
// holistic) is not enough: a method observed by one custom event, or only
// by a peer relation's events, is an event handler whatever it is called,
// and a getter or predicate that does no work is never the reconciler.

// relEventRE matches a relation event and names the relation.
var relEventRE = regexp.MustCompile(`^(.*)_relation_(created|joined|changed|departed|broken)$`)

// storageEventRE matches the storage events.
var storageEventRE = regexp.MustCompile(`_storage_(attached|detaching)$`)

// eventSource names where an event comes from, for counting how many
// independent inputs a method reacts to (see above), or returns "" for an
// event that does not make a method a reconciler.
func eventSource(ev string) string {
	switch {
	case ev == "*" || ev == "?":
		return ""
	case !repeatable(ev), ev == "start", storageEventRE.MatchString(ev), strings.HasPrefix(ev, "collect_"):
		return ""
	}
	if m := relEventRE.FindStringSubmatch(ev); m != nil {
		return "rel:" + m[1]
	}
	if i := strings.Index(ev, ".on."); i >= 0 {
		return "lib:" + ev[:i]
	}
	return ev
}

// lifecycle events set the unit, its storage or a relation up, or tear
// them down: install, start, upgrade-charm (once per charm refresh),
// storage-attached and storage-detaching (once per attachment),
// relation-broken (once, when the relation goes), stop and remove. The
// one-time work they do (install packages into the charm container,
// prepare a volume, clean up after a relation) has its place in their
// handler: the thin-handler rule leaves them alone.
// relation-created, -joined and -departed are not lifecycle events here:
// what their handlers publish or derive is state that a later change makes
// stale, which belongs to the reconciler.
func lifecycle(ev string) bool {
	switch ev {
	case "install", "start", "stop", "remove", "upgrade_charm":
		return true
	}
	return storageEventRE.MatchString(ev) || strings.HasSuffix(ev, "_relation_broken")
}

// thinEvents returns the events of h the thin-handler rule applies to:
// repeatable events other than lifecycle ones.
func (h *handler) thinEvents() []string {
	var out []string
	for _, ev := range h.repeatableEvents() {
		if !lifecycle(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// buildReconcilers computes the reconcilers of a class (see above), the
// event sources of its methods, and its shared helpers: methods that two
// or more handlers call directly and no reconciler reaches. A handler that
// calls a shared helper, passing it nothing of the event, delegates to it
// as it would to a reconciler: the helper is the charm's own state-driven
// step, and the handler's call is thin (see delegates). A helper that the
// reconciler also runs is not shared: a handler that calls it beside (or
// instead of) the reconciler splits the reconciler's logic.
func (c *checker) buildReconcilers(cl *class) {
	cl.sources = map[string][]string{}
	cl.reconcilers = map[string]bool{}
	cl.shared = map[string]bool{}
	cl.works = map[string]int{}
	wild := map[string]bool{}
	every := map[string]bool{}        // observes "*" itself: every event
	observed := map[string][]string{} // sources of the events a method observes
	called := map[string][]string{}   // sources of the handlers that call it
	add := func(into map[string][]string, m, src string) {
		if src != "" && !contains(into[m], src) {
			into[m] = append(into[m], src)
		}
		if src != "" && !contains(cl.sources[m], src) {
			cl.sources[m] = append(cl.sources[m], src)
		}
	}
	for _, h := range cl.order {
		for _, ev := range h.events {
			if ev == "*" || ev == "?" {
				wild[h.name] = true
			}
			if ev == "*" {
				every[h.name] = true
			}
			add(observed, h.name, eventSource(ev))
		}
	}
	handOver := map[string]bool{} // a handler passes its event to the method
	isRec := func(m string) bool {
		viaCalls := len(called[m]) >= 3 && (handOver[m] || reconcileNameRE.MatchString(m) || contains(called[m], "config_changed") || contains(called[m], "update_status"))
		// A method named so (reconcile, holistic) that config-changed or
		// update-status runs: the author's reconciler, however few events
		// it is wired to yet.
		core := func(srcs []string) bool { return contains(srcs, "config_changed") || contains(srcs, "update_status") }
		viaName := reconcileNameRE.MatchString(m) && (core(observed[m]) || core(called[m]))
		// Observed for config-changed and another source, and acting on
		// the charm's state rather than its event's payload: the charm's
		// reconciler in all but name (nhc, ubuntu-manpages, srs-enb-ue).
		viaConfig := false
		if fn := cl.methods[m]; fn != nil && contains(observed[m], "config_changed") && len(observed[m]) >= 2 {
			ev := eventParam(fn)
			viaConfig = ev == "" || ev == "_" || !usesEventPayload(fn.Child("body"), ev)
		}
		// A method observed for every event (observe_events with
		// all_events, charms.reconciler) is the reconciler even when it
		// returns on non-leaders: no other handler runs on those events.
		gatedOut := leaderGated(cl.methods[m]) && c.unitWork(cl, m, map[string]bool{}) && !every[m]
		return (wild[m] || len(observed[m]) >= 3 || viaCalls || viaName || viaConfig) && c.acts(cl, m) && !gatedOut
	}
	for _, h := range cl.order {
		if isRec(h.name) {
			cl.reconcilers[h.name] = true
		}
	}
	// What a handler calls runs on its events too (what a reconciler
	// calls is its helper, not a reconciler). The events a method observes
	// and those of the handlers that call it are counted apart: a handler
	// that one other handler calls is still the handler of its events.
	callers := map[string]map[string]bool{}
	for _, h := range cl.order {
		for _, m := range c.selfCalls(cl, h.fn) {
			if m == h.name {
				continue
			}
			if callers[m] == nil {
				callers[m] = map[string]bool{}
			}
			callers[m][h.name] = true
			if cl.reconcilers[h.name] {
				continue
			}
			if passesEvent(h.fn, nil, m) {
				handOver[m] = true
			}
			for _, s := range observed[h.name] {
				add(called, m, s)
			}
			if wild[h.name] {
				wild[m] = true
			}
		}
	}
	names := make([]string, 0, len(cl.methods))
	for m := range cl.methods {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		if !cl.reconcilers[m] && isRec(m) {
			cl.reconcilers[m] = true
		}
	}
	// A reconciler that only wraps one method (try: self.reconcile() except
	// ...: log) hands it the whole job: that method is a reconciler too,
	// and a handler that calls it delegates (cosl's observe_events handler
	// around the charm's reconcile).
	for _, m := range names {
		if !cl.reconcilers[m] {
			continue
		}
		if callees := c.selfCalls(cl, cl.methods[m]); len(callees) == 1 && cl.methods[callees[0]] != nil && onlyWraps(cl.methods[m], callees[0]) {
			cl.reconcilers[callees[0]] = true
		}
	}
	// What the reconcilers reach.
	reached := map[string]bool{}
	var visit func(m string)
	visit = func(m string) {
		if reached[m] {
			return
		}
		reached[m] = true
		for _, callee := range c.selfCalls(cl, cl.methods[m]) {
			visit(callee)
		}
	}
	for m := range cl.reconcilers {
		visit(m)
	}
	for m, hs := range callers {
		if len(hs) >= 2 && !reached[m] {
			cl.shared[m] = true
		}
	}
}

// leaderGated reports whether fn begins by returning on every unit but
// the leader (if not self.unit.is_leader(): return). Such a method that
// also does the unit's own work (Pebble, files, services: foxglove's
// _configure_ingress, which also replans the workload) is not a
// reconciler: on the other units it does nothing, so handlers that do
// that work themselves are right to. One that only publishes application
// data is the leader's reconciler of it.
func leaderGated(fn *node) bool {
	if fn == nil {
		return false
	}
	for _, st := range fn.Child("body").NamedChildren() {
		switch st.Type {
		case "comment":
			continue
		case "expression_statement":
			if cs := st.NamedChildren(); len(cs) == 1 && cs[0].Type == "string" {
				continue // the docstring
			}
		case "if_statement":
			cond := st.Child("condition")
			return st.Child("alternative") == nil && exitsBlock(st.Child("consequence")) &&
				cond != nil && cond.Type == "not_operator" && mentions(cond, leaderRE) &&
				onlyReports(st.Child("consequence"))
		}
		return false
	}
	return false
}

// onlyReports reports whether block makes no call but a log or a status:
// a non-leader branch that adds its own Pebble check before returning
// (charmarr's overseerr) does work on every unit, so the method is not
// gated.
func onlyReports(block *node) bool {
	for _, call := range calls(block) {
		recv, name := callParts(call)
		if recv != nil && logMethods[name] && loggerRecvRE.MatchString(text(recv)) || strings.HasSuffix(name, "Status") {
			continue
		}
		return false
	}
	return true
}

// unitWork reports whether method m, or a method of its class it calls,
// does the unit's own work (isUnitOp), not the application's (relation
// data, secrets).
func (c *checker) unitWork(cl *class, m string, seen map[string]bool) bool {
	fn := cl.methods[m]
	if fn == nil || seen[m] {
		return false
	}
	seen[m] = true
	found := false
	fn.Child("body").Walk(func(n *node) bool {
		if found || n.Type == "function_definition" || n.Type == "lambda" {
			return false
		}
		if c.workAt(fn, n) != "" && isUnitOp(fn, n) {
			found = true
			return false
		}
		if n.Type == "call" {
			if callee := selfMethod(n.Child("function")); callee != "" && c.unitWork(cl, callee, seen) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isUnitOp reports whether the work call n changes the unit itself: its
// workload (Pebble), files, services, processes or ports.
func isUnitOp(fn, n *node) bool {
	if n.Type != "call" {
		return false
	}
	recv, name := callParts(n)
	rt := text(recv)
	switch {
	case containerOps[name] && isContainer(fn, recv), pebbleServiceOps[name] && isPebbleClient(recv):
		return true
	case fileOps[name] && recv != nil, rt == "os" && osWriteFuncs[name], rt == "shutil" && shutilWrites[name], name == "open" && recv == nil:
		return true
	case portOps[name], serviceOpsRE.MatchString(name):
		return true
	}
	_, sub := isSubprocess(n)
	return sub
}

// selfCalls returns the methods of cl that fn calls as self.m(...), in
// order, without repeats.
func (c *checker) selfCalls(cl *class, fn *node) []string {
	var out []string
	if fn == nil {
		return nil
	}
	for _, call := range calls(fn.Child("body")) {
		m := selfMethod(call.Child("function"))
		if m != "" && cl.methods[m] != nil && !contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// doesWork reports whether method m does work (workAt), itself or through
// the methods of its class it calls.
func (c *checker) doesWork(cl *class, m string) bool {
	switch cl.works[m] {
	case 1, 2:
		return false // in progress (a cycle), or known not to
	case 3:
		return true
	}
	fn := cl.methods[m]
	if fn == nil {
		return false
	}
	cl.works[m] = 1
	found := false
	fn.Child("body").Walk(func(n *node) bool {
		if found || n.Type == "function_definition" || n.Type == "lambda" {
			return false
		}
		if c.workAt(fn, n) != "" {
			found = true
			return false
		}
		if c.readOnlyWrapperCall(fn, n) {
			return false
		}
		if n.Type == "call" {
			if callee := selfMethod(n.Child("function")); callee != "" && cl.methods[callee] != nil {
				if c.doesWork(cl, callee) {
					found = true
					return false
				}
				return true
			}
			// Elsewhere in the charm (program.go).
			for _, t := range c.callees(n) {
				if foreign(cl, t) && c.funcWork(t) {
					found = true
					return false
				}
			}
		}
		return true
	})
	if found {
		cl.works[m] = 3
	} else {
		cl.works[m] = 2
	}
	return found
}

// funcWork reports whether a function of the charm (any file) does work,
// itself or through what it calls.
func (c *checker) funcWork(fn *node) bool {
	switch c.funcWorks[fn] {
	case 1, 2:
		return false
	case 3:
		return true
	}
	c.funcWorks[fn] = 1
	found := false
	fn.Child("body").Walk(func(n *node) bool {
		if found || n.Type == "function_definition" || n.Type == "lambda" {
			return false
		}
		if c.workAt(fn, n) != "" {
			found = true
			return false
		}
		if c.readOnlyWrapperCall(fn, n) {
			return false
		}
		if n.Type == "call" {
			for _, t := range c.callees(n) {
				if t != fn && c.funcWork(t) {
					found = true
					return false
				}
			}
		}
		return true
	})
	c.funcWorks[fn] = 2
	if found {
		c.funcWorks[fn] = 3
	}
	return found
}

// isReconciler reports whether a method is one of the class's reconcilers.
func (c *class) isReconciler(name string) bool { return c.reconcilers[name] }

// reconcilerName names the class's reconciler for messages, or "" when it
// has none: the one that runs on the most event sources, a handler before
// a helper, then by name.
func (c *class) reconcilerName() string {
	var names []string
	for name := range c.reconcilers {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if wa, wb := c.works[a] == 3, c.works[b] == 3; wa != wb {
			return wa // work the rules see before work through objects
		}
		if la, lb := len(c.sources[a]), len(c.sources[b]); la != lb {
			return la > lb
		}
		if ha, hb := c.handlers[a] != nil, c.handlers[b] != nil; ha != hb {
			return ha
		}
		return a < b
	})
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// constantValue reports whether e is the same on every run: a literal, a
// module constant (UPPER_CASE, also as an attribute: constants.PORT), the
// charm's or application's name, or a list, tuple or dict of such values
// (not the unit's name: which unit writes it is state, as in "the leader
// is unit/1"). Writing it into relation data or opening it as a port is static
// setup, not state a reconciler has to keep in sync.
// pureConversions are methods that turn a constant into another constant.
var pureConversions = map[string]bool{"as_posix": true, "lower": true, "upper": true, "strip": true, "split": true}

// constantExpr is constantValue, also through a property of a charm class
// whose every return value is constant (self._charm.epilog_path, which
// returns self._ops.EPILOG_PATH.as_posix()).
func (c *checker) constantExpr(fn, e *node, depth int) bool {
	if constantValue(e) {
		return true
	}
	if e == nil || depth > 2 {
		return false
	}
	// str(x), int(x) of a constant.
	if e.Type == "call" {
		if f := text(e.Child("function")); (f == "str" || f == "int") && e.Child("arguments") != nil && len(e.Child("arguments").NamedChildren()) == 1 {
			return c.constantExpr(fn, e.Child("arguments").NamedChildren()[0], depth+1)
		}
		return false
	}
	if e.Type != "attribute" {
		return false
	}
	if c.constantInitParam(fn, e, depth) {
		return true
	}
	cls := c.typeOf(fn, e.Child("object"), 0)
	if len(cls) == 0 {
		cls = c.heldParamTypes(fn, e.Child("object"))
	}
	if len(cls) == 0 {
		return false
	}
	for _, cl := range cls {
		impls := c.methodImpls(cl, e.Child("attribute").Text())
		if len(impls) != 1 || !isProperty(impls[0]) {
			return false
		}
		rets := returns(impls[0])
		if len(rets) == 0 {
			return false
		}
		for _, r := range rets {
			if !c.constantExpr(impls[0], r, depth+1) {
				return false
			}
		}
	}
	return true
}

// constantInitParam reports whether e is self.x, where the class sets x
// once, in __init__, from a parameter that every construction of the class
// passes a constant for, or leaves at a constant default
// (PrometheusProvider(self, "scrape", socket.getfqdn(), port=9252) keeps
// its host name and port: what it publishes from them never changes).
func (c *checker) constantInitParam(fn, e *node, depth int) bool {
	if !isSelf(e.Child("object")) {
		return false
	}
	cl := c.classFor(fn)
	if cl == nil || cl.methods["__init__"] == nil || cl.methods[e.Child("attribute").Text()] != nil {
		return false
	}
	init := cl.methods["__init__"]
	v := selfAttrValue(cl, e)
	if v == nil || v.Type != "identifier" || enclosingFunc(v) != init {
		return false
	}
	_, dflt, ok := paramOf(init, v.Text())
	if !ok {
		return false
	}
	passed, ok := c.callerArgs(init, v.Text())
	if !ok {
		return false
	}
	for _, a := range passed {
		if a == nil {
			a = dflt
		}
		if a == nil || !c.constantExpr(enclosingFunc(a), a, depth+1) {
			return false
		}
	}
	return true
}

// heldParamTypes resolves self.x, where __init__ keeps a parameter in it
// (self._charm = charm), to the classes of what __init__'s callers pass
// for that parameter (PrologEpilog(self, ...) in the charm).
func (c *checker) heldParamTypes(fn, obj *node) []*class {
	if obj == nil || obj.Type != "attribute" || !isSelf(obj.Child("object")) {
		return nil
	}
	cl := c.classFor(fn)
	if cl == nil || cl.methods["__init__"] == nil {
		return nil
	}
	init, attr := cl.methods["__init__"], obj.Child("attribute").Text()
	var out []*class
	init.Child("body").Walk(func(n *node) bool {
		if n.Type != "assignment" || text(n.Child("left")) != "self."+attr {
			return true
		}
		r := n.Child("right")
		if r == nil || r.Type != "identifier" {
			return true
		}
		idx, _, ok := paramOf(init, r.Text())
		if !ok {
			return true
		}
		for _, site := range c.callSites[init] {
			for _, t := range c.typeOf(enclosingFunc(site), arg(site, idx, r.Text()), 0) {
				if !containsClass(out, t) {
					out = append(out, t)
				}
			}
		}
		return true
	})
	return out
}

func constantValue(e *node) bool {
	if e == nil {
		return false
	}
	switch e.Type {
	case "string":
		_, ok := strValue(e)
		return ok
	case "concatenated_string", "integer", "float", "true", "false", "none":
		if e.Type == "concatenated_string" {
			_, ok := strValue(e)
			return ok
		}
		return true
	case "identifier":
		return constNameRE.MatchString(e.Text())
	case "attribute":
		t := text(e)
		return constNameRE.MatchString(e.Child("attribute").Text()) || constAttrRE.MatchString(t)
	case "parenthesized_expression", "list", "tuple", "set", "dictionary", "pair":
		for _, ch := range e.NamedChildren() {
			if ch.Type == "comment" {
				continue
			}
			if !constantValue(ch) {
				return false
			}
		}
		return true
	case "call":
		// A constant path or string converted: PROLOG_PATH.as_posix(),
		// str(PORT).
		fe := e.Child("function")
		args := e.Child("arguments")
		if args == nil || len(args.NamedChildren()) > 1 {
			return false
		}
		// The unit's own host name does not change under it.
		if t := text(fe); (t == "socket.gethostname" || t == "socket.getfqdn") && len(args.NamedChildren()) == 0 {
			return true
		}
		if fe.Type == "attribute" && pureConversions[fe.Child("attribute").Text()] &&
			(len(args.NamedChildren()) == 0 || constantValue(args.NamedChildren()[0])) {
			return constantValue(fe.Child("object"))
		}
		if fe.Type == "identifier" && (fe.Text() == "str" || fe.Text() == "int") && len(args.NamedChildren()) == 1 {
			return constantValue(args.NamedChildren()[0])
		}
		// A constant serialised: json.dumps({}) (incus's empty token map).
		if text(fe) == "json.dumps" && len(args.NamedChildren()) == 1 {
			return constantValue(args.NamedChildren()[0])
		}
		return false
	case "subscript":
		// socket.gethostname().split(".")[0]: a part of a constant.
		return constantValue(e.Child("value")) && constantValue(e.Child("subscript"))
	case "keyword_argument":
		return constantValue(e.Child("value"))
	case "argument_list":
		for _, ch := range e.NamedChildren() {
			if ch.Type != "comment" && !constantValue(ch) {
				return false
			}
		}
		return true
	}
	return false
}

var (
	constNameRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	constAttrRE = regexp.MustCompile(`(^|\.)(meta|app)\.name$`)
)

// delegates reports whether a call from fn to method m hands the work
// over: m is a reconciler, or a shared helper called with nothing of the
// event fn handles (a helper given event.relation_id acts on the event's
// payload, not on the charm's state).
func (cl *class) delegates(fn, call *node, m string) bool {
	if cl.isReconciler(m) {
		return true
	}
	if !cl.shared[m] {
		return false
	}
	return !passesEvent(fn, call, m) || cl.onlyDefers(fn, call, cl.methods[m], 0) || cl.passesPeerRelation(fn, call)
}

// passesPeerRelation reports whether call hands on nothing of fn's event
// but event.relation, and fn handles only events of peer relations: a peer
// relation has one instance, the one self.model.get_relation gives any
// handler (juju-controller's departed handler passes event.relation to the
// step its changed handler runs on the same relation).
func (cl *class) passesPeerRelation(fn, call *node) bool {
	h := cl.handlers[funcName(fn)]
	ev := eventParam(fn)
	if h == nil || ev == "" || call == nil || len(h.events) == 0 {
		return false
	}
	for _, e := range h.events {
		ep, _, ok := strings.Cut(e, "_relation_")
		if !ok || !cl.peers[ep] {
			return false
		}
	}
	a := call.Child("arguments")
	if a == nil {
		return false
	}
	only := true
	a.Walk(func(n *node) bool {
		if n.Type == "identifier" && n.Text() == ev && n.Field != "attribute" {
			p := n.Parent
			if p == nil || p.Type != "attribute" || p.Child("attribute").Text() != "relation" {
				only = false
			}
		}
		return only
	})
	return only
}

// onlyDefers reports whether call hands fn's event to callee only so that
// callee can defer it: the event is passed whole, nothing else of it is
// passed, and callee uses that parameter for nothing but .defer() (the
// shared step of oathkeeper's handlers, _handle_status_update_config(event)).
func (cl *class) onlyDefers(fn, call, callee *node, depth int) bool {
	ev := eventParam(fn)
	return cl.paramOnlyDefers(ev, call, callee, depth)
}

// paramOnlyDefers is onlyDefers for the value named ev at call: callee
// uses the parameter it lands in only to defer it, or hands it whole, in
// turn, to methods of the class that do the same (squid-ingress-cache's
// _configure_charm(event) passes it on to _assess_charm_state and
// _configure_pebble, which never read it).
func (cl *class) paramOnlyDefers(ev string, call, callee *node, depth int) bool {
	if ev == "" || call == nil || callee == nil || depth > 3 {
		return false
	}
	pos, kw := args(call)
	param := ""
	for i, a := range pos {
		if a.Type == "identifier" && a.Text() == ev {
			param = paramName(callee, i)
		} else if mentionsName(a, ev) {
			return false
		}
	}
	for k, a := range kw {
		if a.Type == "identifier" && a.Text() == ev {
			param = k
		} else if mentionsName(a, ev) {
			return false
		}
	}
	if param == "" {
		return false
	}
	only := true
	callee.Child("body").Walk(func(n *node) bool {
		if !only {
			return false
		}
		if n.Type == "identifier" && n.Text() == param && n.Field != "attribute" {
			at := n.Parent
			if at != nil && at.Type == "attribute" && at.Child("attribute").Text() == "defer" &&
				at.Parent != nil && at.Parent.Type == "call" {
				return true
			}
			// Handed whole to a method of the class: follow it.
			if at != nil && at.Type == "argument_list" && at.Parent != nil && at.Parent.Type == "call" {
				if m := selfMethod(at.Parent.Child("function")); m != "" && cl.methods[m] != nil &&
					cl.paramOnlyDefers(param, at.Parent, cl.methods[m], depth+1) {
					return true
				}
			}
			only = false
		}
		return true
	})
	return only
}

// mentionsName reports whether the identifier name occurs in e (not as an
// attribute name).
func mentionsName(e *node, name string) bool {
	found := false
	e.Walk(func(n *node) bool {
		if n.Type == "identifier" && n.Text() == name && n.Field != "attribute" {
			found = true
		}
		return !found
	})
	return found
}

// paramName returns the name of fn's i-th parameter as a caller passes
// them (self not counted), or "".
func paramName(fn *node, i int) string {
	ps := fn.Child("parameters")
	if ps == nil {
		return ""
	}
	named := ps.NamedChildren()
	if i+1 >= len(named) {
		return ""
	}
	p := named[i+1]
	if p.Type == "identifier" {
		return p.Text()
	}
	for _, ch := range p.NamedChildren() {
		if ch.Type == "identifier" {
			return ch.Text()
		}
	}
	return ""
}

// passesEvent reports whether fn passes its event (or something of it) to
// method m: in call, or in any call of m when call is nil.
func passesEvent(fn, call *node, m string) bool {
	ev := eventParam(fn)
	if ev == "" {
		return false
	}
	if call == nil {
		for _, cl := range calls(fn.Child("body")) {
			if selfMethod(cl.Child("function")) == m && passesEvent(fn, cl, m) {
				return true
			}
		}
		return false
	}
	a := call.Child("arguments")
	uses := a != nil && mentionsName(a, ev)
	return uses
}

// eventParam returns the name of a method's event parameter: the one
// after self, or "".
func eventParam(fn *node) string { return paramName(fn, 0) }

// getattrEvent names the event of getattr(self.on, "install") or
// getattr(self.on, f"{PEER}_relation_changed") (*_relation_changed).
func getattrEvent(call *node) []string {
	obj, name := arg(call, 0, ""), arg(call, 1, "")
	if obj == nil || obj.Type != "attribute" || obj.Child("attribute").Text() != "on" || name == nil {
		return []string{"?"}
	}
	ev, ok := strValue(name)
	if !ok && name.Type == "string" {
		var b strings.Builder
		for _, ch := range name.Children {
			switch ch.Type {
			case "string_content":
				b.WriteString(ch.Text())
			case "interpolation":
				b.WriteString("*")
			}
		}
		ev = b.String()
		ok = strings.HasPrefix(ev, "*_") && !strings.Contains(ev[1:], "*")
	}
	if !ok || ev == "" {
		return []string{"?"}
	}
	base := text(obj.Child("object"))
	if base == "self" || base == "charm" || strings.HasSuffix(base, ".charm") || strings.HasSuffix(base, "._charm") {
		return []string{ev}
	}
	return []string{strings.TrimPrefix(base, "self.") + ".on." + ev}
}

// acts reports whether a method may be a reconciler by what it does: it
// does work (doesWork), or, when the work is out of sight (done through
// objects the charm holds: self.workload.restart(), self._pebble.plan()),
// it returns no value and calls methods of such objects. A getter or a
// predicate whose work the rules do not see is never a reconciler.
func (c *checker) acts(cl *class, m string) bool {
	if c.doesWork(cl, m) {
		return true
	}
	return c.actsThroughObjects(cl, m, map[string]bool{})
}

func (c *checker) actsThroughObjects(cl *class, m string, seen map[string]bool) bool {
	fn := cl.methods[m]
	if fn == nil || seen[m] {
		return false
	}
	seen[m] = true
	found, value := false, false
	fn.Child("body").Walk(func(n *node) bool {
		if n.Type == "function_definition" || n.Type == "lambda" || n.Type == "class_definition" {
			return false
		}
		switch n.Type {
		case "return_statement":
			if v := n.NamedChildren(); len(v) > 0 && v[0].Type != "none" {
				value = true
			}
		case "call":
			f := n.Child("function")
			if f.Type == "attribute" {
				obj := f.Child("object")
				// self.x.y(...), but not self.unit/app/model/framework/on
				// (status, reads) nor loggers.
				if obj.Type == "attribute" && isSelf(obj.Child("object")) && !selfMetaRE.MatchString(obj.Child("attribute").Text()) && !readNameRE.MatchString(f.Child("attribute").Text()) {
					found = true
				}
				if callee := selfMethod(f); callee != "" && c.actsThroughObjects(cl, callee, seen) {
					found = true
				}
			}
		}
		return true
	})
	return found && !value
}

// readNameRE matches the names of methods that read.
var readNameRE = regexp.MustCompile(`^_?(get|is|has|can|list|read|fetch|find|load|to|as|check|validate)(_|$)|^(keys|values|items|copy|count|index|format|join|split|strip|startswith|endswith|lower|upper|pull|exists)$`)

var selfMetaRE = regexp.MustCompile(`^(unit|app|model|framework|on|config|meta|charm_dir|_?(logger|log))$`)

// onlyWraps reports whether fn calls nothing but self.m(...), logging, and
// a readiness check with what it does when not ready (can_connect, a
// status, defer): a wrapper that hands m the whole job (mongo-express's
// config-changed handler: if can_connect: self._restart() else: defer).
func onlyWraps(fn *node, m string) bool {
	for _, call := range calls(fn.Child("body")) {
		if selfMethod(call.Child("function")) == m {
			continue
		}
		recv, name := callParts(call)
		if r := text(recv); r == "logger" || r == "logging" || r == "log" || r == "self.logger" {
			continue
		}
		if name == "can_connect" || name == "defer" || strings.HasSuffix(name, "Status") {
			continue
		}
		return false
	}
	return true
}
