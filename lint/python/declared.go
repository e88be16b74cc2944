package python

import (
	"regexp"
	"strings"
)

// PY019: names the code uses that the metadata does not declare. ops builds
// self.on's action and relation events and self.config from the metadata,
// so an undeclared name is a crash in __init__ (an observed event) or a
// KeyError (a config read), or an option that can never be set
// (self.config.get). Only string literals are read; the metadata is known
// only when Options.Declared is set.

// relationEventRE splits an ops relation event name into its endpoint.
var relationEventRE = regexp.MustCompile(`^(\w+?)_relation_(created|joined|changed|departed|broken)$`)

// configRecvRE matches what holds the charm's config: self.config,
// self.model.config, and a component's self._charm.config.
var configRecvRE = regexp.MustCompile(`^self(\.(_?charm|framework))?(\.model)?\.config$`)

// checkDeclared reports observed actions and endpoints, and config options
// read, that the metadata does not declare.
func (c *checker) checkDeclared() {
	d := c.declared
	if d == nil {
		return
	}
	norm := func(m map[string]bool) map[string]bool {
		out := map[string]bool{}
		for k := range m {
			out[strings.ReplaceAll(k, "-", "_")] = true
		}
		return out
	}
	actions, endpoints := norm(d.Actions), norm(d.Endpoints)
	for _, o := range c.observed {
		for _, ev := range o.events {
			if strings.Contains(ev, ".") || strings.HasPrefix(ev, "*") || ev == "?" {
				continue // a library's or the class's own event, or unknown
			}
			if a, ok := strings.CutSuffix(ev, "_action"); ok && d.Actions != nil && !actions[a] {
				c.report(o.call, Undeclared, "%s is observed, but the charm declares no action %q (actions.yaml or charmcraft.yaml actions): ops has no such event, and __init__ fails on every hook; declare it, or drop the handler", ev, strings.ReplaceAll(a, "_", "-"))
				continue
			}
			if strings.HasSuffix(ev, "_action") {
				continue
			}
			if m := relationEventRE.FindStringSubmatch(ev); m != nil && !endpoints[m[1]] {
				c.report(o.call, Undeclared, "%s is observed, but the charm declares no endpoint %q (requires, provides or peers): ops has no such event, and __init__ fails on every hook; declare it, or fix the name", ev, strings.ReplaceAll(m[1], "_", "-"))
			}
		}
	}
	if d.Config == nil {
		return
	}
	c.f.Root.Walk(func(n *node) bool {
		var recv, key *node
		get := false
		switch n.Type {
		case "subscript":
			recv, key = n.Child("value"), n.Child("subscript")
		case "call":
			f := n.Child("function")
			if f != nil && f.Type == "identifier" {
				// cget = self.model.config.get; cget("account-prefix")
				// (cinder-solidfire): the local names the getter.
				if fn := enclosingFunc(n); fn != nil {
					if v := localValue(fn, f.Text(), f); v != nil && v != f {
						f = v
					}
				}
			}
			if f == nil || f.Type != "attribute" || f.Child("attribute").Text() != "get" {
				return true
			}
			recv, key, get = f.Child("object"), arg(n, 0, "key"), true
		default:
			return true
		}
		name, ok := strValue(key)
		if !ok || recv == nil || !c.isConfig(enclosingFunc(n), recv) || d.Config[name] {
			return true
		}
		if f := outermostFunc(n); f != nil && c.dead(f) {
			// A getter left behind that nothing calls (ueransim's
			// _get_usim_opc_from_config): the read never runs.
			return true
		}
		if get {
			c.report(n, Undeclared, "%s reads config option %q, which the charm does not declare (config.yaml or charmcraft.yaml config): it returns its default on every run, as no operator can set it; declare it, or fix the name", text(n.Child("function")), name)
		} else {
			c.report(n, Undeclared, "%s reads config option %q, which the charm does not declare (config.yaml or charmcraft.yaml config): ops raises KeyError; declare it, or fix the name", text(n), name)
		}
		return true
	})
}

// isConfig reports whether e is the charm's config: self.config in a charm
// class (that neither sets self.config nor defines a config property of
// its own), self.model.config, a
// component's self._charm.config, or a local bound to one of them.
func (c *checker) isConfig(fn, e *node) bool {
	if e.Type == "identifier" && fn != nil {
		v := localValue(fn, e.Text(), e)
		return v != nil && v != e && v.Type == "attribute" && c.isConfig(fn, v)
	}
	if e.Type != "attribute" || !configRecvRE.MatchString(text(e)) {
		return false
	}
	if text(e) != "self.config" {
		return true
	}
	cl := c.classFor(fn)
	return cl != nil && charmSubclass(cl) && !setsAttr(cl, "self.config") && len(c.methodImpls(cl, "config")) == 0
}

// charmSubclass reports whether a class is a charm: a base names a charm
// class (CharmBase, ops_sunbeam's OSBaseOperatorCharm...), or a base
// within the charm's code is one.
func charmSubclass(cl *class) bool {
	if sup := cl.def.Child("superclasses"); sup != nil && strings.Contains(text(sup), "Charm") {
		return true
	}
	for _, b := range cl.bases {
		if b != cl && charmSubclass(b) {
			return true
		}
	}
	return false
}

// setsAttr reports whether a method of the class assigns target (self.x).
func setsAttr(cl *class, target string) bool {
	found := false
	for _, m := range cl.methodList() {
		m.Walk(func(n *node) bool {
			if n.Type == "assignment" && text(n.Child("left")) == target {
				found = true
			}
			return !found
		})
	}
	return found
}

// outermostFunc returns the outermost function definition n is in, or nil.
func outermostFunc(n *node) *node {
	var out *node
	for f := enclosingFunc(n); f != nil; f = enclosingFunc(f) {
		out = f
	}
	return out
}
