// Package schema reads relation interface JSON Schemas — the subset that
// real interface schemas use — into a model of the databags they describe.
// Both sides of charmgen use it: the generator (internal/gen/ifaceschema
// and internal/gen/codec) builds Go types from the model, and package
// validate checks a databag against it at run time, so the two follow one
// reading of a schema. It depends on the standard library only.
//
// What is read: $defs/$ref (and pydantic-v1 definitions), anyOf/oneOf of
// [X, null] (nullable X), type (also as an array), required, default,
// enum, const, items, uniqueItems, minItems/maxItems, additionalProperties
// (true, false or a schema), patternProperties, pattern, format, minimum/
// maximum (and exclusive forms, multipleOf), minLength/maxLength, and
// contentMediaType application/json with contentSchema (JSON inside a
// string), recursively. Other keywords are ignored. Inputs that do not fit
// (an empty file, an unknown type, a pattern RE2 cannot compile, a $ref to
// another file, fields outside app/unit, a legacy flat databag) produce a
// Diag that names the JSON pointer, and the rest of the file is still read.
package schema

import (
	"regexp"
	"strconv"
	"strings"
)

// Kind is the JSON type a schema node describes.
type Kind uint8

// Node kinds. KindAny accepts any JSON value.
const (
	KindAny Kind = iota
	KindNull
	KindBoolean
	KindInteger
	KindNumber
	KindString
	KindArray
	KindObject
)

