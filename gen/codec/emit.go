package codec

import (
	gocomment "github.com/charmgen/charmgen/gen/comment"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/dave/jennifer/jen"
)

// This file holds the emitters: one constructor per generated construct,
// each returning jennifer code built from the Go model. Identifiers of
// other packages are always jen.Qual(path, name).

const (
	pkgJSON    = "encoding/json"
	pkgNetip   = "net/netip"
	pkgTime    = "time"
	pkgStrconv = "strconv"
	pkgRegexp  = "regexp"
	pkgFmt     = "fmt"
	pkgCharm   = "github.com/charmgen/charmgen/charm"
)

func rt(name string) *jen.Statement { return jen.Qual(RuntimePath, name) }

// comment returns doc comment lines for text, wrapped at 77 columns.
func comment(text string) []jen.Code {
	var out []jen.Code
	for _, line := range wrap(text, 77) {
		out = append(out, jen.Comment(line))
	}
	return out
}

// wrap splits text into lines of at most width columns, keeping existing
// line breaks and indented lines.
func wrap(text string, width int) []string {
	text, _ = gocomment.Safe(text) // descriptions come from strangers' schemas
	var out []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n "), "\n") {
		line = strings.TrimRight(line, " \t")
		if len(line) <= width || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			out = append(out, line)
			continue
		}
		// One buffer per paragraph: words are appended, and each full
		// line is cut off as a string.
		var cur []byte
		for _, w := range strings.Fields(line) {
			if len(cur) > 0 && len(cur)+1+len(w) > width {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			if len(cur) > 0 {
				cur = append(cur, ' ')
			}
			cur = append(cur, w...)
		}
		out = append(out, string(cur))
	}
	return out
}

// typeExpr returns the Go type of t.
func typeExpr(t *goType) *jen.Statement {
	switch t.kind {
	case tString:
		return jen.String()
	case tInt:
		return jen.Int64()
	case tFloat:
		return jen.Float64()
	case tBool:
		return jen.Bool()
	case tAddr:
		return jen.Qual(pkgNetip, "Addr")
	case tSecret:
		return jen.Qual(RuntimePath, "SecretURI")
	case tNetwork, tInterface:
		return jen.Qual(pkgNetip, "Prefix")
	case tTime:
		return jen.Qual(pkgTime, "Time")
	case tSlice:
		return jen.Index().Add(typeExpr(t.elem))
	case tMap:
		return jen.Map(jen.String()).Add(typeExpr(t.elem))
	case tStruct:
		return jen.Id(t.st.name)
	case tEnum:
		return jen.Id(t.en.name)
	case tPtr:
		return jen.Op("*").Add(typeExpr(t.elem))
	}
	return jen.Qual(pkgJSON, "RawMessage")
}

// expr builds a fresh copy of an expression each time it is called, so
// one expression can appear in several places.
type expr func() *jen.Statement

func id(name string) expr { return func() *jen.Statement { return jen.Id(name) } }

// pathRef names a *databag.Path in generated code: a pointer variable, or a
// Path variable whose address is taken; the zero pathRef is nil.
type pathRef struct {
	name  string
	value bool
}

func pathPtr(name string) pathRef { return pathRef{name: name} }

func pathVal(name string) pathRef { return pathRef{name: name, value: true} }

// ptr is the path as a *databag.Path.
func (p pathRef) ptr() *jen.Statement {
	switch {
	case p.name == "":
		return jen.Nil()
	case p.value:
		return jen.Op("&").Id(p.name)
	}
	return jen.Id(p.name)
}

// recv is the path as a method receiver.
func (p pathRef) recv() *jen.Statement { return jen.Id(p.name) }

func sel(base expr, field string) expr {
	return func() *jen.Statement { return base().Dot(field) }
}

// ctx carries the names generated code uses while decoding or encoding.
type ctx struct {
	d     string // decoder variable
	dVal  bool   // d is a databag.Decoder value, not a pointer
	errs  expr   // *databag.Errors
	depth int
}

func (c ctx) deeper() ctx { c.depth++; return c }

func (c ctx) v(prefix string) string { return prefix + strconv.Itoa(c.depth) }

// ---------------------------------------------------------------------
// Declarations

// newRuleVar declares a package variable holding checks.
//
//	var stringRules0 = databag.StringRules{Format: "uri", MinLength: 1, MaxLength: -1}
func newRuleVar(r *ruleVar) jen.Code {
	return jen.Var().Id(r.name).Op("=").Add(ruleValueExpr(r))
}

// ruleValueExpr is the value of a rules variable.
func ruleValueExpr(r *ruleVar) jen.Code {
	switch r.kind {
	case "regexp":
		return jen.Qual(pkgRegexp, "MustCompile").Call(jen.Lit(r.re))
	case "string":
		d := jen.Dict{
			jen.Id("MinLength"): jen.Lit(r.node.MinLength),
			jen.Id("MaxLength"): jen.Lit(r.node.MaxLength),
		}
		if r.node.Format != "" {
			d[jen.Id("Format")] = jen.Lit(r.node.Format)
		}
		if r.re != "" {
			d[jen.Id("Pattern")] = jen.Id(r.re)
		}
		return rt("StringRules").Values(d)
	case "number":
		d := jen.Dict{}
		var has []jen.Code
		for _, b := range []struct {
			v    *float64
			name string
		}{
			{r.node.Minimum, "Minimum"}, {r.node.Maximum, "Maximum"},
			{r.node.ExclusiveMinimum, "ExclusiveMinimum"}, {r.node.ExclusiveMaximum, "ExclusiveMaximum"},
			{r.node.MultipleOf, "MultipleOf"},
		} {
			if b.v == nil {
				continue
			}
			d[jen.Id(b.name)] = jen.Lit(*b.v)
			has = append(has, rt("Has"+b.name))
		}
		hasExpr := jen.Add(has[0])
		for _, h := range has[1:] {
			hasExpr = hasExpr.Op("|").Add(h)
		}
		d[jen.Id("Has")] = hasExpr
		return rt("NumberRules").Values(d)
	}
	return rt("ArrayRules").Values(jen.Dict{
		jen.Id("MinItems"): jen.Lit(r.node.MinItems),
		jen.Id("MaxItems"): jen.Lit(r.node.MaxItems),
	})
}

// newStructDecl declares a databag or nested object type.
//
//	// Doc.
//	type Name struct {
//		// Field doc.
//		Field T
//		// Extra holds ...
//		Extra map[string]string
//	}
func newStructDecl(st *structType) jen.Code {
	var fields []jen.Code
	for i, f := range st.fields {
		if i > 0 {
			fields = append(fields, jen.Line())
		}
		fields = append(fields, comment(f.name+": "+strings.Join(f.doc, "\n"))...)
		fields = append(fields, jen.Id(f.name).Add(typeExpr(f.t)))
	}
	if st.extra != extraNone {
		if len(fields) > 0 {
			fields = append(fields, jen.Line())
		}
		var et jen.Code = jen.Qual(pkgJSON, "RawMessage")
		what := "their JSON text"
		switch {
		case st.top:
			et, what = jen.String(), "their databag values"
		case st.extra == extraTyped:
			et, what = typeExpr(st.extraType), "their values"
		}
		fields = append(fields, comment("Extra holds the keys the schema does not declare, with "+what+". They survive a decode and encode round trip.")...)
		fields = append(fields, jen.Id("Extra").Map(jen.String()).Add(et))
	}
	doc := st.doc
	if doc == "" {
		doc = st.name + " is an object of the schema."
	} else if !strings.HasPrefix(doc, st.name+" ") {
		doc = st.name + ": " + doc
	}
	out := jen.Add(comment(doc)...)
	return jen.Add(out, jen.Line(), jen.Type().Id(st.name).Struct(fields...))
}

// newAliasDecl names a legacy flat databag for one side.
//
//	// ProviderApp is Provider: the legacy schema does not say which databag it describes.
//	type ProviderApp = Provider
func newAliasDecl(alias, target string) jen.Code {
	return jen.Add(
		jen.Comment(alias+" is "+target+": the legacy schema does not say which databag it describes."),
		jen.Line(),
		jen.Type().Id(alias).Op("=").Id(target),
	)
}

