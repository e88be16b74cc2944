package meta

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

var actionKeys = []string{"description", "title", "params", "required", "parallel", "execution-group", "additionalProperties"}

// jsonSchemaTypes are the type names JSON Schema draft 4 accepts.
var jsonSchemaTypes = map[string]bool{
	"string": true, "integer": true, "number": true, "boolean": true,
	"object": true, "array": true, "null": true,
}

func (l *loader) parseActions(n *Node) {
	if n.Kind == KindNull {
		return
	}
	if !l.expect(n, "actions", KindMap) {
		return
	}
	for _, e := range n.Entries {
		a := &Action{Name: e.Key, Pos: e.KeyPos, Schema: e.Value}
		l.c.Actions = append(l.c.Actions, a)
		aw := fmt.Sprintf("action %q", e.Key)
		v := e.Value
		if v.Kind == KindNull {
			l.r.warnf(e.KeyPos, "action-description", "%s has no description; charmcraft requires one", aw)
			continue
		}
		if !l.expect(v, aw, KindMap) {
			continue
		}
		a.Description = l.str(v.Get("description"), aw+" description")
		if !a.Description.Set {
			l.r.warnf(e.KeyPos, "action-description", "%s has no description; charmcraft requires one", aw)
		}
		a.Title = l.str(v.Get("title"), aw+" title")
		a.Parallel = l.boolean(v.Get("parallel"), aw+" parallel")
		a.ExecutionGroup = l.str(v.Get("execution-group"), aw+" execution-group")
		if ap := v.Get("additionalProperties"); ap != nil {
			if ap.Kind == KindBool {
				a.AdditionalProperties = Bool{V: ap.Bool, Pos: ap.Pos, Set: true}
			} else if ap.Kind == KindMap {
				// A schema for extra params: extra params are allowed.
				a.AdditionalProperties = Bool{V: true, Pos: ap.Pos, Set: true}
				l.checkSchema(ap, aw+" additionalProperties")
			} else {
				l.r.errorf(ap.Pos, "type", "%s additionalProperties must be true, false or a schema, not %s", aw, describe(ap))
			}
		}
		for _, k := range []string{"$ref", "$schema"} {
			if x := v.Entry(k); x != nil {
				l.r.errorf(x.KeyPos, "action-schema", "%s uses %s, which Juju forbids in action schemas; inline the definition", aw, k)
			}
		}
		// Juju inserts params into the action's JSON Schema as its
		// "properties" and copies other keys as they are, so an action that
		// writes "properties" itself instead of "params" has those params
		// (juju/charm actions.go; charms such as synapse do this).
		params := v.Get("params")
		if params == nil || params.Kind == KindNull {
			if props := v.Get("properties"); props != nil && props.Kind == KindMap {
				params = props
			}
		} else if props := v.Entry("properties"); props != nil {
			l.r.warnf(props.KeyPos, "unknown-key", "%s has both params and properties; Juju puts params into the schema's properties, so write the params under params only", aw)
		}
		if p := params; p != nil && p.Kind != KindNull && l.expect(p, aw+" params", KindMap) {
			for _, pe := range p.Entries {
				param := &Param{Name: pe.Key, Pos: pe.KeyPos, Schema: pe.Value}
				a.Params = append(a.Params, param)
				pw := fmt.Sprintf("param %q of %s", pe.Key, aw)
				if pe.Value.Kind == KindNull {
					l.r.warnf(pe.KeyPos, "param-type", "%s has no schema; add at least a type and a description", pw)
					param.Schema = &Node{Kind: KindMap, Pos: pe.KeyPos}
					continue
				}
				if !l.expect(pe.Value, pw, KindMap) {
					param.Schema = &Node{Kind: KindMap, Pos: pe.Value.Pos}
					continue
				}
				l.checkSchema(pe.Value, pw)
			}
		}
		if r := v.Get("required"); r != nil && r.Kind != KindNull {
			a.Required = l.strList(r, aw+" required", false)
			for _, req := range a.Required {
				found := false
				for _, p := range a.Params {
					if p.Name == req.V {
						found = true
					}
				}
				if !found {
					l.r.warnf(req.Pos, "action-required", "%s requires param %q, which it does not define; the action can never be run with valid params", aw, req.V)
				}
			}
		}
		// Anything else is a JSON Schema keyword copied into the schema:
		// allowed, but unknown ones are usually typos.
		for _, ke := range v.Entries {
			if !contains(actionKeys, ke.Key) && !strings.HasPrefix(ke.Key, "$") && !jsonSchemaKeywords[ke.Key] {
				l.r.warnf(ke.KeyPos, "unknown-key", "unknown key %q in %s; Juju copies it into the params schema", ke.Key, aw)
			}
		}
	}
}