var kindNames = [...]string{"any", "null", "boolean", "integer", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

// Additional says what an object does with keys it does not declare.
type Additional uint8

// Additional modes.
const (
	// AdditionalAllow keeps other keys (no additionalProperties keyword,
	// or true; pydantic's default extra="ignore" gives this).
	AdditionalAllow Additional = iota
	// AdditionalForbid rejects other keys (additionalProperties: false).
	AdditionalForbid
	// AdditionalSchema checks other keys' values against AdditionalNode.
	AdditionalSchema
)

// Node is one schema, after $ref and anyOf-with-null are resolved.
type Node struct {
	// Pointer is where the schema is written, as a URI fragment
	// (#/$defs/Url); for a $ref, where the $ref is.
	Pointer string
	// Def names the $defs (or definitions) entry the node is, when it was
	// reached through a $ref; nodes with one Def share one Go type.
	Def string
	// DefPointer is the pointer of that entry.
	DefPointer string
	// DefNode is the entry's own node (without the annotations the $ref
	// site adds); nil when Def is empty.
	DefNode *Node

	Title, Description string
	Examples           []*Value
	// Default is the default value, when it fits the type (a null default
	// on a non-nullable type, pydantic's str = None, is dropped).
	Default   *Value
	WriteOnly bool

	Kind     Kind
	Nullable bool
	Enum     []*Value
	Const    *Value

	// String checks.
	Format    string
	Pattern   string
	PatternRE *regexp.Regexp // nil when there is no pattern or RE2 cannot compile it
	MinLength int            // -1: none
	MaxLength int            // -1: none
	// Content is the schema of the JSON text a string holds
	// (contentMediaType application/json); nil for a plain string.
	Content *Node
	// ContentYAML says the string holds a YAML document instead
	// (contentMediaType application/yaml, RFC 9512), as PyYAML's
	// yaml.safe_dump writes it; Content is its schema.
	ContentYAML bool

	// Number checks.
	Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, MultipleOf *float64

	// Array.
	Items       *Node // nil: any items
	MinItems    int   // -1: none
	MaxItems    int   // -1: none
	UniqueItems bool

	// Object.
	Properties        []*Property
	Additional        Additional
	AdditionalNode    *Node
	PatternProperties []*PatternProperty
	// AnyRequired holds alternative lists of required keys (anyOf
	// branches that only say required): one list must be complete.
	AnyRequired [][]string
}

// Property is one declared key of an object.
type Property struct {
	Name     string
	Node     *Node
	Required bool
}

// Optional reports whether a decoder accepts the property's absence:
// when it is not required, or when it is required but nullable (pydantic's
// Optional[X] without a default, which peers leave out in practice).
func (p *Property) Optional() bool { return !p.Required || p.Node.Nullable }

// PatternProperty checks the values of keys that match a pattern.
type PatternProperty struct {
	Pattern string
	RE      *regexp.Regexp
	Node    *Node
}

// Property returns the declared property name, or nil.
func (n *Node) Property(name string) *Property {
	for _, p := range n.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// IsEmptyObject reports whether the node is an object that declares
// nothing.
func (n *Node) IsEmptyObject() bool {
	return n.Kind == KindObject && len(n.Properties) == 0 && n.Additional == AdditionalAllow && len(n.PatternProperties) == 0
}

// Severity of a Diag.
type Severity uint8

// Severities.
const (
	Warning Severity = iota
	Error
)

// Diag is a problem found in a schema file.
type Diag struct {
	Severity Severity
	// Pointer is where, as a URI fragment (#/$defs/X/properties/y).
	Pointer string
	// Offset is the byte offset of the value at Pointer (-1 if unknown).
	Offset int64
	Msg    string
}

func (d Diag) String() string {
	s := d.Pointer + ": "
	if d.Severity == Warning {
		s += "warning: "
	}
	return s + d.Msg
}

// Role is what one schema file (provider.json or requirer.json) describes.
type Role struct {
	Title, Description string
	// Legacy is set for hand-written schemas without the app/unit split.
	Legacy bool
	// App and Unit are the databags the schema describes (objects); nil
	// when it does not describe that databag (pydantic's untouched
	// BaseModel).
	App, Unit *Node
	// Flat is the one databag a legacy schema describes, without saying
	// whether it is the app or the unit databag; App and Unit are nil then.
	Flat *Node
}

// Bag returns the databag schema for side "app" or "unit"; a legacy flat
// databag serves both.
func (r *Role) Bag(side string) *Node {
	if r.Flat != nil {
		return r.Flat
	}
	if side == "app" {
		return r.App
	}
	return r.Unit
}

// Encoding says how a plain (unmarked) string field is written.
type Encoding uint8

// Encodings of plain string fields.
const (
	// EncodingDefault means: whatever the level above says (raw at the
	// top).
	EncodingDefault Encoding = iota
	// EncodingRaw writes the string as it is (data_platform_libs style).
	EncodingRaw
	// EncodingJSON writes it JSON-quoted (ops Relation.save style).
	EncodingJSON
	// EncodingYAML writes the value, of any type, as a YAML document
	// the way PyYAML's yaml.safe_dump does (what contentMediaType
	// application/yaml marks on one field, for a whole interface).
	EncodingYAML
)

// ParseEncoding reads "raw", "json" or "yaml".
func ParseEncoding(s string) (Encoding, bool) {
	switch s {
	case "raw":
		return EncodingRaw, true
	case "json":
		return EncodingJSON, true
	case "yaml":
		return EncodingYAML, true
	}
	return EncodingDefault, false
}

func (e Encoding) String() string {
	switch e {
	case EncodingRaw:
		return "raw"
	case EncodingJSON:
		return "json"
	case EncodingYAML:
		return "yaml"
	}
	return "default"
}

// Encodings holds the encoding settings of one interface (charmgen.yaml's
// interfaces.<name>).
type Encodings struct {
	// Strings is the encoding of plain string fields (default raw).
	Strings Encoding
	// Fields overrides it per top-level key. A key is the wire key
	// ("host"), or qualified by side ("unit.host") or by role and side
	// ("requirer.unit.host"); the most qualified wins.
	Fields map[string]Encoding
	// WriteNull makes encoders write null for absent nullable values, as
	// ops' Relation.save does, instead of leaving the key out.
	WriteNull bool
}

// For returns the encoding of top-level key in role's side databag. Side
// "" is a legacy flat databag, which settings may name as app or unit.
func (e *Encodings) For(role, side, key string) Encoding {
	if e == nil {
		return EncodingRaw
	}
	for _, k := range FieldKeys(role, side, key) {
		if enc, ok := e.Fields[k]; ok && enc != EncodingDefault {
			return enc
		}
	}
	if e.Strings != EncodingDefault {
		return e.Strings
	}
	return EncodingRaw
}

// FieldKeys returns the keys a field setting may use for key, most
// qualified first.
func FieldKeys(role, side, key string) []string {
	if side == "" {
		return []string{role + ".app." + key, role + ".unit." + key, "app." + key, "unit." + key, key}
	}
	return []string{role + "." + side + "." + key, side + "." + key, key}
}

// Wire is how a top-level field's value is written in the databag.
type Wire uint8

// Wire forms.
const (
	// WireJSON: the value is a JSON text (contentMediaType
	// application/json, an unmarked array or object, or a string set to
	// the json encoding).
	WireJSON Wire = iota
	// WireRaw: the value is the string itself.
	WireRaw
	// WireText: an integer, number or boolean written as text (42, true;
	// booleans also True/False).
	WireText
	// WireYAML: the value, of any type, is a YAML document (the yaml
	// encoding).
	WireYAML
)

func (w Wire) String() string {
	switch w {
	case WireJSON:
		return "JSON"
	case WireRaw:
		return "raw"
	case WireYAML:
		return "YAML"
	}
	return "text"
}

// WireOf returns how top-level property p is written, given the encoding
// of plain strings for it, and the schema of the value once read from the
// databag string (the content schema for JSON-marked strings, with the
// property's nullability). The yaml encoding applies to a value of any
// type; raw and json only to plain strings.
func WireOf(p *Property, enc Encoding) (Wire, *Node) {
	n := p.Node
	if n.Content != nil {
		c := *n.Content
		c.Nullable = c.Nullable || n.Nullable
		if c.Description == "" {
			c.Description = n.Description
		}
		if enc == EncodingYAML || n.ContentYAML {
			return WireYAML, &c
		}
		return WireJSON, &c
	}
	if enc == EncodingYAML {
		return WireYAML, n
	}
	switch n.Kind {
	case KindArray, KindObject, KindNull:
		return WireJSON, n
	case KindInteger, KindNumber, KindBoolean:
		return WireText, n
	}
	if enc == EncodingJSON {
		return WireJSON, n
	}
	return WireRaw, n
}

// FormatBound renders a number bound for messages and comments.
func FormatBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// jsonPointerUnescape undoes Pointer.
func jsonPointerUnescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}