// newEnumDecl declares an enum type, its constants, Valid and the list of
// allowed values used in messages.
func newEnumDecl(en *enumType) jen.Code {
	base := jen.String()
	if en.isInt {
		base = jen.Int64()
	}
	doc := en.doc
	if doc == "" {
		doc = en.name + " is one of the values the schema allows."
	} else if !strings.HasPrefix(doc, en.name+" ") {
		doc = en.name + ": " + doc
	}
	var consts, cases, values []jen.Code
	for _, c := range en.consts {
		var lit jen.Code
		if en.isInt {
			n, _ := c.value.IsInt()
			lit = jen.Lit(int(n))
			values = append(values, jen.Lit(strconv.FormatInt(n, 10)))
		} else {
			lit = jen.Lit(c.value.Str)
			values = append(values, jen.Lit(c.value.JSON()))
		}
		consts = append(consts, jen.Id(c.name).Id(en.name).Op("=").Add(lit))
		cases = append(cases, jen.Id(c.name))
	}
	code := jen.Add(comment(doc)...).Line().
		Type().Id(en.name).Add(base).Line().Line().
		Comment("Values of "+en.name+".").Line().
		Const().Defs(consts...).Line().Line().
		Comment("Valid reports whether v is one of the values the schema allows.").Line().
		Func().Params(jen.Id("v").Id(en.name)).Id("Valid").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False()),
	).Line().Line().
		Var().Id(en.values).Op("=").Index().String().Values(values...)
	return code
}

// ---------------------------------------------------------------------
// Decoding JSON values

// decodeJSON returns statements that read the next JSON value from the
// decoder into lhs, reporting problems at path p.
func decodeJSON(t *goType, lhs expr, p pathRef, c ctx) []jen.Code {
	if t.nullable && (t.kind == tPtr || t.nilable()) {
		return []jen.Code{jen.If(jen.Id(c.d).Dot("Null").Call()).Block(lhs().Op("=").Nil()).Else().Block(decodeNonNull(t, lhs, p, c)...)}
	}
	return decodeNonNull(t, lhs, p, c)
}

// dptr is the decoder as a *databag.Decoder.
func (c ctx) dptr() *jen.Statement {
	if c.dVal {
		return jen.Op("&").Id(c.d)
	}
	return jen.Id(c.d)
}

func dcall(c ctx, method string, args ...jen.Code) *jen.Statement {
	return jen.Id(c.d).Dot(method).Call(args...)
}

// checks returns the checks of a scalar value v after it is read.
func checks(t *goType, v expr, p pathRef, errs expr) []jen.Code {
	var out []jen.Code
	switch t.kind {
	case tString, tEnum, tAddr, tNetwork, tInterface, tTime, tSecret:
		if t.strRules != nil && !(t.kind == tEnum && t.en.isInt) {
			out = append(out, rt("CheckString").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.strRules.name)))
		}
	}
	switch t.kind {
	case tInt, tEnum:
		if t.numRules != nil && (t.kind == tInt || t.en.isInt) {
			out = append(out, rt("CheckInt").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.numRules.name)))
		}
	case tFloat:
		if t.numRules != nil {
			out = append(out, rt("CheckFloat").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.numRules.name)))
		}
	}
	if t.kind != tEnum && t.node != nil {
		out = append(out, constCheck(t, v, p, errs)...)
	}
	return out
}

// jsonText returns an expression of the JSON text of scalar v, for
// messages.
func jsonText(t *goType, v expr) *jen.Statement {
	switch t.kind {
	case tInt:
		return jen.Qual(pkgStrconv, "FormatInt").Call(v(), jen.Lit(10))
	case tFloat:
		return rt("FormatFloat").Call(v())
	case tBool:
		return jen.Qual(pkgStrconv, "FormatBool").Call(v())
	}
	return rt("QuoteJSON").Call(v())
}

func scalarLit(t *goType, val *schema.Value) (jen.Code, bool) {
	switch t.kind {
	case tString, tAddr, tNetwork, tInterface, tTime, tSecret:
		if val.Kind == schema.ValString {
			return jen.Lit(val.Str), true
		}
	case tInt:
		if n, ok := val.IsInt(); ok {
			return jen.Lit(int(n)), true
		}
	case tFloat:
		if f, ok := val.Float(); ok {
			return jen.Lit(f), true
		}
	case tBool:
		if val.Kind == schema.ValBool {
			return jen.Lit(val.Bool), true
		}
	case tEnum:
		for _, c := range t.en.consts {
			if c.value.Canonical() == val.Canonical() {
				return jen.Id(c.name), true
			}
		}
	}
	return nil, false
}

// constCheck checks const and (for types without an enum type) enum.
func constCheck(t *goType, v expr, p pathRef, errs expr) []jen.Code {
	var out []jen.Code
	n := t.node
	if t.kind != tString && t.kind != tInt && t.kind != tFloat && t.kind != tBool {
		return nil
	}
	if n.Const != nil {
		if lit, ok := scalarLit(t, n.Const); ok {
			out = append(out, jen.If(v().Op("!=").Add(lit)).Block(
				rt("BadConst").Call(p.ptr(), errs(), jsonText(t, v), jen.Lit(n.Const.Canonical()))))
		}
	}
	if len(n.Enum) > 0 && (t.kind == tFloat || t.kind == tBool) {
		var lits, texts []jen.Code
		for _, e := range n.Enum {
			if lit, ok := scalarLit(t, e); ok {
				lits = append(lits, lit)
				texts = append(texts, jen.Lit(e.Canonical()))
			}
		}
		out = append(out, jen.Switch(v()).Block(
			jen.Case(lits...),
			jen.Default().Block(rt("BadEnum").Call(p.ptr(), errs(), jsonText(t, v), jen.Index().String().Values(texts...))),
		))
	}
	return out
}

// enumCheck converts a read value to the enum type and checks it.
func enumCheck(t *goType, raw, ev string, p pathRef, errs expr) []jen.Code {
	text := rt("QuoteJSON").Call(jen.Id(raw))
	if t.en.isInt {
		text = jen.Qual(pkgStrconv, "FormatInt").Call(jen.Id(raw), jen.Lit(10))
	}
	return []jen.Code{
		jen.Id(ev).Op(":=").Id(t.en.name).Call(jen.Id(raw)),
		jen.If(jen.Op("!").Id(ev).Dot("Valid").Call()).Block(
			rt("BadEnum").Call(p.ptr(), errs(), text, jen.Id(t.en.values))),
	}
}

// formatConv returns the runtime function converting a checked string to
// a typed format value.
func formatConv(t *goType) (string, string) {
	switch t.kind {
	case tAddr:
		return "Addr", "ipvanyaddress"
	case tNetwork:
		return "Network", "ipvanynetwork"
	case tInterface:
		return "Interface", "ipvanyinterface"
	case tSecret:
		return "SecretURI", "juju-secret-uri"
	}
	return "DateTime", "date-time"
}

