package python

// classConstant reports whether e is a value that is the same on every
// run, seen with the class of fn: a constant (constantValue), self.X or
// Cls.X where X is a class attribute bound to a constant in the class body
// and never assigned through self, Port("tcp", <constant>) and
// ops.Port(...) of constants, and lists or tuples of those. The charms'
// own idiom for ports (`_port = 9115` in the class, then
// `self.unit.set_ports(self._port)`) is static setup, not work.
func (c *checker) classConstant(fn, e *node) bool {
	if e == nil {
		return false
	}
	if constantValue(e) {
		return true
	}
	switch e.Type {
	case "attribute":
		cl := c.classFor(fn)
		if cl == nil {
			return false
		}
		obj := e.Child("object")
		if !isSelf(obj) && text(obj) != cl.name {
			return false
		}
		return c.constantClassAttr(cl, e.Child("attribute").Text())
	case "call":
		switch f := text(e.Child("function")); f {
		case "Port", "ops.Port", "model.Port", "ops.model.Port":
			args := e.Child("arguments")
			if args == nil {
				return false
			}
			for _, a := range args.NamedChildren() {
				v := a
				if a.Type == "keyword_argument" {
					v = a.Child("value")
				}
				if a.Type != "comment" && !c.classConstant(fn, v) {
					return false
				}
			}
			return true
		}
	case "parenthesized_expression", "list", "tuple", "set", "argument_list":
		for _, ch := range e.NamedChildren() {
			if ch.Type == "comment" {
				continue
			}
			if ch.Type == "keyword_argument" {
				ch = ch.Child("value")
			}
			if !c.classConstant(fn, ch) {
				return false
			}
		}
		return true
	}
	return false
}

// constantClassAttr reports whether the class body binds name to a
// constant and no method assigns self.<name>, or __init__ alone assigns
// self.<name> a constant, once.
func (c *checker) constantClassAttr(cl *class, name string) bool {
	def := classBodyValue(cl, name)
	// Assignments through self: none when the class body binds it; else
	// exactly one, of a constant, in __init__ (self.port = 2111), which
	// is as constant as a class attribute.
	var selfDefs []*node
	inInit := true
	for _, fn := range cl.methods {
		fn.Walk(func(n *node) bool {
			if (n.Type == "assignment" || n.Type == "augmented_assignment") && text(n.Child("left")) == "self."+name {
				selfDefs = append(selfDefs, n)
				if n.Type != "assignment" || funcName(enclosingFunc(n)) != "__init__" {
					inInit = false
				}
			}
			return true
		})
	}
	if def != nil {
		return constantValue(def) && len(selfDefs) == 0
	}
	return len(selfDefs) == 1 && inInit && constantValue(assignedValue(selfDefs[0]))
}

// classBodyValue returns the value the class body binds name to (the last
// binding), or nil.
func classBodyValue(cl *class, name string) *node {
	var def *node
	for _, fn := range cl.methods {
		body := enclosingClassBody(fn)
		if body == nil {
			continue
		}
		for _, st := range body.NamedChildren() {
			if st.Type != "expression_statement" {
				continue
			}
			for _, as := range st.NamedChildren() {
				if as.Type == "assignment" && text(as.Child("left")) == name {
					def = assignedValue(as)
				}
			}
		}
		break
	}
	return def
}

// assignedValue is the value an assignment binds, through a chain
// (self.a = (self.b) = CONST binds CONST to both).
func assignedValue(as *node) *node {
	v := as.Child("right")
	for v != nil && v.Type == "assignment" {
		v = v.Child("right")
	}
	return v
}

// enclosingClassBody returns the body block of the class a method is
// defined in, or nil.
func enclosingClassBody(fn *node) *node {
	p := fn.Parent
	if p != nil && p.Type == "decorated_definition" {
		p = p.Parent
	}
	if p != nil && p.Type == "block" && p.Parent != nil && p.Parent.Type == "class_definition" {
		return p
	}
	return nil
}
