package schema

import (
	"strings"
	"testing"
)

func parse(t *testing.T, src string) (*Role, []Diag) {
	t.Helper()
	r, d := Parse([]byte(src))
	return r, d
}

func TestParsePydanticShape(t *testing.T) {
	r, diags := parse(t, `{
	  "$defs": {
	    "BaseModel": {"properties": {}, "type": "object"},
	    "Url": {"properties": {"url": {"format": "uri", "minLength": 1, "type": "string"}}, "required": ["url"], "type": "object"},
	    "Data": {"properties": {
	       "ingress": {"contentMediaType": "application/json", "contentSchema": {"$ref": "#/$defs/Url"}, "type": "string"},
	       "chain": {"anyOf": [{"items": {"type": "string"}, "type": "array"}, {"type": "null"}]},
	       "mode": {"$ref": "#/$defs/Mode", "default": "a", "description": "here"},
	       "name": {"type": "string", "default": null}},
	     "required": ["ingress", "chain"], "type": "object"},
	    "Mode": {"enum": ["a", "b"], "type": "string", "description": "the def"}
	  },
	  "properties": {
	    "unit": {"anyOf": [{"$ref": "#/$defs/BaseModel"}, {"type": "null"}], "default": null},
	    "app": {"$ref": "#/$defs/Data"}
	  },
	  "type": "object"
	}`)
	if len(diags) != 0 {
		t.Fatalf("diags: %v", diags)
	}
	if r.Unit != nil || r.App == nil || r.Legacy {
		t.Fatalf("role = %+v", r)
	}
	in := r.App.Property("ingress")
	if in.Node.Content == nil || in.Node.Content.Def != "Url" || in.Node.Content.Property("url").Node.Format != "uri" {
		t.Errorf("ingress = %+v", in.Node)
	}
	ch := r.App.Property("chain")
	if !ch.Required || !ch.Node.Nullable || ch.Node.Kind != KindArray || !ch.Optional() {
		t.Errorf("chain = %+v", ch.Node)
	}
	m := r.App.Property("mode").Node
	if m.Def != "Mode" || m.Description != "here" || m.DefNode.Description != "the def" || m.Default.Str != "a" || len(m.Enum) != 2 {
		t.Errorf("mode = %+v", m)
	}
	if n := r.App.Property("name").Node; n.Default != nil || n.Nullable {
		t.Errorf("a null default on a string means optional, not nullable: %+v", n)
	}
}

func TestParseProblems(t *testing.T) {
	cases := []struct{ src, want string }{
		{``, `#: empty file: no schema`},
		{`{`, `#: not valid JSON`},
		{`[]`, `#: a role schema must be a JSON object`},
		{`{"properties": {"app": {"type": "array"}}}`, `#/properties/app: the app databag must be described by an object schema, not an array`},
		{`{"properties": {"app": {"properties": {"x": {"type": "list"}}}}}`, `#/properties/app/properties/x/type: warning: unknown type "list" (JSON Schema calls it "array")`},
		{`{"properties": {"app": {"properties": {"x": {"type": "string", "pattern": "(?<=a)b"}}}}}`, `#/properties/app/properties/x/pattern: warning: pattern "(?<=a)b" cannot be compiled by Go's regexp`},
		{`{"properties": {"app": {"properties": {"x": {"$ref": "other.json#/a"}}}}}`, `#/properties/app/properties/x/$ref: warning: $ref to another file (other.json#/a) is not followed`},
		{`{"properties": {"app": {"properties": {"x": {"$ref": "#/$defs/Nope"}}}}}`, `warning: $ref target #/$defs/Nope does not exist`},
		{`{"$defs": {"A": {"properties": {"a": {"$ref": "#/$defs/A"}}, "type": "object"}}, "properties": {"app": {"$ref": "#/$defs/A"}}}`, `warning: recursive $ref to #/$defs/A is not supported`},
		{`{"properties": {"app": {"type": "object"}, "prefix": {"type": "string"}}}`, `#/properties/prefix: warning: field "prefix" is declared beside app and unit`},
		{`{"$schema": "x", "properties": {"a": {"type": "string"}}}`, `#: warning: legacy hand-written schema: one flat databag`},
		{`{"properties": {"app": {"properties": {"x": {"type": "integer", "default": "7"}}}}}`, `warning: default "7" is not an integer; ignored`},
		{`{"properties": {"app": {"properties": {"x": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}}}`, `warning: anyOf with several different branches is not supported`},
		{`{"properties": {"app": {"required": ["y"], "properties": {}}}}`, `warning: required property "y" is not declared in properties`},
	}
	for _, c := range cases {
		_, diags := parse(t, c.src)
		var all []string
		for _, d := range diags {
			all = append(all, d.String())
		}
		if !strings.Contains(strings.Join(all, "\n"), c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.src, all, c.want)
		}
	}
}

