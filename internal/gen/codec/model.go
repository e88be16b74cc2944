package codec

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/charmgen/charmgen/internal/gen/names"
)

// This file is the Go-specific model: it turns an interface's schema model
// into Go types, names and wire forms. Nothing here emits code.

// tkind is the kind of a Go type in generated code.
type tkind uint8

const (
	tString tkind = iota
	tInt
	tFloat
	tBool
	tAddr      // netip.Addr (format ipvanyaddress)
	tNetwork   // netip.Prefix (format ipvanynetwork)
	tInterface // netip.Prefix (format ipvanyinterface)
	tTime      // time.Time (format date-time)
	tSecret    // databag.SecretURI (format juju-secret-uri)
	tRaw       // json.RawMessage (any JSON value)
	tSlice
	tMap
	tStruct
	tEnum
	tPtr
)

// goType is the Go type of one use of a schema.
type goType struct {
	kind tkind
	elem *goType     // tSlice, tMap, tPtr
	st   *structType // tStruct
	en   *enumType   // tEnum
	node *schema.Node
	// nullable: the JSON null is accepted (and, for tPtr and nilable
	// kinds, read as nil).
	nullable bool
	// inString: the value is written as a JSON string that holds its JSON
	// text (contentMediaType application/json inside JSON).
	inString bool
	// keyPattern checks map keys (patternProperties maps).
	keyPattern *ruleVar
	strRules   *ruleVar
	numRules   *ruleVar
	arrRules   *ruleVar
	unique     bool
}

// nilable kinds use nil for "no value" without a pointer.
func (t *goType) nilable() bool {
	switch t.kind {
	case tSlice, tMap, tRaw, tPtr:
		return true
	}
	return false
}

// base returns the type under a pointer.
func (t *goType) base() *goType {
	if t.kind == tPtr {
		return t.elem
	}
	return t
}

// structType is a generated struct: a databag or a nested object.
type structType struct {
	name   string
	key    string // identity, for sharing and sorting
	cand   string // candidate name before collisions are resolved
	doc    string
	node   *schema.Node
	fields []*field
	top    bool // a databag (top level)
	extra  extraKind
	// extraType is the value type of Extra for extraTyped.
	extraType *goType
	patterns  []*patternRule
	anyReq    [][]string
	file      string
	role      string
}

type extraKind uint8

const (
	extraNone  extraKind = iota // additionalProperties: false
	extraKeep                   // other keys kept: map[string]string (top) or map[string]json.RawMessage
	extraTyped                  // additionalProperties: {schema}: map[string]T
)

// patternRule checks values of keys matching a patternProperties entry.
type patternRule struct {
	re *ruleVar
	t  *goType
	// wire and value for top-level pattern keys.
	wire schema.Wire
}

// field is one declared key of a struct.
type field struct {
	name string
	wire string
	doc  []string
	t    *goType
	// mustExist: a decoder reports the key's absence (required, not
	// nullable).
	mustExist bool
	// writeNull: an encoder writes null for nil (nested required+nullable
	// fields, which pydantic peers need present, or the WriteNull option).
	writeNull bool
	// def is a scalar default applied when the key is absent and left out
	// when the value equals it.
	def *schema.Value
	// Top level only: how the value is written, and booleans as Python's
	// True/False.
	wireForm schema.Wire
	pyBool   bool
	prop     *schema.Property
}

// enumType is a named type with one constant per allowed value.
type enumType struct {
	name   string
	key    string
	cand   string
	doc    string
	node   *schema.Node
	isInt  bool
	consts []enumConst
	values string // name of the var holding the allowed values as JSON text
}

type enumConst struct {
	name  string
	value *schema.Value
}

// ruleVar is a package variable holding checks (databag.StringRules,
// NumberRules, ArrayRules or a *regexp.Regexp).
type ruleVar struct {
	name string
	kind string // "string", "number", "array", "regexp"
	key  string
	node *schema.Node
	re   string
}

// bagType is one databag type of the package.
type bagType struct {
	role string // provider, requirer
	side string // app, unit; "" for a legacy flat databag
	st   *structType
	// aliases are the per-side names of a legacy flat databag.
	aliases []string
}

