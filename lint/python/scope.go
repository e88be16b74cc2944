package python

import (
	"regexp"
	"sort"
	"strings"
)

// reconcileEntryRE names methods that are reconcilers by name.
var reconcileEntryRE = regexp.MustCompile(`(?i)reconcil|holistic`)

// The scope of the churn rules (PY003 write-without-compare, PY004
// unconditional-restart): code that runs again and again with nothing
// changed. That is code reached from a reconciler, or from a handler of a
// generic repeatable event (config-changed, update-status, upgrade-charm,
// leader-elected, relation events...), which fires whether or not what
// the code writes changed. Events that themselves signal the change are
// left out: a charm library's custom events (certificates'
// certificate_available, a cert handler's cert_changed: the library emits
// them when its data changed), pebble-ready, Pebble notices and checks
// (the container just started: its files are new), secret-changed (the
// secret's content changed), storage attach and detach, relation-created
// and -joined (once per relation or remote unit), and the one-shot and
// dedicated events. A write in a handler of such an event is the
// change itself, not churn.

// signalsChange reports whether an event fires because of a change that a
// write in its handler applies.
func signalsChange(ev string) bool {
	switch {
	case ev == "*" || ev == "?":
		return false
	case strings.Contains(ev, ".on."): // a library's custom event
		return true
	case strings.HasSuffix(ev, "_pebble_ready"), strings.Contains(ev, "_pebble_custom_notice"), strings.Contains(ev, "_pebble_check_"):
		return true
	case ev == "secret_changed", strings.HasSuffix(ev, "_storage_attached"), strings.HasSuffix(ev, "_storage_detaching"):
		return true
	case strings.HasSuffix(ev, "_relation_created"), strings.HasSuffix(ev, "_relation_joined"):
		// Once per relation, or per remote unit that joins: what its
		// handler writes (a key or a CSR generated for the relation) is
		// set up once for it, as install's is.
		return true
	}
	return oneShot(ev)
}

// churnEvent reports whether an event fires again with nothing changed.
func churnEvent(ev string) bool { return repeatable(ev) && !signalsChange(ev) }

// buildChurn computes c.churn: the functions reached from a reconciler
// that is not only observed for change-signalling events, or from a
// handler of a churn event; and c.churnPastUpgrade, the same without the
// handlers whose only churn event is upgrade-charm.
func (c *checker) buildChurn() {
	c.churn = c.churnFrom(firstChurn)
	c.churnPastUpgrade = c.churnFrom(func(evs []string) string {
		for _, ev := range evs {
			if churnEvent(ev) && ev != "upgrade_charm" {
				return ev
			}
		}
		return ""
	})
}

// churnFrom computes a churn region whose handler roots are the handlers
// for which first names a churn event.
func (c *checker) churnFrom(first func(evs []string) string) map[*node]string {
	var roots []root
	for _, cl := range c.classes {
		for name, fn := range cl.methods {
			if !cl.isReconciler(name) {
				continue
			}
			if h := cl.handlers[name]; h != nil {
				if ev := first(h.events); ev != "" {
					roots = append(roots, root{fn, "reconciler " + name})
				}
				continue
			}
			roots = append(roots, root{fn, "reconciler " + name})
		}
		// A method named as a reconciler that no code of the charm calls
		// (or only __init__ does: reconciling on every event) and no
		// event of the class observes is an entry point that runs on
		// every event. A private one that nothing calls, observes or
		// passes is dead code instead.
		for name, fn := range cl.methods {
			if reconcileEntryRE.MatchString(name) && cl.handlers[name] == nil && c.onlyFromInit(fn) && !cl.isReconciler(name) &&
				!(strings.HasPrefix(name, "_") && !c.referenced(fn)) {
				roots = append(roots, root{fn, "reconciler " + name})
			}
		}
		for _, h := range cl.order {
			if cl.isReconciler(h.name) {
				continue
			}
			if ev := first(h.events); ev != "" {
				roots = append(roots, root{h.fn, h.name + ", which runs on " + ev})
			}
		}
	}
	sort.SliceStable(roots, func(i, j int) bool { return roots[i].fn.Start.Row < roots[j].fn.Start.Row })
	region := map[*node]string{}
	c.spread(roots, region)
	return region
}

// onlyOnUpgrade reports whether n, a write in the churn region, runs
// unguarded only on upgrade-charm: outside churnPastUpgrade, or guarded on
// every route from it.
func (c *checker) onlyOnUpgrade(n *node) bool {
	why := c.inRegion(n, c.churnPastUpgrade)
	return why == "" || c.unguardedOn(n, c.changeGuard, c.churnPastUpgrade, why) == ""
}

// periodicEvent reports whether ev comes again with nothing else
// happening: update-status, and Pebble's check and custom-notice events.
func periodicEvent(ev string) bool {
	return ev == "update_status" || ev == "*" || strings.Contains(ev, "_pebble_check_") || strings.Contains(ev, "_pebble_custom_notice")
}

