// Package python holds charmgen's lint rules for Python charms written with
// ops. Its model spans the files of a charm (program.go: imports, held
// objects and inheritance resolved across src/); it finds the
// charm classes and what each handler observes through framework.observe
// (in all the spellings real charms use: an aliased observe,
// self.on["name"].action, loops over events or (event, handler) pairs,
// functools.partial and lambdas, handlers with any name), and works out
// which code runs on repeatable events: the reconcile region, where the
// idempotency rules apply.
package python

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"github.com/charmgen/charmgen/lint/python/pyast"
	"github.com/charmgen/charmgen/lint/rule"
)

// Check parses a Python file and returns the findings of every Python rule.
// file is the path shown in findings. A syntax error is not an error: the
// rules run on what tree-sitter recovered, and SyntaxError reports it.
func Check(ctx context.Context, file string, src []byte) ([]rule.Finding, *SyntaxError, error) {
	return CheckBudget(ctx, file, src, DefaultBudget) // budget.go: a file too large or deep gets LINT005, not a hang
}

// SyntaxError is where tree-sitter first had to recover from a syntax error.
type SyntaxError struct {
	Pos rule.Pos
}

func syntaxError(file string, f *pyast.File) *SyntaxError {
	if !f.HasError {
		return nil
	}
	var at *node
	f.Root.Walk(func(n *node) bool {
		if at != nil {
			return false
		}
		if n.Type == "ERROR" || (n.Named && n.Type == "MISSING") {
			at = n
			return false
		}
		return true
	})
	p := rule.Pos{File: file, Line: 1, Col: 1}
	if at != nil {
		p.Line, p.Col = at.Line(), at.Col()
	}
	return &SyntaxError{Pos: p}
}

// checker holds what the rules share while checking the files of a charm.
// The model (classes, handlers, reconcilers, call edges, the regions) spans
// every file; the checks run one file at a time (f, file: the file being
// checked).
type checker struct {
	file      string
	f         *pyast.File
	prog      *program
	out       []rule.Finding
	funcs     []*node
	classes   []*class
	classOf   map[*node]*class
	modFuncs  map[string]*node
	observed  []observation
	edges     map[*node][]*node
	callSites map[*node][]*node
	region    map[*node]string // runs on repeatable events: function → why
	recon     map[*node]string // reachable from a reconciler
	// regionPastJoin is region without the handlers whose only
	// repeatable events are relation-created and -joined (model.go).
	regionPastJoin map[*node]string
	// regionPastCreated is region without the handlers whose only
	// repeatable events are relation-created: once per relation. (Joined
	// comes once per remote unit: a secret added there is added again.)
	regionPastCreated map[*node]string
	periodic          map[*node]string // reached from a periodic event's handler (scope.go), built on first use
	churn             map[*node]string // runs on generic repeatable events (scope.go)
	// churnPastUpgrade is churn without the handlers whose only churn
	// event is upgrade-charm (scope.go).
	churnPastUpgrade map[*node]string
	// containerScoped holds the container-scoped endpoints (Options).
	containerScoped map[string]bool
	// peers holds the peer endpoints (Options), shared with the classes.
	peers map[string]bool
	// declared is Options.Declared (PY019).
	declared *Declared
	// libMentions is Options.LibMentions.
	libMentions func(name string) bool
	// statusAgain caches statusRecomputed (0 unknown, 1 yes, 2 no).
	statusAgain int
	pebble      int   // drivesPebble: 0 unknown, 1 yes, -1 no
	initSite    *node // checkInit: the __init__ call that leads to the work
	severity    map[string]rule.Severity
	calleeCache map[*node][]*node // program.go
	attrCache   map[attrKey][]*class
	funcWorks   map[*node]int                // funcWork: 1 in progress, 2 no, 3 yes
	inForeign   int                          // firstWork: in code elsewhere in the charm
	locals      map[*node]map[string][]*node // localAt: assignments by function and name
}

// CheckFile runs every Python rule on a parsed file, alone.
func CheckFile(file string, f *pyast.File) []rule.Finding {
	return checkProgram([]*srcFile{{display: file, rel: file, f: f}}, Options{})
}

// checkProgram builds the model of the files together, then runs the
// checks file by file.
func checkProgram(files []*srcFile, opts Options) []rule.Finding {
	c := &checker{
		containerScoped: map[string]bool{},
		peers:           map[string]bool{},
		prog:            newProgram(files),
		classOf:         map[*node]*class{},
		edges:           map[*node][]*node{}, callSites: map[*node][]*node{},
		region: map[*node]string{}, recon: map[*node]string{}, churn: map[*node]string{}, regionPastJoin: map[*node]string{}, regionPastCreated: map[*node]string{},
		severity:    map[string]rule.Severity{},
		calleeCache: map[*node][]*node{}, attrCache: map[attrKey][]*class{}, funcWorks: map[*node]int{},
		locals:      map[*node]map[string][]*node{},
		libMentions: opts.LibMentions,
		declared:    opts.Declared,
	}
	for _, r := range Rules {
		c.severity[r.ID] = r.Severity
	}
	for _, ep := range opts.ContainerScoped {
		c.containerScoped[strings.ReplaceAll(ep, "-", "_")] = true
	}
	for _, ep := range opts.Peers {
		c.peers[strings.ReplaceAll(ep, "-", "_")] = true
	}
	for _, sf := range files {
		c.f, c.file = sf.f, sf.display
		c.modFuncs = map[string]*node{}
		c.buildClasses()
		sf.funcs = c.modFuncs
		sf.classes = map[string]*class{}
		for _, cl := range c.classes {
			if cl.file == nil {
				cl.file = sf
			}
			if cl.file == sf && sf.classes[cl.name] == nil {
				sf.classes[cl.name] = cl
			}
		}
	}
	for _, sf := range files {
		c.prog.readImports(sf)
	}
	c.linkClasses()
	for _, cl := range c.classes {
		c.buildReconcilers(cl)
	}
	c.buildRegions()
	c.buildChurn()
	all := c
	for _, sf := range files {
		// The checks of one file see its classes, functions and
		// observations; the model behind them spans the charm.
		fc := *all
		fc.f, fc.file, fc.pebble, fc.out = sf.f, sf.display, 0, nil
		fc.classes, fc.funcs, fc.observed = nil, nil, nil
		for _, cl := range all.classes {
			if cl.file == sf {
				fc.classes = append(fc.classes, cl)
			}
		}
		for _, fn := range all.funcs {
			if fn.Root() == sf.f.Root {
				fc.funcs = append(fc.funcs, fn)
			}
		}
		for _, o := range all.observed {
			if o.call.Root() == sf.f.Root {
				fc.observed = append(fc.observed, o)
			}
		}
		fc.modFuncs = sf.funcs
		fc.checkHandlers()
		fc.checkCalls()
		fc.checkStatements()
		fc.checkInit()     // initwork.go
		fc.checkDeclared() // declared.go
		all.out = append(all.out, fc.out...)
	}
	sort.SliceStable(all.out, func(i, j int) bool { return rule.Less(all.out[i], all.out[j]) })
	return all.out
}

func (c *checker) report(n *node, id, format string, a ...any) {
	c.out = append(c.out, rule.Finding{
		Rule: id, Severity: c.severity[id],
		Pos:     rule.Pos{File: c.displayOf(n), Line: n.Line(), Col: n.Col()},
		Message: fmt.Sprintf(format, a...),
	})
}

// checkHandlers runs the rules about handlers: thin handlers, defer, blocked
// status in one-shot hooks, and removed events.
func (c *checker) checkHandlers() {
	for _, o := range c.observed {
		for _, ev := range o.events {
			if removedEvents[ev] {
				c.report(o.call, RemovedJuju4, "%s is observed, but Juju 4 no longer delivers it; %s", ev, removedAdvice(ev))
			}
		}
	}
	c.checkClassicHooks() // guards.go: @hooks.hook('leader-settings-changed')
	for _, cl := range c.classes {
		recName := cl.reconcilerName()
		for _, h := range cl.order {
			c.checkThin(cl, h, recName)
			c.checkDefer(cl, h)
			c.checkBlocked(cl, h)
		}
	}
	// defer() anywhere a reconciler reaches.
	for _, fn := range c.funcs {
		if enclosingFunc(fn) != nil {
			continue
		}
		for _, call := range calls(fn) {
			if _, name := callParts(call); name != "defer" {
				continue
			}
			if why := c.inRegion(call, c.recon); why != "" {
				if ex := enclosingExcept(call); ex != nil && !c.tryReachesPebble(ex.Parent) && !c.runsPeriodically(call) {
					// A retry after a failed call to an API that is
					// not up yet (not Pebble: pebble-ready brings
					// that back), where no periodic event runs the
					// reconciler again: the deferred event is the
					// only retry.
					continue
				}
				if c.awaitsUnseenRelation(call) { // awaits.go
					continue
				}
				c.report(call, DeferInReconcile, "%s() (%s): the reconciler runs on every event and reads every input, so the next event finishes the job; return instead of deferring, and report a waiting status", text(call.Child("function")), why)
			}
		}
	}
}

// emittedOnlyOnSignal reports whether every place the charm emits the
// custom event ev (x.on.name) is under a change check, right after a
// write it announces, or in a handler of lifecycle events only
// (relation-broken, stop, remove...), and there is at least one.
func (c *checker) emittedOnlyOnSignal(ev string) bool {
	i := strings.LastIndex(ev, ".on.")
	if i < 0 {
		return false
	}
	suffix := ".on." + ev[i+len(".on."):] + ".emit"
	sites := 0
	for _, f := range c.prog.files {
		for _, call := range calls(f.f.Root) {
			if !strings.HasSuffix(text(call.Child("function")), suffix) {
				continue
			}
			sites++
			fn := enclosingFunc(call)
			if fn == nil {
				return false
			}
			if c.guarded(call, c.changeGuard) || c.writesBefore(fn, call) {
				continue
			}
			cl := c.classFor(fn)
			if cl == nil {
				return false
			}
			h := cl.handlers[funcName(fn)]
			if h == nil || len(h.events) == 0 {
				return false
			}
			for _, e := range h.events {
				if !lifecycle(e) {
					return false
				}
			}
		}
	}
	return sites > 0
}

