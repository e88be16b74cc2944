package python

import (
	"regexp"
	"strings"
)

// awaitsUnseenRelation reports whether a defer() in a reconciler waits for
// a relation that no event brings back to it on every unit: the condition
// that leads to the defer reads relations (their presence or their data),
// and no handler that runs on every unit (not returning at once on
// non-leaders) reaches the defer's function from an event of one of those
// relations, a periodic event, every event, or an event the rules cannot
// place. Then "the next event finishes the job" is false on the units that
// wait: magma's NMS defers until the db relation exists, and the only db
// event it observes runs the reconciler on the leader alone.
func (c *checker) awaitsUnseenRelation(call *node) bool {
	if c.declared == nil || len(c.declared.Endpoints) == 0 {
		return false
	}
	fn := enclosingFunc(call)
	if fn == nil || c.runsPeriodically(call) {
		return false
	}
	var rels map[string]bool
	cond := guardHere(call, func(cond *node) bool {
		rels = map[string]bool{}
		c.relationsRead(fn, cond, 2, map[*node]bool{}, rels)
		return len(rels) > 0
	})
	if cond == nil {
		return false
	}
	for _, cl := range c.classes {
		for _, h := range cl.order {
			if leaderGated(h.fn) || !c.leadsTo(h.fn, fn) {
				continue
			}
			for _, ev := range h.events {
				if c.mayBring(cl, ev, rels) {
					return false
				}
			}
		}
	}
	return true
}

// mayBring reports whether the event ev, observed in cl, may bring one of
// rels: one of their relation events, a library event of an object made
// for one of them, every event, or an event the rules cannot place.
func (c *checker) mayBring(cl *class, ev string, rels map[string]bool) bool {
	if periodicEvent(ev) || ev == "?" || strings.HasPrefix(ev, "*") || strings.HasPrefix(ev, "self.") {
		return true
	}
	if m := relationEventRE.FindStringSubmatch(ev); m != nil {
		return rels[m[1]]
	}
	obj, _, ok := strings.Cut(ev, ".on.")
	if !ok {
		return false // an ops event of the unit: config, Pebble, storage, an action
	}
	made := c.libEndpoints(cl, obj)
	if made == nil {
		return true // a library object whose relation the rules cannot name
	}
	for r := range made {
		if rels[r] {
			return true
		}
	}
	return false
}

// libEndpoints returns the endpoints (as in event names, with underscores)
// that the library object self.<obj> is made for: the relation names among
// the arguments of the call that builds it. Nil when the rules cannot name
// one: the object is not built in the class, or takes its relation from a
// default.
func (c *checker) libEndpoints(cl *class, obj string) map[string]bool {
	var out map[string]bool
	for _, m := range cl.methods {
		m.Walk(func(n *node) bool {
			if n.Type != "assignment" || text(n.Child("left")) != "self."+obj {
				return true
			}
			v := assignedValue(n)
			if v == nil || v.Type != "call" {
				return true
			}
			found := map[string]bool{}
			if args := v.Child("arguments"); args != nil {
				c.relationsRead(m, args, 0, map[*node]bool{}, found)
			}
			if len(found) > 0 {
				if out == nil {
					out = map[string]bool{}
				}
				for r := range found {
					out[r] = true
				}
			}
			return true
		})
	}
	return out
}

// relationsRead adds to out the charm's endpoints that e names: string
// literals and constants (local, module, class) whose value is a declared
// endpoint, and, depth levels down, those named in the bodies of the
// charm's methods and properties e calls (self._db_ready, whose body asks
// self.model.get_relation("db")).
func (c *checker) relationsRead(fn, e *node, depth int, seen map[*node]bool, out map[string]bool) {
	cl := c.classFor(fn)
	add := func(s string) {
		if c.declared.Endpoints[s] {
			out[strings.ReplaceAll(s, "-", "_")] = true
		}
	}
	e.Walk(func(n *node) bool {
		switch n.Type {
		case "string":
			if s, ok := strValue(n); ok {
				add(s)
			}
			return false
		case "identifier":
			for _, s := range c.stringValues(fn, n) {
				add(s)
			}
		case "attribute":
			if cl == nil {
				break
			}
			obj, name := n.Child("object"), n.Child("attribute").Text()
			if !isSelf(obj) && text(obj) != cl.name {
				break
			}
			if v := classBodyValue(cl, name); v != nil {
				if s, ok := strValue(v); ok {
					add(s)
				}
			}
			if m := cl.methods[name]; m != nil && depth > 0 && !seen[m] {
				seen[m] = true
				c.relationsRead(m, m.Child("body"), depth-1, seen, out)
			}
			return false
		}
		return true
	})
}

// leadsTo reports whether from is to, or calls (or references) it through
// the charm's call graph: spread's reach from one root.
func (c *checker) leadsTo(from, to *node) bool {
	reach := map[*node]string{}
	c.spread([]root{{fn: from}}, reach)
	_, ok := reach[to]
	return ok
}

// relationClears reports whether a blocked status that install sets (n)
// waits for a relation that, once the operator adds it, brings a handler
// that sets the unit active on every unit: the message names the relation
// ("waiting for node relation"), and a handler of one of its events (or
// of a library object made for it) that does not return at once on
// non-leaders sets ActiveStatus (hpc-node). Install runs once, so only the
// relation's arrival changes the status, and it does. Start is not
// treated so: it runs again after a reboot, when the relation is already
// there and brings no event (filebeat).
func (c *checker) relationClears(cl *class, h *handler, n *node) bool {
	if c.declared == nil || len(h.events) != 1 || h.events[0] != "install" {
		return false
	}
	msg := strings.ToLower(n.Text())
	if !strings.Contains(msg, "relation") {
		return false
	}
	named := map[string]bool{}
	for ep := range c.declared.Endpoints {
		if relationWordRE(ep).MatchString(msg) {
			named[strings.ReplaceAll(ep, "-", "_")] = true
		}
	}
	if len(named) == 0 {
		return false
	}
	for _, o := range cl.order {
		if o == h || leaderGated(o.fn) || !anySetsActive(o.fn) {
			continue
		}
		for _, ev := range o.events {
			if m := relationEventRE.FindStringSubmatch(ev); m != nil && named[m[1]] && m[2] != "departed" && m[2] != "broken" {
				return true
			}
			if obj, _, ok := strings.Cut(ev, ".on."); ok {
				for r := range c.libEndpoints(cl, obj) {
					if named[r] {
						return true
					}
				}
			}
		}
	}
	return false
}

// relationWordRE matches an endpoint's name as a word of a status message,
// spelled with dashes, underscores or spaces.
func relationWordRE(ep string) *regexp.Regexp {
	parts := strings.FieldsFunc(strings.ToLower(ep), func(r rune) bool { return r == '-' || r == '_' })
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(^|[^a-z0-9])` + strings.Join(parts, `[-_ ]`) + `($|[^a-z0-9])`)
}