func decodeNonNull(t *goType, lhs expr, p pathRef, c ctx) []jen.Code {
	errs := func() *jen.Statement { return jen.Id(c.d).Dot("Errs").Call() }
	if t.inString {
		inner := *t
		inner.inString, inner.nullable = false, false
		s, d := c.v("s"), c.v("d")
		ic := ctx{d: d, dVal: true, depth: c.depth + 1}
		body := []jen.Code{jen.Id(d).Op(":=").Add(rt("NewDecoder")).Call(jen.Id(s), errs())}
		body = append(body, decodeJSON(&inner, lhs, p, ic)...)
		body = append(body, jen.Id(d).Dot("Finish").Call(p.ptr()))
		return []jen.Code{jen.If(jen.List(jen.Id(s), jen.Id("ok")).Op(":=").Add(dcall(c, "String", p.ptr())), jen.Id("ok")).Block(body...)}
	}
	v := c.v("v")
	switch t.kind {
	case tPtr:
		elem := *t.elem
		elem.nullable = false
		if elem.kind == tStruct && !elem.inString {
			return []jen.Code{
				jen.Var().Id(v).Id(elem.st.name),
				jen.Id(v).Dot("decodeJSON").Call(c.dptr(), p.ptr()),
				lhs().Op("=").Op("&").Id(v),
			}
		}
		out := []jen.Code{jen.Var().Id(v).Add(typeExpr(&elem))}
		out = append(out, decodeNonNull(&elem, id(v), p, c.deeper())...)
		return append(out, lhs().Op("=").Op("&").Id(v))
	case tString, tEnum, tInt, tFloat, tBool, tAddr, tNetwork, tInterface, tTime, tSecret:
		method := map[tkind]string{tString: "String", tInt: "Int", tFloat: "Float", tBool: "Bool"}[t.kind]
		if t.kind == tEnum {
			method = "String"
			if t.en.isInt {
				method = "Int"
			}
		}
		if method == "" {
			method = "String"
		}
		body := checks(t, id(v), p, errs)
		switch t.kind {
		case tEnum:
			ev := c.v("e")
			body = append(enumCheck(t, v, ev, p, errs), append(body, lhs().Op("=").Id(ev))...)
		case tAddr, tNetwork, tInterface, tTime, tSecret:
			conv, format := formatConv(t)
			body = append([]jen.Code{jen.If(rt("CheckFormat").Call(p.ptr(), errs(), jen.Id(v), jen.Lit(format))).Block(
				lhs().Op("=").Add(rt(conv)).Call(jen.Id(v)))}, body...)
		default:
			body = append(body, lhs().Op("=").Id(v))
		}
		return []jen.Code{jen.If(jen.List(jen.Id(v), jen.Id("ok")).Op(":=").Add(dcall(c, method, p.ptr())), jen.Id("ok")).Block(body...)}
	case tRaw:
		return []jen.Code{jen.If(jen.List(jen.Id(v), jen.Id("ok")).Op(":=").Add(dcall(c, "Raw", p.ptr())), jen.Id("ok")).Block(lhs().Op("=").Id(v))}
	case tStruct:
		return []jen.Code{lhs().Dot("decodeJSON").Call(c.dptr(), p.ptr())}
	case tSlice:
		i, pi, e := c.v("i"), c.v("p"), c.v("x")
		body := []jen.Code{
			jen.Id(v).Op(":=").Add(typeExpr(t)).Values(),
			jen.For(jen.Id(i).Op(":=").Lit(0), dcall(c, "More"), jen.Id(i).Op("++")).Block(append([]jen.Code{
				jen.Id(pi).Op(":=").Add(p.recv()).Dot("Index").Call(jen.Id(i)),
				jen.Var().Id(e).Add(typeExpr(t.elem)),
			}, append(decodeJSON(t.elem, id(e), pathVal(pi), c.deeper()),
				jen.Id(v).Op("=").Append(jen.Id(v), jen.Id(e)))...)...),
		}
		if t.arrRules != nil {
			body = append(body, rt("CheckArray").Call(p.ptr(), errs(), jen.Len(jen.Id(v)), jen.Op("&").Id(t.arrRules.name)))
		}
		if t.unique {
			body = append(body, uniqueCheck(t, v, p, errs))
		}
		body = append(body, lhs().Op("=").Id(v))
		return []jen.Code{jen.If(dcall(c, "Array", p.ptr())).Block(body...)}
	case tMap:
		k, pk, e := c.v("k"), c.v("p"), c.v("x")
		loop := []jen.Code{
			jen.List(jen.Id(k), jen.Id("ok")).Op(":=").Add(dcall(c, "Key")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
			jen.Id(pk).Op(":=").Add(p.recv()).Dot("Key").Call(jen.Id(k)),
		}
		if t.keyPattern != nil {
			loop = append(loop, rt("CheckKey").Call(pathVal(pk).ptr(), errs(), jen.Id(k), jen.Id(t.keyPattern.name)))
		}
		loop = append(loop, jen.Var().Id(e).Add(typeExpr(t.elem)))
		loop = append(loop, decodeJSON(t.elem, id(e), pathVal(pk), c.deeper())...)
		loop = append(loop, jen.Id(v).Index(jen.Id(k)).Op("=").Id(e))
		return []jen.Code{jen.If(dcall(c, "Object", p.ptr())).Block(
			jen.Id(v).Op(":=").Add(typeExpr(t)).Values(),
			jen.For().Block(loop...),
			lhs().Op("=").Id(v),
		)}
	}
	return nil
}

// uniqueCheck reports equal items of a uniqueItems array.
func uniqueCheck(t *goType, v string, p pathRef, errs expr) jen.Code {
	e := t.elem
	var key jen.Code
	var kt jen.Code
	switch e.kind {
	case tString, tInt, tFloat, tBool, tEnum, tAddr, tNetwork, tInterface, tSecret:
		key, kt = jen.Id(v).Index(jen.Id("i")), typeExpr(e)
	default:
		// Compare items by their JSON text.
		body := []jen.Code{jen.Var().Id("w").Add(rt("Encoder"))}
		body = append(body, encodeJSON(e, func() *jen.Statement { return jen.Id(v).Index(jen.Id("i")) }, pathRef{},
			ectx{w: "w", wVal: true, errs: func() *jen.Statement { return jen.Op("&").Add(rt("Errors")).Values() }, chk: func() *jen.Statement { return jen.Op("&").Add(rt("Errors")).Values() }, depth: 9, noCheck: true})...)
		body = append(body, jen.Return(jen.Id("w").Dot("Text").Call()))
		return rt("CheckUnique").Call(p.ptr(), errs(), jen.Len(jen.Id(v)),
			jen.Func().Params(jen.Id("i").Int()).String().Block(body...))
	}
	return rt("CheckUnique").Call(p.ptr(), errs(), jen.Len(jen.Id(v)),
		jen.Func().Params(jen.Id("i").Int()).Add(kt).Block(jen.Return(key)))
}

// newDecodeMethod is the decoder of a nested object type.
//
//	func (x *T) decodeJSON(d *databag.Decoder, p *databag.Path) {
//		if !d.Object(p) { return }
//		for { k, ok := d.Key(); if !ok { break }; switch k { ... } }
//		// required checks
//	}
func newDecodeMethod(st *structType) jen.Code {
	c := ctx{d: "d", depth: 1}
	p := pathPtr("p")
	errs := func() *jen.Statement { return jen.Id("d").Dot("Errs").Call() }
	body := []jen.Code{jen.If(jen.Op("!").Id("d").Dot("Object").Call(jen.Id("p"))).Block(jen.Return())}
	body = append(body, defaults(st, id("x"))...)
	tracked := trackedFields(st)
	for _, f := range st.fields {
		if tracked[f.wire] {
			body = append(body, jen.Var().Id("has"+f.name).Bool())
		}
	}
	var cases []jen.Code
	for _, f := range st.fields {
		cb := []jen.Code{}
		if tracked[f.wire] {
			cb = append(cb, jen.Id("has"+f.name).Op("=").True())
		}
		cb = append(cb, jen.Id("q").Op(":=").Id("p").Dot("Key").Call(jen.Id("k")))
		cb = append(cb, decodeJSON(f.t, sel(id("x"), f.name), pathVal("q"), c)...)
		cases = append(cases, jen.Case(jen.Lit(f.wire)).Block(cb...))
	}
	cases = append(cases, jen.Default().Block(extraDecode(st, c)...))
	body = append(body, jen.For().Block(
		jen.List(jen.Id("k"), jen.Id("ok")).Op(":=").Id("d").Dot("Key").Call(),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
		jen.Switch(jen.Id("k")).Block(cases...),
	))
	for _, f := range st.fields {
		if f.mustExist {
			body = append(body, jen.If(jen.Op("!").Id("has"+f.name)).Block(errs().Dot("Missing").Call(p.ptr(), jen.Lit(f.wire))))
		}
	}
	if len(st.anyReq) > 0 {
		body = append(body, anyRequiredCheck(st, func(key string) jen.Code {
			if f := st.field(key); f != nil {
				return jen.Id("has" + f.name)
			}
			return jen.False()
		}, p, errs))
	}
	return jen.Comment("decodeJSON reads the object at p.").Line().
		Func().Params(jen.Id("x").Op("*").Id(st.name)).Id("decodeJSON").
		Params(jen.Id("d").Op("*").Add(rt("Decoder")), jen.Id("p").Op("*").Add(rt("Path"))).Block(body...)
}

func (st *structType) field(wire string) *field {
	for _, f := range st.fields {
		if f.wire == wire {
			return f
		}
	}
	return nil
}

// trackedFields are the fields whose presence a decoder tracks.
func trackedFields(st *structType) map[string]bool {
	out := map[string]bool{}
	for _, f := range st.fields {
		if f.mustExist {
			out[f.wire] = true
		}
	}
	for _, g := range st.anyReq {
		for _, k := range g {
			if st.field(k) != nil {
				out[k] = true
			}
		}
	}
	return out
}

func anyRequiredCheck(st *structType, has func(string) jen.Code, p pathRef, errs expr) jen.Code {
	var cond *jen.Statement
	var groups []jen.Code
	for gi, g := range st.anyReq {
		var all *jen.Statement
		var keys []jen.Code
		for i, k := range g {
			if i == 0 {
				all = jen.Add(has(k))
			} else {
				all = all.Op("&&").Add(has(k))
			}
			keys = append(keys, jen.Lit(k))
		}
		if all == nil {
			all = jen.True()
		}
		if gi == 0 {
			cond = jen.Parens(all)
		} else {
			cond = cond.Op("||").Parens(all)
		}
		groups = append(groups, jen.Values(keys...))
	}
	return jen.If(jen.Op("!").Parens(cond)).Block(
		errs().Dot("AnyOfRequired").Call(p.ptr(), jen.Index().Index().String().Values(groups...)))
}

// defaults sets fields with a default before reading.
func defaults(st *structType, x expr) []jen.Code {
	var out []jen.Code
	for _, f := range st.fields {
		if f.def == nil {
			continue
		}
		if isZero(f.def) && f.t.kind != tEnum {
			continue // the zero value already
		}
		if lit, ok := scalarLit(f.t, f.def); ok {
			out = append(out, sel(x, f.name)().Op("=").Add(lit))
		}
	}
	return out
}

// isZero reports whether a default is its Go type's zero value.
func isZero(v *schema.Value) bool {
	switch v.Kind {
	case schema.ValString:
		return v.Str == ""
	case schema.ValBool:
		return !v.Bool
	case schema.ValNumber:
		f, ok := v.Float()
		return ok && f == 0
	}
	return false
}

// extraDecode handles a key the struct does not declare.
func extraDecode(st *structType, c ctx) []jen.Code {
	errs := func() *jen.Statement { return jen.Id(c.d).Dot("Errs").Call() }
	switch st.extra {
	case extraNone:
		return []jen.Code{errs().Dot("Unknown").Call(jen.Id("p"), jen.Id("k")), jen.Id(c.d).Dot("Skip").Call()}
	case extraTyped:
		out := []jen.Code{
			jen.Id("q").Op(":=").Id("p").Dot("Key").Call(jen.Id("k")),
			jen.Var().Id("v").Add(typeExpr(st.extraType)),
		}
		out = append(out, decodeJSON(st.extraType, id("v"), pathVal("q"), c)...)
		return append(out,
			jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(
				jen.Id("x").Dot("Extra").Op("=").Map(jen.String()).Add(typeExpr(st.extraType)).Values()),
			jen.Id("x").Dot("Extra").Index(jen.Id("k")).Op("=").Id("v"))
	}
	keep := []jen.Code{
		jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(
			jen.Id("x").Dot("Extra").Op("=").Map(jen.String()).Qual(pkgJSON, "RawMessage").Values()),
		jen.Id("x").Dot("Extra").Index(jen.Id("k")).Op("=").Id("v"),
	}
	inner := []jen.Code{}
	if len(st.patterns) > 0 || st.node.Additional == schema.AdditionalSchema || st.node.Additional == schema.AdditionalForbid {
		var cases []jen.Code
		for _, pr := range st.patterns {
			cases = append(cases, jen.Case(jen.Id(pr.re.name).Dot("MatchString").Call(jen.Id("k"))).Block(validateRaw(pr.t, c)...))
		}
		switch st.node.Additional {
		case schema.AdditionalSchema:
			cases = append(cases, jen.Default().Block(validateRaw(st.extraType, c)...))
		case schema.AdditionalForbid:
			cases = append(cases, jen.Default().Block(errs().Dot("Unknown").Call(jen.Id("p"), jen.Id("k")), jen.Continue()))
		}
		inner = append(inner, jen.Switch().Block(cases...))
	}
	inner = append(inner, keep...)
	return []jen.Code{
		jen.Id("q").Op(":=").Id("p").Dot("Key").Call(jen.Id("k")),
		jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id(c.d).Dot("Raw").Call(jen.Op("&").Id("q")), jen.Id("ok")).Block(inner...),
	}
}