// writesBefore reports whether fn writes state (relation data, files...)
// before at: an emit that follows announces the change just made
// (trigger_reload writes a new nonce into the peer data, then emits).
func (c *checker) writesBefore(fn, at *node) bool {
	found := false
	fn.Child("body").Walk(func(n *node) bool {
		if found || n.Start.Row >= at.Start.Row || n.Type == "function_definition" {
			return false
		}
		if c.workAt(fn, n) != "" {
			found = true
		}
		if n.Type == "assignment" {
			if _, ok := c.databagTarget(fn, n.Child("left")); ok {
				found = true // a constant written is still a change made
			}
		}
		return !found
	})
	return found
}

// usesEventPayload reports whether body reads the event parameter ev for
// anything but deferring it.
func usesEventPayload(body *node, ev string) bool {
	found := false
	body.Walk(func(n *node) bool {
		if found || n.Type != "identifier" || n.Text() != ev || n.Field == "attribute" {
			return !found
		}
		if p := n.Parent; p != nil && p.Type == "attribute" && p.Child("attribute") != nil && p.Child("attribute").Text() == "defer" {
			return true
		}
		found = true
		return false
	})
	return found
}

// usesReconcilerLib reports whether the class's __init__ hands a method
// to charms.reconciler's Reconciler(charm, self.reconcile).
func usesReconcilerLib(cl *class) bool {
	init := cl.methods["__init__"]
	if init == nil {
		return false
	}
	for _, call := range calls(init) {
		if _, name := callParts(call); name == "Reconciler" && handlerName(arg(call, 1, "reconcile_function")) != "" {
			return true
		}
	}
	return false
}

func removedAdvice(ev string) string {
	switch ev {
	case "leader_settings_changed":
		return "share settings through a peer relation's application databag and observe its relation_changed"
	case "pre_series_upgrade", "post_series_upgrade":
		return "Juju 4 has no series upgrades: redeploy on the new base"
	}
	return "use the Canonical Observability Stack for metrics"
}

func (c *checker) checkThin(cl *class, h *handler, recName string) {
	var evs []string
	for _, ev := range h.thinEvents() { // lifecycle events aside (reconciler.go)
		// Departed on a container-scoped relation is the unit's teardown.
		if ep, ok := strings.CutSuffix(ev, "_relation_departed"); ok && c.containerScoped[ep] {
			continue
		}
		// A custom event its emitter raises only from lifecycle handlers
		// (slurmctld_unavailable, emitted on relation-broken) is
		// teardown too; one it raises only when something changed (under
		// a change check, or right after writing what it announces) is a
		// change signal, as a library's events are.
		if strings.Contains(ev, ".on.") && c.emittedOnlyOnSignal(ev) {
			continue
		}
		// charms.reconciler's Reconciler skips update-status once it has
		// reconciled: an update-status handler beside it is the charm's
		// designed refresh, not work kept out of the reconciler.
		if ev == "update_status" && usesReconcilerLib(cl) {
			continue
		}
		if ev == "leader_elected" && c.onlyLeaderSteps(cl, h) {
			continue
		}
		// A library's change signal on a machine, handled by saving what
		// the library holds (not the event's payload) and then running
		// the reconciler (woodpecker writes the certificates its CA client
		// says are ready, then calls render_config): the files stay on the
		// machine's disk, and the reconciler takes the change from there.
		// In a sidecar charm the workload container loses pushed files when
		// it restarts, so the reconciler has to push them again, and the
		// handler is reported; so is one that writes what its event
		// carries (vaultlocker's _write_vault_config(event.relation)).
		if strings.Contains(ev, ".on.") && !c.drivesPebble() && endsInReconciler(cl, h.fn) {
			continue
		}
		evs = append(evs, ev)
	}
	if len(evs) == 0 || cl.isReconciler(h.name) {
		return
	}
	site, what := c.firstWork(cl, h.fn, map[*node]bool{})
	if site == nil || c.ownContainerSetup(cl, h, evs) {
		return
	}
	fix := fmt.Sprintf("%s has no reconciler (a method that does the work and that the handlers of many repeatable events observe or call): write one, and move this work into it", cl.name)
	if recName != "" {
		fix = fmt.Sprintf("observe %s with %s instead, or call it", evs[0], recName)
		if contains(c.selfCalls(cl, h.fn), recName) {
			// "or call it" would be no advice: it already does.
			fix = fmt.Sprintf("move this work into %s, which the handler already calls", recName)
		}
	}
	c.report(site, ThinHandler, "handler %s (on %s) does work itself (%s); %s", h.name, strings.Join(evs, ", "), what, fix)
}

// endsInReconciler reports whether fn's last statement calls a reconciler
// of its class and the statements before it read nothing of fn's event.
func endsInReconciler(cl *class, fn *node) bool {
	body := fn.Child("body")
	if body == nil {
		return false
	}
	var sts []*node
	for _, st := range body.NamedChildren() {
		if st.Type != "comment" {
			sts = append(sts, st)
		}
	}
	if len(sts) == 0 || sts[len(sts)-1].Type != "expression_statement" {
		return false
	}
	call := sts[len(sts)-1].NamedChildren()[0]
	if call.Type != "call" {
		return false
	}
	if m := selfMethod(call.Child("function")); m == "" || !cl.isReconciler(m) {
		return false
	}
	ev := eventParam(fn)
	for _, st := range sts[:len(sts)-1] {
		if ev != "" && ev != "_" && usesEventPayload(st, ev) {
			return false
		}
	}
	return true
}

// onlyLeaderSteps reports whether h's work is only calls, passing nothing
// of its event, to steps of the reconciler that begin by returning on every
// unit but the leader (landscape-task-handler's leader-elected handler runs
// _publish_outbox_certificates, which _reconcile runs too): leadership is
// what leader-elected changes, and those steps are the part of the
// reconciler that reads it, so running them is the reconciler's own logic,
// not logic kept out of it.
func (c *checker) onlyLeaderSteps(cl *class, h *handler) bool {
	seen := map[*node]bool{}
	for _, m := range c.selfCalls(cl, h.fn) {
		fn := cl.methods[m]
		if fn == nil || !leaderGated(fn) || passesEvent(h.fn, nil, m) {
			continue
		}
		for r := range cl.reconcilers {
			if r != h.name && contains(c.selfCalls(cl, cl.methods[r]), m) {
				seen[fn] = true
			}
		}
	}
	if len(seen) == 0 {
		return false
	}
	site, _ := c.firstWork(cl, h.fn, seen)
	return site == nil
}

// firstWork returns the first place in fn that does work (or calls a
// method of the class that does, reconcilers and shared helpers aside: a
// call to one delegates) and says what.
func (c *checker) firstWork(cl *class, fn *node, seen map[*node]bool) (*node, string) {
	seen[fn] = true
	var site *node
	var what string
	fn.Child("body").Walk(func(n *node) bool {
		if site != nil {
			return false
		}
		if n.Type == "function_definition" || n.Type == "lambda" {
			return false
		}
		if w := c.workAt(fn, n); w != "" && !(c.inForeign > 0 && (createOnce(n) || guardedHere(n, c.changeGuard))) {
			site, what = n, w
			return false
		}
		if c.readOnlyWrapperCall(fn, n) {
			return false
		}
		if n.Type == "call" {
			if m := selfMethod(n.Child("function")); m != "" && cl != nil && cl.methods[m] != nil {
				if callee := cl.methods[m]; !cl.delegates(fn, n, m) && !seen[callee] {
					if _, w := c.firstWork(cl, callee, seen); w != "" {
						site, what = n, "self."+m+" → "+w
						return false
					}
				}
				return true
			}
			// A function or method elsewhere in the charm (program.go):
			// a module function, an inherited method, a method of an
			// object the charm holds, in this file or another.
			for _, callee := range c.callees(n) {
				if seen[callee] || !foreign(cl, callee) {
					continue
				}
				ccl := c.classFor(callee)
				if ccl != nil && ccl.isReconciler(funcName(callee)) {
					continue // delegates to that class's reconciler
				}
				if c.sharedStep(cl, fn, n, callee) {
					continue // the handlers' shared state-driven step
				}
				c.inForeign++
				_, w := c.firstWork(ccl, callee, seen)
				c.inForeign--
				if w != "" {
					site, what = n, text(n.Child("function"))+" → "+w
					return false
				}
			}
		}
		return true
	})
	return site, what
}

func (c *checker) checkDefer(cl *class, h *handler) {
	var bad []string
	for _, ev := range h.events {
		if nonDeferrable(ev) {
			bad = append(bad, ev)
		}
	}
	if len(bad) == 0 {
		return
	}
	for _, call := range calls(h.fn.Child("body")) {
		if _, name := callParts(call); name == "defer" && enclosingFunc(call) == h.fn {
			c.report(call, DeferNotDeferrable, "%s() in %s, which handles %s: ops raises RuntimeError when that event is deferred; handle it now (fail an action with event.fail())", text(call.Child("function")), h.name, strings.Join(bad, ", "))
		}
	}
}

