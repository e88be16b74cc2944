package schema

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Parse reads one role schema file (provider.json or requirer.json). It
// returns nil only when the file cannot be used at all (empty, not JSON,
// not an object); the Diags say why. Other problems are Diags too, and the
// rest of the file is still read.
func Parse(data []byte) (*Role, []Diag) {
	p := &parser{defs: map[string]*Node{}, resolving: map[string]bool{}}
	if len(bytes.TrimSpace(data)) == 0 {
		p.errorf("#", 0, "empty file: no schema")
		return nil, p.diags
	}
	root, err := ParseValue(data)
	if err != nil {
		off := int64(0)
		var se *SyntaxError
		if errors.As(err, &se) {
			off, err = se.Offset, errors.New(se.Msg)
		}
		p.errorf("#", off, "not valid JSON: %v", err)
		return nil, p.diags
	}
	p.root = root
	if root.Kind != ValObject {
		p.errorf("#", root.Offset, "a role schema must be a JSON object")
		return nil, p.diags
	}
	r := &Role{Title: str(root.Get("title")), Description: str(root.Get("description"))}
	props := root.Get("properties")
	hasSide := props.Get("app") != nil || props.Get("unit") != nil
	if root.Get("$schema") != nil || !hasSide {
		p.legacy(r, root)
		return r, p.diags
	}
	for i, name := range props.Keys {
		v := props.Vals[i]
		ptr := "#/properties/" + Pointer(name)
		if name != "app" && name != "unit" {
			p.warnf(ptr, v.Offset, "field %q is declared beside app and unit, outside any databag (a DataBagSchema declares databag fields in its app or unit model); ignored", name)
			continue
		}
		n := p.node(v, ptr)
		switch {
		case n.Def == "BaseModel" && n.IsEmptyObject():
			// pydantic's untouched DataBagSchema side: not described.
			continue
		case n.Kind != KindObject:
			p.errorf(ptr, v.Offset, "the %s databag must be described by an object schema, not %s; no type for it", name, kindPhrase(n))
			continue
		}
		if name == "app" {
			r.App = n
		} else {
			r.Unit = n
		}
	}
	return r, p.diags
}

func kindPhrase(n *Node) string {
	if n.Kind == KindAny {
		return "an untyped schema"
	}
	return article(n.Kind)
}