// goPackage is the Go model of one interface version.
type goPackage struct {
	iface   *ifaceschema.Interface
	name    string
	dir     string
	enc     *schema.Encodings
	bags    []*bagType
	structs []*structType
	enums   []*enumType
	rules   []*ruleVar
	ruleMap map[string]*ruleVar
	// shared types, by identity key
	structByKey map[string]*structType
	enumByKey   map[string]*enumType
	warn        func(ifaceschema.Diagnostic)
	file        string // role file being built
	role        string
}

func (g *goPackage) warnf(node *schema.Node, format string, args ...any) {
	ptr := ""
	if node != nil {
		ptr = node.Pointer
	}
	g.warn(ifaceschema.Diagnostic{Severity: ifaceschema.Warning, File: g.file, Pointer: ptr, Msg: fmt.Sprintf(format, args...)})
}

// bagNames are the names of the databag types.
func bagName(role, side string) string {
	n := names.Exported(role)
	if side != "" {
		n += names.Exported(side)
	}
	return n
}

// buildPackage makes the Go model of one interface version. It returns
// nil when the interface describes no databag.
func buildPackage(cfg *Config, it *ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) *goPackage {
	g := &goPackage{
		iface:       it,
		name:        packageName(it.Name, it.Version),
		dir:         it.Name + "/v" + strconv.Itoa(it.Version),
		enc:         cfg.encodings(it.Name),
		ruleMap:     map[string]*ruleVar{},
		structByKey: map[string]*structType{},
		enumByKey:   map[string]*enumType{},
		warn:        warn,
	}
	sigs := defSignatures(it)
	for _, r := range it.Roles() {
		if r.Schema == nil {
			continue
		}
		g.file, g.role = r.File, r.Name
		sides := []string{"app", "unit"}
		if r.Schema.Flat != nil {
			sides = []string{""}
		}
		for _, side := range sides {
			node := r.Schema.Flat
			if side != "" {
				node = r.Schema.Bag(side)
			}
			if node == nil {
				continue
			}
			st := &structType{name: bagName(r.Name, side), key: r.Name + "." + side, top: true, node: node, file: r.File, role: r.Name}
			st.cand = st.name
			st.doc = bagDoc(r.Name, side, node, r.Schema)
			g.fillStruct(st, node, side, sigs)
			b := &bagType{role: r.Name, side: side, st: st}
			if side == "" {
				b.aliases = []string{bagName(r.Name, "app"), bagName(r.Name, "unit")}
			}
			g.bags = append(g.bags, b)
		}
	}
	if len(g.bags) == 0 {
		return nil
	}
	g.resolveNames()
	g.checkEncodingSettings()
	return g
}

// defSignatures returns, for each $defs name used in both role files, true
// when the two definitions differ (then each role's type gets the role as
// a prefix).
func defSignatures(it *ifaceschema.Interface) map[string]bool {
	seen := map[string]map[string]string{} // def name → role → signature
	for _, r := range it.Roles() {
		if r.Schema == nil {
			continue
		}
		for _, n := range []*schema.Node{r.Schema.App, r.Schema.Unit, r.Schema.Flat} {
			walkDefs(n, map[*schema.Node]bool{}, func(d *schema.Node) {
				if seen[d.Def] == nil {
					seen[d.Def] = map[string]string{}
				}
				seen[d.Def][r.Name] = signature(d)
			})
		}
	}
	differ := map[string]bool{}
	for name, byRole := range seen {
		if len(byRole) == 2 && byRole["provider"] != byRole["requirer"] {
			differ[name] = true
		}
	}
	return differ
}

func walkDefs(n *schema.Node, seen map[*schema.Node]bool, f func(*schema.Node)) {
	if n == nil {
		return
	}
	if n.DefNode != nil && !seen[n.DefNode] {
		seen[n.DefNode] = true
		f(n.DefNode)
	}
	for _, p := range n.Properties {
		walkDefs(p.Node, seen, f)
	}
	walkDefs(n.Items, seen, f)
	walkDefs(n.AdditionalNode, seen, f)
	walkDefs(n.Content, seen, f)
	for _, pp := range n.PatternProperties {
		walkDefs(pp.Node, seen, f)
	}
}