func (c *checker) checkBlocked(cl *class, h *handler) {
	if len(h.events) == 0 {
		return
	}
	for _, ev := range h.events {
		// stop and remove: the unit is going away (or, on Kubernetes,
		// its pod restarts and start runs again), and its status with it.
		if !oneShot(ev) || ev == "remove" || ev == "stop" {
			return
		}
	}
	// Code that runs on repeatable events (config-changed, update-status,
	// a collect-status handler) that sets the unit's status too replaces
	// this one once the operator acts, unless the status reports that the
	// one-shot work itself failed (set in an except clause): the
	// repeatable code does not redo that work (if it did, the step would
	// be in the churn region, below), so nothing it computes clears it.
	recomputed := c.statusRecomputed()
	seen := map[*node]bool{}
	var visit func(fn *node, overwritten bool)
	visit = func(fn *node, overwritten bool) {
		seen[fn] = true
		if _, repeat := c.churn[fn]; repeat {
			// Also reached on repeatable events (an install() that
			// _configure calls too): it does not only run once.
			return
		}
		fn.Child("body").Walk(func(n *node) bool {
			if n.Type == "function_definition" {
				return false
			}
			if isBlockedStatus(n) && !overwritten && !retriedAfter(n) && !(recomputed && (!inExceptAny(n) || c.tryRedone(n))) && !c.deadExcept(n) && !c.tryRedoneByAction(n) && !c.relationClears(cl, h, n) && !c.actionClears(n) {
				c.report(n, BlockedOnce, "blocked status set in %s, which only runs on %s: nothing clears it when the operator acts; compute statuses in the reconciler or a collect-status handler", h.name, strings.Join(h.events, ", "))
			}
			if n.Type == "call" {
				if m := selfMethod(n.Child("function")); m != "" && !cl.isReconciler(m) {
					if callee := cl.methods[m]; callee != nil && !seen[callee] {
						// A status the callee sets that the caller
						// then sets to active, whatever happened,
						// does not outlast the hook.
						visit(callee, overwritten || activeAfter(n))
					}
				}
			}
			return true
		})
	}
	visit(h.fn, false)
}

// activeAfter reports whether a statement after the one holding n, in its
// block or an enclosing one of the same function, sets the unit active
// unconditionally (not under an if), with no return or raise before it.
func activeAfter(n *node) bool {
	st := statementOf(n)
	for st != nil {
		for _, sib := range laterStatements(st) {
			switch sib.Type {
			case "return_statement", "raise_statement":
				return false
			case "expression_statement":
				for _, e := range sib.NamedChildren() {
					if setsActive(e) {
						return true
					}
				}
			}
		}
		// Up one level: the block's owner (a with, a for, a try body)
		// is itself a statement of an enclosing block.
		owner := st.Parent.Parent
		if owner == nil || owner.Type == "function_definition" || owner.Type == "if_statement" || owner.Type == "elif_clause" || owner.Type == "else_clause" || owner.Type == "except_clause" {
			return false
		}
		st = statementOf(owner)
	}
	return false
}

// statementOf returns the statement of a block that holds n, in n's own
// function, or nil.
func statementOf(n *node) *node {
	st := n
	for st.Parent != nil && st.Parent.Type != "block" {
		if st.Type == "function_definition" {
			return nil
		}
		st = st.Parent
	}
	if st.Parent == nil {
		return nil
	}
	return st
}

// laterStatements returns the statements after st in its block.
func laterStatements(st *node) []*node {
	sibs := st.Parent.NamedChildren()
	for i, s := range sibs {
		if s == st {
			return sibs[i+1:]
		}
	}
	return nil
}

var blockedRE = regexp.MustCompile(`(^|\.)BlockedStatus$`)

// statusRecomputed reports whether code that runs on repeatable events
// sets the unit's status back to active: a method in the churn region
// (reached from a reconciler or a handler of a repeatable event), or a
// collect-unit-status handler, that sets ActiveStatus (unit.status =,
// set_status, add_status) other than only when the current status says
// something (opensearch-dashboards' clear_status clears only the messages
// it names, and leaves install's blocked status in place). Computed once
// per charm.
func (c *checker) statusRecomputed() bool {
	if c.statusAgain != 0 {
		return c.statusAgain == 1
	}
	c.statusAgain = 2
	fns := []*node{}
	for fn := range c.churn {
		fns = append(fns, fn)
	}
	for _, cl := range c.classes {
		for _, h := range cl.order {
			if contains(h.events, "collect_unit_status") {
				fns = append(fns, h.fn)
			}
		}
	}
	for _, fn := range fns {
		found := false
		fn.Child("body").Walk(func(n *node) bool {
			if found || n.Type == "function_definition" || n.Type == "lambda" {
				return false
			}
			found = setsActive(n) && !guardedHere(n, func(cond *node) bool { return mentions(cond, statusReadRE) })
			return !found
		})
		if found {
			c.statusAgain = 1
			return true
		}
	}
	return false
}

// anySetsActive reports whether fn sets an active status anywhere.
func anySetsActive(fn *node) bool {
	found := false
	fn.Walk(func(n *node) bool {
		found = found || setsActive(n)
		return !found
	})
	return found
}

// statusReadRE matches a condition that reads the current status.
var statusReadRE = regexp.MustCompile(`^(status|message)$`)

// setsActive reports whether n sets an active status on the unit:
// unit.status = ActiveStatus(...), set_status(ActiveStatus(...)) or a
// collect-status event's add_status(ActiveStatus(...)).
func setsActive(n *node) bool {
	var v *node
	switch n.Type {
	case "assignment":
		if !strings.HasSuffix(text(n.Child("left")), "unit.status") {
			return false
		}
		v = n.Child("right")
	case "call":
		_, name := callParts(n)
		if name != "set_status" && name != "add_status" {
			return false
		}
		v = arg(n, 0, "status")
	default:
		return false
	}
	return v != nil && v.Type == "call" && strings.HasSuffix(text(v.Child("function")), "ActiveStatus")
}

// enclosingExcept returns the except clause of a try statement that n is
// in, within n's function, or nil.
func enclosingExcept(n *node) *node {
	for p := n.Parent; p != nil && p.Type != "function_definition"; p = p.Parent {
		if p.Type == "except_clause" {
			if p.Parent == nil || p.Parent.Type != "try_statement" {
				return nil
			}
			return p
		}
	}
	return nil
}

// pebbleCallRE names the calls that reach a workload container's Pebble.
var pebbleCallRE = regexp.MustCompile(`(^|\.)(get_container|can_connect|add_layer|replan|autostart|restart|start|stop|push|pull|exec|get_plan|get_services|make_dir|list_files|remove_path)$`)

// tryReachesPebble reports whether a try statement's body calls Pebble,
// itself or through the charm's functions (two levels down).
func (c *checker) tryReachesPebble(try *node) bool {
	body := try.Child("body")
	if body == nil {
		return false
	}
	for _, call := range calls(body) {
		if c.reaches(call, pebbleCallRE, 0) {
			return true
		}
	}
	return false
}

// exceptTypes lists the exception types an except clause names.
func exceptTypes(clause *node) []string {
	var out []string
	for _, ch := range clause.NamedChildren() {
		switch ch.Type {
		case "identifier", "attribute":
			out = append(out, text(ch))
		case "tuple", "parenthesized_expression":
			for _, e := range ch.NamedChildren() {
				out = append(out, text(e))
			}
		case "as_pattern":
			return exceptTypes(ch)
		}
	}
	return out
}

// opsModelRE matches the receivers of ops' model calls.
var opsModelRE = regexp.MustCompile(`^self\.(unit|app|model)(\.|$)`)

// builtinPure names builtins that raise no CalledProcessError.
var builtinPure = map[string]bool{"str": true, "len": true, "int": true, "dict": true, "list": true, "set": true, "tuple": true, "print": true, "isinstance": true}

// libRooted reports whether e (a call's function, a receiver) starts from a
// name imported from the systemd or snap library, directly or through the
// locals of fn it was assigned from (snap_cache = snap.SnapCache();
// ollama = snap_cache["ollama"]; ollama.ensure(...)).
func (c *checker) libRooted(fn, e *node, depth int) bool {
	if e == nil || depth > 6 {
		return false
	}
	switch e.Type {
	case "identifier":
		if errorLibRE.MatchString(importedModule(e.Root(), e.Text())) {
			return true
		}
		if fn != nil {
			if v := localValue(fn, e.Text(), e); v != nil && v != e {
				return c.libRooted(fn, v, depth+1)
			}
		}
	case "attribute":
		return c.libRooted(fn, e.Child("object"), depth+1)
	case "call":
		return c.libRooted(fn, e.Child("function"), depth+1)
	case "subscript":
		return c.libRooted(fn, e.Child("value"), depth+1)
	}
	return false
}

// importedModule returns the dotted module a file binds name to with
// "from pkg import name" or "import pkg.name as name", or "".
func importedModule(root *node, name string) string {
	for _, st := range root.NamedChildren() {
		switch st.Type {
		case "import_from_statement":
			mod := text(st.Child("module_name"))
			for _, ch := range st.NamedChildren() {
				if ch.Field != "name" {
					continue
				}
				sym, alias := text(ch), text(ch)
				if ch.Type == "aliased_import" {
					sym, alias = text(ch.Child("name")), text(ch.Child("alias"))
				}
				if alias == name {
					return mod + "." + sym
				}
			}
		case "import_statement":
			for _, ch := range st.NamedChildren() {
				if ch.Type == "aliased_import" && text(ch.Child("alias")) == name {
					return text(ch.Child("name"))
				}
			}
		}
	}
	return ""
}

// tryRedone reports whether the work of the try statement whose except
// clause holds n is all done again by code that runs on repeatable events:
// every function its body calls that does work, and can raise what the
// clause catches (mayRaise), is in the churn region, or
// calls one that is (landscape-task-handler's install() and the refresh()
// that config-changed runs share _install_snap). The repeatable code then
// tries the failed step again and sets the status from its own outcome.
// One step that only the one-shot handler runs (landscape-client's
// install_landscape_client beside add_ppa) keeps the status reported.
func (c *checker) tryRedone(n *node) bool {
	return c.tryRedoneBy(n, func(f *node) bool { _, ok := c.churn[f]; return ok })
}

// tryRedoneByAction reports whether every step of the try statement whose
// except clause holds n is run again by an action that then sets the unit
// active (actionRedoes).
func (c *checker) tryRedoneByAction(n *node) bool { return c.tryRedoneBy(n, c.actionRedoes) }