// article returns the kind with its indefinite article.
func article(k Kind) string {
	switch k {
	case KindAny:
		return "any value"
	case KindArray, KindObject, KindInteger:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// legacy reads a hand-written schema: one flat databag, or the app
// databag wrapped in "application-data".
func (p *parser) legacy(r *Role, root *Value) {
	r.Legacy = true
	props := root.Get("properties")
	var wrapper string
	if props != nil && len(props.Keys) > 0 {
		onlyWrappers := true
		for _, k := range props.Keys {
			switch k {
			case "application-data", "application_data":
				wrapper = k
			case "related-units", "unit-data", "unit_data":
			default:
				onlyWrappers = false
			}
		}
		if !onlyWrappers {
			wrapper = ""
		}
	}
	if wrapper != "" {
		ptr := "#/properties/" + wrapper
		v := props.Get(wrapper)
		n := p.node(v, ptr)
		if n.Kind != KindObject {
			p.errorf(ptr, v.Offset, "%q must be an object schema, not %s; no type for it", wrapper, kindPhrase(n))
			return
		}
		p.warnf("#", root.Offset, "legacy hand-written schema: the app databag is described under %q; generated as the app databag", wrapper)
		r.App = n
		for i, k := range props.Keys {
			if k != wrapper {
				p.warnf("#/properties/"+Pointer(k), props.Vals[i].Offset, "%q (other units' databags) is not a databag of this side; ignored", k)
			}
		}
		return
	}
	n := p.node(root, "#")
	if n.Kind != KindObject {
		p.errorf("#", root.Offset, "a databag must be described by an object schema, not %s", kindPhrase(n))
		return
	}
	p.warnf("#", root.Offset, "legacy hand-written schema: one flat databag, without saying whether it is the app or the unit databag; generated for both")
	r.Flat = n
}

type parser struct {
	root      *Value
	diags     []Diag
	defs      map[string]*Node
	resolving map[string]bool
}

func (p *parser) warnf(ptr string, off int64, format string, args ...any) {
	p.diags = append(p.diags, Diag{Severity: Warning, Pointer: ptr, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(ptr string, off int64, format string, args ...any) {
	p.diags = append(p.diags, Diag{Severity: Error, Pointer: ptr, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

func str(v *Value) string {
	if v == nil || v.Kind != ValString {
		return ""
	}
	return v.Str
}

// lookup resolves a JSON pointer (without #) in the root document.
func (p *parser) lookup(ptr string) *Value {
	v := p.root
	if ptr == "" {
		return v
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = jsonPointerUnescape(tok)
		switch v.Kind {
		case ValObject:
			v = v.Get(tok)
		case ValArray:
			i := -1
			fmt.Sscanf(tok, "%d", &i)
			if i < 0 || i >= len(v.Items) {
				return nil
			}
			v = v.Items[i]
		default:
			return nil
		}
		if v == nil {
			return nil
		}
	}
	return v
}

// anyNode is a schema that accepts anything.
func anyNode(ptr string) *Node {
	return &Node{Pointer: ptr, Kind: KindAny, MinLength: -1, MaxLength: -1, MinItems: -1, MaxItems: -1}
}

// node reads the schema v found at ptr.
func (p *parser) node(v *Value, ptr string) *Node {
	if v == nil {
		return anyNode(ptr)
	}
	if v.Kind == ValBool {
		if !v.Bool {
			p.warnf(ptr, v.Offset, "the schema false (nothing is valid) is not supported; any value is accepted")
		}
		return anyNode(ptr)
	}
	if v.Kind != ValObject {
		p.warnf(ptr, v.Offset, "a schema must be an object; any value is accepted")
		return anyNode(ptr)
	}
	if ref := v.Get("$ref"); ref != nil {
		return p.ref(v, ref, ptr)
	}
	for _, kw := range []string{"anyOf", "oneOf", "allOf"} {
		if c := v.Get(kw); c != nil {
			return p.combinator(v, kw, c, ptr)
		}
	}
	return p.plain(v, ptr)
}

// ref resolves a $ref and applies the annotations written beside it.
func (p *parser) ref(v, ref *Value, ptr string) *Node {
	target := str(ref)
	if !strings.HasPrefix(target, "#") {
		p.warnf(ptr+"/$ref", ref.Offset, "$ref to another file (%s) is not followed; any JSON value is accepted here", target)
		n := anyNode(ptr)
		p.annotate(n, v, ptr)
		return n
	}
	tptr := target[1:]
	base := p.defs[tptr]
	if base == nil {
		tv := p.lookup(tptr)
		if tv == nil {
			p.warnf(ptr+"/$ref", ref.Offset, "$ref target %s does not exist; any JSON value is accepted here", target)
			n := anyNode(ptr)
			p.annotate(n, v, ptr)
			return n
		}
		if p.resolving[tptr] {
			p.warnf(ptr+"/$ref", ref.Offset, "recursive $ref to %s is not supported; any JSON value is accepted here", target)
			return anyNode(ptr)
		}
		p.resolving[tptr] = true
		base = p.node(tv, "#"+tptr)
		delete(p.resolving, tptr)
		if toks := strings.Split(tptr, "/"); len(toks) >= 3 && (toks[len(toks)-2] == "$defs" || toks[len(toks)-2] == "definitions") {
			base.Def = jsonPointerUnescape(toks[len(toks)-1])
			base.DefPointer = "#" + tptr
		}
		p.defs[tptr] = base
	}
	n := *base
	if base.Def != "" {
		n.DefNode = base
	}
	n.Pointer = ptr
	p.annotate(&n, v, ptr)
	if t := v.Get("type"); t != nil && t.Kind == ValArray {
		for _, it := range t.Items {
			if str(it) == "null" {
				n.Nullable = true
			}
		}
	}
	p.checkDefault(&n, v, ptr)
	return &n
}

// annotate copies the annotations of v (title, description, examples,
// default, writeOnly) onto n.
func (p *parser) annotate(n *Node, v *Value, ptr string) {
	if t := v.Get("title"); t != nil && t.Kind == ValString {
		n.Title = t.Str
	}
	if d := v.Get("description"); d != nil && d.Kind == ValString {
		n.Description = d.Str
		if !commentSafe(d.Str) {
			p.warnf(ptr+"/description", d.Offset, "the description holds characters a Go comment cannot (NUL or another control character, a byte order mark, a line separator or invalid UTF-8); generated comments spell them as escapes (\\x00)")
		}
	}
	if ex := v.Get("examples"); ex != nil {
		if ex.Kind == ValArray {
			n.Examples = ex.Items
		} else {
			n.Examples = []*Value{ex} // a single example where a list belongs
		}
	} else if ex := v.Get("example"); ex != nil {
		n.Examples = []*Value{ex}
	}
	if d := v.Get("default"); d != nil {
		n.Default = d
	}
	if w := v.Get("writeOnly"); w != nil && w.Kind == ValBool {
		n.WriteOnly = w.Bool
	}
}

// isNullSchema reports whether v is {"type": "null"}.
func isNullSchema(v *Value) bool {
	if v == nil || v.Kind != ValObject {
		return false
	}
	t := v.Get("type")
	return t != nil && t.Kind == ValString && t.Str == "null" && v.Get("enum") == nil
}

// requiredOnly reports whether a branch only lists required keys (and
// annotations).
func requiredOnly(v *Value) bool {
	if v == nil || v.Kind != ValObject || v.Get("required") == nil {
		return false
	}
	for _, k := range v.Keys {
		switch k {
		case "required", "$id", "title", "description", "$comment":
		default:
			return false
		}
	}
	return true
}

// combinator reads anyOf, oneOf and allOf in the forms interface schemas
// use.
func (p *parser) combinator(v *Value, kw string, c *Value, ptr string) *Node {
	cptr := ptr + "/" + kw
	if c.Kind != ValArray || len(c.Items) == 0 {
		p.warnf(cptr, c.Offset, "%s must be a non-empty array; ignored", kw)
		return p.plain(v, ptr)
	}
	var nonNull []int
	hasNull := false
	for i, b := range c.Items {
		if isNullSchema(b) {
			hasNull = true
			continue
		}
		nonNull = append(nonNull, i)
	}
	// The outer schema without the combinator, for its own keywords.
	outer := withoutKey(v, kw)
	ownShape := outer.Get("type") != nil || outer.Get("properties") != nil
	switch {
	case len(nonNull) == 1 && !ownShape:
		// Optional[X] (anyOf [X, null]), or a single branch.
		i := nonNull[0]
		n := p.node(c.Items[i], fmt.Sprintf("%s/%d", cptr, i))
		cp := *n
		cp.Pointer = ptr
		cp.Nullable = cp.Nullable || hasNull
		p.annotate(&cp, outer, ptr)
		p.checkDefault(&cp, outer, ptr)
		return &cp
	case len(nonNull) == 0:
		n := p.plain(outer, ptr)
		n.Kind, n.Nullable = KindNull, true
		return n
	case kw != "oneOf" && allRequiredOnly(c.Items):
		n := p.plain(outer, ptr)
		if kw == "allOf" {
			for _, b := range c.Items {
				p.addRequired(n, b, ptr)
			}
			return n
		}
		for _, b := range c.Items {
			n.AnyRequired = append(n.AnyRequired, strs(b.Get("required")))
		}
		if n.Kind == KindAny {
			n.Kind = KindObject
		}
		return n
	}
	// Several object branches: merge them into one object.
	n := p.plain(outer, ptr)
	var branches []*Node
	for _, i := range nonNull {
		b := p.node(c.Items[i], fmt.Sprintf("%s/%d", cptr, i))
		if b.Kind != KindObject || (n.Kind != KindObject && n.Kind != KindAny) || kw == "oneOf" {
			p.warnf(cptr, c.Offset, "%s with several different branches is not supported (only [X, null] and object branches are); any JSON value is accepted here", kw)
			a := anyNode(ptr)
			p.annotate(a, outer, ptr)
			a.Nullable = hasNull
			return a
		}
		branches = append(branches, b)
	}
	n.Kind = KindObject
	n.Nullable = n.Nullable || hasNull
	required := map[string]int{}
	for _, b := range branches {
		for _, bp := range b.Properties {
			if n.Property(bp.Name) == nil {
				cp := *bp
				cp.Required = false
				n.Properties = append(n.Properties, &cp)
			}
			if bp.Required {
				required[bp.Name]++
			}
		}
		if b.Additional == AdditionalForbid && n.Additional == AdditionalAllow && kw == "allOf" {
			n.Additional = AdditionalForbid
		}
	}
	if kw == "allOf" {
		for _, np := range n.Properties {
			if required[np.Name] > 0 {
				np.Required = true
			}
		}
		return n
	}
	// anyOf: keys every branch requires are required; otherwise one
	// branch's required keys must all be present.
	var groups [][]string
	for _, b := range branches {
		var g []string
		for _, bp := range b.Properties {
			if bp.Required && required[bp.Name] < len(branches) {
				g = append(g, bp.Name)
			}
		}
		if len(g) > 0 {
			groups = append(groups, g)
		}
	}
	for _, np := range n.Properties {
		if required[np.Name] == len(branches) {
			np.Required = true
		}
	}
	if len(groups) == len(branches) {
		n.AnyRequired = append(n.AnyRequired, groups...)
	}
	p.warnf(cptr, c.Offset, "%s of %d object schemas: merged into one object (keys every branch requires are required; otherwise one branch's required keys must be present)", kw, len(branches))
	return n
}

func allRequiredOnly(items []*Value) bool {
	for _, b := range items {
		if !requiredOnly(b) {
			return false
		}
	}
	return true
}

func withoutKey(v *Value, key string) *Value {
	out := &Value{Kind: ValObject, Offset: v.Offset}
	for i, k := range v.Keys {
		if k != key {
			out.Keys = append(out.Keys, k)
			out.Vals = append(out.Vals, v.Vals[i])
		}
	}
	return out
}

func strs(v *Value) []string {
	var out []string
	if v == nil || v.Kind != ValArray {
		return nil
	}
	for _, it := range v.Items {
		if it.Kind == ValString {
			out = append(out, it.Str)
		}
	}
	return out
}

var typeNames = map[string]Kind{
	"string": KindString, "integer": KindInteger, "number": KindNumber,
	"boolean": KindBoolean, "array": KindArray, "object": KindObject, "null": KindNull,
}

var typeHints = map[string]string{"list": "array", "dict": "object", "str": "string", "int": "integer", "bool": "boolean", "float": "number"}

// plain reads a schema without $ref or combinators.
func (p *parser) plain(v *Value, ptr string) *Node {
	n := anyNode(ptr)
	p.annotate(n, v, ptr)
	kindSet := false
	if t := v.Get("type"); t != nil {
		var names []*Value
		if t.Kind == ValArray {
			names = t.Items
		} else {
			names = []*Value{t}
		}
		var kinds []Kind
		bad := false
		for _, tn := range names {
			k, ok := typeNames[str(tn)]
			if !ok {
				msg := fmt.Sprintf("unknown type %s", tn.JSON())
				if h, ok := typeHints[str(tn)]; ok {
					msg += fmt.Sprintf(" (JSON Schema calls it %q)", h)
				}
				p.warnf(ptr+"/type", t.Offset, "%s; any JSON value is accepted here", msg)
				bad = true
				continue
			}
			if k == KindNull {
				n.Nullable = true
				continue
			}
			kinds = append(kinds, k)
		}
		switch {
		case bad:
		case len(kinds) == 1:
			n.Kind, kindSet = kinds[0], true
		case len(kinds) == 0 && n.Nullable:
			n.Kind, kindSet = KindNull, true
		case len(kinds) > 1:
			p.warnf(ptr+"/type", t.Offset, "several types %s are not supported; any JSON value is accepted here", t.JSON())
		}
		if bad {
			kindSet = true // stay any
		}
	}
	if e := v.Get("enum"); e != nil {
		if e.Kind != ValArray {
			p.warnf(ptr+"/enum", e.Offset, "enum must be an array; ignored")
		} else {
			for _, it := range e.Items {
				if it.Kind == ValNull {
					n.Nullable = true
					continue
				}
				n.Enum = append(n.Enum, it)
			}
		}
	}
	if c := v.Get("const"); c != nil {
		n.Const = c
	}
	if !kindSet {
		n.Kind = p.inferKind(v, n)
	}
	switch n.Kind {
	case KindString:
		p.stringKeywords(n, v, ptr)
	case KindInteger, KindNumber:
		p.numberKeywords(n, v, ptr)
	case KindArray:
		p.arrayKeywords(n, v, ptr)
	case KindObject:
		p.objectKeywords(n, v, ptr)
	}
	p.checkEnum(n, v, ptr)
	p.checkDefault(n, v, ptr)
	return n
}

// inferKind guesses the type of a schema without "type" from its
// keywords.
func (p *parser) inferKind(v *Value, n *Node) Kind {
	for _, k := range []string{"properties", "additionalProperties", "patternProperties", "required"} {
		if v.Get(k) != nil {
			return KindObject
		}
	}
	if v.Get("items") != nil {
		return KindArray
	}
	if v.Get("contentMediaType") != nil || v.Get("pattern") != nil || v.Get("format") != nil {
		return KindString
	}
	vals := n.Enum
	if n.Const != nil {
		vals = append(vals, n.Const)
	}
	if len(vals) == 0 {
		return KindAny
	}
	k := valueKind(vals[0])
	for _, e := range vals[1:] {
		ek := valueKind(e)
		if ek == KindNumber && k == KindInteger || ek == KindInteger && k == KindNumber {
			k = KindNumber
			continue
		}
		if ek != k {
			return KindAny
		}
	}
	return k
}

func valueKind(v *Value) Kind {
	switch v.Kind {
	case ValNull:
		return KindNull
	case ValBool:
		return KindBoolean
	case ValNumber:
		if _, ok := v.IsInt(); ok {
			return KindInteger
		}
		return KindNumber
	case ValString:
		return KindString
	case ValArray:
		return KindArray
	}
	return KindObject
}

func (p *parser) intKeyword(v *Value, key, ptr string) int {
	k := v.Get(key)
	if k == nil {
		return -1
	}
	n, ok := k.IsInt()
	if !ok || n < 0 {
		p.warnf(ptr+"/"+key, k.Offset, "%s must be a whole number; ignored", key)
		return -1
	}
	return int(n)
}

func (p *parser) stringKeywords(n *Node, v *Value, ptr string) {
	n.Format = str(v.Get("format"))
	if pv := v.Get("pattern"); pv != nil {
		n.Pattern = str(pv)
		re, err := regexp.Compile(n.Pattern)
		if err != nil {
			p.warnf(ptr+"/pattern", pv.Offset, "pattern %q cannot be compiled by Go's regexp (RE2: no lookaround or backreferences): %v; it is not checked", n.Pattern, reErr(err))
		} else {
			n.PatternRE = re
		}
	}
	n.MinLength = p.intKeyword(v, "minLength", ptr)
	n.MaxLength = p.intKeyword(v, "maxLength", ptr)
	if mt := v.Get("contentMediaType"); mt != nil {
		switch str(mt) {
		case "application/json", "application/yaml":
			if cs := v.Get("contentSchema"); cs != nil {
				n.Content = p.node(cs, ptr+"/contentSchema")
			} else {
				n.Content = anyNode(ptr + "/contentSchema")
			}
			n.ContentYAML = str(mt) == "application/yaml"
		default:
			p.warnf(ptr+"/contentMediaType", mt.Offset, "contentMediaType %s is not decoded; the value is kept as a string", mt.JSON())
		}
	}
	if ce := v.Get("contentEncoding"); ce != nil {
		p.warnf(ptr+"/contentEncoding", ce.Offset, "contentEncoding %s is not decoded; the value is kept as a string", ce.JSON())
	}
}

func reErr(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "error parsing regexp") {
		return s[i+2:]
	}
	return s
}

func (p *parser) numberKeywords(n *Node, v *Value, ptr string) {
	num := func(key string) *float64 {
		k := v.Get(key)
		if k == nil {
			return nil
		}
		f, ok := k.Float()
		if !ok {
			if k.Kind != ValBool {
				p.warnf(ptr+"/"+key, k.Offset, "%s must be a number; ignored", key)
			}
			return nil
		}
		return &f
	}
	n.Minimum, n.Maximum = num("minimum"), num("maximum")
	n.MultipleOf = num("multipleOf")
	n.ExclusiveMinimum, n.ExclusiveMaximum = num("exclusiveMinimum"), num("exclusiveMaximum")
	// draft-04: exclusiveMinimum: true makes minimum exclusive.
	if b := v.Get("exclusiveMinimum"); b != nil && b.Kind == ValBool && b.Bool && n.Minimum != nil {
		n.ExclusiveMinimum, n.Minimum = n.Minimum, nil
	}
	if b := v.Get("exclusiveMaximum"); b != nil && b.Kind == ValBool && b.Bool && n.Maximum != nil {
		n.ExclusiveMaximum, n.Maximum = n.Maximum, nil
	}
	if n.MultipleOf != nil && *n.MultipleOf <= 0 {
		p.warnf(ptr+"/multipleOf", v.Get("multipleOf").Offset, "multipleOf must be more than 0; ignored")
		n.MultipleOf = nil
	}
}

func (p *parser) arrayKeywords(n *Node, v *Value, ptr string) {
	if it := v.Get("items"); it != nil {
		if it.Kind == ValArray {
			p.warnf(ptr+"/items", it.Offset, "tuple items (an array of schemas) are not supported; items are not checked")
		} else {
			n.Items = p.node(it, ptr+"/items")
		}
	}
	n.MinItems = p.intKeyword(v, "minItems", ptr)
	n.MaxItems = p.intKeyword(v, "maxItems", ptr)
	if u := v.Get("uniqueItems"); u != nil && u.Kind == ValBool {
		n.UniqueItems = u.Bool
	}
}

// keywordNames are JSON Schema keywords; a property with one of these
// names and a boolean schema is a keyword written inside properties.
var keywordNames = map[string]bool{
	"additionalProperties": true, "required": true, "type": true, "properties": true,
	"patternProperties": true, "items": true, "additionalItems": true,
}

func (p *parser) objectKeywords(n *Node, v *Value, ptr string) {
	if props := v.Get("properties"); props != nil {
		if props.Kind != ValObject {
			p.warnf(ptr+"/properties", props.Offset, "properties must be an object; ignored")
		} else {
			for i, name := range props.Keys {
				pv := props.Vals[i]
				pptr := ptr + "/properties/" + Pointer(name)
				if pv.Kind == ValBool && keywordNames[name] {
					p.warnf(pptr, pv.Offset, "property %q has the schema %v: it looks like the keyword %s written inside properties instead of beside it; ignored", name, pv.Bool, name)
					continue
				}
				if pv.Kind == ValBool && !pv.Bool {
					p.warnf(pptr, pv.Offset, "property %q has the schema false (never valid); not supported, ignored", name)
					continue
				}
				if n.Property(name) != nil {
					p.warnf(pptr, pv.Offset, "property %q is declared twice; the first declaration is used", name)
					continue
				}
				n.Properties = append(n.Properties, &Property{Name: name, Node: p.node(pv, pptr)})
			}
		}
	}
	p.addRequired(n, v, ptr)
	if ap := v.Get("additionalProperties"); ap != nil {
		switch {
		case ap.Kind == ValBool && ap.Bool:
			n.Additional = AdditionalAllow
		case ap.Kind == ValBool:
			n.Additional = AdditionalForbid
		default:
			n.Additional = AdditionalSchema
			n.AdditionalNode = p.node(ap, ptr+"/additionalProperties")
		}
	}
	if pp := v.Get("patternProperties"); pp != nil && pp.Kind == ValObject {
		for i, pat := range pp.Keys {
			pptr := ptr + "/patternProperties/" + Pointer(pat)
			re, err := regexp.Compile(pat)
			if err != nil {
				p.warnf(pptr, pp.Vals[i].Offset, "pattern %q cannot be compiled by Go's regexp (RE2: no lookaround or backreferences): %v; keys matching it are treated as other keys", pat, reErr(err))
				continue
			}
			n.PatternProperties = append(n.PatternProperties, &PatternProperty{Pattern: pat, RE: re, Node: p.node(pp.Vals[i], pptr)})
		}
	}
}

// addRequired marks the properties v requires. A required key that is not
// declared is a warning; when v has a keyword of that name holding a
// schema (a property written outside properties), that schema is used.
func (p *parser) addRequired(n *Node, v *Value, ptr string) {
	rv := v.Get("required")
	if rv == nil {
		return
	}
	if rv.Kind != ValArray {
		if rv.Kind != ValBool { // draft-03 style required: true is ignored
			p.warnf(ptr+"/required", rv.Offset, "required must be an array of names; ignored")
		}
		return
	}
	for _, it := range rv.Items {
		if it.Kind != ValString {
			continue
		}
		name := it.Str
		if pr := n.Property(name); pr != nil {
			pr.Required = true
			continue
		}
		if mv := v.Get(name); mv != nil && mv.Kind == ValObject && !isKeyword(name) {
			mptr := ptr + "/" + Pointer(name)
			p.warnf(mptr, mv.Offset, "required property %q is written beside properties instead of inside it; its schema is used", name)
			n.Properties = append(n.Properties, &Property{Name: name, Node: p.node(mv, mptr), Required: true})
			continue
		}
		p.warnf(ptr+"/required", rv.Offset, "required property %q is not declared in properties; any value is accepted for it", name)
		n.Properties = append(n.Properties, &Property{Name: name, Node: anyNode(ptr + "/required"), Required: true})
	}
}

func isKeyword(name string) bool {
	switch name {
	case "type", "properties", "required", "items", "enum", "const", "default", "title", "description",
		"examples", "$ref", "$defs", "definitions", "$id", "$schema", "format", "pattern":
		return true
	}
	return keywordNames[name]
}

// checkEnum drops enum values that do not fit the type.
func (p *parser) checkEnum(n *Node, v *Value, ptr string) {
	if len(n.Enum) == 0 || n.Kind == KindAny {
		return
	}
	var keep []*Value
	for _, e := range n.Enum {
		if fits(n, e) {
			keep = append(keep, e)
		} else {
			p.warnf(ptr+"/enum", v.Get("enum").Offset, "enum value %s is not %s; dropped", e.JSON(), article(n.Kind))
		}
	}
	n.Enum = keep
}

// fits reports whether value e has the node's type.
func fits(n *Node, e *Value) bool {
	switch n.Kind {
	case KindString:
		return e.Kind == ValString
	case KindInteger:
		_, ok := e.IsInt()
		return ok
	case KindNumber:
		return e.Kind == ValNumber
	case KindBoolean:
		return e.Kind == ValBool
	case KindArray:
		return e.Kind == ValArray
	case KindObject:
		return e.Kind == ValObject
	case KindNull:
		return e.Kind == ValNull
	}
	return true
}

// checkDefault drops a default that does not fit the type. A null default
// on a non-nullable type (pydantic's str = None) just means optional.
func (p *parser) checkDefault(n *Node, v *Value, ptr string) {
	d := n.Default
	if d == nil {
		return
	}
	if d.Kind == ValNull {
		n.Default = nil
		return
	}
	if !fits(n, d) {
		p.warnf(ptr+"/default", d.Offset, "default %s is not %s; ignored", d.JSON(), article(n.Kind))
		n.Default = nil
		return
	}
	if len(n.Enum) > 0 {
		for _, e := range n.Enum {
			if e.Canonical() == d.Canonical() {
				return
			}
		}
		p.warnf(ptr+"/default", d.Offset, "default %s is not one of the enum values; ignored", d.JSON())
		n.Default = nil
	}
}

// SortedDiags returns diags ordered by pointer, then message.
func SortedDiags(diags []Diag) []Diag {
	out := append([]Diag(nil), diags...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pointer != out[j].Pointer {
			return out[i].Pointer < out[j].Pointer
		}
		return out[i].Msg < out[j].Msg
	})
	return out
}

// commentSafe reports whether s can go into generated Go comments as it is
// (internal/gen/comment.Safe spells the rest as escapes): no control
// character but tab and newline, no DEL, byte order mark, line or paragraph
// separator, and valid UTF-8.
func commentSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r == 0xfeff || r == 0x2028 || r == 0x2029 {
			return false
		}
	}
	return true
}