// signature describes a schema's shape, for comparing definitions.
func signature(n *schema.Node) string {
	var b strings.Builder
	var walk func(n *schema.Node, depth int)
	walk = func(n *schema.Node, depth int) {
		if n == nil || depth > 30 {
			b.WriteString("_")
			return
		}
		fmt.Fprintf(&b, "(%s %v %q %q %d %d", n.Kind, n.Nullable, n.Format, n.Pattern, n.MinLength, n.MaxLength)
		for _, e := range n.Enum {
			b.WriteString(" e" + e.Canonical())
		}
		if n.Const != nil {
			b.WriteString(" c" + n.Const.Canonical())
		}
		if n.Default != nil {
			b.WriteString(" d" + n.Default.Canonical())
		}
		for _, f := range []*float64{n.Minimum, n.Maximum, n.ExclusiveMinimum, n.ExclusiveMaximum, n.MultipleOf} {
			if f != nil {
				fmt.Fprintf(&b, " %v", *f)
			} else {
				b.WriteString(" -")
			}
		}
		fmt.Fprintf(&b, " %d %d %v %d", n.MinItems, n.MaxItems, n.UniqueItems, n.Additional)
		for _, p := range n.Properties {
			fmt.Fprintf(&b, " p%q %v", p.Name, p.Required)
			walk(p.Node, depth+1)
		}
		for _, pp := range n.PatternProperties {
			fmt.Fprintf(&b, " pp%q", pp.Pattern)
			walk(pp.Node, depth+1)
		}
		fmt.Fprintf(&b, " %v", n.AnyRequired)
		b.WriteString(" i")
		walk(n.Items, depth+1)
		b.WriteString(" a")
		walk(n.AdditionalNode, depth+1)
		b.WriteString(" c")
		walk(n.Content, depth+1)
		b.WriteString(")")
	}
	walk(n, 0)
	return b.String()
}

func bagDoc(role, side string, node *schema.Node, r *schema.Role) string {
	var what string
	switch side {
	case "":
		what = fmt.Sprintf("%s is the %s's databag, as described by a legacy hand-written schema that does not say whether it is the application or the unit databag; %s and %s name it for each.", bagName(role, side), role, bagName(role, "app"), bagName(role, "unit"))
	case "app":
		what = fmt.Sprintf("%s is the %s's application databag (written by its leader).", bagName(role, side), role)
	default:
		what = fmt.Sprintf("%s is the databag of each %s unit.", bagName(role, side), role)
	}
	d := defDescription(node)
	if d != "" {
		what += "\n\n" + d
	}
	return what
}

func defDescription(n *schema.Node) string {
	if n.DefNode != nil && n.DefNode.Description != "" {
		return n.DefNode.Description
	}
	return n.Description
}