// tryRedoneBy is tryRedone with the test of a step being redone given.
func (c *checker) tryRedoneBy(n *node, again func(f *node) bool) bool {
	clause := enclosingExcept(n)
	if clause == nil || clause.Parent.Child("body") == nil {
		return false
	}
	try := clause.Parent
	doesWork := func(f *node) bool {
		site, _ := c.firstWork(c.classFor(f), f, map[*node]bool{})
		return site != nil
	}
	redone := func(f *node) bool {
		if again(f) {
			return true
		}
		for _, inner := range calls(f) {
			for _, g := range c.callees(inner) {
				if again(g) && doesWork(g) {
					return true // the step itself (a logging helper aside)
				}
			}
		}
		return false
	}
	caught, known := clauseCatchSet(clause)
	work := 0
	for _, call := range calls(try.Child("body")) {
		for _, f := range c.callees(call) {
			if !doesWork(f) {
				continue
			}
			if known && !c.mayRaise(f.Child("body"), caught, 1, map[*node]bool{f: true}) {
				// A step that cannot fail into this clause (a systemd
				// library call in a clause for process and file errors)
				// never sets the status, redone or not.
				continue
			}
			if !redone(f) {
				return false
			}
			work++
		}
	}
	return work > 0
}

// actionRedoes reports whether an action's handler calls f and sets the
// unit's status back to active, itself or in f: the operator's way to redo
// a failed step (an update-checkout action that runs the start handler's
// update again).
func (c *checker) actionRedoes(f *node) bool {
	for _, cl := range c.classes {
		for _, h := range cl.order {
			action := false
			for _, ev := range h.events {
				action = action || strings.HasSuffix(ev, "_action")
			}
			if !action || h.fn == f || !anySetsActive(h.fn) && !anySetsActive(f) {
				continue
			}
			for _, call := range calls(h.fn) {
				for _, g := range c.callees(call) {
					if g == f {
						return true
					}
				}
			}
		}
	}
	return false
}

// actionClears reports whether an action is the operator's way to clear a
// blocked status set outside an except clause: a step that the function
// runs after setting it, and that sets the unit active, is run by an
// action too (actionRedoes). Certbot's start says no certificate is
// acquired yet, and its get-certificate action runs the same
// _get_certificate, which sets active on success. An action that runs the
// function that sets the status is not enough: charm-cis-hardening's
// "tailoring file is not set. Check juju config" stays when the operator
// sets the config, whatever an action would do.
func (c *checker) actionClears(n *node) bool {
	st := statementOf(n)
	if st == nil || inExceptAny(n) {
		return false
	}
	for _, s := range laterStatements(st) {
		for _, call := range calls(s) {
			for _, f := range c.callees(call) {
				if anySetsActive(f) && c.actionRedoes(f) {
					return true
				}
			}
		}
	}
	return false
}

// retriedAfter reports whether the statement that sets a status is
// followed, in its block, by event.defer() or a raise: the hook runs again
// (deferred, or failed and retried by Juju), so the status is not final.
func retriedAfter(n *node) bool {
	st := statementOf(n)
	if st == nil {
		return false
	}
	for _, s := range laterStatements(st) {
		if s.Type == "raise_statement" {
			return true
		}
		if s.Type == "expression_statement" {
			if cs := s.NamedChildren(); len(cs) == 1 && cs[0].Type == "call" {
				if _, name := callParts(cs[0]); name == "defer" {
					return true
				}
			}
		}
	}
	return false
}

// lookupResultGuard accepts a condition on a local that holds what a
// secret lookup returned (munge_data = self._munge_data_from_secret();
// if munge_data is None: add_secret(...)).
func (c *checker) lookupResultGuard(cond *node) bool {
	fn := enclosingFunc(cond)
	if fn == nil {
		return false
	}
	found := false
	cond.Walk(func(n *node) bool {
		if found || n.Type != "identifier" {
			return !found
		}
		v := localValue(fn, n.Text(), cond)
		// A field of an object a call built, where that call looks
		// the secret up (password = state.password, state =
		// State.from_charm(self), which fills it from get_secret).
		if v != nil && v.Type == "attribute" {
			if obj := v.Child("object"); obj != nil && obj.Type == "identifier" {
				v = localValue(fn, obj.Text(), v)
			}
		}
		if v != nil && v.Type == "call" && c.looksUpSecret(v) {
			found = true
		}
		return !found
	})
	return found
}

// looksUpSecret reports whether call is get_secret, or a call to a
// function of the charm that calls it (two levels down): the charm's own
// lookup helper (munge's _munge_data_from_secret returns None on
// SecretNotFoundError, and add_secret runs under "if munge_data is None").
func (c *checker) looksUpSecret(call *node) bool { return c.reaches(call, secretGetRE, 0) }

// reaches reports whether call's function text matches re, or a function
// of the charm it calls makes such a call (two levels down).
func (c *checker) reaches(call *node, re *regexp.Regexp, depth int) bool {
	if re.MatchString(text(call.Child("function"))) {
		return true
	}
	if depth >= 2 {
		return false
	}
	for _, t := range c.callees(call) {
		for _, inner := range calls(t) {
			if c.reaches(inner, re, depth+1) {
				return true
			}
		}
	}
	return false
}

// isBlockedStatus reports whether n sets a blocked status:
// self.unit.status = BlockedStatus(...) or unit.set_status(BlockedStatus(...)).
func isBlockedStatus(n *node) bool {
	var v *node
	switch n.Type {
	case "assignment":
		if !strings.HasSuffix(text(n.Child("left")), ".status") {
			return false
		}
		v = n.Child("right")
	case "call":
		if _, name := callParts(n); name != "set_status" {
			return false
		}
		v = arg(n, 0, "status")
	default:
		return false
	}
	return v != nil && v.Type == "call" && blockedRE.MatchString(text(v.Child("function")))
}

// Work: what a thin handler must not do itself.

var (
	containerRecvRE = regexp.MustCompile(`(?i)container|workload|pebble`)
	containerOps    = map[string]bool{"push": true, "add_layer": true, "replan": true, "restart": true, "start": true, "stop": true, "make_dir": true, "remove_path": true, "exec": true, "send_signal": true, "push_path": true, "autostart": true}
	// pebbleServiceOps are ops.pebble.Client's service calls; their names
	// are Pebble's own, so any receiver but self (a charm's own method of
	// that name) will do: see isPebbleClient.
	pebbleServiceOps = map[string]bool{"replan_services": true, "restart_services": true, "start_services": true, "stop_services": true, "autostart_services": true}
	fileOps          = map[string]bool{"write_text": true, "write_bytes": true, "mkdir": true, "touch": true, "unlink": true, "rmdir": true, "symlink_to": true, "chmod": true}
	osWriteFuncs     = map[string]bool{"makedirs": true, "mkdir": true, "remove": true, "unlink": true, "rename": true, "replace": true, "symlink": true, "chmod": true, "chown": true, "rmdir": true, "system": true, "popen": true}
	subprocessFuncs  = map[string]bool{"run": true, "call": true, "check_call": true, "check_output": true, "Popen": true, "getoutput": true, "getstatusoutput": true}
	secretWrites     = map[string]bool{"set_content": true, "set_info": true, "grant": true, "revoke": true, "remove_all_revisions": true, "remove_revision": true}
	// portOps change the unit's ports. set_workload_version is not work:
	// like a status, it is metadata shown to the operator.
	portOps      = map[string]bool{"open_port": true, "close_port": true, "set_ports": true}
	shutilWrites = map[string]bool{"rmtree": true, "copy": true, "copy2": true, "copyfile": true, "copytree": true, "move": true, "chown": true, "copymode": true, "copystat": true, "make_archive": true, "unpack_archive": true}
	serviceOpsRE = regexp.MustCompile(`^service_(restart|start|stop|reload|resume|pause|enable|disable)$`)
	pkgOps       = map[string]bool{"add_package": true, "remove_package": true, "ensure": true}
)

// isContainer reports whether a receiver is a Pebble container or an
// ops.pebble.Client: its text says so (container, workload, pebble), or it
// is a local bound to get_container(...), containers[...], .pebble or
// pebble.Client(...).
func isContainer(fn, recv *node) bool {
	if recv == nil {
		return false
	}
	if containerRecvRE.MatchString(text(recv)) {
		return true
	}
	if recv.Type == "identifier" && fn != nil {
		if v := localValue(fn, recv.Text(), recv); v != nil {
			t := text(v)
			return strings.Contains(t, "get_container(") || strings.Contains(t, "containers[") || strings.Contains(t, ".workload") || strings.Contains(strings.ToLower(t), "pebble")
		}
	}
	return false
}

// isPebbleClient reports whether the receiver of a call named like one of
// ops.pebble.Client's service methods (replan_services...) can be a client:
// anything but self, whose method of that name is the charm's own.
func isPebbleClient(recv *node) bool { return recv != nil && !isSelf(recv) }

// wrappedSubprocess reports whether call calls a function of the charm
// that hands one of its parameters to subprocess as the command (a
// process_helper(args) wrapper), and returns the argument the call passes
// for it and whether the wrapper runs it through a shell.
func (c *checker) wrappedSubprocess(fn, call *node) (cmd *node, shell bool, ok bool) {
	callees := c.callees(call) // cached; fn is call's own function
	if len(callees) != 1 {
		return nil, false, false
	}
	w := callees[0]
	for _, inner := range calls(w) {
		if enclosingFunc(inner) != w {
			continue
		}
		icmd, isSub := isSubprocess(inner)
		if !isSub || icmd == nil {
			continue
		}
		// The command itself, or its words: shlex.split(cmd), cmd.split().
		split := false
		if icmd.Type == "call" {
			recv, name := callParts(icmd)
			switch {
			case name == "split" && text(recv) == "shlex":
				icmd, split = arg(icmd, 0, "s"), true
			case name == "split" && recv != nil && recv.Type == "identifier":
				icmd, split = recv, true
			}
		}
		if icmd == nil || icmd.Type != "identifier" {
			continue
		}
		idx, _, isParam := paramOf(w, icmd.Text())
		if !isParam {
			continue
		}
		if a := arg(call, idx, icmd.Text()); a != nil {
			_, kw := args(inner)
			recv, _ := callParts(inner)
			return a, split || kw["shell"] != nil && text(kw["shell"]) == "True" || text(recv) == "os", true
		}
	}
	return nil, false, false
}

// execReads reports whether a Pebble exec runs a command that only reads
// (a binary with only --version, cat, ls...), judged as the subprocess rules
// judge one; a word that is not a literal (str(self.binary)) counts as the
// program's name.
func execReads(call *node) bool {
	words, _, ok := argv(arg(call, 0, "command"))
	return ok && len(words) > 0 && cmdline.ReadOnly([][]string{words})
}

