// Package validate checks a relation databag against a JSON Schema at run
// time, without generated code. It is charmgen's one databag validator:
// the daemon layout checks a script's `relation set` with it (the schema
// of relations.<endpoint> in charmgen-hooks.yaml, read with CompileBag),
// and the code generator's tests check generated decoders against it.
//
// It reads the schema with package schema (the same reading the code
// generator uses) and checks values with package databag (the same checks
// and messages generated decoders use), walking the schema in the order
// generated code does, so a databag gets the same verdict and the same
// errors either way. It depends on the standard library only.
//
//	s, diags, err := validate.Compile("requirer", data, nil)
//	...
//	err = s.Validate("app", bag) // nil, or a *databag.Error
package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/charmgen/charmgen/charm/databag"
	"github.com/charmgen/charmgen/charm/databag/schema"
)

// Schema is a compiled role schema (provider.json or requirer.json).
type Schema struct {
	role string
	r    *schema.Role
	enc  *schema.Encodings
	// rules caches the check structs built from nodes.
	str map[*schema.Node]*databag.StringRules
	num map[*schema.Node]*databag.NumberRules
	arr map[*schema.Node]*databag.ArrayRules
}

// Compile reads the schema of one role ("provider" or "requirer"). enc
// says how plain string fields are written (nil: raw, the default). The
// diagnostics are the problems found in the schema; the error is set only
// when the schema cannot be used at all.
func Compile(role string, data []byte, enc *schema.Encodings) (*Schema, []schema.Diag, error) {
	r, diags := schema.Parse(data)
	if r == nil {
		return nil, diags, errors.New(firstError(diags))
	}
	return New(role, r, enc), diags, nil
}

// CompileBag reads the schema of one databag: an object schema whose
// properties are the databag's keys (what charmgen-hooks.yaml's
// relations.<endpoint>.schema holds), not a role schema with app and unit
// databags. The Schema describes both sides, and its plain string fields
// are raw. As with Compile, the error is set only when the schema cannot
// be used at all; the diagnostics are the problems found in it.
func CompileBag(data []byte) (*Schema, []schema.Diag, error) {
	root, err := schema.ParseValue(data)
	if err == nil && root.Kind != schema.ValObject {
		err = errors.New("not an object")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("a databag schema must be a JSON object: %v", err)
	}
	// schema.Parse reads a schema whose properties include app or unit as
	// a role schema unless it says $schema: say it, and shift the offsets
	// of the diagnostics back to data's.
	var shift int64
	if props := root.Get("properties"); root.Get("$schema") == nil && (props.Get("app") != nil || props.Get("unit") != nil) {
		const ins = `"$schema":"",`
		at := root.Offset + 1
		data = append(append(append([]byte{}, data[:at]...), ins...), data[at:]...)
		shift = int64(len(ins))
	}
	r, diags := schema.Parse(data)
	kept := diags[:0]
	for _, d := range diags {
		// The one warning at "#" itself is Parse's note that a legacy
		// schema describes one flat databag: what is asked for here.
		if r != nil && r.Flat != nil && d.Pointer == "#" && d.Severity == schema.Warning {
			continue
		}
		if d.Offset > root.Offset {
			d.Offset -= shift
		}
		kept = append(kept, d)
	}
	diags = kept
	switch {
	case r == nil || r.Flat == nil && r.App == nil:
		return nil, diags, errors.New(firstError(diags))
	case r.Flat == nil:
		// Parse read the legacy wrapper of the app databag.
		return nil, diags, errors.New("a databag schema whose properties are only application-data, related-units and unit-data (or their _ spellings) is read as a legacy wrapper of the app databag, not as one databag")
	}
	return New("", r, nil), diags, nil
}

// firstError returns the first error among diags.
func firstError(diags []schema.Diag) string {
	for _, d := range diags {
		if d.Severity == schema.Error {
			return d.String()
		}
	}
	return "unusable schema"
}

// New makes a Schema from an already parsed role schema.
func New(role string, r *schema.Role, enc *schema.Encodings) *Schema {
	return &Schema{role: role, r: r, enc: enc,
		str: map[*schema.Node]*databag.StringRules{},
		num: map[*schema.Node]*databag.NumberRules{},
		arr: map[*schema.Node]*databag.ArrayRules{}}
}

// Describes reports whether the schema describes the databag of side
// ("app" or "unit").
func (s *Schema) Describes(side string) bool { return s.r.Bag(side) != nil }

