package codec

import (
	"fmt"
	"strings"
	"testing"
)

// describe prints a Type tree compactly, for comparison.
func describe(t *Type) string {
	var b strings.Builder
	var walk func(t *Type)
	walk = func(t *Type) {
		kinds := map[TypeKind]string{TString: "string", TInt: "int", TFloat: "float", TBool: "bool", TAny: "any", TList: "list", TStruct: "struct", TMap: "map", TEnum: "enum"}
		b.WriteString(kinds[t.Kind])
		switch t.Kind {
		case TList:
			b.WriteString("[")
			walk(t.Elem)
			b.WriteString("]")
		case TEnum:
			fmt.Fprintf(&b, "%s%v", kinds[t.Base], t.Values)
		case TStruct:
			if t.Closed {
				b.WriteString(" closed")
			}
			b.WriteString("{")
			for i, f := range t.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(f.Key)
				if f.Required {
					b.WriteString("!")
				}
				b.WriteString(" ")
				if f.Pointer {
					b.WriteString("*")
				}
				walk(f.Type)
				if f.HasDefault {
					fmt.Fprintf(&b, " = %#v", f.Default)
				}
			}
			b.WriteString("}")
		}
		if t.Min != nil {
			fmt.Fprintf(&b, " min %v %v", *t.Min, t.ExclMin)
		}
		if t.Max != nil {
			fmt.Fprintf(&b, " max %v %v", *t.Max, t.ExclMax)
		}
		if t.MinLen >= 0 || t.MaxLen >= 0 {
			fmt.Fprintf(&b, " len %d..%d", t.MinLen, t.MaxLen)
		}
		if t.MinItems >= 0 || t.MaxItems >= 0 {
			fmt.Fprintf(&b, " items %d..%d", t.MinItems, t.MaxItems)
		}
		if t.Pattern != "" {
			fmt.Fprintf(&b, " /%s/", t.Pattern)
		}
	}
	walk(t)
	return b.String()
}

// ObjectType maps a schema outside any interface as databag types are
// mapped (absent and null values, defaults, inferred types, anyOf), in the
// terms of the params emitter (formats are strings, maps hold any values).
func TestObjectType(t *testing.T) {
	for _, c := range []struct{ schema, want string }{
		{`{"type": "object", "properties": {"s": {"type": "string", "minLength": 1, "pattern": "^a"}}, "required": ["s"], "additionalProperties": false}`,
			`struct closed{s! string len 1..-1 /^a/}`},
		// Absent or null is nil; a default stands in for absence.
		{`{"type": "object", "properties": {"n": {"type": ["integer", "null"]}, "d": {"type": "integer", "default": 7, "exclusiveMinimum": 0}, "r": {"type": ["string", "null"]}}, "required": ["r"]}`,
			`struct{n *int, d int min 0 true = 7, r *string}`},
		{`{"type": "object", "properties": {"o": {"anyOf": [{"type": "number", "maximum": 2}, {"type": "null"}]}, "t": {"type": "string", "format": "date-time"}}}`,
			`struct{o *float max 2 false, t *string}`},
		// Types inferred from keywords; enums of strings and integers.
		{`{"type": "object", "properties": {"e": {"enum": ["x", "y"], "default": "y"}, "i": {"type": "integer", "enum": [1, 2]}, "p": {"properties": {"q": {"type": "boolean"}}}}}`,
			`struct{e enumstring[x y] = "y", i *enumint[1 2], p *struct{q *bool}}`},
		// Lists and maps are nil when absent; a struct that only keeps
		// undeclared keys is a map; one that allows none is a closed struct.
		{`{"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string"}, "maxItems": 3}, "m": {"type": "object"}, "pp": {"type": "object", "patternProperties": {"^a": {"type": "string"}}}, "c": {"type": "object", "additionalProperties": false}}}`,
			`struct{l list[string] items -1..3, m map, pp map, c *struct closed{}}`},
		// A required key the properties do not declare is any value.
		{`{"type": "object", "properties": {}, "required": ["k"]}`,
			`struct{k! any}`},
	} {
		got, err := ObjectType([]byte(c.schema), "")
		if err != nil {
			t.Errorf("%s: %v", c.schema, err)
			continue
		}
		if d := describe(got); d != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.schema, d, c.want)
		}
	}
	if _, err := ObjectType([]byte(`[1]`), ""); err == nil {
		t.Errorf("an array schema: no error")
	}
}