// readOnlyWrapperCall reports whether call runs, through the charm's own
// subprocess wrapper, a command that only reads (run_ret("systemctl cat
// x.service")): not work, and the wrapper's own subprocess call, whose
// command is its parameter, is not followed.
func (c *checker) readOnlyWrapperCall(fn, call *node) bool {
	if call.Type != "call" {
		return false
	}
	cmd, shell, ok := c.wrappedSubprocess(fn, call)
	if !ok {
		return false
	}
	words, sh, ok := argv(cmd)
	return ok && cmdline.ReadOnly(cmdline.Split(words, sh || shell))
}

// moduleRoot returns the module node n is in.
func moduleRoot(n *node) *node {
	for n.Parent != nil {
		n = n.Parent
	}
	return n
}

// isSubprocess reports whether a call runs a process through subprocess
// (or os.system / os.popen) and returns the command argument.
func isSubprocess(call *node) (cmd *node, ok bool) {
	recv, name := callParts(call)
	rt := text(recv)
	switch {
	case rt == "subprocess" && subprocessFuncs[name], recv == nil && (name == "check_call" || name == "check_output" || name == "Popen"):
		return arg(call, 0, "args"), true
	case recv == nil && (name == "run" || name == "call") && importedModule(moduleRoot(call), name) == "subprocess."+name:
		// from subprocess import run
		return arg(call, 0, "args"), true
	case rt == "os" && (name == "system" || name == "popen"):
		return arg(call, 0, "command"), true
	}
	return nil, false
}

// workAt returns what n does, when it is work: a call that changes the
// workload, the files, relation data, secrets, ports or services, or an
// assignment into relation data.
func (c *checker) workAt(fn, n *node) string {
	switch n.Type {
	case "assignment", "augmented_assignment":
		if _, ok := c.databagTarget(fn, n.Child("left")); ok && (n.Type != "assignment" || !c.constantExpr(fn, n.Child("right"), 0)) {
			return "writes relation data" // a constant is static data (reconciler.go)
		}
		return ""
	case "delete_statement":
		for _, t := range n.NamedChildren() {
			if _, ok := c.databagTarget(fn, t); ok {
				return "deletes relation data"
			}
		}
		return ""
	case "call":
	default:
		return ""
	}
	recv, name := callParts(n)
	rt := text(recv)
	fnText := text(n.Child("function"))
	switch {
	case name == "exec" && isContainer(fn, recv) && execReads(n):
		return "" // container.exec([binary, "--version"]) asks, it does not change
	case containerOps[name] && isContainer(fn, recv), pebbleServiceOps[name] && isPebbleClient(recv):
		return fnText
	case name == "add_secret", name == "set_content":
		return fnText
	case secretWrites[name] && strings.Contains(strings.ToLower(rt), "secret"):
		return fnText
	case portOps[name] && !constantValue(callArgs(n)) && !c.classConstant(fn, callArgs(n)):
		return fnText // opening the same ports on every run is static setup
	case serviceOpsRE.MatchString(name), pkgOps[name] && (strings.Contains(rt, "apt") || strings.Contains(rt, "snap") || strings.Contains(strings.ToLower(rt), "cache")):
		return fnText
	case rt == "os" && osWriteFuncs[name] && name != "system" && name != "popen", rt == "shutil" && shutilWrites[name]:
		// os.system and os.popen run a command: below, as subprocess's
		// calls are (systemctl is-active only reads).
		return fnText
	case fileOps[name] && recv != nil && rt != "os":
		return fnText
	case name == "open" && recv == nil && writeMode(n) != "":
		return "open(..., " + fmt.Sprintf("%q", writeMode(n)) + ")"
	case (name == "update" || name == "setdefault") && recv != nil && constantValue(callArgs(n)):
		// static data (reconciler.go)
	case (name == "update" || name == "pop" || name == "clear" || name == "setdefault") && recv != nil:
		if _, ok := c.databagTarget(fn, recv); ok {
			return "writes relation data"
		}
		if recv.Type == "subscript" {
			if _, ok := c.databag(fn, recv); ok {
				return "writes relation data"
			}
		}
	case name == "save" && strings.Contains(strings.ToLower(rt), "relation"):
		return fnText
	}
	if cmd, ok := isSubprocess(n); ok {
		if words, shell, ok := argv(cmd); ok && cmdline.ReadOnly(cmdline.Split(words, shell)) {
			return ""
		}
		return fnText
	}
	return ""
}

// writeMode returns the mode of open(...) when it writes ("w", "a", "x",
// "+"), else "".
func writeMode(call *node) string {
	m := arg(call, 1, "mode")
	s, ok := strValue(m)
	if !ok {
		return ""
	}
	if strings.ContainsAny(s, "wax+") {
		return s
	}
	return ""
}

// databag returns the bag expression when e is X.data[bag] (or a local
// bound to one).
func (c *checker) databag(fn, e *node) (*node, bool) {
	if e == nil {
		return nil, false
	}
	if e.Type == "subscript" {
		if v := e.Child("value"); v != nil && v.Type == "attribute" && v.Child("attribute").Text() == "data" {
			return e.Child("subscript"), true
		}
	}
	if e.Type == "identifier" && fn != nil {
		if v := localValue(fn, e.Text(), e); v != nil && v != e {
			return c.databag(nil, v)
		}
	}
	// self.peer_data where peer_data is a property of the class that
	// returns X.data[bag] (a bag reached through a property).
	if e.Type == "attribute" && fn != nil && isSelf(e.Child("object")) {
		if cl := c.classFor(fn); cl != nil {
			if m := cl.methods[e.Child("attribute").Text()]; m != nil && isProperty(m) {
				for _, ret := range returns(m) {
					if bag, ok := c.databag(m, ret); ok {
						return bag, true
					}
				}
			}
		}
	}
	return nil, false
}

// isProperty reports whether the method fn is decorated as a property
// (@property, @cached_property, @functools.cached_property).
func isProperty(fn *node) bool {
	dd := fn.Parent
	if dd == nil || dd.Type != "decorated_definition" {
		return false
	}
	for _, d := range dd.NamedChildren() {
		if d.Type != "decorator" {
			continue
		}
		switch t := strings.TrimPrefix(text(d), "@"); t {
		case "property", "cached_property", "functools.cached_property":
			return true
		}
	}
	return false
}

// returns lists the values fn's own return statements return (not those
// of nested functions).
func returns(fn *node) []*node {
	var out []*node
	for _, r := range returnStmts(fn) { // guards.go
		if cs := r.NamedChildren(); len(cs) == 1 {
			out = append(out, cs[0])
		}
	}
	return out
}

// databagTarget returns the bag when e is X.data[bag][key] (or bag[key]
// for a local bag), the target of a relation data write.
func (c *checker) databagTarget(fn, e *node) (*node, bool) {
	if e == nil || e.Type != "subscript" {
		return nil, false
	}
	return c.databag(fn, e.Child("value"))
}

var appBagRE = regexp.MustCompile(`^(self\.)?((_?charm|model|framework|unit)\.)*app$`)

// checkStatements runs the rules that look at assignments and except
// clauses.
func (c *checker) checkStatements() {
	c.f.Root.Walk(func(n *node) bool {
		fn := enclosingFunc(n)
		switch n.Type {
		case "assignment", "augmented_assignment":
			if bag, ok := c.databagTarget(fn, n.Child("left")); ok {
				c.checkBagWrite(fn, n, bag, n.Child("right"))
			}
		case "delete_statement":
			for _, t := range n.NamedChildren() {
				if bag, ok := c.databagTarget(fn, t); ok {
					c.checkBagWrite(fn, n, bag, nil)
				}
			}
		case "except_clause":
			c.checkExcept(n)
		}
		return true
	})
}

// checkBagWrite checks one write into relation data: the leader rule for
// the application bag, the volatile-data rule for the value.
func (c *checker) checkBagWrite(fn, at, bag, value *node) {
	if appBagRE.MatchString(text(bag)) {
		// guards.go: an error only when a path the linter sees reaches the
		// write unguarded; a warning that says what it could not see when
		// only callers outside the file do.
		switch unguarded, unseen := c.leaderPaths(at); {
		case unguarded != "":
			c.report(at, LeaderCheck, "%s writes the application databag without a leader check%s; on other units it raises RelationDataAccessError: check self.unit.is_leader() first", describeWrite(at), strings.TrimRight(unguarded, " "))
		case unseen != "":
			c.reportSev(at, LeaderCheck, rule.Warning, "%s writes the application databag with no leader check on the paths the linter sees, and %s: if nothing there checks self.unit.is_leader(), other units raise RelationDataAccessError", describeWrite(at), unseen)
		}
	}
	// Only where the write runs again: a request a relation-joined
	// handler sends once, with a fresh nonce the remote side echoes back
	// when done, is not churn.
	if value != nil && c.inRegion(at, c.regionPastJoin) != "" && !c.generatedOnce(fn, at) {
		if src := c.volatile(fn, value); src != "" {
			if cond := c.unreadCondition(at, c.regionPastJoin); cond != "" {
				c.reportSev(at, VolatileData, rule.Warning, "relation data gets %s, which differs on every run, under %s, which the linter cannot read as a write-once guard: if it is not one, every hook changes the databag and wakes the remote side; store the value once (a secret, or a key set only when missing)", src, clip(cond))
			} else {
				c.report(at, VolatileData, "relation data gets %s, which differs on every run: every hook changes the databag and wakes the remote side", src)
			}
		}
	}
}

func describeWrite(n *node) string {
	switch n.Type {
	case "assignment", "augmented_assignment":
		return "assignment to " + text(n.Child("left"))
	case "delete_statement":
		return "del"
	}
	return text(n.Child("function"))
}

var leaderRE = regexp.MustCompile(`(?i)leader`)