// runsPeriodically reports whether a periodic event's handler reaches n
// (update-status calling the reconciler, or observing it).
func (c *checker) runsPeriodically(n *node) bool {
	if c.periodic == nil {
		var roots []root
		for _, cl := range c.classes {
			for _, h := range cl.order {
				for _, ev := range h.events {
					if periodicEvent(ev) {
						roots = append(roots, root{h.fn, h.name + ", which runs on " + ev})
						break
					}
				}
			}
		}
		c.periodic = map[*node]string{}
		c.spread(roots, c.periodic)
	}
	for f := enclosingFunc(n); f != nil; f = enclosingFunc(f) {
		if _, ok := c.periodic[f]; ok {
			return true
		}
	}
	return false
}

// onlyFromInit reports whether every call site of fn is in an __init__
// (true for a function nothing calls).
func (c *checker) onlyFromInit(fn *node) bool {
	for _, s := range c.callSites[fn] {
		if f := enclosingFunc(s); f == nil || funcName(f) != "__init__" {
			return false
		}
	}
	return true
}

func firstChurn(evs []string) string {
	for _, ev := range evs {
		if churnEvent(ev) {
			return ev
		}
	}
	return ""
}

// charmLocalWrite reports whether a write is to the charm container's own
// file system in a sidecar charm (open() or Path.write_text in a file that
// drives Pebble containers) with nothing run on it afterwards in the same
// function: no workload watches the charm container, so rewriting the
// same content churns nothing. A command run after it
// (update-ca-certificates) makes it count again.
func (c *checker) charmLocalWrite(fn, call *node) bool {
	recv, name := callParts(call)
	local := (name == "open" && recv == nil) || ((name == "write_text" || name == "write_bytes") && recv != nil && !isContainer(fn, recv))
	if !local || fn == nil {
		return false
	}
	// A relative path is in the charm's directory (hooks run there), on
	// any substrate: a scratch file the charm renders for its own use
	// (kube-ovn's manifests for kubectl apply), which no workload reads.
	target := recv
	if name == "open" {
		target = arg(call, 0, "file")
	}
	if relativePath(fn, target, 0) {
		return true
	}
	if !c.drivesPebble() {
		return false
	}
	for _, r := range calls(fn) {
		if r.Start.Row <= call.Start.Row {
			continue
		}
		if _, ok := isSubprocess(r); ok {
			return false
		}
	}
	return true
}

// relativePath reports whether e, a path, starts with a relative literal
// ("templates/rendered/" + name, Path("rendered") / name, or a local
// assigned one) or with a temporary directory the hook made (with
// tempfile.TemporaryDirectory() as tmp: os.path.join(tmp, "x.yaml")).
func relativePath(fn, e *node, depth int) bool {
	if e == nil || depth > 3 {
		return false
	}
	switch e.Type {
	case "identifier":
		if v := localValue(fn, e.Text(), e); v != nil && !v.Contains(e) {
			return relativePath(fn, v, depth+1)
		}
		// with tempfile.TemporaryDirectory() as tmp: a scratch directory
		// of the hook's own, gone when it ends.
		for p := e.Parent; p != nil && p != fn; p = p.Parent {
			if p.Type == "with_statement" && strings.Contains(text(p), "tempfile.") {
				for _, it := range p.NamedChildren() {
					if strings.Contains(text(it), "tempfile.") && strings.HasSuffix(text(it), "as"+e.Text()) {
						return true
					}
				}
			}
		}
		return false
	case "binary_operator":
		return relativePath(fn, e.Child("left"), depth+1)
	case "call":
		switch f := text(e.Child("function")); f {
		case "Path", "pathlib.Path", "os.path.join":
			return relativePath(fn, arg(e, 0, ""), depth+1)
		}
		return false
	case "string":
		for _, ch := range e.Children {
			switch ch.Type {
			case "string_content":
				t := ch.Text()
				return t != "" && !strings.HasPrefix(t, "/") && !strings.HasPrefix(t, "~")
			case "interpolation":
				return false
			}
		}
	}
	return false
}

// drivesPebble reports whether the file works with Pebble containers: it
// calls get_container, indexes unit.containers, or imports ops.pebble.
func (c *checker) drivesPebble() bool {
	if c.pebble == 0 {
		c.pebble = -1
		for _, call := range calls(c.f.Root) {
			if _, name := callParts(call); name == "get_container" {
				c.pebble = 1
				break
			}
		}
		if c.pebble < 0 && strings.Contains(c.f.Root.Text(), ".containers[") {
			c.pebble = 1
		}
		for _, st := range c.f.Root.NamedChildren() {
			if (st.Type == "import_statement" || st.Type == "import_from_statement") && strings.Contains(text(st), "pebble") {
				c.pebble = 1 // from ops.pebble import ...: a sidecar charm's module
			}
		}
	}
	return c.pebble > 0
}