// validateRaw checks the JSON text v (already read) against t.
func validateRaw(t *goType, c ctx) []jen.Code {
	vc := ctx{d: "vd", dVal: true, depth: c.depth + 1}
	out := []jen.Code{
		jen.Id("vd").Op(":=").Add(rt("NewDecoder")).Call(jen.String().Call(jen.Id("v")), jen.Id(c.d).Dot("Errs").Call()),
		jen.Var().Id("tmp").Add(typeExpr(t)),
	}
	out = append(out, decodeJSON(t, id("tmp"), pathVal("q"), vc)...)
	return append(out, jen.Id("vd").Dot("Finish").Call(jen.Op("&").Id("q")), jen.Id("_").Op("=").Id("tmp"))
}

// ---------------------------------------------------------------------
// Encoding JSON values

// ectx carries the names used while encoding.
type ectx struct {
	w     string
	wVal  bool // w is a databag.Encoder value, not a pointer
	errs  expr // problems writing (NaN, invalid raw JSON, no address)
	chk   expr // what the decoder of the output would refuse
	depth int
	// noCheck: write only, without the decoder's checks (items compared
	// by their JSON text for uniqueItems).
	noCheck bool
}

// legacyMarshal makes MarshalDatabag as it was before it made the
// decoder's checks itself: write without checks, then decode the result.
// Only the equivalence test sets it, to compare the two.
var legacyMarshal bool

// usesPath reports whether encoding t in c refers to its path.
func (c ectx) usesPath(t *goType) bool {
	return usesPath(t) || !c.noCheck && needsCheck(t)
}

// needsCheck reports whether a value of type t has checks a decoder makes
// (beyond its JSON type), which an encoder makes too.
func needsCheck(t *goType) bool {
	switch t.kind {
	case tEnum, tTime, tNetwork, tSecret:
		return true
	case tString, tInt, tFloat, tBool, tAddr, tInterface:
		return t.strRules != nil || t.numRules != nil || t.node != nil && (t.node.Const != nil || len(t.node.Enum) > 0)
	case tPtr:
		return needsCheck(t.elem)
	case tSlice:
		return t.arrRules != nil || t.unique || needsCheck(t.elem)
	case tMap:
		return t.keyPattern != nil || needsCheck(t.elem)
	case tStruct:
		return true
	}
	return false
}

// encChecks returns the checks a decoder makes of scalar val (of type t)
// once read, made on the Go value before it is written. inJSON: the value
// is written as a JSON string, whose invalid UTF-8 the decoder reads as
// U+FFFD.
func encChecks(t *goType, val expr, p pathRef, errs expr, inJSON bool) []jen.Code {
	if legacyMarshal {
		return nil
	}
	switch t.kind {
	case tEnum:
		conv, text := jen.String(), rt("QuoteJSON").Call(jen.String().Call(val()))
		if t.en.isInt {
			conv, text = jen.Int64(), jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Call(val()), jen.Lit(10))
		}
		out := []jen.Code{jen.If(jen.Op("!").Parens(val()).Dot("Valid").Call()).Block(
			rt("BadEnum").Call(p.ptr(), errs(), text, jen.Id(t.en.values)))}
		raw := func() *jen.Statement { return jen.Add(conv).Call(val()) }
		return append(out, checks(t, raw, p, errs)...)
	case tString:
		if inJSON && (t.strRules != nil || t.node != nil && t.node.Const != nil) {
			sv := func() *jen.Statement { return rt("ValidUTF8").Call(val()) }
			if c := checks(t, sv, p, errs); len(c) > 0 {
				return []jen.Code{jen.Block(append([]jen.Code{jen.Id("cs").Op(":=").Add(sv())}, checks(t, id("cs"), p, errs)...)...)}
			}
			return nil
		}
		return checks(t, val, p, errs)
	case tInt, tFloat, tBool:
		return checks(t, val, p, errs)
	case tAddr, tInterface, tNetwork, tTime, tSecret:
		// Addr.String and Prefix.String always read back as an address
		// and an interface; a network must have no host bits, a time
		// must format as RFC 3339 and a secret URI have Juju's syntax.
		_, format := formatConv(t)
		var str *jen.Statement
		if t.kind == tTime {
			str = rt("FormatDateTime").Call(val())
		} else {
			str = jen.Parens(val()).Dot("String").Call()
		}
		var body []jen.Code
		if t.kind == tNetwork || t.kind == tTime || t.kind == tSecret {
			body = append(body, rt("CheckFormat").Call(p.ptr(), errs(), jen.Id("cs"), jen.Lit(format)))
		}
		body = append(body, checks(t, id("cs"), p, errs)...)
		if len(body) == 0 {
			return nil
		}
		body = append([]jen.Code{jen.Id("cs").Op(":=").Add(str)}, body...)
		if t.kind == tTime {
			return []jen.Code{jen.Block(body...)}
		}
		if t.kind == tSecret {
			// The zero SecretURI is "no value set", reported apart.
			return []jen.Code{jen.If(jen.Add(val()).Op("!=").Lit("")).Block(body...)}
		}
		return []jen.Code{jen.If(jen.Parens(val()).Dot("IsValid").Call()).Block(body...)}
	}
	return nil
}

func (c ectx) v(prefix string) string { return prefix + "e" + strconv.Itoa(c.depth) }