// leaderGuarded reports whether a write runs only on the leader: under a
// condition that mentions leadership, or in a handler that only the leader
// runs.
func (c *checker) leaderGuarded(fn, at *node) bool {
	if c.guarded(at, func(cond *node) bool { return mentions(cond, leaderRE) }) {
		return true
	}
	if fn == nil {
		return false
	}
	if cl := c.classFor(fn); cl != nil {
		if h := cl.handlers[funcName(fn)]; h != nil && len(h.events) > 0 {
			for _, ev := range h.events {
				if ev != "leader_elected" && ev != "collect_app_status" {
					return false
				}
			}
			return true
		}
	}
	return false
}

var modelErrorRE = regexp.MustCompile(`^ModelError$|^RelationDataError$|^RelationDataAccessError$`)

func (c *checker) checkExcept(n *node) {
	caught := false
	var body *node
	for _, ch := range n.NamedChildren() {
		if ch.Type == "block" {
			body = ch
			break
		}
		if mentions(ch, modelErrorRE) {
			caught = true
		}
	}
	if body != nil && caught {
		st := body.NamedChildren()
		// Only around a write: a ModelError swallowed around a read of
		// relation data (the relation is gone) is a valid way to read.
		if len(st) == 1 && (st[0].Type == "pass_statement" || text(st[0]) == "...") {
			if what := c.tryWriteHookTool(n); what != "" {
				c.report(n, IgnoredError, "except clause swallows a hook tool error (ModelError) with pass around %s: the hook goes on as if the write happened; let it fail, or handle the case", what)
			}
		}
		return
	}
	c.checkSwallowedWrite(n, body)
}

