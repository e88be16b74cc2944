package python

import "strings"

// checkInit runs PY017 (work-in-init): ops constructs the charm, and the
// components its __init__ creates, on every event, before any handler
// runs. Work there (a Pebble call that changes the workload, a file,
// relation-data or secret write, a port change, a command that does more
// than read) runs on every event, including the ones it has nothing to do
// with (an action, a secret-rotate, collect-status), and before the
// container or the relation is ready. Not reported: work under an
// existence check or in an except clause for a missing secret (create
// once), the charm's local file operations, and a call to a method named
// as a reconciler (reconciling on every event from __init__ is a
// deliberate design some charms document).
func (c *checker) checkInit() {
	for _, cl := range c.classes {
		fn := cl.methods["__init__"]
		if fn == nil || !c.isCharmClass(cl, fn) {
			continue
		}
		seen := map[*node]bool{fn: true}
		var visit func(body *node, via string, depth int)
		visit = func(body *node, via string, depth int) {
			body.Walk(func(n *node) bool {
				if n.Type == "function_definition" || n.Type == "lambda" || n.Type == "class_definition" {
					return false
				}
				if w := c.stateWrite(enclosingFunc(n), n); w != "" && !localFileWork(n) {
					if !c.guarded(n, c.existGuard) && !inExcept(n, secretNotFoundRE) && !portSync(n) {
						at := n
						if via != "" {
							at = nil
						}
						c.initReport(cl, fn, at, via, w)
					}
					return false
				}
				if n.Type == "call" && depth < 3 {
					// A call to the reconciler in __init__ is a deliberate
					// design (reconcile on every event), not stray work.
					if m := selfMethod(n.Child("function")); m != "" && cl.handlers[m] == nil && !reconcileEntryRE.MatchString(m) {
						if callee := cl.methods[m]; callee != nil && !seen[callee] && !c.guarded(n, c.existGuard) {
							seen[callee] = true
							v := via
							if v == "" {
								v = "\x00" + text(n.Child("function"))
								c.initSite = n
							}
							visit(callee.Child("body"), v, depth+1)
						}
					}
				}
				return true
			})
		}
		visit(fn.Child("body"), "", 0)
	}
}

// isCharmClass reports whether a class is a charm or a charm component:
// it observes events, or derives from CharmBase or Object.
func (c *checker) isCharmClass(cl *class, fn *node) bool {
	if len(cl.order) > 0 {
		return true
	}
	for p := fn.Parent; p != nil; p = p.Parent {
		if p.Type == "class_definition" {
			sup := text(p.Child("superclasses"))
			return strings.Contains(sup, "CharmBase") || strings.Contains(sup, "Object")
		}
	}
	return false
}

func (c *checker) initReport(cl *class, fn, at *node, via, what string) {
	if at == nil {
		at = c.initSite
		what = strings.TrimPrefix(via, "\x00") + " → " + what
	}
	for _, f := range c.out {
		if f.Rule == WorkInInit && f.Pos.Line == at.Line() && f.Pos.Col == at.Col() {
			return
		}
	}
	c.report(at, WorkInInit, "__init__ of %s does work (%s): ops runs it on every event, before any handler, and on events unrelated to it; move the work to the reconciler or to the handler of the event it belongs to", cl.name, what)
}

// localFileWork reports whether a call works on the charm's local files
// (os, shutil, pathlib): cheap setup that libraries constructed in
// __init__ often need first (alert rules copied into place), not reported.
func localFileWork(n *node) bool {
	if n.Type != "call" {
		return false
	}
	recv, name := callParts(n)
	rt := text(recv)
	return rt == "os" || rt == "shutil" || (fileOps[name] && recv != nil) || (name == "open" && recv == nil)
}

// portSync reports whether n opens or closes a port in a function that
// reads opened_ports(): it syncs the ports to a plan (open what is missing,
// close what is extra), which changes nothing once they agree.
func portSync(n *node) bool {
	if n.Type != "call" {
		return false
	}
	if _, name := callParts(n); name != "open_port" && name != "close_port" && name != "set_ports" {
		return false
	}
	fn := enclosingFunc(n)
	if fn == nil {
		return false
	}
	for _, call := range calls(fn) {
		if _, name := callParts(call); name == "opened_ports" {
			return true
		}
	}
	return false
}
