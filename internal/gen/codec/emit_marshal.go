package codec

import (
	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/dave/jennifer/jen"
)

// A databag type's MarshalDatabag: each top-level field written as its
// databag string, with the checks its decoder makes.

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