func TestParseLegacyForms(t *testing.T) {
	r, _ := parse(t, `{"$schema": "x", "type": "object",
	  "properties": {"ca": {"type": "string"}, "chain": {"type": "array"}, "note": {"type": ["string", "null"]},
	    "m": {"type": "object", "patternProperties": {"^a": {"type": "integer"}}, "additionalProperties": false}},
	  "anyOf": [{"required": ["ca"]}, {"required": ["chain"]}],
	  "additionalProperties": false}`)
	n := r.Flat
	if n == nil || n.Additional != AdditionalForbid || len(n.AnyRequired) != 2 || n.AnyRequired[1][0] != "chain" {
		t.Fatalf("flat = %+v", n)
	}
	if !n.Property("note").Node.Nullable || n.Property("note").Node.Kind != KindString {
		t.Errorf("note = %+v", n.Property("note").Node)
	}
	if m := n.Property("m").Node; len(m.PatternProperties) != 1 || m.PatternProperties[0].RE.String() != "^a" {
		t.Errorf("m = %+v", m)
	}
	r, _ = parse(t, `{"properties": {"application-data": {"$ref": "#/definitions/D"}},
	  "definitions": {"D": {"type": "object", "properties": {"c": {"type": "string"}}}}}`)
	if r.App == nil || r.App.Def != "D" || r.Flat != nil {
		t.Errorf("application-data wrapper = %+v", r)
	}
}

func TestWireOf(t *testing.T) {
	r, _ := parse(t, `{"properties": {"app": {"properties": {
	   "j": {"contentMediaType": "application/json", "contentSchema": {"type": "integer"}, "type": "string"},
	   "a": {"type": "array"}, "i": {"type": "integer"}, "s": {"type": "string"},
	   "n": {"anyOf": [{"contentMediaType": "application/json", "contentSchema": {"type": "string"}, "type": "string"}, {"type": "null"}]}}}}}`)
	enc := &Encodings{Fields: map[string]Encoding{"unit.s": EncodingJSON, "unit.i": EncodingYAML, "unit.a": EncodingYAML, "unit.j": EncodingYAML}}
	for _, c := range []struct {
		key, side string
		want      Wire
	}{{"j", "app", WireJSON}, {"a", "app", WireJSON}, {"i", "app", WireText}, {"s", "app", WireRaw}, {"s", "unit", WireJSON}, {"n", "app", WireJSON}, {"i", "unit", WireYAML}, {"a", "unit", WireYAML}, {"j", "unit", WireYAML}} {
		p := r.App.Property(c.key)
		w, n := WireOf(p, enc.For("provider", c.side, c.key))
		if w != c.want {
			t.Errorf("%s.%s: wire %v, want %v", c.side, c.key, w, c.want)
		}
		if c.key == "n" && (n.Kind != KindString || !n.Nullable) {
			t.Errorf("n: value node %+v", n)
		}
	}
}

// contentMediaType application/yaml (RFC 9512) marks a string holding a
// YAML document: the field is YAML whatever the interface's encoding,
// and Content is the document's schema.
func TestWireOfYAMLMediaType(t *testing.T) {
	r, _ := parse(t, `{"properties": {"app": {"properties": {
	   "y": {"type": "string", "contentMediaType": "application/yaml", "contentSchema": {"type": "object", "properties": {"url": {"type": "string"}}}}}}}}`)
	p := r.App.Property("y")
	if !p.Node.ContentYAML || p.Node.Content == nil || p.Node.Content.Kind != KindObject {
		t.Fatalf("y = %+v", p.Node)
	}
	for _, enc := range []Encoding{EncodingDefault, EncodingRaw, EncodingJSON, EncodingYAML} {
		w, n := WireOf(p, enc)
		if w != WireYAML || n.Kind != KindObject || n.Property("url") == nil {
			t.Errorf("encoding %v: wire %v, node %+v", enc, w, n)
		}
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("{\n  \"a\": [1,\n    2]\n}")
	v, err := ParseValue(data)
	if err != nil {
		t.Fatal(err)
	}
	two := v.Get("a").Items[1]
	if l, c := LineCol(data, two.Offset); l != 3 || c != 5 {
		t.Errorf("line:col = %d:%d", l, c)
	}
	if got := v.Canonical(); got != `{"a":[1,2]}` {
		t.Errorf("canonical = %s", got)
	}
}
