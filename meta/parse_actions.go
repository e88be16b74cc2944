package meta

import (
	"fmt"
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
		if p := v.Get("params"); p != nil && p.Kind != KindNull && l.expect(p, aw+" params", KindMap) {
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
