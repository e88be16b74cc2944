package codec

import (
	"errors"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

// This file gives the type builder of model.go to schemas outside any
// interface: an action's params, which the charm model (internal/gen/model)
// makes into Go types with it. So charmgen has one mapping from JSON Schema
// to Go (kinds, pointers for absent and null values, defaults, enums,
// checks), and a schema means the same Go type in a databag and in an
// action.

// TypeKind is the kind of Go type a schema outside any interface becomes.
type TypeKind int

// Kinds of schema-made types.
const (
	TString TypeKind = iota
	TInt
	TFloat
	TBool
	TAny
	TList
	TStruct
	TMap
	TEnum
)

// Type is the Go type of a schema outside any interface, in the terms its
// emitter (internal/gen/emit, action params) writes: strings of any format
// are strings, maps hold any values and structs no extra keys. Type.Name,
// Field.Name and Type.Consts are the caller's to give, in its namespace.
type Type struct {
	Kind TypeKind
	Name string // for TStruct and TEnum
	Elem *Type  // TList and TMap
	// TStruct:
	Fields []*Field
	Closed bool // unknown keys are an error
	// TEnum: the base kind and the allowed values with their constants.
	Base   TypeKind
	Values []any
	Consts []string
	// Checks (nil / -1 when absent).
	Min, Max         *float64
	ExclMin, ExclMax bool
	MinLen, MaxLen   int
	MinItems         int
	MaxItems         int
	Pattern          string
	Doc              string
}

// Field is a struct field made from a schema property.
type Field struct {
	Key        string // JSON key
	Name       string // Go field name
	Type       *Type
	Required   bool // absent (or null) is an error: required, not nullable
	Pointer    bool // absent (or null) is nil
	Default    any  // string, int64, float64 or bool
	HasDefault bool
	Doc        string
}

// ObjectType returns the struct type of the object schema schemaJSON (an
// action's params), made by the builder of databag types: read by the
// reader of databag schemas, then fillStruct and typeOf. doc is the
// struct's documentation. Problems in the schema are left to the caller's
// own validation (meta, for action params); it fails only when
// schemaJSON is not an object schema.
func ObjectType(schemaJSON []byte, doc string) (*Type, error) {
	// The schema is read as the app databag of a role file.
	wrapped := append(append([]byte(`{"type": "object", "properties": {"app": `), schemaJSON...), "}}"...)
	r, _ := schema.Parse(wrapped)
	if r == nil || r.App == nil {
		return nil, errors.New("not an object schema")
	}
	g := &goPackage{
		ruleMap:     map[string]*ruleVar{},
		structByKey: map[string]*structType{},
		enumByKey:   map[string]*enumType{},
		warn:        func(ifaceschema.Diagnostic) {},
	}
	st := &structType{key: "#", cand: "Params", node: r.App}
	g.fillStruct(st, r.App, "", nil)
	t := &Type{Kind: TStruct, Doc: doc, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
	exportFields(t, st, map[any]*Type{})
	return t, nil
}

// exportFields fills t, a TStruct, from the struct st. seen holds the
// Type of each struct and enum type exported so far (the builder shares
// one between the uses of a schema).
func exportFields(t *Type, st *structType, seen map[any]*Type) {
	t.Closed = st.extra == extraNone
	for _, f := range st.fields {
		n := f.prop.Node
		ef := &Field{Key: f.wire, Required: f.mustExist, Doc: n.Description}
		ef.Type = exportType(f.t.base(), n, seen)
		switch ef.Type.Kind {
		case TList, TMap, TAny: // nil is absent
		default:
			ef.Pointer = f.t.kind == tPtr
		}
		if f.def != nil {
			ef.Default, ef.HasDefault = valueOf(f.def), true
		}
		t.Fields = append(t.Fields, ef)
	}
}

// exportType returns the Type of t, one use of the schema node n.
func exportType(t *goType, n *schema.Node, seen map[any]*Type) *Type {
	switch {
	case t.inString:
		// JSON text in a string: a string to the params emitter.
		return &Type{Kind: TString, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1, Doc: n.Description}
	case t.kind == tPtr:
		// A nullable item: the params emitter has no pointers there.
		return exportType(t.elem, n, seen)
	case t.kind == tStruct && seen[t.st] != nil:
		return seen[t.st]
	case t.kind == tEnum && seen[t.en] != nil:
		return seen[t.en]
	}
	et := &Type{MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1, Doc: n.Description}
	switch t.kind {
	case tString, tAddr, tNetwork, tInterface, tTime, tSecret:
		et.Kind = TString
		et.MinLen, et.MaxLen = n.MinLength, n.MaxLength
		if n.PatternRE != nil {
			et.Pattern = n.Pattern
		}
	case tInt, tFloat:
		et.Kind = TInt
		if t.kind == tFloat {
			et.Kind = TFloat
		}
		et.Min, et.Max = n.Minimum, n.Maximum
		if n.ExclusiveMinimum != nil {
			et.Min, et.ExclMin = n.ExclusiveMinimum, true
		}
		if n.ExclusiveMaximum != nil {
			et.Max, et.ExclMax = n.ExclusiveMaximum, true
		}
	case tBool:
		et.Kind = TBool
	case tSlice:
		et.Kind = TList
		et.Elem = exportType(t.elem, itemsNode(n), seen)
		et.MinItems, et.MaxItems = n.MinItems, n.MaxItems
	case tMap:
		et.Kind = TMap
		et.Elem = &Type{Kind: TAny, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
	case tStruct:
		if len(t.st.fields) == 0 && t.st.extra != extraNone {
			// Only keys it does not declare, which a params struct
			// cannot hold: a map keeps them.
			et.Kind = TMap
			et.Elem = &Type{Kind: TAny, MinLen: -1, MaxLen: -1, MinItems: -1, MaxItems: -1}
			return et
		}
		et.Kind = TStruct
		seen[t.st] = et
		exportFields(et, t.st, seen)
	case tEnum:
		seen[t.en] = et
		et.Kind, et.Base = TEnum, TString
		if t.en.isInt {
			et.Base = TInt
		}
		for _, c := range t.en.consts {
			et.Values = append(et.Values, valueOf(c.value))
		}
	default:
		et.Kind = TAny
	}
	return et
}

// itemsNode is the schema of the items of array node n.
func itemsNode(n *schema.Node) *schema.Node {
	if n.Items != nil {
		return n.Items
	}
	return &schema.Node{Kind: schema.KindAny, MinLength: -1, MaxLength: -1, MinItems: -1, MaxItems: -1}
}

// valueOf returns a scalar schema value as Go: string, int64 (whole
// numbers), float64 or bool.
func valueOf(v *schema.Value) any {
	switch v.Kind {
	case schema.ValString:
		return v.Str
	case schema.ValBool:
		return v.Bool
	case schema.ValNumber:
		if n, ok := v.IsInt(); ok {
			return n
		}
		f, _ := v.Float()
		return f
	}
	return nil
}