// generatedOnce reports whether a relation-data write at runs only when
// the key it writes is not there yet: under (or after an early return on)
// a condition that reads that key, itself or through the class's methods
// and properties two levels down (if self.is_token_exposed(): return,
// where the predicate reads data["cluster-token"]), or an existence check.
func (c *checker) generatedOnce(fn, at *node) bool {
	key := ""
	if at.Type == "assignment" {
		if l := at.Child("left"); l != nil && l.Type == "subscript" {
			key, _ = strValue(l.Child("subscript"))
		}
	}
	if key == "" {
		return false
	}
	var cl *class
	if fn != nil {
		cl = c.classFor(fn)
	}
	var reads func(e *node, depth int) bool
	reads = func(e *node, depth int) bool {
		found := false
		e.Walk(func(n *node) bool {
			if found {
				return false
			}
			if n.Type == "string" {
				if s, ok := strValue(n); ok && s == key {
					found = true
				}
			}
			if depth < 2 && cl != nil && n.Type == "attribute" {
				if obj := n.Child("object"); obj != nil && obj.Text() == "self" {
					if m := cl.methods[n.Child("attribute").Text()]; m != nil && m != fn && reads(m, depth+1) {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	return c.guarded(at, func(cond *node) bool { return reads(cond, 0) || c.existGuard(cond) })
}

// Sources of values that differ on every run.
var volatileCalls = regexp.MustCompile(`^(time\.(time|time_ns|monotonic|perf_counter)|(datetime\.)?(datetime|date)\.(now|utcnow|today)|random\.\w+|secrets\.\w+|uuid\.uuid[14]|uuid[14]|os\.urandom|token_(hex|bytes|urlsafe)|randint|choice)$`)

// volatile returns the volatile source in e (directly or through a local
// assigned from one), or "".
func (c *checker) volatile(fn, e *node) string {
	return c.volatileDepth(fn, e, 0)
}

func (c *checker) volatileDepth(fn, e *node, depth int) string {
	src := ""
	e.Walk(func(n *node) bool {
		if src != "" {
			return false
		}
		switch n.Type {
		case "call":
			if t := text(n.Child("function")); volatileCalls.MatchString(t) {
				src = t + "()"
				return false
			}
			if _, name := callParts(n); name == "add_secret" {
				return false // the secret keeps the value; its id is stable
			}
		case "identifier":
			if fn != nil && depth < 3 && n.Field != "attribute" && n.Field != "name" {
				if v := localValue(fn, n.Text(), e); v != nil && !v.Contains(n) {
					if s := c.volatileDepth(fn, v, depth+1); s != "" {
						src = s + " (through " + n.Text() + ")"
						return false
					}
				}
			}
		}
		return true
	})
	return src
}

// Names that hold secrets; parts that say a name is about a secret rather
// than its value.
var (
	secretNameRE    = regexp.MustCompile(`(?i)passw(or)?d|passwd|token|api_?key|private_?key|credential|secret_?(value|content|data|key)`)
	notSecretNameRE = regexp.MustCompile(`(?i)(_?id|_?ids|label|uri|url|name|path|file|len|length|count|expir\w*|rotat\w*|type|field|key_?name|policy|config|option)$`)
	loggerRecvRE    = regexp.MustCompile(`(?i)(^|\.)_?(logger|log|logging|LOG)$`)
	logMethods      = map[string]bool{"debug": true, "info": true, "warning": true, "warn": true, "error": true, "exception": true, "critical": true, "log": true}
)

// secretIn returns the secret value e passes (a get_content() result, a
// name or key that holds a secret), or "".
func (c *checker) secretIn(fn, e *node, depth int) string {
	found := ""
	e.Walk(func(n *node) bool {
		if found != "" {
			return false
		}
		switch n.Type {
		case "call":
			_, name := callParts(n)
			switch {
			case name == "get_content":
				found = text(n)
				return false
			case name == "len" || name == "type" || name == "bool" || name == "keys" || sanitiserRE.MatchString(name):
				return false // a sanitiser's output, a dict's keys (user names): clean
			case name == "replace" && n.Child("function").Type == "attribute":
				// out.replace(password, "***") takes the secret out:
				// only the string it works on and what it puts in
				// count (goalert's redacted command output).
				parts := []*node{n.Child("function").Child("object")}
				if a := arg(n, 1, ""); a != nil {
					parts = append(parts, a)
				}
				for _, p := range parts {
					if s := c.secretIn(fn, p, depth); s != "" {
						found = s
						break
					}
				}
				return false
			case !passesThrough(n):
				// A call's result is not the secret because a secret was
				// among its arguments (a command run with a password
				// returns the command's output): only its function part
				// (get_password(), secret.get_content().get(...)) counts.
				if s := c.secretIn(fn, n.Child("function"), depth); s != "" {
					found = s
				}
				return false
			}
		case "string":
			if n.Parent != nil && n.Parent.Type == "subscript" && n.Field == "subscript" {
				if s, ok := strValue(n); ok && secretNameRE.MatchString(s) && !notSecretNameRE.MatchString(s) {
					found = text(n.Parent)
					return false
				}
			}
		case "identifier":
			name := n.Text()
			if n.Field == "object" {
				return true // a.password: judged by the attribute
			}
			if n.Field == "attribute" && fieldOfRecord(n.Parent) {
				return true // self.token_consumer._stored.in_cluster: judged by in_cluster
			}
			if secretNameRE.MatchString(name) && !notSecretNameRE.MatchString(name) && !c.constantString(name) && !(n.Field != "attribute" && c.loopOverLiterals(fn, n, name)) && !(n.Field != "attribute" && plainRecord(fn, name)) {
				found = name
				if n.Field == "attribute" && n.Parent != nil {
					found = text(n.Parent)
				}
				return false
			}
			if fn != nil && depth < 3 && n.Field != "attribute" {
				if v := localValue(fn, name, e); v != nil && !v.Contains(n) {
					if s := c.secretIn(fn, v, depth+1); s != "" {
						found = name + " (from " + s + ")"
						return false
					}
				}
			}
		}
		return true
	})
	return found
}

// fieldOfRecord reports whether the attribute a (x.token_consumer) is
// the object whose field the expression around it reads
// (x.token_consumer._stored.in_cluster): what is logged is that field, not
// a. A method called on it (x.password.encode()) still passes a on.
func fieldOfRecord(a *node) bool {
	if a == nil || a.Field != "object" || a.Parent == nil || a.Parent.Type != "attribute" {
		return false
	}
	up := a.Parent
	return !(up.Field == "function" && up.Parent != nil && up.Parent.Type == "call")
}

// plainRecord reports whether fn uses the variable name as a record whose
// fields it names, none of them a secret: name["holder"],
// name.get("times_passed"). A hot-potato game's token is such a record
// (message, holder, times_passed), not a credential; a mapping with a
// field named like a secret (token["access_token"]) is still judged one.
func plainRecord(fn *node, name string) bool {
	if fn == nil {
		return false
	}
	keys, secret := 0, false
	look := func(k *node) {
		if v, ok := strValue(k); ok {
			keys++
			if secretNameRE.MatchString(v) && !notSecretNameRE.MatchString(v) {
				secret = true
			}
		}
	}
	fn.Walk(func(n *node) bool {
		switch n.Type {
		case "subscript":
			if v := n.Child("value"); v != nil && v.Type == "identifier" && v.Text() == name {
				look(n.Child("subscript"))
			}
		case "call":
			if recv, m := callParts(n); recv != nil && recv.Type == "identifier" && recv.Text() == name && m == "get" {
				look(arg(n, 0, ""))
			}
		}
		return true
	})
	return keys > 0 && !secret
}

var (
	removedCallRE = regexp.MustCompile(`(^|\.)(leader_set|leader_get|add_metric|add_metrics)$|\.pod\.set_spec$`)
	exitCallRE    = regexp.MustCompile(`^(sys\.exit|exit|quit|os\._exit)$`)
	// selfLeaderMethodRE is a call of a method of the charm named like the
	// removed hook tools.
	selfLeaderMethodRE = regexp.MustCompile(`^self\.(leader_set|leader_get)$`)
)

var keyErrorRE = regexp.MustCompile(`^KeyError$`)

var (
	existRE           = regexp.MustCompile(`(?i)exist|isdir|is_dir|islink|is_symlink|getpwnam|getgrnam|is_file|isfile`)
	existsErrRE       = regexp.MustCompile(`^(FileExistsError|OSError|CalledProcessError|KeyError|Exception|IOError)$`)
	secretLookupRE    = regexp.MustCompile(`(?i)secret|label|_id$`)
	secretNotFoundRE  = regexp.MustCompile(`^(SecretNotFoundError|ModelError|KeyError|Exception)$`)
	readCallRE        = regexp.MustCompile(`(^|\.)(pull|read_text|read_bytes|read|get_content|exists|cmp|get_plan|list_files)$`)
	secretGetRE       = regexp.MustCompile(`(^|\.)get_secret$`)
	secretLookupGuard = func(cond *node) bool { return mentions(cond, secretLookupRE) }
)

// checkCalls runs the rules that look at one call at a time.
func (c *checker) checkCalls() {
	for _, call := range calls(c.f.Root) {
		fn := enclosingFunc(call)
		recv, name := callParts(call)
		fnText := text(call.Child("function"))
		why := c.inRegion(call, c.region)
		pos, kw := args(call)

		// Everywhere.
		if cmd, ok := isSubprocess(call); ok {
			c.checkSubprocess(call, recv, name, cmd, kw, why)
		} else if cmd, shell, ok := c.wrappedSubprocess(fn, call); ok {
			c.checkArgv(call, name, cmd, shell, nil, why, true)
		}
		// self.leader_get() is the charm's own method, or its base class's
		// (ops_sunbeam's reads the peer relation's application databag):
		// ops has no such method, so it is not the hook tool.
		if removedCallRE.MatchString(fnText) && !selfLeaderMethodRE.MatchString(fnText) {
			c.report(call, RemovedJuju4, "%s uses a feature Juju 4 removed (leader settings, metrics or pod specs); use a peer relation's application databag, COS, or a sidecar charm", fnText)
		}
		if exitCallRE.MatchString(fnText) && inExceptAny(call) {
			if len(pos) == 0 || text(pos[0]) == "0" || text(pos[0]) == "None" {
				c.report(call, ExitZero, "%s exits 0 from an except block: Juju commits the hook's changes as if it succeeded; re-raise or exit non-zero", fnText)
			}
		}
		if (recv != nil && logMethods[name] && loggerRecvRE.MatchString(text(recv))) || (recv == nil && name == "print") {
			for _, a := range append(append([]*node{}, pos...), kwValues(kw)...) {
				if s := c.secretIn(fn, a, 0); s != "" {
					if strings.Contains(s, "get_content(") {
						c.report(call, SecretLogged, "%s logs %s, a secret value; log the secret's id or label instead", fnText, s)
					} else {
						// Judged by a name: what the value holds is
						// not seen (etcd's cluster token names no
						// credential).
						c.reportSev(call, SecretLogged, rule.Warning, "%s logs %s, which its name says is a secret (the linter cannot see what it holds); log the secret's id or label instead, or suppress this if it is not one", fnText, s)
					}
					break
				}
			}
		}
		if (name == "update" || name == "pop" || name == "clear" || name == "setdefault") && recv != nil {
			if bag, ok := c.databag(fn, recv); ok {
				c.checkBagWrite(fn, call, bag, arg(call, 0, ""))
			}
		}
		if name == "save" && strings.Contains(strings.ToLower(text(recv)), "relation") {
			if bag := arg(call, 1, "dst"); bag != nil {
				c.checkBagWrite(fn, call, bag, arg(call, 0, "obj"))
			}
		}
		// In code that runs on repeatable events; writes and restarts only
		// where the event does not itself signal the change (scope.go).
		cwhy := c.inRegion(call, c.churn)
		if why == "" && cwhy == "" {
			continue
		}
		switch {
		case why != "" && (name == "open" && recv == nil && strings.Contains(writeMode(call), "a") ||
			name == "open" && recv != nil && modeHasAppend(arg(call, 0, "mode"))) && !outputStream(call):
			c.report(call, FileAppend, "%s appends to a file on every run (%s); render the whole file and write it when it differs", fnText, why)
		case name == "push" && isContainer(fn, recv),
			(name == "write_text" || name == "write_bytes") && recv != nil,
			name == "open" && recv == nil && strings.ContainsAny(writeMode(call), "w"),
			name == "set_content":
			if route := c.unguardedOnHere(call, c.onceHere(c.changeGuard), c.churn, cwhy); route != "" && !c.comparedBefore(fn, call) && !c.charmLocalWrite(fn, call) {
				what := "writes"
				if name == "set_content" {
					what = "sets secret content (a new revision)"
				}
				if c.onlyOnUpgrade(call) {
					// A refresh reinstalls the files the charm ships
					// (systemd units, scripts): reviewers split on
					// whether that rewrite wants a compare.
					c.reportSev(call, WriteCompare, rule.Info, "%s %s without comparing (%s), and nothing but upgrade-charm runs it unguarded: rewriting what the charm ships on a refresh is often intended; compare first if something watches the file or restarts on it", fnText, what, route)
				} else {
					c.report(call, WriteCompare, "%s %s on every run without comparing (%s); read the current content and write only when it differs", fnText, what, route)
				}
			}
		case name == "restart" && isContainer(fn, recv), name == "restart_services" && isPebbleClient(recv), name == "service_restart":
			if route := c.unguardedOnHere(call, c.onceHere(c.restartGuard), c.churn, cwhy); route != "" && !c.onFailureOn(call, c.churn) {
				c.report(call, Restart, "%s restarts unconditionally (%s); restart only when the configuration changed: keep the result of the compare before the write and branch on it", fnText, route)
			}
		case name == "replan" && isContainer(fn, recv), name == "replan_services" && isPebbleClient(recv):
			if route := c.unguardedOnHere(call, c.onceHere(c.changeGuard), c.churn, cwhy); route != "" && !c.replanStartsNothing(fn, call) && !c.autostartFollows(fn, call) {
				c.report(call, Restart, "%s replans on every run with no change check (%s): Pebble then starts again any stopped startup-enabled service (one an action stopped; a crash-looping one, failing the hook); replan only when the layer differs from get_plan()", fnText, route)
			}
		case name == "add_secret" && why != "":
			// Once per relation is not every run: a secret a
			// relation-created handler adds is that relation's own
			// (takahe's peer relation-created). Joined is not once:
			// it comes for every remote unit (influxdb adds a secret
			// with the same label on each, which Juju refuses).
			addWhy := c.inRegion(call, c.regionPastCreated)
			// Guards are asked of the routes in the region only: an
			// action that rotates the secret adds a new one on purpose
			// (sonarr's rotate-api-key beside its reconciler's
			// lookup-then-add).
			if addWhy != "" && !inExcept(call, secretNotFoundRE) && !c.guardedOn(call, secretLookupGuard, c.regionPastCreated) &&
				!earlierCall(fn, call, func(r *node) bool { return secretGetRE.MatchString(text(r.Child("function"))) }) &&
				!c.guardedOn(call, c.lookupResultGuard, c.regionPastCreated) {
				if cond := c.unreadCondition(call, c.regionPastCreated); cond != "" {
					c.reportSev(call, SecretAdd, rule.Warning, "%s adds a secret (%s) under %s, which the linter cannot read as a lookup: if it is not one, every run adds a new secret; look it up first with self.model.get_secret(label=...) and add it on SecretNotFoundError", fnText, addWhy, clip(cond))
				} else {
					c.report(call, SecretAdd, "%s adds a new secret on every run (%s); look it up first with self.model.get_secret(label=...) and add it on SecretNotFoundError", fnText, addWhy)
				}
			}
		}
		if why == "" {
			continue
		}
		if name == "set_content" && !c.guarded(call, c.existGuard) {
			// Under a create-once guard (if secret_id is None:) the
			// random content is made once, when the secret is created.
			if src := c.volatile(fn, callArgs(call)); src != "" {
				if cond := c.unreadCondition(call, c.region); cond != "" {
					c.reportSev(call, VolatileData, rule.Warning, "secret content gets %s, which differs on every run, under %s, which the linter cannot read as a write-once guard: if it is not one, every hook adds a revision", src, clip(cond))
				} else {
					c.report(call, VolatileData, "secret content gets %s, which differs on every run: every hook adds a revision", src)
				}
			}
		}
		c.checkNonIdempotentFS(call, fn, recv, name, kw, why)
	}
}

func kwValues(kw map[string]*node) []*node {
	keys := make([]string, 0, len(kw))
	for k := range kw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*node, 0, len(kw))
	for _, k := range keys {
		out = append(out, kw[k])
	}
	return out
}

func callArgs(call *node) *node {
	if a := call.Child("arguments"); a != nil {
		return a
	}
	return call
}

func modeHasAppend(m *node) bool {
	s, ok := strValue(m)
	return ok && strings.Contains(s, "a")
}

// clip shortens a condition's text for a message: its first line, at most
// 60 characters.
func clip(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "…"
	}
	return s
}

func inExceptAny(n *node) bool {
	for p := n.Parent; p != nil && p.Type != "function_definition"; p = p.Parent {
		if p.Type == "except_clause" {
			return true
		}
	}
	return false
}

// configScript reports whether e is a config option's value, whole:
// self.config["x"], self.model.config.get("x"), or a local bound to one
// (through config = self.model.config).
func (c *checker) configScript(fn, e *node) bool {
	for depth := 0; e != nil && e.Type == "identifier" && fn != nil && depth < 3; depth++ {
		v := localValue(fn, e.Text(), e)
		if v == nil || v == e {
			return false
		}
		e = v
	}
	if e == nil {
		return false
	}
	switch e.Type {
	case "subscript":
		return c.isConfig(fn, e.Child("value")) // declared.go
	case "call":
		f := e.Child("function")
		return f != nil && f.Type == "attribute" && f.Child("attribute").Text() == "get" && c.isConfig(fn, f.Child("object"))
	}
	return false
}

// checkSubprocess checks a subprocess call: shell strings everywhere, and
// in reconcile code appends, restarts and non-idempotent commands; hook
// tools whose errors are dropped, and removed hook tools.
func (c *checker) checkSubprocess(call, recv *node, name string, cmd *node, kw map[string]*node, why string) {
	fnText := text(call.Child("function"))
	shellKW := kw["shell"] != nil && text(kw["shell"]) == "True"
	rt := text(recv)
	switch {
	case rt == "os":
		// A constant command string has no injection or quoting risk.
		if !c.constantCommand(call, cmd) {
			c.report(call, ShellString, "%s runs its argument through /bin/sh; pass an argument list to subprocess.run instead", fnText)
		}
	case name == "getoutput" || name == "getstatusoutput":
		if !c.constantCommand(call, cmd) {
			c.report(call, ShellString, "%s runs its argument through /bin/sh; pass an argument list to subprocess.run instead", fnText)
		}
	case shellKW:
		// A constant command (no interpolation, directly or through a
		// local) has no injection or quoting risk: not reported. Nor is
		// a script the operator gives whole in a config option
		// (pre-hardening-script): there is nothing interpolated into it,
		// and a shell is what runs a script.
		// A list with shell=True: sh -c runs the first item alone and
		// hands the rest to the shell as $0, $1...; exportfs -a runs as
		// exportfs (jupyterhub's nfs.py). A bug whatever the words.
		if items, isList := elements(cmd); isList && len(items) > 1 {
			c.report(call, ShellString, "%s is given an argument list with shell=True: the shell runs only its first item (%s), and the others become the shell's $0, $1...; drop shell=True", fnText, text(items[0]))
		} else if !c.constantCommand(call, cmd) && !c.configScript(enclosingFunc(call), cmd) {
			c.report(call, ShellString, "%s with shell=True runs a shell command string; pass an argument list instead", fnText)
		}
	case stringish(cmd):
		// A one-word string ('/etc/init.d/x') runs fine without a shell.
		if s, ok := strValue(cmd); !ok || len(strings.Fields(s)) != 1 {
			c.report(call, ShellString, "%s is given a command string: without shell=True it fails unless the string is one word; pass an argument list", fnText)
		}
	}
	c.checkArgv(call, name, cmd, shellKW || rt == "os", kw, why, false)
}

// checkArgv checks the command a call runs, when its words are known: a
// hook tool Juju 4 removed, a hook tool's dropped exit status, a restart,
// an append, a command that fails the second time. wrapped says call is
// the charm's own wrapper around subprocess (process_helper([...])),
// whose exit status the wrapper handles.
func (c *checker) checkArgv(call *node, name string, cmd *node, shellKW bool, kw map[string]*node, why string, wrapped bool) {
	fnText := text(call.Child("function"))
	words, shell, ok := argv(cmd)
	if !ok {
		return
	}
	sh := shell || shellKW
	cmds := cmdline.Split(words, sh)
	for _, cm := range cmds {
		if len(cm) == 0 {
			continue
		}
		if cmdline.RemovedTools[cm[0]] {
			c.report(call, RemovedJuju4, "%s runs %s, a hook tool Juju 4 removed", fnText, cm[0])
		}
		if !wrapped && cmdline.HookTools[cm[0]] && call.Parent != nil && call.Parent.Type == "expression_statement" {
			if name == "call" || (name == "run" && (kw["check"] == nil || text(kw["check"]) != "True")) || name == "Popen" {
				c.report(call, IgnoredError, "the exit status of %s is dropped (%s without check=True): a failed hook tool goes unnoticed", cm[0], fnText)
			}
		}
	}
	if line := cmdline.Restart(cmds); line != "" {
		if cwhy := c.inRegion(call, c.churn); cwhy != "" {
			if route := c.unguardedOnHere(call, c.onceHere(c.restartGuard), c.churn, cwhy); route != "" {
				c.report(call, Restart, "%s restarts a service unconditionally (%s: %s); restart only when the configuration changed", fnText, route, line)
			}
		}
	}
	if why == "" {
		return
	}
	if how := cmdline.Append(words, sh); how != "" {
		c.report(call, FileAppend, "%s appends to a file on every run (%s: %s); render the whole file and write it when it differs", fnText, why, how)
	}
	if reason := cmdline.NonIdempotent(cmds); reason != "" && !(!wrapped && statusDropped(call, name, kw)) {
		if !c.guarded(call, c.existGuard) && !inTryCatching(call, existsErrRE) && !inExcept(call, keyErrorRE) && !returnedIfExists(call) && !removedBefore(call, cmds) {
			c.report(call, NonIdempotentCmd, "%s is not idempotent (%s): %s; check first or use the idempotent form", fnText, why, reason)
		}
	}
}

// removedBefore reports whether an earlier call of the function removes a
// path the command names (rm -rf /etc/ceph, shutil.rmtree, os.remove,
// unlink): ln -s ... /etc/ceph after it makes the link afresh on every
// run, and does not fail on the second (microcloud).
func removedBefore(call *node, cmds [][]string) bool {
	fn := enclosingFunc(call)
	if fn == nil {
		return false
	}
	named := map[string]bool{}
	for _, cm := range cmds {
		for _, w := range cm[min(1, len(cm)):] {
			if strings.HasPrefix(w, "/") {
				named[strings.TrimRight(w, "/")] = true
			}
		}
	}
	if len(named) == 0 {
		return false
	}
	return earlierCall(fn, call, func(r *node) bool {
		var paths []string
		if cmd, ok := isSubprocess(r); ok {
			words, shell, ok := argv(cmd)
			if !ok {
				return false
			}
			for _, cm := range cmdline.Split(words, shell) {
				if len(cm) > 1 && cm[0] == "rm" {
					paths = append(paths, cm[1:]...)
				}
			}
		} else if _, name := callParts(r); removeFuncs[name] {
			if p, ok := strValue(arg(r, 0, "path")); ok {
				paths = append(paths, p)
			}
		}
		for _, p := range paths {
			if named[strings.TrimRight(p, "/")] {
				return true
			}
		}
		return false
	})
}

// removeFuncs are the Python calls that remove a path given as their first
// argument.
var removeFuncs = map[string]bool{"rmtree": true, "remove": true, "unlink": true, "rmdir": true}

// statusDropped reports whether a subprocess call's exit status goes
// nowhere: subprocess.call or subprocess.run without check=True as a
// statement of its own. A command that fails when what it makes exists
// (useradd) then fails harmlessly on the second run.
func statusDropped(call *node, name string, kw map[string]*node) bool {
	if call.Parent == nil || call.Parent.Type != "expression_statement" {
		return false
	}
	return name == "call" || name == "run" && !isTrue(kw["check"])
}

// returnedIfExists reports whether an earlier statement of a block around
// n returns when the thing exists, written as a try: the try body looks it
// up (getpwnam, os.stat, path.exists...) and returns, and an except clause
// for the lookup's error (KeyError, FileNotFoundError...) falls through to
// n (ddeb-retriever: try: getpwnam(USER); return / except KeyError: pass,
// then adduser).
func returnedIfExists(n *node) bool {
	for child, p := n, n.Parent; p != nil && p.Type != "function_definition"; child, p = p, p.Parent {
		if p.Type != "block" {
			continue
		}
		for _, st := range p.NamedChildren() {
			if st == child {
				break
			}
			if st.Type != "try_statement" || st.Child("body") == nil {
				continue
			}
			looked, returned := false, false
			for _, b := range st.Child("body").NamedChildren() {
				for _, call := range calls(b) {
					if existRE.MatchString(text(call.Child("function"))) {
						looked = true
					}
				}
				if b.Type == "return_statement" && looked {
					returned = true
				}
			}
			if !returned {
				continue
			}
			for _, ch := range st.NamedChildren() {
				if ch.Type == "except_clause" && catches(ch, existsErrRE) && !exits(ch) {
					return true
				}
			}
		}
	}
	return false
}

// exits reports whether a block-holding node returns or raises at its top
// level.
func exits(n *node) bool {
	for _, ch := range n.NamedChildren() {
		if ch.Type == "block" {
			return exits(ch)
		}
		if ch.Type == "return_statement" || ch.Type == "raise_statement" {
			return true
		}
	}
	return false
}

// checkNonIdempotentFS checks the Python file-system calls that fail when
// run twice.
func (c *checker) checkNonIdempotentFS(call, fn, recv *node, name string, kw map[string]*node, why string) {
	rt := text(recv)
	reason := ""
	switch {
	case rt == "os" && name == "mkdir":
		reason = "os.mkdir fails when the directory exists; use os.makedirs(path, exist_ok=True)"
	case rt == "os" && name == "makedirs" && !isTrue(kw["exist_ok"]):
		reason = "os.makedirs without exist_ok=True fails when the directory exists"
	case rt == "os" && name == "symlink":
		reason = "os.symlink fails when the link exists"
	case name == "mkdir" && recv != nil && rt != "os" && !isTrue(kw["exist_ok"]) && !isContainer(fn, recv) && !charmhelpersHost(recv):
		reason = "Path.mkdir without exist_ok=True fails when the directory exists"
	case name == "symlink_to" && recv != nil:
		reason = "Path.symlink_to fails when the link exists"
	case name == "make_dir" && isContainer(fn, recv) && !isTrue(kw["make_parents"]):
		reason = "make_dir without make_parents=True fails when the directory exists"
	case name == "add_layer" && isContainer(fn, recv) && (kw["combine"] == nil || text(kw["combine"]) == "False"):
		reason = "add_layer without combine=True fails when a layer with that label exists, which it does from the second run on; pass combine=True"
	}
	if reason == "" {
		return
	}
	if c.guarded(call, c.existGuard) || inTryCatching(call, existsErrRE) || c.removedBefore(call) || returnedIfExists(call) {
		return
	}
	c.report(call, NonIdempotentCmd, "%s is not idempotent (%s): %s", text(call.Child("function")), why, reason)
}

func isTrue(n *node) bool { return n != nil && text(n) == "True" }

// charmhelpersHost reports whether recv names charmhelpers' host module
// (from charmhelpers.core import host): its mkdir checks that the path
// exists before it calls os.makedirs, so it can run twice (drupal).
func charmhelpersHost(recv *node) bool {
	return recv.Type == "identifier" && importedModule(recv.Root(), recv.Text()) == "charmhelpers.core.host"
}

// outputStream reports whether an opened file is handed straight to a
// process as its stdout or stderr (Popen(..., stdout=open(LOG, "a"))): a
// log a process writes is appended to by design.
func outputStream(call *node) bool {
	p := call.Parent
	if p == nil || p.Type != "keyword_argument" {
		return false
	}
	k := text(p.Child("name"))
	return k == "stdout" || k == "stderr"
}