// requiresData reports whether an empty databag is invalid for node: some
// property, or some group of properties, is required.
func requiresData(node *schema.Node) bool {
	if len(node.AnyRequired) > 0 {
		return true
	}
	for _, p := range node.Properties {
		if !p.Optional() {
			return true
		}
	}
	return false
}

// Validate checks bag as the databag of side ("app" or "unit"). A side the
// schema does not describe accepts any databag (pydantic's untouched
// BaseModel ignores every key). The error is a *databag.Error listing every
// problem, as generated decoders report them, or databag.ErrEmpty for a
// bag with no data at all when the schema requires some (the remote side
// has not written it yet).
func (s *Schema) Validate(side string, bag map[string]string) error {
	node := s.r.Bag(side)
	if node == nil {
		return nil
	}
	bagSide := side
	if s.r.Flat != nil {
		bagSide = "" // settings may name a flat databag's fields as app or unit
	}
	if requiresData(node) && databag.IsEmpty(bag) {
		return databag.ErrEmpty
	}
	errs := &databag.Errors{}
	for _, p := range node.Properties {
		v, ok := databag.Lookup(bag, p.Name)
		if !ok {
			if !p.Optional() {
				errs.Missing(nil, p.Name)
			}
			continue
		}
		path := databag.Field(p.Name)
		s.top(p, bagSide, v, &path, errs)
	}
	if len(node.AnyRequired) > 0 {
		ok := false
		for _, g := range node.AnyRequired {
			all := true
			for _, k := range g {
				all = all && databag.Has(bag, k)
			}
			ok = ok || all
		}
		if !ok {
			errs.AnyOfRequired(nil, node.AnyRequired)
		}
	}
	if node.Additional == schema.AdditionalForbid || len(node.PatternProperties) > 0 {
		for _, k := range databag.SortedKeys(bag) {
			if node.Property(k) != nil {
				continue
			}
			v := bag[k]
			if v == "" || databag.IsJujuKey(k) {
				continue
			}
			matched := false
			for _, pp := range node.PatternProperties {
				if pp.RE.MatchString(k) {
					path := databag.Field(k)
					s.topPattern(pp.Node, v, &path, errs)
					matched = true
					break
				}
			}
			if !matched && node.Additional == schema.AdditionalForbid {
				errs.Unknown(nil, k)
			}
		}
	}
	return errs.Err()
}

// topPattern checks the value of a top-level key matching a
// patternProperties entry (plain strings are raw there).
func (s *Schema) topPattern(n *schema.Node, v string, path *databag.Path, errs *databag.Errors) {
	p := &schema.Property{Node: n}
	wire, vn := schema.WireOf(p, schema.EncodingRaw)
	s.check(wire, vn, v, path, errs)
}

// top checks the databag string v of a top-level property.
func (s *Schema) top(p *schema.Property, side, v string, path *databag.Path, errs *databag.Errors) {
	enc := s.enc.For(s.role, side, p.Name)
	wire, n := schema.WireOf(p, enc)
	s.check(wire, n, v, path, errs)
}

// check checks a databag string written in form wire against n.
func (s *Schema) check(wire schema.Wire, n *schema.Node, v string, path *databag.Path, errs *databag.Errors) {
	if wire == schema.WireYAML {
		j, ok := databag.YAMLText(path, errs, v)
		if !ok {
			return
		}
		wire, v = schema.WireJSON, j
	}
	if wire == schema.WireJSON {
		d := databag.NewDecoder(v, errs)
		s.value(&d, n, path)
		d.Finish(path)
		return
	}
	if n.Nullable && v == "null" {
		return
	}
	switch n.Kind {
	case schema.KindInteger:
		i, ok := databag.ParseIntText(path, errs, v)
		if !ok {
			return
		}
		if len(n.Enum) > 0 {
			s.enumCheck(n, strconv.FormatInt(i, 10), path, errs)
		}
		s.intChecks(n, i, path, errs)
	case schema.KindNumber:
		f, ok := databag.ParseFloatText(path, errs, v)
		if ok {
			s.floatChecks(n, f, path, errs)
		}
	case schema.KindBoolean:
		b, ok := databag.ParseBoolText(path, errs, v)
		if ok {
			s.boolChecks(n, b, path, errs)
		}
	case schema.KindString:
		s.stringValue(n, v, path, errs)
	}
}

// typedFormat reports whether generated code gives the format its own Go
// type (checked by conversion rather than by CheckString).
func typedFormat(f string) bool {
	switch f {
	case "ipvanyaddress", "ipvanynetwork", "ipvanyinterface", "date-time":
		return true
	}
	return false
}