func (c ectx) deeper() ectx { c.depth++; return c }

// usesPath reports whether encoding t refers to its path (so loops only
// declare a path when it is used).
func usesPath(t *goType) bool {
	if t.inString {
		inner := *t
		inner.inString = false
		return usesPath(&inner)
	}
	switch t.kind {
	case tFloat, tAddr, tNetwork, tInterface, tRaw, tStruct, tSecret:
		return true
	case tPtr, tSlice, tMap:
		return usesPath(t.elem)
	}
	return false
}

// encodeJSON returns statements writing val (of type t) as JSON.
func encodeJSON(t *goType, val expr, p pathRef, c ectx) []jen.Code {
	w := func() *jen.Statement { return jen.Id(c.w) }
	if t.inString {
		inner := *t
		inner.inString = false
		iw := c.v("w")
		ic := ectx{w: iw, wVal: true, errs: c.errs, chk: c.chk, depth: c.depth + 1, noCheck: c.noCheck}
		body := []jen.Code{jen.Var().Id(iw).Add(rt("Encoder"))}
		body = append(body, encodeJSON(&inner, val, p, ic)...)
		body = append(body, w().Dot("String").Call(jen.Id(iw).Dot("Text").Call()))
		return []jen.Code{jen.Block(body...)}
	}
	switch t.kind {
	case tPtr:
		var deref expr = func() *jen.Statement { return jen.Op("*").Add(val()) }
		if t.elem.kind == tStruct {
			deref = val
		}
		return []jen.Code{jen.If(val().Op("==").Nil()).Block(w().Dot("Null").Call()).Else().Block(encodeJSON(t.elem, deref, p, c)...)}
	case tString, tEnum, tInt, tFloat, tBool, tAddr, tNetwork, tInterface, tTime, tSecret:
		if c.noCheck {
			return encodeScalar(t, val, p, c)
		}
		return append(encChecks(t, val, p, c.chk, true), encodeScalar(t, val, p, c)...)
	}
	return encodeComposite(t, val, p, c)
}

// encodeScalar writes a scalar value.
func encodeScalar(t *goType, val expr, p pathRef, c ectx) []jen.Code {
	w := func() *jen.Statement { return jen.Id(c.w) }
	switch t.kind {
	case tString:
		return []jen.Code{w().Dot("String").Call(val())}
	case tEnum:
		if t.en.isInt {
			return []jen.Code{w().Dot("Int").Call(jen.Int64().Call(val()))}
		}
		return []jen.Code{w().Dot("String").Call(jen.String().Call(val()))}
	case tInt:
		return []jen.Code{w().Dot("Int").Call(val())}
	case tFloat:
		return []jen.Code{w().Dot("Float").Call(p.ptr(), c.errs(), val())}
	case tBool:
		return []jen.Code{w().Dot("Bool").Call(val())}
	case tAddr:
		return []jen.Code{w().Dot("Addr").Call(p.ptr(), c.errs(), val())}
	case tNetwork, tInterface:
		return []jen.Code{w().Dot("Prefix").Call(p.ptr(), c.errs(), val())}
	case tSecret:
		return []jen.Code{w().Dot("SecretURI").Call(p.ptr(), c.errs(), val())}
	case tTime:
		return []jen.Code{w().Dot("String").Call(rt("FormatDateTime").Call(val()))}
	}
	return nil
}

// encodeComposite writes raw JSON, objects, arrays and maps, with the
// checks a decoder makes of arrays and map keys.
func encodeComposite(t *goType, val expr, p pathRef, c ectx) []jen.Code {
	w := func() *jen.Statement { return jen.Id(c.w) }
	switch t.kind {
	case tRaw:
		return []jen.Code{w().Dot("Raw").Call(p.ptr(), c.errs(), val())}
	case tStruct:
		wp := w()
		if c.wVal {
			wp = jen.Op("&").Id(c.w)
		}
		return []jen.Code{val().Dot("encodeJSON").Call(wp, p.ptr(), c.errs(), c.chk())}
	case tSlice:
		i, v, pi := c.v("i"), c.v("v"), c.v("p")
		var loop []jen.Code
		iv := jen.Id("_")
		elemP := p
		if c.usesPath(t.elem) {
			iv = jen.Id(i)
			loop = append(loop, jen.Id(pi).Op(":=").Add(p.recv()).Dot("Index").Call(jen.Id(i)))
			elemP = pathVal(pi)
		}
		loop = append(loop, encodeJSON(t.elem, id(v), elemP, c.deeper())...)
		out := []jen.Code{
			w().Dot("BeginArray").Call(),
			jen.For(jen.List(iv, jen.Id(v)).Op(":=").Range().Add(val())).Block(loop...),
			w().Dot("EndArray").Call(),
		}
		if !c.noCheck && (t.arrRules != nil || t.unique) {
			xs := c.v("xs")
			chk := []jen.Code{jen.Id(xs).Op(":=").Add(val())}
			if t.arrRules != nil {
				chk = append(chk, rt("CheckArray").Call(p.ptr(), c.chk(), jen.Len(jen.Id(xs)), jen.Op("&").Id(t.arrRules.name)))
			}
			if t.unique {
				chk = append(chk, uniqueCheck(t, xs, p, c.chk))
			}
			out = append(out, jen.Block(chk...))
		}
		return out
	case tMap:
		k, v, pk := c.v("k"), c.v("v"), c.v("p")
		loop := []jen.Code{w().Dot("Key").Call(jen.Id(k)), jen.Id(v).Op(":=").Add(val()).Index(jen.Id(k))}
		elemP := p
		if c.usesPath(t.elem) || !c.noCheck && t.keyPattern != nil {
			loop = append(loop, jen.Id(pk).Op(":=").Add(p.recv()).Dot("Key").Call(jen.Id(k)))
			elemP = pathVal(pk)
		}
		if !c.noCheck && t.keyPattern != nil {
			loop = append(loop, rt("CheckKey").Call(elemP.ptr(), c.chk(), jen.Id(k), jen.Id(t.keyPattern.name)))
		}
		loop = append(loop, encodeJSON(t.elem, id(v), elemP, c.deeper())...)
		return []jen.Code{
			w().Dot("BeginObject").Call(),
			jen.For(jen.List(jen.Id("_"), jen.Id(k)).Op(":=").Range().Add(rt("SortedKeys").Call(val()))).Block(loop...),
			w().Dot("EndObject").Call(),
		}
	}
	return nil
}

// omission says when field f is left out: never, when nil, or when equal
// to its default (the literal).
func omission(f *field) (nilCheck bool, def jen.Code) {
	if f.def != nil {
		if lit, ok := scalarLit(f.t, f.def); ok {
			return false, lit
		}
	}
	if f.mustExist {
		return false, nil
	}
	return f.t.kind == tPtr || f.t.nilable(), nil
}

// guarded wraps the statements writing f: always, unless nil (null when
// the field must be written), or unless equal to the default.
func guarded(f *field, val expr, write []jen.Code, writeNull []jen.Code) jen.Code {
	nilCheck, def := omission(f)
	switch {
	case def != nil:
		return jen.If(val().Op("!=").Add(def)).Block(write...)
	case nilCheck && f.writeNull:
		return jen.If(val().Op("==").Nil()).Block(writeNull...).Else().Block(write...)
	case nilCheck:
		return jen.If(val().Op("!=").Nil()).Block(write...)
	}
	return jen.Block(write...)
}

// nonNil returns the type and value to encode for a field known not to be
// nil: the pointed-to value for pointers.
func nonNil(t *goType, val expr) (*goType, expr) {
	if t.kind != tPtr {
		return t, val
	}
	if t.elem.kind == tStruct {
		return t.elem, val // methods take the pointer
	}
	return t.elem, func() *jen.Statement { return jen.Op("*").Add(val()) }
}

// presence returns an expression true when the encoder writes field f of
// x (so a decoder sees its key), or nil when it always does.
func presence(f *field, val expr) *jen.Statement {
	nilCheck, def := omission(f)
	switch {
	case def != nil:
		return val().Op("!=").Add(def)
	case nilCheck && !f.writeNull:
		return val().Op("!=").Nil()
	}
	return nil
}

