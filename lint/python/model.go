package python

import (
	"regexp"
	"sort"
	"strings"
)

// The charm model the rules work on: the charm classes of a file, the
// events each handler observes, and which code runs on repeatable events.

// class is a class that observes events (a charm or a charm component).
type class struct {
	name     string
	def      *node            // the class_definition
	file     *srcFile         // the file it is in (program.go)
	bases    []*class         // its bases within the charm
	methods  map[string]*node // function definitions by name
	handlers map[string]*handler
	order    []*handler // handlers in the order first observed
	// Computed by buildReconcilers (reconciler.go): the reconcilers, the
	// event sources each method runs on, the helpers handlers share, and
	// which methods do work (0 unknown, 1 in progress, 2 no, 3 yes).
	reconcilers map[string]bool
	sources     map[string][]string
	shared      map[string]bool
	works       map[string]int
	peers       map[string]bool // the charm's peer endpoints (Options.Peers)
}

// handler is a method observed for one or more events.
type handler struct {
	name   string
	fn     *node
	events []string // ops event names, in observe order, without repeats
	at     *node    // the first observe call
}

// observation is one framework.observe call.
type observation struct {
	call    *node
	events  []string
	handler string
}

var reconcileNameRE = regexp.MustCompile(`(?i)reconcil|holistic`)

// Event classes, by ops event name (config_changed, db_relation_changed,
// backup_action). "*" stands for every event (a loop over
// self.on.events()), "?" for an event the rules cannot name, and "lib:x"
// for a custom event x of a charm library (self.ingress.on.ready).

func isAction(ev string) bool { return strings.HasSuffix(ev, "_action") }

// nonDeferrable events make ops raise RuntimeError on defer().
func nonDeferrable(ev string) bool {
	switch ev {
	case "stop", "remove", "secret_rotate", "secret_expired", "collect_unit_status", "collect_app_status", "collect_metrics", "pre_commit", "commit":
		return true
	}
	return isAction(ev)
}

// dedicated events keep their own handlers in a holistic charm.
func dedicated(ev string) bool {
	return nonDeferrable(ev) || ev == "secret_remove" || ev == "leader_deposed"
}

// repeatable events are the ones a reconciler observes. Events Juju 4
// removed are left out: PY012 reports them.
func repeatable(ev string) bool { return ev != "install" && !dedicated(ev) && !removedEvents[ev] }

// oneShot events do not run again once the unit is up.
func oneShot(ev string) bool {
	switch ev {
	case "install", "start", "stop", "remove":
		return true
	}
	return false
}

// removedEvents are the events Juju 4 no longer delivers.
var removedEvents = map[string]bool{
	"leader_settings_changed": true, "pre_series_upgrade": true, "post_series_upgrade": true,
	"collect_metrics": true, "meter_status_changed": true,
}