// stringValue checks a string value read from JSON or from the databag.
func (s *Schema) stringValue(n *schema.Node, v string, path *databag.Path, errs *databag.Errors) {
	switch {
	case typedFormat(n.Format):
		databag.CheckFormat(path, errs, v, n.Format)
		if r := s.strRules(n, true); r != nil {
			databag.CheckString(path, errs, v, r)
		}
	case len(n.Enum) > 0:
		s.enumCheck(n, databag.QuoteJSON(v), path, errs)
		if r := s.strRules(n, false); r != nil {
			databag.CheckString(path, errs, v, r)
		}
	default:
		if r := s.strRules(n, false); r != nil {
			databag.CheckString(path, errs, v, r)
		}
		if n.Const != nil && n.Const.Kind == schema.ValString && n.Const.Str != v {
			databag.BadConst(path, errs, databag.QuoteJSON(v), n.Const.Canonical())
		}
	}
}

func (s *Schema) enumCheck(n *schema.Node, text string, path *databag.Path, errs *databag.Errors) {
	var allowed []string
	found := false
	for _, e := range n.Enum {
		c := e.Canonical()
		if n.Kind == schema.KindString {
			c = e.JSON()
		}
		allowed = append(allowed, c)
		if c == text {
			found = true
		}
	}
	if !found {
		databag.BadEnum(path, errs, text, allowed)
	}
}

func (s *Schema) intChecks(n *schema.Node, i int64, path *databag.Path, errs *databag.Errors) {
	if r := s.numRules(n); r != nil {
		databag.CheckInt(path, errs, i, r)
	}
	if len(n.Enum) == 0 && n.Const != nil {
		if c, ok := n.Const.IsInt(); ok && c != i {
			databag.BadConst(path, errs, strconv.FormatInt(i, 10), n.Const.Canonical())
		}
	}
}

func (s *Schema) floatChecks(n *schema.Node, f float64, path *databag.Path, errs *databag.Errors) {
	if r := s.numRules(n); r != nil {
		databag.CheckFloat(path, errs, f, r)
	}
	if n.Const != nil {
		if c, ok := n.Const.Float(); ok && c != f {
			databag.BadConst(path, errs, databag.FormatFloat(f), n.Const.Canonical())
		}
	}
	if len(n.Enum) > 0 {
		var allowed []string
		found := false
		for _, e := range n.Enum {
			if ev, ok := e.Float(); ok {
				allowed = append(allowed, e.Canonical())
				found = found || ev == f
			}
		}
		if !found {
			databag.BadEnum(path, errs, databag.FormatFloat(f), allowed)
		}
	}
}

func (s *Schema) boolChecks(n *schema.Node, b bool, path *databag.Path, errs *databag.Errors) {
	if n.Const != nil && n.Const.Kind == schema.ValBool && n.Const.Bool != b {
		databag.BadConst(path, errs, strconv.FormatBool(b), n.Const.Canonical())
	}
	if len(n.Enum) > 0 {
		var allowed []string
		found := false
		for _, e := range n.Enum {
			if e.Kind == schema.ValBool {
				allowed = append(allowed, e.Canonical())
				found = found || e.Bool == b
			}
		}
		if !found {
			databag.BadEnum(path, errs, strconv.FormatBool(b), allowed)
		}
	}
}

// value checks the next JSON value of d against n, accepting null when n
// is nullable.
func (s *Schema) value(d *databag.Decoder, n *schema.Node, path *databag.Path) {
	if n.Nullable && d.Null() {
		return
	}
	s.nonNull(d, n, path)
}

func (s *Schema) nonNull(d *databag.Decoder, n *schema.Node, path *databag.Path) {
	errs := d.Errs()
	if n.Content != nil {
		str, ok := d.String(path)
		if !ok {
			return
		}
		inner := *n.Content
		inner.Nullable = false
		sd := databag.NewDecoder(str, errs)
		s.nonNull(&sd, &inner, path)
		sd.Finish(path)
		return
	}
	switch n.Kind {
	case schema.KindString:
		if v, ok := d.String(path); ok {
			s.stringValue(n, v, path, errs)
		}
	case schema.KindInteger:
		if v, ok := d.Int(path); ok {
			if len(n.Enum) > 0 {
				s.enumCheck(n, strconv.FormatInt(v, 10), path, errs)
			}
			s.intChecks(n, v, path, errs)
		}
	case schema.KindNumber:
		if v, ok := d.Float(path); ok {
			s.floatChecks(n, v, path, errs)
		}
	case schema.KindBoolean:
		if v, ok := d.Bool(path); ok {
			s.boolChecks(n, v, path, errs)
		}
	case schema.KindArray:
		s.array(d, n, path)
	case schema.KindObject:
		s.object(d, n, path)
	default:
		d.Raw(path)
	}
}

