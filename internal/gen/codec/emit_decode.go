package codec

import (
	"strconv"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/dave/jennifer/jen"
)

// Decoding JSON values (nested objects, and top-level fields written as
// JSON text), and the decodeJSON method of nested object types.

// ctx carries the names generated code uses while decoding or encoding.
type ctx struct {
	d     string // decoder variable
	dVal  bool   // d is a databag.Decoder value, not a pointer
	errs  expr   // *databag.Errors
	depth int
}

func (c ctx) deeper() ctx { c.depth++; return c }

func (c ctx) v(prefix string) string { return prefix + strconv.Itoa(c.depth) }

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