// presenceChecks reports, as a decoder of a nested object does, required
// keys the encoder leaves out (a required field equal to its default) and
// unmet groups of required keys.
func presenceChecks(st *structType, selx func(expr, string) expr, p pathRef, errs expr) []jen.Code {
	if legacyMarshal {
		return nil
	}
	var out []jen.Code
	for _, f := range st.fields {
		if f.mustExist {
			if pr := presence(f, selx(id("x"), f.name)); pr != nil {
				out = append(out, jen.If(jen.Op("!").Parens(pr)).Block(errs().Dot("Missing").Call(p.ptr(), jen.Lit(f.wire))))
			}
		}
	}
	if len(st.anyReq) > 0 {
		out = append(out, anyRequiredCheck(st, func(key string) jen.Code {
			if f := st.field(key); f != nil {
				if pr := presence(f, selx(id("x"), f.name)); pr != nil {
					return jen.Parens(pr)
				}
				return jen.True()
			}
			return jen.False()
		}, p, errs))
	}
	return out
}

// extraKeepChecks checks the JSON text v of an extra key k of a nested
// object kept as raw JSON, as the decoder does: against the schema of the
// pattern it matches or of additionalProperties, or refused.
func extraKeepChecks(st *structType) []jen.Code {
	if legacyMarshal || st.extra != extraKeep || !(len(st.patterns) > 0 || st.node.Additional == schema.AdditionalSchema || st.node.Additional == schema.AdditionalForbid) {
		return nil
	}
	validate := func(t *goType) []jen.Code {
		vc := ctx{d: "vd", dVal: true, depth: 2}
		out := []jen.Code{
			jen.Id("vd").Op(":=").Add(rt("NewDecoder")).Call(jen.String().Call(jen.Id("v")), jen.Id("ce")),
			jen.Var().Id("tmp").Add(typeExpr(t)),
		}
		out = append(out, decodeJSON(t, id("tmp"), pathVal("q"), vc)...)
		return append(out, jen.Id("vd").Dot("Finish").Call(jen.Op("&").Id("q")), jen.Id("_").Op("=").Id("tmp"))
	}
	var cases []jen.Code
	for _, pr := range st.patterns {
		cases = append(cases, jen.Case(jen.Id(pr.re.name).Dot("MatchString").Call(jen.Id("k"))).Block(validate(pr.t)...))
	}
	switch st.node.Additional {
	case schema.AdditionalSchema:
		cases = append(cases, jen.Default().Block(validate(st.extraType)...))
	case schema.AdditionalForbid:
		cases = append(cases, jen.Default().Block(jen.Id("ce").Dot("Unknown").Call(jen.Id("p"), jen.Id("k")), jen.Continue()))
	}
	return []jen.Code{jen.Switch().Block(cases...)}
}

// newEncodeMethod is the encoder of a nested object type: fields in schema
// order, then extra keys sorted.
func newEncodeMethod(st *structType) jen.Code {
	c := ectx{w: "w", errs: id("e"), chk: id("ce"), depth: 1, noCheck: legacyMarshal}
	var body []jen.Code
	body = append(body, jen.Id("w").Dot("BeginObject").Call())
	for _, f := range st.fields {
		val := sel(id("x"), f.name)
		write := []jen.Code{jen.Id("w").Dot("Key").Call(jen.Lit(f.wire))}
		t, v := f.t, val
		if nilCheck, _ := omission(f); nilCheck {
			t, v = nonNil(f.t, val)
		}
		fp := pathPtr("p")
		if c.usesPath(t) {
			write = append(write, jen.Id("q").Op(":=").Id("p").Dot("Key").Call(jen.Lit(f.wire)))
			fp = pathVal("q")
		}
		write = append(write, encodeJSON(t, v, fp, c)...)
		body = append(body, guarded(f, val, write, []jen.Code{jen.Id("w").Dot("Key").Call(jen.Lit(f.wire)), jen.Id("w").Dot("Null").Call()}))
	}
	if st.extra != extraNone {
		et := st.extraType
		if st.extra == extraKeep || et == nil {
			et = &goType{kind: tRaw}
		}
		loop := []jen.Code{}
		if len(st.fields) > 0 {
			var lits []jen.Code
			for _, f := range st.fields {
				lits = append(lits, jen.Lit(f.wire))
			}
			loop = append(loop, jen.Switch(jen.Id("k")).Block(jen.Case(lits...).Block(jen.Continue())))
		}
		loop = append(loop, jen.Id("v").Op(":=").Id("x").Dot("Extra").Index(jen.Id("k")))
		ep := pathPtr("p")
		if c.usesPath(et) {
			loop = append(loop, jen.Id("q").Op(":=").Id("p").Dot("Key").Call(jen.Id("k")))
			ep = pathVal("q")
		}
		loop = append(loop, extraKeepChecks(st)...)
		loop = append(loop, jen.Id("w").Dot("Key").Call(jen.Id("k")))
		loop = append(loop, encodeJSON(et, id("v"), ep, c)...)
		body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Add(rt("SortedKeys").Call(jen.Id("x").Dot("Extra")))).Block(loop...))
	}
	body = append(body, jen.Id("w").Dot("EndObject").Call())
	body = append(body, presenceChecks(st, sel, pathPtr("p"), id("ce"))...)
	return jen.Comment("encodeJSON writes x as a JSON object.").Line().
		Func().Params(jen.Id("x").Op("*").Id(st.name)).Id("encodeJSON").
		Params(jen.Id("w").Op("*").Add(rt("Encoder")), jen.Id("p").Op("*").Add(rt("Path")), jen.Id("e").Op("*").Add(rt("Errors")), jen.Id("ce").Op("*").Add(rt("Errors"))).Block(body...)
}

// ---------------------------------------------------------------------
// Databags

// decodeTopUsesPath reports whether decodeTop refers to the field's path.
func decodeTopUsesPath(f *field) bool {
	if f.wireForm == schema.WireJSON || f.wireForm == schema.WireYAML {
		return true
	}
	t := f.t.base()
	switch t.kind {
	case tString, tRaw:
		return t.strRules != nil || t.node != nil && t.node.Const != nil && t.node.Const.Kind == schema.ValString
	}
	return true
}

// encodeTopUsesPath reports whether encodeTop refers to the field's path.
func encodeTopUsesPath(f *field) bool {
	t := f.t
	switch f.wireForm {
	case schema.WireJSON, schema.WireYAML:
		return usesPath(t) || !legacyMarshal && needsCheck(t)
	case schema.WireText:
		return t.base().kind == tFloat || !legacyMarshal && needsCheck(t)
	}
	return true
}

// fromText returns statements converting the databag string s of a
// top-level field to its value (raw strings and text numbers).
func fromText(f *field, t *goType, lhs expr, c ctx) []jen.Code {
	errs := id("errs")
	p := pathVal("p")
	if t.kind == tPtr {
		v := "v"
		inner := *t.elem
		inner.nullable = false
		out := []jen.Code{jen.Var().Id(v).Add(typeExpr(&inner))}
		out = append(out, fromText(f, &inner, id(v), c)...)
		out = append(out, lhs().Op("=").Op("&").Id(v))
		if t.nullable {
			return []jen.Code{jen.If(jen.Id("s").Op("==").Lit("null")).Block(lhs().Op("=").Nil()).Else().Block(out...)}
		}
		return out
	}
	switch t.kind {
	case tInt, tFloat, tBool:
		fn := map[tkind]string{tInt: "ParseIntText", tFloat: "ParseFloatText", tBool: "ParseBoolText"}[t.kind]
		body := checks(t, id("n"), p, errs)
		body = append(body, lhs().Op("=").Id("n"))
		return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(rt(fn)).Call(p.ptr(), errs(), jen.Id("s")), jen.Id("ok")).Block(body...)}
	case tEnum:
		if t.en.isInt {
			body := enumCheck(t, "n", "ev", p, errs)
			body = append(body, checks(t, id("n"), p, errs)...)
			body = append(body, lhs().Op("=").Id("ev"))
			return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(rt("ParseIntText")).Call(p.ptr(), errs(), jen.Id("s")), jen.Id("ok")).Block(body...)}
		}
		out := enumCheck(t, "s", "ev", p, errs)
		out = append(out, checks(t, id("s"), p, errs)...)
		return append(out, lhs().Op("=").Id("ev"))
	case tAddr, tNetwork, tInterface, tTime, tSecret:
		conv, format := formatConv(t)
		out := []jen.Code{jen.If(rt("CheckFormat").Call(p.ptr(), errs(), jen.Id("s"), jen.Lit(format))).Block(
			lhs().Op("=").Add(rt(conv)).Call(jen.Id("s")))}
		return append(out, checks(t, id("s"), p, errs)...)
	}
	out := checks(t, id("s"), p, errs)
	return append(out, lhs().Op("=").Id("s"))
}