func (s *Schema) array(d *databag.Decoder, n *schema.Node, path *databag.Path) {
	if !d.Array(path) {
		return
	}
	errs := d.Errs()
	items := n.Items
	var scalars []string
	complexUnique := n.UniqueItems && (items == nil || !scalarItems(items))
	count := 0
	for i := 0; d.More(); i++ {
		count++
		pi := path.Index(i)
		switch {
		case complexUnique:
			raw, ok := d.Raw(&pi)
			if !ok {
				continue
			}
			if items != nil {
				sd := databag.NewDecoder(string(raw), errs)
				s.value(&sd, items, &pi)
				sd.Finish(&pi)
			}
			scalars = append(scalars, canonicalRaw(raw))
		case n.UniqueItems:
			// Like generated code, an item that fails to read counts as its
			// type's zero value.
			scalars = append(scalars, s.scalarItem(d, items, &pi))
		case items == nil:
			d.Raw(&pi)
		default:
			s.value(d, items, &pi)
		}
	}
	if n.MinItems >= 0 || n.MaxItems >= 0 {
		databag.CheckArray(path, errs, count, s.arrRules(n))
	}
	if n.UniqueItems {
		databag.CheckUnique(path, errs, len(scalars), func(i int) string { return scalars[i] })
	}
}

// scalarItems reports whether generated code compares items of this
// schema by value (scalar Go types) rather than by JSON text.
func scalarItems(n *schema.Node) bool {
	if n.Content != nil || n.Nullable {
		return false
	}
	switch n.Kind {
	case schema.KindString, schema.KindInteger, schema.KindNumber, schema.KindBoolean:
		return true
	}
	return false
}

// scalarItem reads one scalar item and returns its comparison key.
func (s *Schema) scalarItem(d *databag.Decoder, n *schema.Node, path *databag.Path) string {
	errs := d.Errs()
	switch n.Kind {
	case schema.KindString:
		v, ok := d.String(path)
		if ok {
			s.stringValue(n, v, path, errs)
		}
		if typedFormat(n.Format) {
			return normFormat(n.Format, v)
		}
		return "s" + v
	case schema.KindInteger:
		v, ok := d.Int(path)
		if ok {
			if len(n.Enum) > 0 {
				s.enumCheck(n, strconv.FormatInt(v, 10), path, errs)
			}
			s.intChecks(n, v, path, errs)
		}
		return "i" + strconv.FormatInt(v, 10)
	case schema.KindNumber:
		v, ok := d.Float(path)
		if ok {
			s.floatChecks(n, v, path, errs)
		}
		return "f" + databag.FormatFloat(v)
	}
	v, ok := d.Bool(path)
	if ok {
		s.boolChecks(n, v, path, errs)
	}
	return "b" + strconv.FormatBool(v)
}

func normFormat(f, v string) string {
	switch f {
	case "ipvanyaddress":
		return "a" + databag.Addr(v).String()
	case "ipvanynetwork":
		return "n" + databag.Network(v).String()
	case "ipvanyinterface":
		return "n" + databag.Interface(v).String()
	}
	return "t" + databag.FormatDateTime(databag.DateTime(v))
}

func canonicalRaw(raw []byte) string {
	v, err := schema.ParseValue(raw)
	if err != nil {
		return string(raw)
	}
	return v.Canonical()
}

// isMap reports whether generated code reads the object as a Go map
// (rather than a struct), and whether its keys must match a pattern.
func isMap(n *schema.Node) (bool, *regexp.Regexp) {
	if len(n.Properties) == 0 && len(n.PatternProperties) == 0 && len(n.AnyRequired) == 0 && n.Additional != schema.AdditionalForbid {
		return true, nil
	}
	if len(n.Properties) == 0 && len(n.PatternProperties) == 1 && len(n.AnyRequired) == 0 && n.Additional == schema.AdditionalForbid {
		return true, n.PatternProperties[0].RE
	}
	return false, nil
}

