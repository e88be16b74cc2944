package python

import (
	"regexp"
	"sort"
	"strings"
)

// A <container>_pebble_ready handler that sets up that container, and only
// that one, from constants is not a thin-handler problem when no reconciler
// of the class touches the container: the handler is the only code that
// manages it, so "observe the event with the reconciler instead" would drop
// the work. Loki's node-exporter sidecar is the case: its pebble-ready
// handler adds a constant layer, and _configure manages the loki container.

// ownContainerSetup reports whether h, on evs, is such a handler.
func (c *checker) ownContainerSetup(cl *class, h *handler, evs []string) bool {
	want := ""
	for _, ev := range evs {
		name, ok := strings.CutSuffix(ev, "_pebble_ready")
		if !ok || (want != "" && name != want) {
			return false
		}
		want = name
	}
	if want == "" {
		return false
	}
	if c.onlySeedsFiles(cl, h.fn, want, 0, map[*node]bool{}) {
		return true
	}
	if c.readsInput(cl, h.fn) {
		return false
	}
	used := c.containersDeep(cl, h.fn, want, 0, map[*node]bool{})
	if len(used) != 1 || used[0] != want {
		return false
	}
	// Another handler or a reconciler that names the container (a string,
	// an attribute, event.workload of its pebble-ready, a resolved
	// get_container) manages it too: then the work belongs together.
	others := []*node{}
	for name := range cl.reconcilers {
		if fn := cl.methods[name]; fn != nil && fn != h.fn {
			others = append(others, fn)
		}
	}
	for _, o := range cl.order {
		// An action that runs a command in the container (icey's
		// create-user: radosgw-admin) uses it; it does not set it up.
		if o.fn != h.fn && !onlyActions(o.events) {
			others = append(others, o.fn)
		}
	}
	for _, fn := range others {
		if c.namesContainer(cl, fn, want) {
			return false
		}
		for _, u := range c.containersDeep(cl, fn, "", 0, map[*node]bool{}) {
			if u == want {
				return false
			}
		}
	}
	return true
}