// jsonSchemaKeywords are the draft 4 keywords a schema may use.
var jsonSchemaKeywords = map[string]bool{
	"type": true, "description": true, "title": true, "default": true, "enum": true,
	"const": true, "properties": true, "required": true, "items": true,
	"additionalProperties": true, "additionalItems": true, "minimum": true, "maximum": true,
	"exclusiveMinimum": true, "exclusiveMaximum": true, "minLength": true, "maxLength": true,
	"pattern": true, "format": true, "minItems": true, "maxItems": true, "uniqueItems": true,
	"multipleOf": true, "minProperties": true, "maxProperties": true, "patternProperties": true,
	"dependencies": true, "allOf": true, "anyOf": true, "oneOf": true, "not": true,
	"definitions": true, "examples": true, "readOnly": true, "writeOnly": true,
}

// checkSchema looks for the defects real charms carry in param schemas and
// reports them as warnings: Juju accepts most of them, but the params then
// are not what the author meant. A type name JSON Schema does not know is
// an error, because Juju cannot compile the schema.
func (l *loader) checkSchema(n *Node, what string) {
	l.checkSchemaDepth(n, what, 0)
}

func (l *loader) checkSchemaDepth(n *Node, what string, depth int) {
	if n == nil || n.Kind != KindMap || depth > 50 {
		return
	}
	t := n.Get("type")
	var types []string
	switch {
	case t == nil:
		if n.Get("enum") == nil && n.Get("const") == nil && n.Get("$ref") == nil &&
			n.Get("anyOf") == nil && n.Get("oneOf") == nil && n.Get("allOf") == nil {
			l.r.warnf(n.Pos, "param-type", "%s has no type; any JSON value is accepted, add one such as type: string", what)
		}
	case t.Kind == KindString:
		types = []string{t.Str}
	case t.Kind == KindSeq:
		for _, it := range t.Items {
			if it.Kind == KindString {
				types = append(types, it.Str)
			}
		}
	default:
		l.r.errorf(t.Pos, "param-type", "%s type must be a type name or a list of them, not %s", what, describe(t))
	}
	for _, ty := range types {
		if !jsonSchemaTypes[ty] {
			hint := ""
			switch ty {
			case "list":
				hint = "; did you mean array?"
			case "str":
				hint = "; did you mean string?"
			case "int":
				hint = "; did you mean integer?"
			case "bool":
				hint = "; did you mean boolean?"
			case "float", "double":
				hint = "; did you mean number?"
			case "dict", "map":
				hint = "; did you mean object?"
			}
			l.r.errorf(t.Pos, "param-type", "%s has type %q, which JSON Schema does not know, so Juju cannot compile the schema%s", what, ty, hint)
		}
	}
	if de := n.Entry("default"); de != nil && de.Value.Kind != KindNull {
		l.checkParamDefault(n, de.Value, what, "default", 0)
	}
	if e := n.Entry("enumerate"); e != nil {
		l.r.warnf(e.KeyPos, "param-enum", "%s uses 'enumerate', which JSON Schema ignores; rename it to 'enum'", what)
	}
	if contains(types, "array") && n.Get("items") == nil {
		l.r.warnf(n.Pos, "param-items", "%s is an array without 'items'; its elements are not checked, add items: {type: ...}", what)
	}
	if e := n.Entry("$ref"); e != nil {
		l.r.errorf(e.KeyPos, "action-schema", "%s uses $ref, which Juju forbids in action schemas; inline the definition", what)
	}
	if p := n.Get("properties"); p != nil && p.Kind == KindMap {
		for _, pe := range p.Entries {
			l.checkSchemaDepth(pe.Value, fmt.Sprintf("%s.%s", what, pe.Key), depth+1)
		}
	}
	if it := n.Get("items"); it != nil {
		if it.Kind == KindMap {
			l.checkSchemaDepth(it, what+"[]", depth+1)
		} else if it.Kind == KindSeq {
			for i, x := range it.Items {
				l.checkSchemaDepth(x, fmt.Sprintf("%s[%d]", what, i), depth+1)
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

// schemaTypes returns the type names a schema's type keyword lists.
func schemaTypes(n *Node) []string {
	t := n.Get("type")
	switch {
	case t == nil:
		return nil
	case t.Kind == KindString:
		return []string{t.Str}
	case t.Kind == KindSeq:
		var out []string
		for _, it := range t.Items {
			if it.Kind == KindString {
				out = append(out, it.Str)
			}
		}
		return out
	}
	return nil
}

// fitsType reports whether a YAML value is a JSON value of a schema type.
// An integer also fits number, and a float with no fraction fits integer,
// as JSON Schema draft 4 has it.
func fitsType(ty string, v *Node) bool {
	switch ty {
	case "string":
		return v.Kind == KindString
	case "integer":
		return v.Kind == KindInt || (v.Kind == KindFloat && v.Float == math.Trunc(v.Float) && !math.IsInf(v.Float, 0))
	case "number":
		return v.Kind == KindInt || v.Kind == KindFloat
	case "boolean":
		return v.Kind == KindBool
	case "array":
		return v.Kind == KindSeq
	case "object":
		return v.Kind == KindMap
	case "null":
		return v.Kind == KindNull
	}
	return true // an unknown type name is reported on its own
}

// defaultHint says how to write a value of a type, for a default that is
// not one.
func defaultHint(ty string, v *Node) string {
	switch ty {
	case "string":
		if v.Kind == KindInt || v.Kind == KindFloat || v.Kind == KindBool {
			return fmt.Sprintf("quote it: default: %q", v.Raw)
		}
		return `write a string, such as default: ""`
	case "integer":
		if v.Kind == KindString && intRE.MatchString(v.Str) {
			return "write it without quotes: default: " + v.Str
		}
		return "write a whole number, such as default: 3"
	case "number":
		if v.Kind == KindString && numberRE.MatchString(v.Str) {
			return "write it without quotes: default: " + v.Str
		}
		return "write a number, such as default: 1.5 (a duration as seconds, say)"
	case "boolean":
		return "write true or false, without quotes"
	case "array":
		return "write a list, such as default: []"
	case "object":
		return "write a mapping, such as default: {}"
	}
	return "write a value of that type"
}

var (
	intRE    = regexp.MustCompile(`^-?[0-9]+$`)
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
)

// sameValue reports whether two YAML values are the same JSON value.
func sameValue(a, b *Node) bool {
	num := func(n *Node) (float64, bool) {
		switch n.Kind {
		case KindInt:
			return float64(n.Int), true
		case KindFloat:
			return n.Float, true
		}
		return 0, false
	}
	if x, ok := num(a); ok {
		y, ok := num(b)
		return ok && x == y
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case KindString:
		return a.Str == b.Str
	case KindBool:
		return a.Bool == b.Bool
	case KindNull:
		return true
	case KindSeq:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !sameValue(a.Items[i], b.Items[i]) {
				return false
			}
		}
		return true
	case KindMap:
		if len(a.Entries) != len(b.Entries) {
			return false
		}
		for _, e := range a.Entries {
			o := b.Get(e.Key)
			if o == nil || !sameValue(e.Value, o) {
				return false
			}
		}
		return true
	}
	return a.Raw == b.Raw
}

// checkParamDefault checks an action param's default (or an element of
// it, path naming which) against the param's schema: its type, its enum,
// and the items and properties of a list or mapping default. Juju fills
// the default in when the operator gives no value, and neither Juju nor
// charmcraft checks it against the schema, so a wrong one reaches the
// charm (and charmgen gen would write it into a typed field).
func (l *loader) checkParamDefault(schema, v *Node, what, path string, depth int) {
	if schema == nil || schema.Kind != KindMap || v == nil || depth > 20 {
		return
	}
	if types := schemaTypes(schema); len(types) > 0 {
		fits := false
		for _, ty := range types {
			if fitsType(ty, v) {
				fits = true
				break
			}
		}
		if !fits {
			l.r.errorf(v.Pos, "param-default", "the %s of %s is %s, not of its type %s; Juju passes the default to the charm when the operator gives no value, so the charm would get a value its own schema rejects: %s",
				path, what, describe(v), strings.Join(types, " or "), defaultHint(types[0], v))
			return
		}
	}
	if e := schema.Get("enum"); e != nil && e.Kind == KindSeq && len(e.Items) > 0 {
		found := false
		var vals []string
		for _, it := range e.Items {
			if sameValue(it, v) {
				found = true
				break
			}
			if it.Raw != "" {
				vals = append(vals, it.Raw)
			} else {
				vals = append(vals, describe(it))
			}
		}
		if !found {
			l.r.errorf(v.Pos, "param-default", "the %s of %s is %s, which is not one of its enum values (%s); Juju passes the default to the charm when the operator gives no value: use one of them, or add it to the enum",
				path, what, describe(v), strings.Join(vals, ", "))
			return
		}
	}
	switch v.Kind {
	case KindSeq:
		if items := schema.Get("items"); items != nil && items.Kind == KindMap {
			for i, it := range v.Items {
				l.checkParamDefault(items, it, what, fmt.Sprintf("%s[%d]", path, i), depth+1)
			}
		}
	case KindMap:
		if props := schema.Get("properties"); props != nil && props.Kind == KindMap {
			for _, e := range v.Entries {
				if ps := props.Get(e.Key); ps != nil {
					l.checkParamDefault(ps, e.Value, what, path+"."+e.Key, depth+1)
				}
			}
		}
	}
}