// fillStruct builds the fields of a struct from an object node.
func (g *goPackage) fillStruct(st *structType, node *schema.Node, side string, sigs map[string]bool) {
	st.anyReq = node.AnyRequired
	switch node.Additional {
	case schema.AdditionalAllow:
		st.extra = extraKeep
	case schema.AdditionalForbid:
		st.extra = extraNone
	case schema.AdditionalSchema:
		st.extra = extraTyped
		if st.top || len(node.PatternProperties) > 0 {
			st.extra = extraKeep
		}
	}
	if node.Additional == schema.AdditionalSchema {
		st.extraType = nullWrap(g.typeOf(node.AdditionalNode, st.cand+"Value", sigs))
	}
	if len(node.PatternProperties) > 0 && st.extra == extraNone {
		st.extra = extraKeep // keys matching a pattern are kept there
	}
	for _, pp := range node.PatternProperties {
		pr := &patternRule{re: g.regexpVar(pp.RE.String()), t: nullWrap(g.typeOf(pp.Node, st.cand+"Pattern", sigs))}
		if st.top {
			pr.wire, _ = schema.WireOf(&schema.Property{Node: pp.Node}, schema.EncodingRaw)
		}
		st.patterns = append(st.patterns, pr)
	}
	for _, p := range node.Properties {
		f := &field{wire: p.Name, prop: p}
		n := p.Node
		valNode := n
		if st.top {
			enc := g.enc.For(g.role, side, p.Name)
			f.wireForm, valNode = schema.WireOf(p, enc)
			if n.Kind == schema.KindBoolean && enc == schema.EncodingRaw && g.hasFieldSetting(side, p.Name) {
				f.pyBool = true
			}
		}
		f.mustExist = !p.Optional()
		f.doc = fieldDoc(p, f, st.top)
		t := g.typeOf(valNode, st.cand+names.Exported(p.Name), sigs)
		if st.top && f.wireForm == schema.WireRaw && t.kind == tRaw {
			// An untyped value at the top level is kept as the string.
			t = &goType{kind: tString, node: valNode, nullable: valNode.Nullable}
		}
		if d := valNode.Default; d != nil && scalarKind(t.base().kind) {
			f.def = d
		}
		// Absent values: nilable types use nil; others a pointer, unless a
		// default stands in for absence.
		optional := p.Optional()
		if t.kind != tPtr && !t.nilable() && (t.nullable || optional && f.def == nil) {
			t = &goType{kind: tPtr, elem: t, nullable: t.nullable, node: t.node}
		}
		if f.def != nil && t.kind == tPtr {
			f.def = nil // nullable with a default: nil is null, absence is the default
			if d := valNode.Default; d != nil {
				f.doc = append(f.doc, "When the key is absent the value is "+d.JSON()+"; nil means null.")
			}
		}
		f.t = t
		if !st.top && t.nullable && p.Required {
			f.writeNull = true
		}
		if g.enc != nil && g.enc.WriteNull && t.nullable {
			f.writeNull = true
		}
		st.fields = append(st.fields, f)
	}
	g.nameFields(st)
}

// nullWrap makes a nullable value a pointer, unless nil already means
// null for its type.
func nullWrap(t *goType) *goType {
	if t.kind != tPtr && !t.nilable() && t.nullable {
		return &goType{kind: tPtr, elem: t, nullable: true, node: t.node}
	}
	return t
}

func (g *goPackage) hasFieldSetting(side, key string) bool {
	if g.enc == nil {
		return false
	}
	for _, k := range schema.FieldKeys(g.role, side, key) {
		if _, ok := g.enc.Fields[k]; ok {
			return true
		}
	}
	return false
}

func scalarKind(k tkind) bool {
	switch k {
	case tString, tInt, tFloat, tBool, tEnum:
		return true
	}
	return false
}

// nameFields gives the fields Go names, deterministically: in order of
// wire key, the first field keeps the natural name and later ones get _2,
// _3...; names the struct needs itself (Extra) are avoided.
func (g *goPackage) nameFields(st *structType) {
	used := map[string]string{}
	if st.extra != extraNone {
		used["Extra"] = ""
	}
	used["MarshalDatabag"], used["UnmarshalDatabag"] = "", ""
	order := append([]*field(nil), st.fields...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].wire < order[j].wire })
	for _, f := range order {
		name := names.Exported(f.wire)
		base := name
		for n := 2; ; n++ {
			if _, taken := used[name]; !taken {
				break
			}
			name = base + "_" + strconv.Itoa(n)
		}
		if name != base {
			other := used[base]
			if other == "" {
				g.warnf(f.prop.Node, "field %q would be named %s, which %s needs itself; it is named %s", f.wire, base, st.cand, name)
			} else {
				g.warnf(f.prop.Node, "fields %q and %q would both be named %s; %q is named %s", other, f.wire, base, f.wire, name)
			}
		}
		used[name] = f.wire
		f.name = name
	}
}