// namesContainer reports whether fn spells the container's name in a
// string ("dummy-http-server") or names an attribute after it
// (self._dummy_http_server_container.can_connect()). A method or property
// of the class named after it counts only when it works on the container:
// one that asks the server over HTTP (self._dummy_http_server_running)
// reads the workload and does not manage the container.
func (c *checker) namesContainer(cl *class, fn *node, want string) bool {
	dashed := strings.ReplaceAll(want, "_", "-")
	found := false
	fn.Walk(func(n *node) bool {
		if found {
			return false
		}
		switch n.Type {
		case "string":
			if s, ok := strValue(n); ok && (s == want || s == dashed) {
				found = true
			}
		case "attribute":
			a := n.Child("attribute").Text()
			if !strings.Contains(a, want) {
				break
			}
			m := cl.methods[a]
			if m == nil || m == fn {
				found = true
				break
			}
			for _, u := range c.containersDeep(cl, m, "", 1, map[*node]bool{}) {
				if u == want {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// inputRE matches the inputs that other events change: configuration,
// relation data, secrets. A pebble-ready handler that reads them has to be
// run again when they change, which is the reconciler's job.
var inputRE = regexp.MustCompile(`\.config\b|relation|get_secret|\.data\[`)

// readsInput reports whether fn, or a method or property of the class it
// names (one level down), reads configuration, relation data or secrets.
// What only goes into a status message (ActiveStatus(f"via {self.url}"))
// does not count: the status is not the container's setup.
func (c *checker) readsInput(cl *class, fn *node) bool {
	found := false
	fn.Walk(func(n *node) bool {
		if found {
			return false
		}
		if n.Type == "call" && strings.HasSuffix(text(n.Child("function")), "Status") {
			return false
		}
		if (n.Type == "attribute" || n.Type == "identifier" || n.Type == "subscript") && inputRE.MatchString(text(n)) {
			found = true
			return false
		}
		if n.Type == "attribute" && isSelf(n.Child("object")) {
			for _, m := range c.methodImpls(cl, n.Child("attribute").Text()) {
				if m != fn && inputRE.MatchString(text(m)) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// containerOpRE names the Pebble calls of ops.Container.
var containerOpRE = regexp.MustCompile(`^(add_layer|replan|restart|start|stop|push|push_path|pull|make_dir|remove_path|exec|autostart|send_signal)$`)

// containersIn lists, sorted, the names of the containers fn calls Pebble
// operations on (normalised to the event spelling: - as _). "?" stands for
// a container it cannot name; event.workload is evContainer.
func (c *checker) containersIn(cl *class, fn *node, evContainer string) []string {
	set := map[string]bool{}
	for _, call := range calls(fn) {
		recv, name := callParts(call)
		if recv == nil || !containerOpRE.MatchString(name) {
			continue
		}
		set[c.containerName(cl, fn, recv, evContainer, 0)] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// containersDeep is containersIn for fn and the methods of its class it
// calls (not reconcilers: a call to one is delegation), a few levels down.
func (c *checker) containersDeep(cl *class, fn *node, evContainer string, depth int, seen map[*node]bool) []string {
	if fn == nil || seen[fn] || depth > 3 {
		return nil
	}
	seen[fn] = true
	set := map[string]bool{}
	for _, n := range c.containersIn(cl, fn, evContainer) {
		set[n] = true
	}
	for _, call := range calls(fn) {
		if m := selfMethod(call.Child("function")); m != "" && cl.methods[m] != nil && !cl.isReconciler(m) {
			for _, n := range c.containersDeep(cl, cl.methods[m], "", depth+1, seen) {
				set[n] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// containerName resolves a receiver to the container it holds: a
// get_container("name") call, directly, through a local, or through an
// attribute of self assigned one in any method of the class.
func (c *checker) containerName(cl *class, fn, e *node, evContainer string, depth int) string {
	if e == nil || depth > 3 {
		return "?"
	}
	if e.Type == "call" {
		if _, name := callParts(e); name == "get_container" {
			// A literal, or a module constant (NGINX_NAME = "maubot-nginx"),
			// or an attribute the class sets to one (self._container_name).
			a := arg(e, 0, "container_name")
			if vs := c.stringValues(fn, a); len(vs) == 1 {
				return strings.ReplaceAll(vs[0], "-", "_")
			}
			if v := selfAttrValue(cl, a); v != nil {
				// self._name = self.NAME, a class constant.
				if v.Type == "attribute" && (isSelf(v.Child("object")) || text(v.Child("object")) == cl.name) {
					if cv := classBodyValue(cl, v.Child("attribute").Text()); cv != nil {
						v = cv
					}
				}
				if vs := c.stringValues(fn, v); len(vs) == 1 {
					return strings.ReplaceAll(vs[0], "-", "_")
				}
			}
		}
		return "?"
	}
	if text(e) == "event.workload" && evContainer != "" {
		return evContainer
	}
	if e.Type == "identifier" {
		if v := localValue(fn, e.Text(), e); v != nil && v != e {
			return c.containerName(cl, fn, v, evContainer, depth+1)
		}
		return "?"
	}
	if e.Type == "attribute" && isSelf(e.Child("object")) {
		attr := e.Child("attribute").Text()
		found := "?"
		for _, m := range cl.methodList() {
			m.Walk(func(n *node) bool {
				if n.Type == "assignment" && text(n.Child("left")) == "self."+attr {
					found = c.containerName(cl, m, assignedValue(n), "", depth+1)
					return false
				}
				return true
			})
			if found != "?" {
				break
			}
		}
		if found == "?" {
			// A property that returns the container (return self._container).
			if impls := c.methodImpls(cl, attr); len(impls) == 1 && isProperty(impls[0]) {
				if rets := returns(impls[0]); len(rets) == 1 {
					found = c.containerName(cl, impls[0], rets[0], evContainer, depth+1)
				}
			}
		}
		return found
	}
	return "?"
}

// selfAttrValue returns the value the class assigns to self.x, when e is
// self.x and exactly one method assigns it.
func selfAttrValue(cl *class, e *node) *node {
	if e == nil || e.Type != "attribute" || !isSelf(e.Child("object")) {
		return nil
	}
	want := text(e)
	var v *node
	n := 0
	for _, m := range cl.methodList() {
		m.Walk(func(x *node) bool {
			if x.Type == "assignment" && strings.Trim(text(x.Child("left")), "()") == want {
				v = assignedValue(x)
				n++
			}
			return true
		})
	}
	if n != 1 {
		return nil
	}
	return v
}

// onlySeedsFiles reports whether fn, and the methods of the class it calls
// (reconcilers aside: a call to one is delegation), works on no container
// but want and only puts files there (push, push_path, make_dir) from no
// input the other events change: seeding the files a just-started
// container needs (seldon-core pushes its stored webhook certs on
// pebble-ready, then runs its reconciler). A restarted container starts
// without them, and pebble-ready is the event that says so.
func (c *checker) onlySeedsFiles(cl *class, fn *node, want string, depth int, seen map[*node]bool) bool {
	if fn == nil || seen[fn] || depth > 3 || inputRE.MatchString(text(fn)) {
		return false
	}
	seen[fn] = true
	pushed := false
	for _, call := range calls(fn) {
		recv, name := callParts(call)
		if recv != nil && containerOpRE.MatchString(name) && isContainer(fn, recv) {
			if name != "push" && name != "push_path" && name != "make_dir" && name != "pull" && name != "exists" {
				return false
			}
			if c.containerName(cl, fn, recv, want, 0) != want {
				return false
			}
			pushed = pushed || name != "pull" && name != "exists"
			continue
		}
		if m := selfMethod(call.Child("function")); m != "" && cl.methods[m] != nil && !cl.isReconciler(m) && cl.methods[m] != fn {
			if c.doesWork(cl, m) {
				if !c.onlySeedsFiles(cl, cl.methods[m], want, depth+1, seen) {
					return false
				}
				pushed = true
			}
		}
	}
	return pushed
}

// onlyActions reports whether every event is an action's.
func onlyActions(evs []string) bool {
	for _, ev := range evs {
		if !strings.HasSuffix(ev, "_action") {
			return false
		}
	}
	return len(evs) > 0
}