func (h *handler) repeatableEvents() []string {
	var out []string
	for _, ev := range h.events {
		if repeatable(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// buildClasses finds the classes of the file, their methods and what they
// observe (the reconcilers are computed once every file is read).
func (c *checker) buildClasses() {
	first := len(c.classes)
	c.f.Root.Walk(func(n *node) bool {
		if n.Type == "function_definition" {
			c.funcs = append(c.funcs, n)
		}
		if n.Type != "class_definition" {
			return true
		}
		cl := &class{name: n.Child("name").Text(), def: n, methods: map[string]*node{}, handlers: map[string]*handler{}, peers: c.peers}
		for _, st := range n.Child("body").NamedChildren() {
			fn := st
			if fn.Type == "decorated_definition" {
				fn = fn.Child("definition")
			}
			if fn != nil && fn.Type == "function_definition" {
				cl.methods[funcName(fn)] = fn
				c.classOf[fn] = cl
			}
		}
		c.classes = append(c.classes, cl)
		return true
	})
	for _, st := range c.f.Root.NamedChildren() {
		fn := st
		if fn.Type == "decorated_definition" {
			fn = fn.Child("definition")
		}
		if fn != nil && fn.Type == "function_definition" {
			c.modFuncs[funcName(fn)] = fn
		}
	}
	for _, cl := range c.classes[first:] {
		names := make([]string, 0, len(cl.methods))
		for n := range cl.methods {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return cl.methods[names[i]].Start.Row < cl.methods[names[j]].Start.Row })
		for _, name := range names {
			for _, o := range c.observations(cl.methods[name]) {
				c.observed = append(c.observed, o)
				fn := cl.methods[o.handler]
				if fn == nil {
					continue // inherited or not a method: nothing to follow
				}
				h := cl.handlers[o.handler]
				if h == nil {
					h = &handler{name: o.handler, fn: fn, at: o.call}
					cl.handlers[o.handler] = h
					cl.order = append(cl.order, h)
				}
				for _, ev := range o.events {
					if !contains(h.events, ev) {
						h.events = append(h.events, ev)
					}
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// observations returns the framework.observe calls in a method, with the
// events and handler each names. It follows an aliased observe
// (observe = self.framework.observe), keyword arguments, and loops over
// events or (event, handler) pairs.
func (c *checker) observations(fn *node) []observation {
	aliases := map[string]bool{}
	fn.Walk(func(n *node) bool {
		if n.Type == "assignment" {
			l, r := n.Child("left"), n.Child("right")
			if l != nil && l.Type == "identifier" && r != nil && r.Type == "attribute" && r.Child("attribute").Text() == "observe" {
				aliases[l.Text()] = true
			}
		}
		return true
	})
	var out []observation
	for _, call := range calls(fn) {
		f := call.Child("function")
		// cosl.reconciler.observe_events(charm, events, handler): the
		// handler observes the listed event types; all_events is every
		// event (a reconciler), and so is a list a library names for its
		// reconciler (charmarr's reconcilable_events_k8s); any other
		// list is not resolved.
		if _, name := callParts(call); name == "observe_events" {
			if h := handlerName(arg(call, 2, "handler")); h != "" {
				ev := []string{"?"}
				if reconcilerEventsRE.MatchString(text(arg(call, 1, "events"))) {
					ev = []string{"*"}
				}
				out = append(out, observation{call: call, events: ev, handler: h})
			}
			continue
		}
		// charms.reconciler.Reconciler(charm, self.reconcile) (the
		// Kubernetes charms' library) observes every hook event with the
		// method it is handed: a reconciler.
		if _, name := callParts(call); name == "Reconciler" {
			if h := handlerName(arg(call, 1, "reconcile_function")); h != "" {
				out = append(out, observation{call: call, events: []string{"*"}, handler: h})
			}
			continue
		}
		isObserve := (f.Type == "attribute" && f.Child("attribute").Text() == "observe") ||
			(f.Type == "identifier" && aliases[f.Text()])
		if !isObserve {
			continue
		}
		evArg, hArg := arg(call, 0, "bound_event"), arg(call, 1, "observer")
		if evArg == nil || hArg == nil {
			continue
		}
		for _, pair := range c.bindings(fn, call, evArg, hArg) {
			out = append(out, observation{call: call, events: pair.events, handler: pair.handler})
		}
	}
	return out
}

// reconcilerEventsRE matches the name of an event list meant for a
// reconciler: every event, or the events a library says reconcile.
var reconcilerEventsRE = regexp.MustCompile(`(?i)all_events|reconcil`)

type binding struct {
	events  []string
	handler string
}

// bindings resolves the event and handler arguments of an observe call.
// When they are loop variables, each item of the loop gives one binding.
func (c *checker) bindings(fn, call, evArg, hArg *node) []binding {
	loop, evIdx, hIdx := loopOf(call, evArg, hArg)
	if loop == nil {
		return []binding{{events: c.eventNames(fn, evArg), handler: handlerName(hArg)}}
	}
	items, wildcard := c.loopItems(fn, loop)
	if wildcard {
		return []binding{{events: []string{"*"}, handler: handlerName(hArg)}}
	}
	if items == nil {
		return []binding{{events: []string{"?"}, handler: handlerName(hArg)}}
	}
	pick := func(it *node, idx int, dflt *node) *node {
		switch {
		case idx == -2:
			return it
		case idx >= 0:
			if parts, ok := elements(it); ok && idx < len(parts) {
				return parts[idx]
			}
			return nil
		}
		return dflt
	}
	var out []binding
	for _, it := range items {
		ev, h := pick(it, evIdx, evArg), pick(it, hIdx, hArg)
		out = append(out, binding{events: c.eventNames(fn, ev), handler: handlerName(h)})
	}
	return out
}

// loopOf finds the for loop that binds the observe call's arguments. The
// indexes say which element of a tuple target each argument is (-1: not
// bound by the loop; -2: the whole item).
func loopOf(call, evArg, hArg *node) (*node, int, int) {
	for p := call.Parent; p != nil && p.Type != "function_definition"; p = p.Parent {
		if p.Type != "for_statement" {
			continue
		}
		target := p.Child("left")
		idx := func(a *node) int {
			if a.Type != "identifier" {
				return -1
			}
			if target.Type == "identifier" && target.Text() == a.Text() {
				return -2
			}
			for i, t := range target.NamedChildren() {
				if t.Text() == a.Text() {
					return i
				}
			}
			return -1
		}
		ei, hi := idx(evArg), idx(hArg)
		if ei == -1 && hi == -1 {
			continue
		}
		return p, ei, hi
	}
	return nil, -1, -1
}

// loopItems returns the items a for loop iterates over: a literal list, a
// dict's items(), or a local variable holding one. wildcard is true for a
// loop over self.on.events().
func (c *checker) loopItems(fn, loop *node) (items []*node, wildcard bool) {
	it := loop.Child("right")
	if strings.Contains(text(it), ".events()") {
		return nil, true
	}
	if it.Type == "identifier" {
		if v := localValue(fn, it.Text(), loop); v != nil {
			it = v
		}
	}
	if it.Type == "call" {
		recv, name := callParts(it)
		if recv != nil && recv.Type == "identifier" {
			if v := localValue(fn, recv.Text(), loop); v != nil {
				recv = v
			}
		}
		if name == "items" && recv != nil && recv.Type == "dictionary" {
			for _, p := range recv.NamedChildren() {
				if p.Type == "pair" {
					items = append(items, p) // a pair's named children are key and value
				}
			}
			return items, false
		}
	}
	if els, ok := elements(it); ok {
		return els, false
	}
	return nil, false
}

// localValue returns the value last assigned to name in fn before node at.
func localValue(fn *node, name string, at *node) *node {
	var v *node
	fn.Walk(func(n *node) bool {
		if n.Type == "assignment" && n.Start.Row < at.Start.Row {
			if l := n.Child("left"); l != nil && l.Type == "identifier" && l.Text() == name {
				v = n.Child("right")
			}
		}
		return true
	})
	return v
}

// eventNames names the events an expression stands for.
func (c *checker) eventNames(fn, e *node) []string {
	if e == nil {
		return []string{"?"}
	}
	if e.Type == "identifier" {
		if v := localValue(fn, e.Text(), e); v != nil && v != e {
			return c.eventNames(fn, v)
		}
		return []string{"?"}
	}
	if e.Type == "call" && text(e.Child("function")) == "getattr" {
		return getattrEvent(e) // reconciler.go
	}
	if e.Type != "attribute" {
		return []string{"?"}
	}
	obj, name := e.Child("object"), e.Child("attribute").Text()
	switch obj.Type {
	case "attribute":
		if obj.Child("attribute").Text() != "on" {
			break
		}
		base := text(obj.Child("object"))
		// self.on.x, and self.charm.on.x in a charm component.
		if base == "self" || base == "charm" || strings.HasSuffix(base, ".charm") || strings.HasSuffix(base, "._charm") {
			return []string{name}
		}
		return []string{strings.TrimPrefix(base, "self.") + ".on." + name}
	case "identifier":
		// self.clean_ca_event: a custom event the class defines and emits.
		if obj.Text() == "self" {
			return []string{"self." + name}
		}
	case "subscript":
		// self.on["db"].relation_changed, self.on[name].pebble_ready.
		if v := obj.Child("value"); v != nil && v.Type == "attribute" && v.Child("attribute").Text() == "on" {
			var out []string
			for _, key := range c.stringValues(fn, obj.Child("subscript")) {
				out = append(out, strings.ReplaceAll(key, "-", "_")+"_"+name)
			}
			if len(out) == 0 {
				// self.on[rel] for each relation of the charm (a loop over
				// self.model.relations): the handler runs on all of them.
				if sub := obj.Child("subscript"); sub != nil && sub.Type == "identifier" && loopsOverRelations(fn, sub) {
					return []string{"*"}
				}
				return []string{"*_" + name}
			}
			return out
		}
	}
	return []string{"?"}
}

// loopsOverRelations reports whether the identifier v is the variable of
// an enclosing for loop over the charm's relations (self.model.relations,
// self.meta.relations, or their keys()).
func loopsOverRelations(fn, v *node) bool {
	for p := v.Parent; p != nil && p != fn; p = p.Parent {
		if p.Type == "for_statement" && text(p.Child("left")) == v.Text() {
			t := text(p.Child("right"))
			return strings.Contains(t, "model.relations") || strings.Contains(t, "meta.relations")
		}
	}
	return false
}

// stringValues returns the strings an expression can hold: a literal; a
// local or module constant assigned one; or the variable of an enclosing
// for loop over a list of literals.
func (c *checker) stringValues(fn, e *node) []string {
	if s, ok := strValue(e); ok {
		return []string{s}
	}
	if e == nil || e.Type != "identifier" {
		return nil
	}
	for p := e.Parent; p != nil && p != fn; p = p.Parent {
		if p.Type == "for_statement" && p.Child("left").Type == "identifier" && p.Child("left").Text() == e.Text() {
			items, ok := elements(p.Child("right"))
			if !ok {
				return nil
			}
			var out []string
			for _, it := range items {
				if s, ok := strValue(it); ok {
					out = append(out, s)
				}
			}
			return out
		}
	}
	if v := localValue(fn, e.Text(), e); v != nil {
		if s, ok := strValue(v); ok {
			return []string{s}
		}
	}
	if v := localValue(c.f.Root, e.Text(), e); v != nil && enclosingFunc(v) == nil {
		if s, ok := strValue(v); ok {
			return []string{s}
		}
	}
	return nil
}

// handlerName returns the method an observer expression calls: self.m,
// functools.partial(self.m, ...), or lambda e: self.m(...).
func handlerName(e *node) string {
	if e == nil {
		return ""
	}
	if m := selfMethod(e); m != "" {
		return m
	}
	switch e.Type {
	case "call":
		if _, name := callParts(e); name == "partial" {
			return handlerName(arg(e, 0, "func"))
		}
	case "lambda":
		if b := e.Child("body"); b != nil && b.Type == "call" {
			return handlerName(b.Child("function"))
		}
	}
	return ""
}

// buildRegions computes which functions run on repeatable events (the
// reconcile region, for the idempotency rules) and which are reachable
// from a reconciler (for the defer rule), following calls to self.m and
// to module functions.
func (c *checker) buildRegions() {
	// Edges: function → functions it calls or references.
	for _, fn := range c.funcs {
		cl := c.classFor(fn)
		fn.Walk(func(n *node) bool {
			switch n.Type {
			case "attribute":
				if n.Parent != nil && n.Parent.Type == "call" && n.Field == "function" {
					break // a call: below
				}
				m := selfMethod(n)
				if m == "" || cl == nil {
					break
				}
				if target := cl.methods[m]; target != nil && target != fn {
					c.edges[fn] = append(c.edges[fn], target)
					if n.Parent != nil && n.Parent.Type == "assignment" && n.Field == "left" && isSetter(target) {
						// self.flag = True runs the property's setter: the
						// assignment is its call site (guards seen from there).
						c.callSites[target] = append(c.callSites[target], n.Parent)
					}
				}
			case "call":
				// What the call may run, in any file of the charm
				// (program.go): self.m with inheritance, module and
				// imported functions, constructors, methods of held
				// objects.
				for _, t := range c.callees(n) {
					if t != fn {
						c.edges[fn] = append(c.edges[fn], t)
						c.callSites[t] = append(c.callSites[t], n)
					}
				}
			}
			return true
		})
	}
	var roots, reconRoots, pastJoin, pastCreated []root
	for _, cl := range c.classes {
		for name, fn := range cl.methods {
			// A private method named like a reconciler that nothing calls,
			// observes or passes is dead code, not a root.
			if cl.isReconciler(name) && !(strings.HasPrefix(name, "_") && !c.referenced(fn)) {
				r := root{fn, "reconciler " + name}
				roots = append(roots, r)
				reconRoots = append(reconRoots, r)
				pastJoin = append(pastJoin, r)
				pastCreated = append(pastCreated, r)
			}
		}
		for _, h := range cl.order {
			if evs := h.repeatableEvents(); len(evs) > 0 && !cl.isReconciler(h.name) {
				roots = append(roots, root{h.fn, h.name + ", which runs on " + evs[0]})
				for _, ev := range evs {
					if !onceForRelation(ev) {
						pastJoin = append(pastJoin, root{h.fn, h.name + ", which runs on " + ev})
						break
					}
				}
				for _, ev := range evs {
					if !strings.HasSuffix(ev, "_relation_created") {
						pastCreated = append(pastCreated, root{h.fn, h.name + ", which runs on " + ev})
						break
					}
				}
			}
		}
	}
	for _, rs := range [][]root{roots, reconRoots, pastJoin, pastCreated} {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].fn.Start.Row < rs[j].fn.Start.Row })
	}
	c.spread(roots, c.region)
	c.spread(reconRoots, c.recon)
	c.spread(pastJoin, c.regionPastJoin)
	c.spread(pastCreated, c.regionPastCreated)
}

// root is where a region starts: a function and why it runs ("reconciler
// _reconcile", "_on_config_changed, which runs on config_changed").
type root struct {
	fn  *node
	why string
}

// spread adds to into the roots and every function they reach through the
// call graph, each with the account of how it is reached.
func (c *checker) spread(roots []root, into map[*node]string) {
	var queue []*node
	for _, r := range roots {
		if _, ok := into[r.fn]; !ok {
			into[r.fn] = r.why
			queue = append(queue, r.fn)
		}
	}
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		for _, t := range c.edges[fn] {
			if _, ok := into[t]; !ok {
				into[t] = c.crossWhy(into[fn], fn, t)
				queue = append(queue, t)
			}
		}
	}
}

// onceForRelation reports whether ev fires once per relation or remote
// unit (relation-created, -joined): a request its handler sends, with a
// fresh nonce, is sent once, not on every run.
func onceForRelation(ev string) bool {
	return strings.HasSuffix(ev, "_relation_created") || strings.HasSuffix(ev, "_relation_joined")
}

// namedIn reports whether outer's body names the nested function f other
// than where f is defined.
func namedIn(outer, f *node) bool {
	name, def := funcName(f), f.Child("name")
	found := false
	outer.Child("body").Walk(func(n *node) bool {
		if found {
			return false
		}
		if n.Type == "identifier" && n != def && n.Text() == name {
			found = true
		}
		return true
	})
	return found
}

// crossWhy is why a function t that fn calls runs: fn's reason, naming the
// file the path starts in when t is in another file.
func (c *checker) crossWhy(why string, fn, t *node) string {
	if fn.Root() == t.Root() || strings.Contains(why, ".py)") {
		return why
	}
	return why + " (" + c.relOf(fn) + ")"
}

// classFor returns the class a function belongs to (for nested functions,
// the class of the method they are in).
func (c *checker) classFor(fn *node) *class {
	for f := fn; f != nil; f = enclosingFunc(f) {
		if cl := c.classOf[f]; cl != nil {
			return cl
		}
	}
	return nil
}

// inRegion says where n is, when it runs on repeatable events ("in
// reconciler _reconcile", "in _write, reached from reconciler _reconcile"),
// or returns "".
func (c *checker) inRegion(n *node, region map[*node]string) string {
	for f := enclosingFunc(n); f != nil; f = enclosingFunc(f) {
		// A nested function its parent never names (never calls nor
		// passes) is dead code: ceph-nfs defines a restart helper and
		// hands charmhelpers an empty restart_functions instead.
		if outer := enclosingFunc(f); outer != nil && f.Type == "function_definition" && !namedIn(outer, f) {
			return ""
		}
		if root, ok := region[f]; ok {
			if !isRoot(f, root) {
				return "in " + funcName(f) + ", reached from " + root
			}
			return "in " + root
		}
	}
	return ""
}

// guarded reports whether n only runs when pred holds for some condition:
// n sits in the body of an if (or elif, while, conditional expression,
// "and") whose condition satisfies pred; or an earlier "if cond: return"
// in an enclosing block does; or every call site of the function n is in
// is itself guarded.
func (c *checker) guarded(n *node, pred func(cond *node) bool) bool {
	return c.walkRoutes(func(x *node) bool { return guardedHere(x, pred) }, nil, false).at(n, 0)
}

// guardedOn is guarded for code in region: callers outside the region
// (a handler of an event that signals the change, say) do not reach n on
// the runs the rule is about, and need no guard.
func (c *checker) guardedOn(n *node, pred func(cond *node) bool, region map[*node]string) bool {
	return c.walkRoutes(func(x *node) bool { return guardedHere(x, pred) }, region, false).at(n, 0)
}

// unguardedOn is the negation of guardedOn that also says where. why is
// the region's own account of n (inRegion); it is kept when the root it
// names reaches n unguarded. When that root's routes are all guarded, the
// account names a root that reaches n without the guard instead ("in F,
// reached from ROOT"), so the message points at a caller that lacks the
// guard, not at one that has it (nginx's relation-departed handler renders
// only when an entry was removed; its config-changed handler always does).
// It returns "" when n is guarded or not in region (why is "").
func (c *checker) unguardedOn(n *node, pred func(cond *node) bool, region map[*node]string, why string) string {
	return c.unguardedOnHere(n, func(x *node) bool { return guardedHere(x, pred) }, region, why)
}

// unguardedOnHere is unguardedOn with the test of one function's code
// given whole: here(x) holds when x, in its function, runs only under
// the guard.
func (c *checker) unguardedOnHere(n *node, here func(*node) bool, region map[*node]string, why string) string {
	if why == "" {
		return ""
	}
	w := c.walkRoutes(here, region, true)
	if w.at(n, 0) {
		return ""
	}
	// The walk asks about a function only when a route from it reaches n
	// unguarded: if it asked about the root why names, why stands.
	fn := enclosingFunc(n)
	for f := range w.state {
		if r := region[f]; isRoot(f, r) && c.crossWhy(r, f, n) == region[fn] {
			return why
		}
	}
	for _, s := range w.starts {
		// A start that is not itself a root is reached some way the walk
		// does not follow (a property read, a callback): no better account.
		if r := region[s]; isRoot(s, r) && s != fn {
			return "in " + funcName(fn) + ", reached from " + c.crossWhy(r, s, n)
		}
	}
	return why
}

// isRoot reports whether why, a region's account of f, is f's own: f is a
// reconciler or the handler of a repeatable event, not a function reached
// from one.
func isRoot(f *node, why string) bool {
	name := funcName(f)
	return strings.HasPrefix(why, name+",") || why == "reconciler "+name
}

// onFailureOn reports whether n, in region, runs only from an except
// clause (here or at every call site up the chain): a restart that is the
// fallback when a reload failed runs on a failure, not on every run.
func (c *checker) onFailureOn(n *node, region map[*node]string) bool {
	return c.walkRoutes(inExceptAny, region, false).at(n, 0)
}

// routeWalk asks, up the call graph, whether here holds on every route to a
// node: in its own function or, in turn, at every call site of that
// function (those in region, when region is not nil). Each function's
// answer is kept, so a function reached twice is asked once; one still
// being asked (a cycle) counts as unguarded.
type routeWalk struct {
	c       *checker
	here    func(*node) bool
	region  map[*node]string
	state   map[*node]uint8 // routeAsking, routeOnly, routeNot
	collect bool            // keep going after the first unguarded route
	starts  []*node         // functions an unguarded route starts from
}

const (
	routeAsking uint8 = iota + 1
	routeOnly
	routeNot
)

func (c *checker) walkRoutes(here func(*node) bool, region map[*node]string, collect bool) *routeWalk {
	return &routeWalk{c: c, here: here, region: region, state: map[*node]uint8{}, collect: collect}
}

// at reports whether here holds on every route to n.
func (w *routeWalk) at(n *node, depth int) bool {
	return w.here(n) || w.fn(enclosingFunc(n), depth)
}

// fn reports whether here holds at every call site of f, on every route.
func (w *routeWalk) fn(f *node, depth int) bool {
	if f == nil || depth >= maxGuardDepth {
		return false
	}
	switch w.state[f] {
	case routeAsking, routeNot:
		return false
	case routeOnly:
		return true
	}
	w.state[f] = routeAsking
	ok := true
	sites := w.c.callSites[f]
	if w.region != nil {
		var in []*node
		for _, s := range sites {
			if g := enclosingFunc(s); g != nil {
				if _, ok := w.region[g]; ok {
					in = append(in, s)
				}
			}
		}
		sites = in
	}
	if len(sites) == 0 {
		ok = false
		w.starts = append(w.starts, f)
	}
	for _, s := range sites {
		if !ok && !w.collect {
			break
		}
		if !w.at(s, depth+1) {
			ok = false
		}
	}
	w.state[f] = routeOnly
	if !ok {
		w.state[f] = routeNot
	}
	return ok
}

// maxGuardDepth is how many callers up reachedOnly looks.
const maxGuardDepth = 6

// guardedHere reports whether n only runs when pred holds for a condition
// in the function n is in (see guarded), callers aside.
func guardedHere(n *node, pred func(cond *node) bool) bool {
	return guardHere(n, pred) != nil
}

// guardHere is guardedHere that returns the condition that guards n.
func guardHere(n *node, pred func(cond *node) bool) *node {
	child := n
	for p := n.Parent; p != nil; child, p = p, p.Parent {
		switch p.Type {
		case "function_definition", "lambda":
			return nil
		case "if_statement", "elif_clause", "while_statement":
			if child.Field == "consequence" || child.Field == "alternative" || child.Field == "body" {
				if cond := p.Child("condition"); pred(cond) {
					return cond
				}
			}
		case "conditional_expression":
			if cs := p.NamedChildren(); len(cs) == 3 && child != cs[1] && pred(cs[1]) {
				return cs[1]
			}
		case "boolean_operator":
			if child.Field == "right" && pred(p.Child("left")) {
				return p.Child("left")
			}
		case "block", "module":
			for _, st := range p.NamedChildren() {
				if st == child {
					break
				}
				// if not exists(...): return (or if not self._ready:
				// return) lets through only what is already there: a
				// precondition, not a create-once guard. A negated early
				// return guards only when what it negates says "changed".
				if st.Type == "if_statement" && st.Child("alternative") == nil && exitsBlock(st.Child("consequence")) &&
					pred(st.Child("condition")) && !precondition(st.Child("condition")) {
					return st.Child("condition")
				}
			}
		}
	}
	return nil
}

// precondition reports whether an early return's condition lets through
// only what is already there: a missing check (if not p.exists()), or the
// negation of anything but a change check (if not self._installed). A
// leadership test is not one: for the leader rule it is the guard.
func precondition(cond *node) bool {
	for cond.Type == "parenthesized_expression" && len(cond.NamedChildren()) == 1 {
		cond = cond.NamedChildren()[0]
	}
	if mentions(cond, leaderRE) {
		return false // if not is_leader(): return is the leader guard itself
	}
	if isMissingCheck(cond) && !isChangeCheck(cond) {
		return true
	}
	if cond.Type == "not_operator" {
		if x := cond.Child("argument"); x != nil && !isChangeCheck(x) {
			return true
		}
	}
	return false
}

// inExcept reports whether n sits in an except clause that catches an
// exception whose name matches re.
func inExcept(n *node, re *regexp.Regexp) bool {
	for p := n.Parent; p != nil && p.Type != "function_definition"; p = p.Parent {
		if p.Type != "except_clause" {
			continue
		}
		for _, ch := range p.NamedChildren() {
			if ch.Type == "block" {
				break
			}
			if mentions(ch, re) {
				return true
			}
		}
	}
	return false
}

// inTryCatching reports whether n sits in the body of a try whose except
// clauses catch an exception matching re.
func inTryCatching(n *node, re *regexp.Regexp) bool {
	child := n
	for p := n.Parent; p != nil && p.Type != "function_definition"; child, p = p, p.Parent {
		if p.Type != "try_statement" || child.Field != "body" {
			continue
		}
		for _, ex := range p.NamedChildren() {
			if ex.Type == "except_clause" && catches(ex, re) {
				return true
			}
		}
	}
	return false
}

// earlierCall reports whether fn calls something matching match before
// node at.
func earlierCall(fn, at *node, match func(call *node) bool) bool {
	for _, call := range calls(fn) {
		if call.Start.Row > at.Start.Row || (call.Start.Row == at.Start.Row && call.Start.Column >= at.Start.Column) {
			break
		}
		if match(call) {
			return true
		}
	}
	return false
}

// isSetter reports whether fn is a property setter (@name.setter).
func isSetter(fn *node) bool {
	dd := fn.Parent
	if dd == nil || dd.Type != "decorated_definition" {
		return false
	}
	for _, d := range dd.NamedChildren() {
		if d.Type == "decorator" && strings.HasSuffix(text(d), ".setter") {
			return true
		}
	}
	return false
}

// catches reports whether an except clause catches an exception matching
// re: it names one, or it is a bare except.
func catches(ex *node, re *regexp.Regexp) bool {
	for _, ch := range ex.NamedChildren() {
		if ch.Type == "block" {
			break
		}
		if mentions(ch, re) {
			return true
		}
	}
	return len(ex.NamedChildren()) == 1 // bare except
}

// steadyRE names what a condition asks that holds on every run once the
// unit is set up: leadership, a container's connection, readiness, a
// relation's presence.
var steadyRE = regexp.MustCompile(`(?i)leader|can_connect|ready|available|^(relation|rel|peers?|peer_relation)$`)

// steadyCondition reports whether cond only asks what steadyRE names, with
// no comparison or missing check: code under it runs on every run once the
// unit is up, so it is no write-once guard.
func steadyCondition(cond *node) bool {
	return mentions(cond, steadyRE) && !isMissingCheck(cond) && !isChangeCheck(cond)
}

// unreadCondition returns, when every route in region to n passes some
// condition (an if, an early return that is not a precondition, an except
// clause) the rule did not accept as its guard, one such condition's text;
// "" when a route reaches n with no condition at all. The rules that judge
// a value (a random token, a new secret) are certain only on such a bare
// route: under a condition the linter cannot read, the write may run once.
func (c *checker) unreadCondition(n *node, region map[*node]string) string {
	seen := ""
	here := func(x *node) bool {
		if cond := guardHere(x, func(cond *node) bool { return !steadyCondition(cond) }); cond != nil {
			if seen == "" {
				seen = "if " + cond.Text()
			}
			return true
		}
		if inExceptAny(x) {
			if seen == "" {
				seen = "an except clause"
			}
			return true
		}
		return false
	}
	if c.walkRoutes(here, region, false).at(n, 0) {
		return seen
	}
	return ""
}