func fieldDoc(p *schema.Property, f *field, top bool) []string {
	n := p.Node
	var doc []string
	desc := n.Description
	if desc == "" && n.Content != nil {
		desc = n.Content.Description
	}
	if desc == "" && n.Title != "" && !strings.EqualFold(strings.ReplaceAll(n.Title, " ", ""), strings.NewReplacer("_", "", "-", "").Replace(p.Name)) {
		desc = n.Title + "."
	}
	if desc != "" {
		doc = append(doc, desc)
	}
	var notes []string
	notes = append(notes, fmt.Sprintf("Key %q", p.Name))
	if top {
		switch f.wireForm {
		case schema.WireJSON:
			notes[0] += ", written as JSON text"
		case schema.WireYAML:
			notes[0] += ", written as a YAML document (PyYAML safe_dump style)"
		case schema.WireRaw:
			notes[0] += ", written as a plain string"
		case schema.WireText:
			notes[0] += ", written as text"
		}
	}
	switch {
	case p.Required && n.Nullable:
		notes = append(notes, "required by the schema but nullable: read as optional")
	case p.Required:
		notes = append(notes, "required")
	default:
		notes = append(notes, "optional")
	}
	doc = append(doc, strings.Join(notes, "; ")+".")
	if len(n.Examples) > 0 {
		var ex []string
		for _, e := range n.Examples {
			ex = append(ex, e.JSON())
		}
		doc = append(doc, "Examples: "+strings.Join(ex, ", ")+".")
	}
	if n.Default != nil {
		doc = append(doc, "Default: "+n.Default.JSON()+".")
	}
	if n.WriteOnly || n.Format == "password" {
		doc = append(doc, "This is a secret: do not log it.")
	}
	return doc
}

// typeOf returns the Go type of one use of a schema node. hint names
// inline types.
func (g *goPackage) typeOf(n *schema.Node, hint string, sigs map[string]bool) *goType {
	if n == nil {
		return &goType{kind: tRaw}
	}
	if n.Content != nil {
		inner := g.typeOf(n.Content, hint, sigs)
		t := *inner
		t.inString = true
		t.nullable = n.Nullable
		if inner.kind == tPtr {
			t = *inner.elem
			t.inString = true
			t.nullable = n.Nullable || inner.nullable
		}
		t.node = n.Content
		return &t
	}
	t := &goType{node: n, nullable: n.Nullable}
	switch n.Kind {
	case schema.KindString:
		switch n.Format {
		case "ipvanyaddress":
			t.kind = tAddr
		case "ipvanynetwork":
			t.kind = tNetwork
		case "ipvanyinterface":
			t.kind = tInterface
		case "date-time":
			t.kind = tTime
		case "juju-secret-uri":
			t.kind = tSecret
		default:
			t.kind = tString
		}
		if len(n.Enum) > 0 && t.kind == tString {
			t.kind, t.en = tEnum, g.enumOf(n, hint, sigs)
		}
		t.strRules = g.stringRules(n, t.kind != tString && t.kind != tEnum)
	case schema.KindInteger:
		t.kind = tInt
		if len(n.Enum) > 0 {
			t.kind, t.en = tEnum, g.enumOf(n, hint, sigs)
		}
		t.numRules = g.numberRules(n)
	case schema.KindNumber:
		t.kind = tFloat
		t.numRules = g.numberRules(n)
	case schema.KindBoolean:
		t.kind = tBool
	case schema.KindArray:
		t.kind = tSlice
		t.elem = g.typeOf(n.Items, hint+"Item", sigs)
		t.elem = nullWrap(t.elem)
		t.arrRules = g.arrayRules(n)
		t.unique = n.UniqueItems
	case schema.KindObject:
		switch {
		case len(n.Properties) == 0 && len(n.PatternProperties) == 0 && len(n.AnyRequired) == 0 && n.Additional != schema.AdditionalForbid:
			t.kind = tMap
			if n.Additional == schema.AdditionalSchema {
				t.elem = g.typeOf(n.AdditionalNode, hint+"Value", sigs)
			} else {
				t.elem = &goType{kind: tRaw}
			}
		case len(n.Properties) == 0 && len(n.PatternProperties) == 1 && len(n.AnyRequired) == 0 && n.Additional == schema.AdditionalForbid:
			pp := n.PatternProperties[0]
			t.kind = tMap
			t.elem = g.typeOf(pp.Node, hint+"Value", sigs)
			t.keyPattern = g.regexpVar(pp.RE.String())
		default:
			t.kind, t.st = tStruct, g.structOf(n, hint, sigs)
		}
		if t.kind == tMap {
			t.elem = nullWrap(t.elem)
		}
	default: // any, null
		t.kind = tRaw
	}
	return t
}

