package codec

import (
	"strconv"

	"github.com/dave/jennifer/jen"
)

// Encoding JSON values, and the encodeJSON method of nested object types.

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