// decodeTop returns statements reading top-level field f from the
// databag string s into lhs.
func decodeTop(f *field, lhs expr) []jen.Code {
	if f.wireForm == schema.WireJSON {
		c := ctx{d: "d", dVal: true, depth: 1}
		out := []jen.Code{jen.Id("d").Op(":=").Add(rt("NewDecoder")).Call(jen.Id("s"), jen.Id("errs"))}
		out = append(out, decodeJSON(f.t, lhs, pathVal("p"), c)...)
		return append(out, jen.Id("d").Dot("Finish").Call(jen.Op("&").Id("p")))
	}
	if f.wireForm == schema.WireYAML {
		// The YAML document is read as the JSON text of the same value.
		c := ctx{d: "d", dVal: true, depth: 1}
		out := []jen.Code{jen.Id("d").Op(":=").Add(rt("NewDecoder")).Call(jen.Id("s"), jen.Id("errs"))}
		out = append(out, decodeJSON(f.t, lhs, pathVal("p"), c)...)
		out = append(out, jen.Id("d").Dot("Finish").Call(jen.Op("&").Id("p")))
		return []jen.Code{jen.If(jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(rt("YAMLText")).Call(jen.Op("&").Id("p"), jen.Id("errs"), jen.Id("s")), jen.Id("ok")).Block(out...)}
	}
	return fromText(f, f.t, lhs, ctx{})
}

// requiresData reports whether an empty bag is not a valid value of st:
// some field is required, or one of its groups of keys is. Only then does
// UnmarshalDatabag return databag.ErrEmpty for an empty bag; a type whose
// fields are all optional accepts it as its zero value.
func (st *structType) requiresData() bool {
	if len(st.anyReq) > 0 {
		return true
	}
	for _, f := range st.fields {
		if f.mustExist {
			return true
		}
	}
	return false
}

// newUnmarshalMethod is a databag type's UnmarshalDatabag: declared keys
// in schema order, then the other keys.
func newUnmarshalMethod(st *structType) jen.Code {
	body := []jen.Code{
		jen.Op("*").Id("x").Op("=").Id(st.name).Values(),
	}
	if st.requiresData() {
		// An empty bag is "not written yet", not a list of missing fields.
		body = append(body, jen.If(rt("IsEmpty").Call(jen.Id("bag"))).Block(jen.Return(rt("ErrEmpty"))))
	}
	body = append(body, jen.Id("errs").Op(":=").Op("&").Add(rt("Errors")).Values())
	body = append(body, defaults(st, id("x"))...)
	for _, f := range st.fields {
		read := decodeTop(f, sel(id("x"), f.name))
		if decodeTopUsesPath(f) {
			read = append([]jen.Code{jen.Id("p").Op(":=").Add(rt("Field")).Call(jen.Lit(f.wire))}, read...)
		}
		stmt := jen.If(jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Add(rt("Lookup")).Call(jen.Id("bag"), jen.Lit(f.wire)), jen.Id("ok")).Block(read...)
		if f.mustExist {
			stmt = stmt.Else().Block(jen.Id("errs").Dot("Missing").Call(jen.Nil(), jen.Lit(f.wire)))
		}
		body = append(body, stmt)
	}
	if len(st.anyReq) > 0 {
		body = append(body, anyRequiredCheck(st, func(key string) jen.Code {
			return rt("Has").Call(jen.Id("bag"), jen.Lit(key))
		}, pathRef{}, id("errs")))
	}
	body = append(body, topExtraDecode(st)...)
	body = append(body, jen.Return(jen.Id("errs").Dot("Err").Call()))
	doc := jen.Comment("UnmarshalDatabag reads and checks a raw databag. Problems are reported").Line().
		Comment("together, each at its field path; the Juju keys ingress-address,").Line().
		Comment("egress-subnets and private-address are ignored.").Line()
	if st.requiresData() {
		doc = doc.Comment("A bag with no data at all returns databag.ErrEmpty (the remote side").Line().
			Comment("has not written it yet: wait, this is not an invalid bag).").Line()
	}
	return doc.
		Func().Params(jen.Id("x").Op("*").Id(st.name)).Id("UnmarshalDatabag").
		Params(jen.Id("bag").Map(jen.String()).String()).Error().Block(body...)
}

func topExtraDecode(st *structType) []jen.Code {
	var declared []jen.Code
	for _, f := range st.fields {
		declared = append(declared, jen.Lit(f.wire))
	}
	var loop []jen.Code
	if len(declared) > 0 {
		loop = append(loop, jen.Switch(jen.Id("k")).Block(jen.Case(declared...).Block(jen.Continue())))
	}
	sorted := st.extra == extraNone || len(st.patterns) > 0
	if sorted {
		loop = append(loop, jen.Id("v").Op(":=").Id("bag").Index(jen.Id("k")))
	}
	loop = append(loop, jen.If(jen.Id("v").Op("==").Lit("").Op("||").Add(rt("IsJujuKey")).Call(jen.Id("k"))).Block(jen.Continue()))
	keep := []jen.Code{
		jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(jen.Id("x").Dot("Extra").Op("=").Map(jen.String()).String().Values()),
		jen.Id("x").Dot("Extra").Index(jen.Id("k")).Op("=").Id("v"),
	}
	if len(st.patterns) > 0 {
		loop = append(loop, topPatternSwitch(st))
		loop = append(loop, keep...)
	} else if st.extra == extraNone {
		loop = append(loop, jen.Id("errs").Dot("Unknown").Call(jen.Nil(), jen.Id("k")))
	} else {
		loop = append(loop, keep...)
	}
	if sorted {
		return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Add(rt("SortedKeys")).Call(jen.Id("bag"))).Block(loop...)}
	}
	return []jen.Code{jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id("bag")).Block(loop...)}
}

// topPatternSwitch checks the databag value v of an undeclared key k
// against the pattern properties it matches; a key matching none is
// refused when the schema forbids other keys.
func topPatternSwitch(st *structType) jen.Code {
	var cases []jen.Code
	for _, pr := range st.patterns {
		f := &field{wireForm: pr.wire, t: pr.t}
		cb := []jen.Code{jen.Id("s").Op(":=").Id("v"), jen.Id("p").Op(":=").Add(rt("Field")).Call(jen.Id("k")), jen.Var().Id("tmp").Add(typeExpr(pr.t))}
		cb = append(cb, decodeTop(f, id("tmp"))...)
		cb = append(cb, jen.Id("_").Op("=").Id("tmp"))
		cases = append(cases, jen.Case(jen.Id(pr.re.name).Dot("MatchString").Call(jen.Id("k"))).Block(cb...))
	}
	if st.extra == extraNone || st.node.Additional == schema.AdditionalForbid {
		cases = append(cases, jen.Default().Block(jen.Id("errs").Dot("Unknown").Call(jen.Nil(), jen.Id("k")), jen.Continue()))
	}
	return jen.Switch().Block(cases...)
}

// encodeTop returns statements writing top-level field f into bag.
func encodeTop(f *field, val expr) []jen.Code {
	key := jen.Lit(f.wire)
	set := func(v jen.Code) jen.Code { return jen.Id("bag").Index(key).Op("=").Add(v) }
	t := f.t
	p, errs := pathVal("p"), id("bad")
	// A nullable text field set to "null" decodes as nil, unchecked.
	nullText := t.kind == tPtr && t.nullable
	if t.kind == tPtr {
		// Only called when the pointer is not nil.
		t, val = nonNil(t, val)
	}
	switch f.wireForm {
	case schema.WireJSON:
		c := ectx{w: "w", wVal: true, errs: id("errs"), chk: id("bad"), depth: 1, noCheck: legacyMarshal}
		out := []jen.Code{jen.Id("w").Dot("Reset").Call()}
		out = append(out, encodeJSON(t, val, pathVal("p"), c)...)
		return append(out, set(jen.Id("w").Dot("Text").Call()))
	case schema.WireYAML:
		// Written as JSON text, then as the YAML document of that value.
		c := ectx{w: "w", wVal: true, errs: id("errs"), chk: id("bad"), depth: 1, noCheck: legacyMarshal}
		out := []jen.Code{jen.Id("w").Dot("Reset").Call()}
		out = append(out, encodeJSON(t, val, pathVal("p"), c)...)
		return append(out, set(rt("YAMLFromJSON").Call(jen.Id("w").Dot("Text").Call())))
	case schema.WireText:
		chk := encChecks(t, val, p, errs, false)
		switch t.kind {
		case tInt:
			return append(chk, set(jen.Qual(pkgStrconv, "FormatInt").Call(val(), jen.Lit(10))))
		case tEnum:
			return append(chk, set(jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Call(val()), jen.Lit(10))))
		case tBool:
			return append(chk, set(rt("FormatBoolText").Call(val(), jen.Lit(f.pyBool))))
		case tFloat:
			return append(chk,
				jen.Var().Id("w").Add(rt("Encoder")),
				jen.Id("w").Dot("Float").Call(jen.Op("&").Id("p"), jen.Id("errs"), val()),
				set(jen.Id("w").Dot("Text").Call()),
			)
		}
	}
	// Raw strings.
	var sv jen.Code = val()
	chk := encChecks(t, val, p, errs, false)
	switch t.kind {
	case tEnum, tSecret:
		sv = jen.String().Call(val())
	case tAddr, tNetwork, tInterface:
		pv := val
		val = func() *jen.Statement { return jen.Parens(pv()) }
		return append(chk,
			jen.If(jen.Op("!").Add(val()).Dot("IsValid").Call()).Block(jen.Id("errs").Dot("Add").Call(jen.Op("&").Id("p"), jen.Lit("no value set"))).
				Else().Block(set(val().Dot("String").Call())),
		)
	case tTime:
		sv = rt("FormatDateTime").Call(val())
	}
	if nullText && len(chk) > 0 && (t.kind == tString || t.kind == tEnum) {
		chk = []jen.Code{jen.If(jen.Add(val()).Op("!=").Lit("null")).Block(chk...)}
		if t.kind == tEnum {
			chk = []jen.Code{jen.If(jen.String().Call(val()).Op("!=").Lit("null")).Block(encChecks(t, val, p, errs, false)...)}
		}
	}
	return append(chk,
		jen.If(jen.Add(sv).Op("==").Lit("")).Block(jen.Id("errs").Dot("Add").Call(jen.Op("&").Id("p"), rt("MsgEmpty"))).
			Else().Block(set(sv)),
	)
}