// identity returns the key that makes uses of a node share one Go type,
// and the candidate name.
func (g *goPackage) identity(n *schema.Node, hint string, sigs map[string]bool) (string, string) {
	if n.DefNode == nil {
		return g.role + ":" + n.Pointer, hint
	}
	name := names.Exported(n.Def)
	if sigs[n.Def] {
		return g.role + ":" + n.DefPointer, names.Exported(g.role) + name
	}
	return "def:" + n.Def, name
}

func (g *goPackage) structOf(n *schema.Node, hint string, sigs map[string]bool) *structType {
	key, cand := g.identity(n, hint, sigs)
	if st := g.structByKey[key]; st != nil {
		return st
	}
	def := n
	if n.DefNode != nil {
		def = n.DefNode
	}
	st := &structType{key: key, cand: cand, node: def, file: g.file, role: g.role}
	st.doc = def.Description
	if st.doc == "" && def.Title != "" && def.Title != n.Def {
		st.doc = def.Title + "."
	}
	g.structByKey[key] = st
	g.structs = append(g.structs, st)
	g.fillStruct(st, def, "", sigs)
	return st
}

func (g *goPackage) enumOf(n *schema.Node, hint string, sigs map[string]bool) *enumType {
	key, cand := g.identity(n, hint, sigs)
	if en := g.enumByKey[key]; en != nil {
		return en
	}
	def := n
	if n.DefNode != nil {
		def = n.DefNode
	}
	en := &enumType{key: key, cand: cand, node: def, isInt: def.Kind == schema.KindInteger, doc: def.Description}
	for _, v := range def.Enum {
		en.consts = append(en.consts, enumConst{value: v})
	}
	g.enumByKey[key] = en
	g.enums = append(g.enums, en)
	return en
}

func (g *goPackage) addRule(r *ruleVar) *ruleVar {
	if old := g.ruleMap[r.kind+":"+r.key]; old != nil {
		return old
	}
	r.name = fmt.Sprintf("%sRules%d", r.kind, len(g.rules))
	if r.kind == "regexp" {
		r.name = fmt.Sprintf("pattern%d", len(g.rules))
	}
	g.ruleMap[r.kind+":"+r.key] = r
	g.rules = append(g.rules, r)
	return r
}

func (g *goPackage) regexpVar(re string) *ruleVar {
	return g.addRule(&ruleVar{kind: "regexp", key: re, re: re})
}

// stringRules returns the rules var of a string node, or nil when it has
// no checks. typedFormat leaves out a format that the Go type checks.
func (g *goPackage) stringRules(n *schema.Node, typedFormat bool) *ruleVar {
	format := n.Format
	if typedFormat || !isCheckedFormat(format) {
		format = ""
	}
	if format == "" && n.PatternRE == nil && n.MinLength < 0 && n.MaxLength < 0 {
		return nil
	}
	rv := &ruleVar{kind: "string", node: n}
	var pat *ruleVar
	if n.PatternRE != nil {
		pat = g.regexpVar(n.PatternRE.String())
		rv.re = pat.name
	}
	rv.key = fmt.Sprintf("%q %s %d %d", format, rv.re, n.MinLength, n.MaxLength)
	cp := *n
	cp.Format = format
	rv.node = &cp
	return g.addRule(rv)
}

func isCheckedFormat(f string) bool {
	switch f {
	case "uri", "uuid", "date-time", "ipv4", "ipv6", "ipvanyaddress", "ipvanynetwork", "ipvanyinterface", "juju-secret-uri":
		return true
	}
	return false
}

