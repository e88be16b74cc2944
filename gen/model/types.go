package model

import (
	"fmt"
	"regexp"

	"github.com/charmgen/charmgen/gen/names"
	"github.com/charmgen/charmgen/meta"
)

// typeBuilder turns JSON Schemas into Go types, naming nested structs and
// enums after their parent and field.
type typeBuilder struct {
	types *names.Scope
	out   *[]*Type
	depth int
}

// object builds the struct type called name from an object schema s.
// (orig is unused beyond positions; schema is the normalized one.)
func (b *typeBuilder) object(name string, _ *meta.Node, schema *meta.Node, doc string) *Type {
	t := &Type{Kind: TStruct, Name: name, Doc: doc, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
	*b.out = append(*b.out, t)
	required := map[string]bool{}
	if r := schema.Get("required"); r != nil && r.Kind == meta.KindSeq {
		for _, it := range r.Items {
			if it.Kind == meta.KindString {
				required[it.Str] = true
			}
		}
	}
	if ap := schema.Get("additionalProperties"); ap != nil && ap.Kind == meta.KindBool {
		t.Closed = !ap.Bool
	}
	fields := names.NewScope()
	if props := schema.Get("properties"); props != nil && props.Kind == meta.KindMap {
		for _, e := range props.Entries {
			f := &Field{Key: e.Key, Name: fields.Take(names.Exported(e.Key)), Required: required[e.Key]}
			f.Doc = descriptionOf(e.Value)
			f.Type = b.schema(name+f.Name, e.Value)
			if d := e.Value.Get("default"); d != nil && d.Kind != meta.KindNull {
				f.Default, f.HasDefault = d.Interface(), true
			}
			// Optional values without a default are pointers (or nil-able
			// lists and maps), so "not given" stays distinct from zero.
			switch f.Type.Kind {
			case TList, TMap, TAny:
			default:
				f.Pointer = !f.Required && !f.HasDefault
			}
			t.Fields = append(t.Fields, f)
		}
	}
	return t
}

// schema returns the Go type for a property schema; name is used when the
// schema needs a named type (nested object, enum).
func (b *typeBuilder) schema(name string, s *meta.Node) *Type {
	t := &Type{MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
	if s == nil || s.Kind != meta.KindMap || b.depth > 20 {
		t.Kind = TAny
		return t
	}
	b.depth++
	defer func() { b.depth-- }()
	typ := ""
	switch tn := s.Get("type"); {
	case tn == nil:
	case tn.Kind == meta.KindString:
		typ = tn.Str
	case tn.Kind == meta.KindSeq:
		// ["string", "null"]: the non-null type; several: any.
		var nonNull []string
		for _, it := range tn.Items {
			if it.Kind == meta.KindString && it.Str != "null" {
				nonNull = append(nonNull, it.Str)
			}
		}
		if len(nonNull) == 1 {
			typ = nonNull[0]
		}
	}
	switch typ {
	case "string":
		t.Kind = TString
	case "integer":
		t.Kind = TInt
	case "number":
		t.Kind = TFloat
	case "boolean":
		t.Kind = TBool
	case "array":
		t.Kind = TList
		t.Elem = b.schema(name+"Item", s.Get("items"))
	case "object":
		if p := s.Get("properties"); p != nil && p.Kind == meta.KindMap && len(p.Entries) > 0 {
			obj := b.object(b.types.Take(name), s, s, descriptionOf(s))
			return obj
		}
		t.Kind = TMap
		t.Elem = &Type{Kind: TAny, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
	default:
		t.Kind = TAny
	}
	b.checks(t, s)
	if en := s.Get("enum"); en != nil && en.Kind == meta.KindSeq && (t.Kind == TString || t.Kind == TInt) && len(en.Items) > 0 {
		e := &Type{Kind: TEnum, Base: t.Kind, Name: b.types.Take(name), Doc: descriptionOf(s), MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
		cs := names.NewScope()
		for _, it := range en.Items {
			switch {
			case t.Kind == TString && it.Kind == meta.KindString:
				e.Values = append(e.Values, it.Str)
				e.Consts = append(e.Consts, cs.Take(e.Name+names.Exported(it.Str)))
			case t.Kind == TInt && it.Kind == meta.KindInt:
				e.Values = append(e.Values, it.Int)
				e.Consts = append(e.Consts, cs.Take(fmt.Sprintf("%s%d", e.Name, it.Int)))
			}
		}
		if len(e.Values) > 0 {
			*b.out = append(*b.out, e)
			return e
		}
	}
	return t
}

func (b *typeBuilder) checks(t *Type, s *meta.Node) {
	num := func(key string) *float64 {
		n := s.Get(key)
		if n == nil {
			return nil
		}
		switch n.Kind {
		case meta.KindInt:
			f := float64(n.Int)
			return &f
		case meta.KindFloat:
			f := n.Float
			return &f
		}
		return nil
	}
	count := func(key string) int {
		if n := s.Get(key); n != nil && n.Kind == meta.KindInt && n.Int >= 0 {
			return int(n.Int)
		}
		return -1
	}
	if t.Kind == TInt || t.Kind == TFloat {
		t.Min, t.Max = num("minimum"), num("maximum")
		// Draft 4 writes exclusiveMinimum: true beside minimum; later
		// drafts give the bound itself.
		if x := s.Get("exclusiveMinimum"); x != nil {
			if x.Kind == meta.KindBool {
				t.ExclMin = x.Bool
			} else if v := num("exclusiveMinimum"); v != nil {
				t.Min, t.ExclMin = v, true
			}
		}
		if x := s.Get("exclusiveMaximum"); x != nil {
			if x.Kind == meta.KindBool {
				t.ExclMax = x.Bool
			} else if v := num("exclusiveMaximum"); v != nil {
				t.Max, t.ExclMax = v, true
			}
		}
	}
	if t.Kind == TString {
		t.MinLen, t.MaxLen = count("minLength"), count("maxLength")
		if p := s.Get("pattern"); p != nil && p.Kind == meta.KindString {
			// A pattern Go cannot compile is left out rather than failing
			// generation; the loader's lint can report it.
			if _, err := regexp.Compile(p.Str); err == nil {
				t.Pattern = p.Str
			}
		}
	}
	if t.Kind == TList {
		t.MinItems, t.MaxItems = count("minItems"), count("maxItems")
	}
}

func descriptionOf(s *meta.Node) string {
	if d := s.Get("description"); d != nil && d.Kind == meta.KindString {
		return d.Str
	}
	return ""
}