func (s *Schema) object(d *databag.Decoder, n *schema.Node, path *databag.Path) {
	if !d.Object(path) {
		return
	}
	errs := d.Errs()
	if m, keyRE := isMap(n); m {
		var elem *schema.Node
		switch {
		case keyRE != nil:
			elem = n.PatternProperties[0].Node
		case n.Additional == schema.AdditionalSchema:
			elem = n.AdditionalNode
		}
		for {
			k, ok := d.Key()
			if !ok {
				break
			}
			pk := path.Key(k)
			if keyRE != nil {
				databag.CheckKey(&pk, errs, k, keyRE)
			}
			if elem == nil {
				d.Raw(&pk)
			} else {
				s.value(d, elem, &pk)
			}
		}
		return
	}
	seen := map[string]bool{}
	for {
		k, ok := d.Key()
		if !ok {
			break
		}
		if p := n.Property(k); p != nil {
			seen[k] = true
			q := path.Key(k)
			s.value(d, p.Node, &q)
			continue
		}
		q := path.Key(k)
		switch {
		case n.Additional == schema.AdditionalForbid && len(n.PatternProperties) == 0:
			errs.Unknown(path, k)
			d.Skip()
		case n.Additional == schema.AdditionalSchema && len(n.PatternProperties) == 0:
			s.value(d, n.AdditionalNode, &q)
		default:
			raw, ok := d.Raw(&q)
			if !ok {
				continue
			}
			matched := false
			for _, pp := range n.PatternProperties {
				if pp.RE.MatchString(k) {
					s.validateRaw(raw, pp.Node, &q, errs)
					matched = true
					break
				}
			}
			if !matched {
				switch n.Additional {
				case schema.AdditionalSchema:
					if len(n.PatternProperties) > 0 {
						s.validateRaw(raw, n.AdditionalNode, &q, errs)
					}
				case schema.AdditionalForbid:
					errs.Unknown(path, k)
				}
			}
		}
	}
	for _, p := range n.Properties {
		if !p.Optional() && !seen[p.Name] {
			errs.Missing(path, p.Name)
		}
	}
	if len(n.AnyRequired) > 0 {
		ok := false
		for _, g := range n.AnyRequired {
			all := true
			for _, k := range g {
				all = all && n.Property(k) != nil && seen[k]
			}
			ok = ok || all
		}
		if !ok {
			errs.AnyOfRequired(path, n.AnyRequired)
		}
	}
}

func (s *Schema) validateRaw(raw []byte, n *schema.Node, path *databag.Path, errs *databag.Errors) {
	d := databag.NewDecoder(string(raw), errs)
	s.value(&d, n, path)
	d.Finish(path)
}

func (s *Schema) strRules(n *schema.Node, typed bool) *databag.StringRules {
	if r, ok := s.str[n]; ok {
		return r
	}
	format := n.Format
	if typed || !databag.CheckedFormat(format) {
		format = ""
	}
	var r *databag.StringRules
	if format != "" || n.PatternRE != nil || n.MinLength >= 0 || n.MaxLength >= 0 {
		r = &databag.StringRules{Format: format, Pattern: n.PatternRE, MinLength: n.MinLength, MaxLength: n.MaxLength}
	}
	s.str[n] = r
	return r
}

func (s *Schema) numRules(n *schema.Node) *databag.NumberRules {
	if r, ok := s.num[n]; ok {
		return r
	}
	var r *databag.NumberRules
	set := func(v *float64, dst *float64, bit uint8) {
		if v != nil {
			if r == nil {
				r = &databag.NumberRules{}
			}
			*dst = *v
			r.Has |= bit
		}
	}
	tmp := &databag.NumberRules{}
	set(n.Minimum, &tmp.Minimum, databag.HasMinimum)
	set(n.Maximum, &tmp.Maximum, databag.HasMaximum)
	set(n.ExclusiveMinimum, &tmp.ExclusiveMinimum, databag.HasExclusiveMinimum)
	set(n.ExclusiveMaximum, &tmp.ExclusiveMaximum, databag.HasExclusiveMaximum)
	set(n.MultipleOf, &tmp.MultipleOf, databag.HasMultipleOf)
	if r != nil {
		tmp.Has = r.Has
		r = tmp
	}
	s.num[n] = r
	return r
}

func (s *Schema) arrRules(n *schema.Node) *databag.ArrayRules {
	if r, ok := s.arr[n]; ok {
		return r
	}
	r := &databag.ArrayRules{MinItems: n.MinItems, MaxItems: n.MaxItems}
	s.arr[n] = r
	return r
}
