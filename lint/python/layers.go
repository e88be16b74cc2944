package python

// replanStartsNothing reports whether a replan on the container call's
// receiver names can start no service: every layer the charm's class adds
// to that receiver is resolved to a literal whose services are all
// startup: disabled. Pebble's replan restarts only services whose
// definition changed and starts only startup-enabled ones, so with such
// layers it applies a changed layer and nothing else: the hazard PY004
// reports for replan (a stopped service started again on every event)
// cannot happen. Any layer the linter cannot read keeps the finding.
func (c *checker) replanStartsNothing(fn, call *node) bool {
	recv, _ := callParts(call)
	cl := c.classFor(fn)
	if recv == nil || cl == nil {
		return false
	}
	want := text(recv)
	found, ok := 0, true
	n := 0
	for _, m := range cl.methods {
		for _, add := range calls(m) {
			r, name := callParts(add)
			if name != "add_layer" || r == nil || text(r) != want {
				continue
			}
			found++
			if !c.layerAllDisabled(cl, enclosingFunc(add), arg(add, 1, "layer"), 0, &n) {
				ok = false
			}
		}
	}
	return found > 0 && ok && n > 0
}

// layerAllDisabled reports whether the layer expression e (a dict literal,
// Layer(dict), a local, or a property or method of cl returning one) has
// only services with startup: disabled; it counts them in n (a layer
// with no services says nothing about the plan's other services).
func (c *checker) layerAllDisabled(cl *class, fn, e *node, depth int, n *int) bool {
	if e == nil || fn == nil || depth > maxFlowDepth {
		return false
	}
	switch e.Type {
	case "parenthesized_expression":
		if cs := e.NamedChildren(); len(cs) == 1 {
			return c.layerAllDisabled(cl, fn, cs[0], depth, n)
		}
	case "identifier":
		if v := localValue(fn, e.Text(), e); v != nil && !v.Contains(e) {
			return c.layerAllDisabled(cl, fn, v, depth+1, n)
		}
	case "attribute", "call":
		target := e
		if e.Type == "call" {
			switch _, name := callParts(e); name {
			case "Layer":
				return c.layerAllDisabled(cl, fn, arg(e, 0, "raw"), depth+1, n)
			case "LayerDict", "dict":
				// LayerDict(summary=..., services={...}): the keyword
				// form of the dict literal.
				_, kw := args(e)
				if svcs, ok := kw["services"]; ok {
					return servicesDisabled(svcs, n)
				}
				return len(kw) > 0
			}
			target = e.Child("function")
		}
		if target.Type != "attribute" || !isSelf(target.Child("object")) {
			return false
		}
		impls := c.methodImpls(cl, target.Child("attribute").Text())
		if len(impls) != 1 {
			return false
		}
		rets := returns(impls[0])
		if len(rets) == 0 {
			return false
		}
		for _, r := range rets {
			if !c.layerAllDisabled(cl, impls[0], r, depth+1, n) {
				return false
			}
		}
		return true
	case "dictionary":
		for _, p := range e.NamedChildren() {
			if p.Type != "pair" {
				return false // **spread: unknown keys
			}
			if k, _ := strValue(p.Child("key")); k != "services" {
				continue
			}
			if !servicesDisabled(p.Child("value"), n) {
				return false
			}
		}
		return true
	}
	return false
}

// servicesDisabled reports whether a layer's services literal holds only
// services that do not start by default, counting them in n.
func servicesDisabled(svcs *node, n *int) bool {
	if svcs == nil || svcs.Type != "dictionary" {
		return false
	}
	for _, s := range svcs.NamedChildren() {
		if s.Type != "pair" || !startupDisabled(s.Child("value")) {
			return false
		}
		*n++
	}
	return true
}

// startupDisabled reports whether a service entry is a dict literal whose
// service does not start by default: "startup": "disabled", or no startup
// key at all (Pebble's default) in a definition that replaces, rather than
// merges with, what other layers say.
func startupDisabled(svc *node) bool {
	if svc == nil || svc.Type != "dictionary" {
		return false
	}
	startup, override := "", ""
	for _, p := range svc.NamedChildren() {
		if p.Type != "pair" {
			if p.Type == "dictionary_splat" {
				return false // keys the linter cannot see
			}
			continue
		}
		k, _ := strValue(p.Child("key"))
		v, ok := strValue(p.Child("value"))
		switch k {
		case "startup":
			if !ok {
				return false
			}
			startup = v
		case "override":
			override = v
		}
	}
	if startup == "" {
		return override == "replace"
	}
	return startup == "disabled"
}

// autostartFollows reports whether an unconditional autostart() follows
// the replan, in its function or after every call of that function (one
// level up): autostart starts every startup-enabled service anyway, so
// the replan's own starting of stopped services changes nothing
// (hive-metastore's reconciler applies the layer, then autostarts).
func (c *checker) autostartFollows(fn, call *node) bool {
	after := func(f, at *node) bool {
		for _, k := range calls(f) {
			if k.Start.Row <= at.Start.Row || enclosingFunc(k) != f {
				continue
			}
			if _, name := callParts(k); name == "autostart" && guardedDepth(k, f) == 0 {
				return true
			}
		}
		return false
	}
	if after(fn, call) {
		return true
	}
	sites := c.callSites[fn]
	if len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if f := enclosingFunc(s); f == nil || !after(f, s) {
			return false
		}
	}
	return true
}

// guardedDepth counts the if statements between n and its function f.
func guardedDepth(n, f *node) int {
	d := 0
	for p := n.Parent; p != nil && p != f; p = p.Parent {
		if p.Type == "if_statement" || p.Type == "elif_clause" || p.Type == "else_clause" {
			d++
		}
	}
	return d
}