func (g *goPackage) numberRules(n *schema.Node) *ruleVar {
	if n.Minimum == nil && n.Maximum == nil && n.ExclusiveMinimum == nil && n.ExclusiveMaximum == nil && n.MultipleOf == nil {
		return nil
	}
	key := ""
	for _, f := range []*float64{n.Minimum, n.Maximum, n.ExclusiveMinimum, n.ExclusiveMaximum, n.MultipleOf} {
		if f != nil {
			key += fmt.Sprintf(" %v", *f)
		} else {
			key += " -"
		}
	}
	return g.addRule(&ruleVar{kind: "number", key: key, node: n})
}

func (g *goPackage) arrayRules(n *schema.Node) *ruleVar {
	if n.MinItems < 0 && n.MaxItems < 0 {
		return nil
	}
	return g.addRule(&ruleVar{kind: "array", key: fmt.Sprintf("%d %d", n.MinItems, n.MaxItems), node: n})
}

// resolveNames gives every struct and enum type its final name: the
// databag types keep theirs, then $defs types and inline types in order of
// candidate name (then identity); a name already taken gets 2, 3... and a
// warning.
func (g *goPackage) resolveNames() {
	used := map[string]string{}
	for _, b := range g.bags {
		used[b.st.name] = b.st.key
		for _, a := range b.aliases {
			used[a] = b.st.key
		}
	}
	type named struct {
		cand, key string
		set       func(string)
		node      *schema.Node
		file      string
	}
	var all []named
	for _, st := range g.structs {
		st := st
		all = append(all, named{st.cand, st.key, func(s string) { st.name = s }, st.node, st.file})
	}
	for _, en := range g.enums {
		en := en
		all = append(all, named{en.cand, en.key, func(s string) { en.name = s }, en.node, ""})
	}
	sort.SliceStable(all, func(i, j int) bool {
		di, dj := strings.HasPrefix(all[i].key, "def:"), strings.HasPrefix(all[j].key, "def:")
		if di != dj {
			return di
		}
		if all[i].cand != all[j].cand {
			return all[i].cand < all[j].cand
		}
		return all[i].key < all[j].key
	})
	for _, a := range all {
		name := a.cand
		for n := 2; ; n++ {
			if _, taken := used[name]; !taken {
				break
			}
			name = a.cand + strconv.Itoa(n)
		}
		if name != a.cand {
			g.warn(ifaceschema.Diagnostic{Severity: ifaceschema.Warning, File: a.file, Pointer: a.node.Pointer,
				Msg: fmt.Sprintf("type name %s is already taken; this type is named %s", a.cand, name)})
		}
		used[name] = a.key
		a.set(name)
	}
	// Enum constants share the package namespace.
	sort.Slice(g.enums, func(i, j int) bool { return g.enums[i].name < g.enums[j].name })
	for _, en := range g.enums {
		en.values = "enum" + en.name + "Values"
		for i := range en.consts {
			v := en.consts[i].value
			raw := v.Str
			if en.isInt {
				raw = v.Canonical()
			}
			base := en.name + constName(raw)
			name := base
			for n := 2; ; n++ {
				if _, taken := used[name]; !taken {
					break
				}
				name = base + "_" + strconv.Itoa(n)
			}
			used[name] = en.key
			en.consts[i].name = name
		}
	}
	sort.Slice(g.structs, func(i, j int) bool { return g.structs[i].name < g.structs[j].name })
}

// checkEncodingSettings warns about encoding settings that name no field.
func (g *goPackage) checkEncodingSettings() {
	if g.enc == nil {
		return
	}
	known := map[string]bool{}
	for _, b := range g.bags {
		sides := []string{b.side}
		if b.side == "" {
			sides = []string{"app", "unit"}
		}
		for _, f := range b.st.fields {
			for _, s := range sides {
				known[f.wire] = true
				known[s+"."+f.wire] = true
				known[b.role+"."+s+"."+f.wire] = true
			}
		}
	}
	for _, k := range sortedKeys(g.enc.Fields) {
		if !known[k] {
			g.warn(ifaceschema.Diagnostic{Severity: ifaceschema.Warning, File: g.iface.Dir,
				Msg: fmt.Sprintf("encoding setting for field %q of %s: no top-level field has that key", k, g.iface)})
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
