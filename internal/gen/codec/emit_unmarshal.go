package codec

import (
	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/dave/jennifer/jen"
)

// A databag type's UnmarshalDatabag: each top-level field read from its
// databag string, then the keys the schema does not declare.

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