// newMarshalMethod is a databag type's MarshalDatabag. It makes, on the
// values it writes, the checks the decoder makes (the same model and
// run-time helpers), so an encoder never writes what its decoder rejects,
// without decoding its own output.
func newMarshalMethod(st *structType) jen.Code {
	body := []jen.Code{
		jen.Id("errs").Op(":=").Op("&").Add(rt("Errors")).Values(),
		jen.Id("bad").Op(":=").Op("&").Add(rt("Errors")).Values(),
	}
	if st.extra != extraNone {
		body = append(body, jen.Id("bag").Op(":=").Make(jen.Map(jen.String()).String(), jen.Lit(len(st.fields)).Op("+").Len(jen.Id("x").Dot("Extra"))))
	} else {
		body = append(body, jen.Id("bag").Op(":=").Make(jen.Map(jen.String()).String(), jen.Lit(len(st.fields))))
	}
	needW := false
	for _, f := range st.fields {
		if f.wireForm == schema.WireJSON || f.wireForm == schema.WireYAML {
			needW = true
		}
	}
	if needW {
		body = append(body, jen.Var().Id("w").Add(rt("Encoder")))
	}
	for _, f := range st.fields {
		val := sel(id("x"), f.name)
		write := encodeTop(f, val)
		if encodeTopUsesPath(f) {
			write = append([]jen.Code{jen.Id("p").Op(":=").Add(rt("Field")).Call(jen.Lit(f.wire))}, write...)
		}
		body = append(body, guarded(f, val, write, []jen.Code{jen.Id("bag").Index(jen.Lit(f.wire)).Op("=").Lit("null")}))
	}
	var declared []jen.Code
	for _, f := range st.fields {
		declared = append(declared, jen.Lit(f.wire))
	}
	if st.extra != extraNone {
		loop := []jen.Code{}
		if len(declared) > 0 {
			loop = append(loop, jen.Switch(jen.Id("k")).Block(jen.Case(declared...).Block(jen.Continue())))
		}
		loop = append(loop,
			jen.If(jen.Id("v").Op("==").Lit("").Op("||").Add(rt("IsJujuKey")).Call(jen.Id("k"))).Block(jen.Continue()))
		if len(st.patterns) > 0 && !legacyMarshal {
			loop = append(loop, jen.Id("errs").Op(":=").Id("bad"), topPatternSwitch(st))
		}
		loop = append(loop, jen.Id("bag").Index(jen.Id("k")).Op("=").Id("v"))
		body = append(body, jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id("x").Dot("Extra")).Block(loop...))
	}
	if legacyMarshal {
		body = append(body,
			jen.Id("_").Op("=").Id("bad"),
			jen.If(jen.Err().Op(":=").Id("errs").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Var().Id("check").Id(st.name),
			jen.If(jen.Err().Op(":=").Id("check").Dot("UnmarshalDatabag").Call(jen.Id("bag")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("the encoded databag would not be valid: %w"), jen.Err()))),
			jen.Return(jen.Id("bag"), jen.Nil()))
		return jen.Func().Params(jen.Id("x").Op("*").Id(st.name)).Id("MarshalDatabag").
			Params().Params(jen.Map(jen.String()).String(), jen.Error()).Block(body...)
	}
	// What the decoder checks of the bag as a whole.
	for _, f := range st.fields {
		if f.mustExist && presence(f, sel(id("x"), f.name)) != nil {
			body = append(body, jen.If(jen.Op("!").Add(rt("Has")).Call(jen.Id("bag"), jen.Lit(f.wire))).Block(
				jen.Id("bad").Dot("Missing").Call(jen.Nil(), jen.Lit(f.wire))))
		}
	}
	if len(st.anyReq) > 0 {
		body = append(body, anyRequiredCheck(st, func(key string) jen.Code {
			return rt("Has").Call(jen.Id("bag"), jen.Lit(key))
		}, pathRef{}, id("bad")))
	}
	// Problems writing come first, as they did when the output was
	// checked by decoding it; then what its decoder would refuse.
	body = append(body,
		jen.If(jen.Err().Op(":=").Id("errs").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
	if st.requiresData() {
		body = append(body, jen.If(rt("IsEmpty").Call(jen.Id("bag"))).Block(
			jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("the encoded databag would not be valid: %w"), rt("ErrEmpty")))))
	}
	body = append(body,
		jen.If(jen.Err().Op(":=").Id("bad").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("the encoded databag would not be valid: %w"), jen.Err()))))
	body = append(body, jen.Return(jen.Id("bag"), jen.Nil()))
	return jen.Comment("MarshalDatabag encodes x as a databag, deterministically. Absent optional").Line().
		Comment("values and values equal to their default are left out, and no key is").Line().
		Comment("set to \"\" (Juju would delete it). It refuses, at their field paths, the").Line().
		Comment("values its UnmarshalDatabag would refuse of the result.").Line().
		Func().Params(jen.Id("x").Op("*").Id(st.name)).Id("MarshalDatabag").
		Params().Params(jen.Map(jen.String()).String(), jen.Error()).Block(body...)
}

// newAssertion checks at compile time that a databag type implements
// charm.Databag.
//
//	var _ charm.Databag = (*ProviderApp)(nil)
func newAssertion(names []string) jen.Code {
	var defs []jen.Code
	for _, n := range names {
		defs = append(defs, jen.Id("_").Qual(pkgCharm, "Databag").Op("=").Parens(jen.Op("*").Id(n)).Call(jen.Nil()))
	}
	return jen.Var().Defs(defs...)
}

// newPackageDoc returns the package comment.
func newPackageDoc(g *goPackage, module string) string {
	var b strings.Builder
	b.WriteString("Package " + g.name + " holds typed databags for version " + strconv.Itoa(g.iface.Version) + " of the " + g.iface.Name + " relation interface, generated by charmgen from ")
	var files []string
	for _, r := range g.iface.Roles() {
		files = append(files, relFile(g.iface.Tree, r.File))
	}
	b.WriteString(strings.Join(files, " and ") + ".\n\n")
	b.WriteString("Each type implements charm.Databag: UnmarshalDatabag reads and checks a raw databag from a peer (problems are errors, never panics; a bag the peer has not written yet is databag.ErrEmpty, waiting rather than broken) and MarshalDatabag writes one in the wire format Python charms use.\n")
	var bags []string
	for _, bt := range g.bags {
		bags = append(bags, bt.st.name)
		bags = append(bags, bt.aliases...)
	}
	sort.Strings(bags)
	b.WriteString("\nDatabag types: " + strings.Join(bags, ", ") + ".\n")
	if module != "" {
		b.WriteString("\nImport it as \"" + strings.TrimSuffix(module, "/") + "/" + g.dir + "\".\n")
	}
	return b.String()
}

func relFile(tree, file string) string {
	if rel, ok := strings.CutPrefix(file, tree); ok {
		return strings.TrimLeft(strings.ReplaceAll(rel, "\\", "/"), "/")
	}
	return file
}
